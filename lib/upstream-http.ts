// Transport for calls to a provider (Cyclr, Podero): a timeout on every call, retries with
// exponential backoff and jitter for calls that are safe to repeat, and failures turned into
// the provider's own error type with words fit for people. No token ever goes in a message.

export type RetryPolicy = { attempts: number; baseDelayMs: number; maxDelayMs?: number };
export const NO_RETRY: RetryPolicy = { attempts: 1, baseDelayMs: 0 };
export const SAFE_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 250, maxDelayMs: 4000 };

/** How one provider names itself and builds its errors. */
export type Upstream = {
  name: string;
  error(code: "timeout" | "unavailable" | "invalid_response", message: string, status?: number, cause?: string): Error;
  /** The error for a transient status (5xx, 408, 429). */
  statusError(status: number): Error;
  /** Whether an error is worth another try (the provider is down, slow or unreachable). */
  isTransient(error: unknown): boolean;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The pause before retry number `attempt` (1-based): exponential, with "equal jitter" so callers spread out. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs ?? Number.POSITIVE_INFINITY, policy.baseDelayMs * 2 ** (attempt - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}

/** Runs `call`, again after a pause when it fails with a transient error, up to `policy.attempts` times. */
export async function withRetry<T>(upstream: Upstream, policy: RetryPolicy, call: (attempt: number) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call(attempt);
    } catch (error) {
      if (attempt >= policy.attempts || !upstream.isTransient(error)) throw error;
      await sleep(backoffDelay(policy, attempt));
    }
  }
}

/** Statuses that say "not now" rather than "no": thrown as transient errors so they can be retried. */
const TRANSIENT_STATUS = (status: number) => status >= 500 || status === 429 || status === 408;

/** fetch with a timeout; network failures, timeouts, 5xx, 408 and 429 become the provider's errors. */
export async function send(upstream: Upstream, url: string, init: RequestInit, timeoutMs: number): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs), cache: "no-store", redirect: "manual" });
  } catch (error) {
    if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
      throw upstream.error("timeout", `${upstream.name} did not answer within ${Math.max(1, Math.round(timeoutMs / 1000))} seconds. Try again in a moment.`);
    }
    throw upstream.error("unavailable", `${upstream.name} cannot be reached right now. Try again in a moment.`, undefined, error instanceof Error ? error.name : undefined);
  }
  if (TRANSIENT_STATUS(response.status)) {
    await response.body?.cancel().catch(() => {});
    throw upstream.statusError(response.status);
  }
  return response;
}

/** The body as JSON (null when empty). The timeout set in `send` also covers reading it. */
export async function readJson(upstream: Upstream, response: Response): Promise<unknown> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
      throw upstream.error("timeout", `${upstream.name} took too long to send its answer. Try again in a moment.`, response.status);
    }
    throw upstream.error("unavailable", `The connection to ${upstream.name} broke while reading its answer. Try again in a moment.`, response.status);
  }
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw upstream.error("invalid_response", `${upstream.name} sent a response that is not JSON (HTTP ${response.status}).`, response.status);
  }
}

// Anything that looks like a credential: long base64/hex runs, bearer values, JWTs.
const SECRET_LIKE = /\b(?:bearer\s+)?[A-Za-z0-9+/_-]{24,}={0,2}|eyJ[\w-]+\.[\w-]+\.[\w-]*/gi;

/**
 * A provider's own words, made safe to show a person: one line, no control characters, no
 * token-like strings (a provider could echo a value we sent), at most 200 characters.
 */
export function sanitizeMessage(message: string): string {
  // eslint-disable-next-line no-control-regex
  const plain = message.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/g, " ");
  const redacted = plain.replace(SECRET_LIKE, "[redacted]").replace(/\s+/g, " ").trim();
  return redacted.length > 200 ? `${redacted.slice(0, 199)}…` : redacted;
}
