import { patternRegex } from "../http";

// Injected failures for tests: a matching request waits `latencyMs` (or, held, until the test
// releases it), then (when a status or body is set) gets that answer instead of the real one.
// Matching requests are still counted.

export type Fault = {
  method?: string;
  /** An exact path ("/v1.0/accounts/acme-corp") or a pattern ("/v1.0/accounts/{id}"; any {name} is one segment). */
  path: string;
  /** Only requests naming this X-Cyclr-Account. */
  account?: string;
  status?: number;
  body?: unknown;
  latencyMs?: number;
  /** Waits until POST /__emulator/release (or a reset): a slow Cyclr whose answer the test lets go. */
  hold?: boolean;
  /** How many requests it applies to; unlimited when absent. */
  times?: number;
};

type Armed = Fault & { regex: RegExp };

export const DEFAULT_FAULT_BODY = { Message: "An error has occurred." };

export class Faults {
  private list: Armed[] = [];
  private held: (() => void)[] = [];

  /** Resolves when the test releases held requests. */
  waitForRelease(): Promise<void> {
    return new Promise((resolve) => this.held.push(resolve));
  }

  /** Lets every held request go on; how many there were. */
  release(): number {
    const held = this.held.splice(0);
    for (const resume of held) resume();
    return held.length;
  }

  /** How many requests are held now. */
  get holding(): number {
    return this.held.length;
  }

  add(fault: Fault): void {
    this.list.push({ ...fault, method: fault.method?.toUpperCase(), regex: patternRegex(fault.path) });
  }

  clear(): void {
    this.list = [];
    this.release();
  }

  get size(): number {
    return this.list.length;
  }

  /** The first fault for this request, used up by one when it has `times`. */
  take(method: string, path: string, account: string | null): Fault | null {
    const index = this.list.findIndex(
      (fault) => (!fault.method || fault.method === method) && fault.regex.test(path) && (!fault.account || fault.account === account),
    );
    if (index < 0) return null;
    const { regex: _regex, ...fault } = this.list[index]!;
    const armed = this.list[index]!;
    if (armed.times !== undefined) {
      armed.times -= 1;
      if (armed.times <= 0) this.list.splice(index, 1);
    }
    return fault;
  }
}
