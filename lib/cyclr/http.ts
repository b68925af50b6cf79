import { CyclrError } from "./errors";

// Transport shared by the token manager and the client: a timeout on every call, and
// retries with exponential backoff and jitter for calls that are safe to repeat.

export type RetryPolicy = { attempts: number; baseDelayMs: number };
export const NO_RETRY: RetryPolicy = { attempts: 1, baseDelayMs: 0 };
export const SAFE_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 250 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function retryable(error: unknown): boolean {
  return CyclrError.is(error) && (error.code === "unavailable" || error.code === "timeout");
}

export async function withRetry<T>(policy: RetryPolicy, call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= policy.attempts || !retryable(error)) throw error;
      const delay = policy.baseDelayMs * 2 ** (attempt - 1);
      await sleep(delay / 2 + Math.random() * delay);
    }
  }
}

/** fetch with a timeout; network failures and timeouts become CyclrErrors, 5xx too. */
export async function send(url: string, init: RequestInit, timeoutMs: number): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs), cache: "no-store", redirect: "manual" });
  } catch (error) {
    if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
      throw new CyclrError("timeout", `Cyclr did not answer within ${Math.round(timeoutMs / 1000)} seconds. Try again in a moment.`);
    }
    throw new CyclrError("unavailable", "Cyclr cannot be reached right now. Try again in a moment.");
  }
  if (response.status >= 500) {
    await response.body?.cancel();
    throw new CyclrError("unavailable", `Cyclr is not available right now (HTTP ${response.status}). Try again in a moment.`, response.status);
  }
  return response;
}

export async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CyclrError("invalid_response", `Cyclr sent a response that is not JSON (HTTP ${response.status}).`, response.status);
  }
}
