import * as transport from "@/lib/upstream-http";
import { CyclrError, errorForStatus, isTransient } from "./errors";

// Transport shared by the token manager and the client: lib/upstream-http.ts with Cyclr's
// errors (a timeout on every call, retries with backoff for calls safe to repeat).

export { backoffDelay, NO_RETRY, SAFE_RETRY, type RetryPolicy } from "@/lib/upstream-http";

const cyclr: transport.Upstream = {
  name: "Cyclr",
  error: (code, message, status, cause) => new CyclrError(code, message, status, cause ? { cause } : undefined),
  statusError: (status) => errorForStatus(status, null, "resource"),
  isTransient,
};

export const withRetry = <T>(policy: transport.RetryPolicy, call: (attempt: number) => Promise<T>) => transport.withRetry(cyclr, policy, call);
export const send = (url: string, init: RequestInit, timeoutMs: number) => transport.send(cyclr, url, init, timeoutMs);
export const readJson = (response: Response) => transport.readJson(cyclr, response);
