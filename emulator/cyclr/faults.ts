import { patternRegex } from "../http";

// Injected failures for tests: a matching request waits `latencyMs`, then (when a status or
// body is set) gets that answer instead of the real one. Matching requests are still counted.

export type Fault = {
  method?: string;
  /** An exact path ("/v1.0/accounts/acme-corp") or a pattern ("/v1.0/accounts/{id}"; any {name} is one segment). */
  path: string;
  /** Only requests naming this X-Cyclr-Account. */
  account?: string;
  status?: number;
  body?: unknown;
  latencyMs?: number;
  /** How many requests it applies to; unlimited when absent. */
  times?: number;
};

type Armed = Fault & { regex: RegExp };

export const DEFAULT_FAULT_BODY = { Message: "An error has occurred." };

export class Faults {
  private list: Armed[] = [];

  add(fault: Fault): void {
    this.list.push({ ...fault, method: fault.method?.toUpperCase(), regex: patternRegex(fault.path) });
  }

  clear(): void {
    this.list = [];
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
