import "server-only";
import { backoffDelay } from "@/lib/backoff";
import { log } from "@/lib/log";
import { providerCalls } from "@/lib/metrics";
import { errorForStatus, isTransient, ProviderError, type Provider } from "./errors";

// Transport for calls to a provider (Cyclr, Podero): a timeout on every call, retries with
// exponential backoff and jitter for calls that are safe to repeat, and failures turned into
// ProviderErrors with words fit for people. No token ever goes in a message.

export type RetryPolicy = { attempts: number; baseDelayMs: number; maxDelayMs?: number };
export const NO_RETRY: RetryPolicy = { attempts: 1, baseDelayMs: 0 };
export const SAFE_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 250, maxDelayMs: 4000 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The pause before retry number `attempt` (1-based): exponential, with "equal jitter" (half to all of the ceiling). */
export const retryDelay = (policy: RetryPolicy, attempt: number, random?: () => number) =>
  backoffDelay({ baseMs: policy.baseDelayMs, maxMs: policy.maxDelayMs, spread: [0.5, 1] }, attempt, random);

/** Runs `call`, again after a pause when it fails with a transient error, up to `policy.attempts` times. */
export async function withRetry<T>(policy: RetryPolicy, call: (attempt: number) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call(attempt);
    } catch (error) {
      if (attempt >= policy.attempts || !isTransient(error)) throw error;
      await sleep(retryDelay(policy, attempt));
    }
  }
}

/** Statuses that say "not now" rather than "no": thrown as transient errors so they can be retried. */
const TRANSIENT_STATUS = (status: number) => status >= 500 || status === 429 || status === 408;

const timedOut = (error: unknown) => error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");

/** One exchange's metric sample and debug line: the route pattern, never the URL (ids) or a header (tokens). */
function observed(provider: Provider, method: string, route: string, status: number, started: number): void {
  const seconds = (performance.now() - started) / 1000;
  providerCalls.observe({ provider: provider.name, method, route, status: String(status) }, seconds);
  log.debug({ provider: provider.name, method, route, status, durationMs: Math.round(seconds * 10_000) / 10 }, "provider call");
}

/**
 * fetch with a timeout; network failures, timeouts, 5xx, 408 and 429 become transient
 * ProviderErrors. `route` is the path's pattern ("/v1.0/accounts/{id}"), for metrics: the
 * caller knows it, so it is never guessed from the URL.
 */
export async function send(provider: Provider, url: string, init: RequestInit, timeoutMs: number, route: string): Promise<Response> {
  const { name } = provider;
  let response: Response;
  const started = performance.now();
  const method = init.method ?? "GET";
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs), cache: "no-store", redirect: "manual" });
    observed(provider, method, route, response.status, started);
  } catch (error) {
    observed(provider, method, route, 0, started);
    if (timedOut(error)) {
      throw new ProviderError(name, "timeout", `${name} did not answer within ${Math.max(1, Math.round(timeoutMs / 1000))} seconds. Try again in a moment.`);
    }
    throw new ProviderError(name, "unavailable", `${name} cannot be reached right now. Try again in a moment.`, undefined, {
      cause: error instanceof Error ? error.name : undefined,
    });
  }
  if (TRANSIENT_STATUS(response.status)) {
    await response.body?.cancel().catch(() => {});
    throw errorForStatus(provider, response.status, null);
  }
  return response;
}

/** The body as JSON (null when empty). The timeout set in `send` also covers reading it. */
export async function readJson(provider: Provider, response: Response): Promise<unknown> {
  const { name } = provider;
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    if (timedOut(error)) throw new ProviderError(name, "timeout", `${name} took too long to send its answer. Try again in a moment.`, response.status);
    throw new ProviderError(name, "unavailable", `The connection to ${name} broke while reading its answer. Try again in a moment.`, response.status);
  }
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ProviderError(name, "invalid_response", `${name} sent a response that is not JSON (HTTP ${response.status}).`, response.status);
  }
}
