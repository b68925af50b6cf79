// One error type for everything that goes wrong talking to Cyclr. The message is meant
// for people (end users, admins) and never contains a token.

import { sanitizeMessage } from "@/lib/upstream-http";

export type CyclrErrorCode =
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "bad_request"
  | "unavailable"
  | "timeout"
  | "invalid_response"
  | "auth_failed";

const BRAND = Symbol.for("switchboard.CyclrError");

export class CyclrError extends Error {
  readonly [BRAND] = true;

  /** Use instead of instanceof: a bundler may load this module more than once. */
  static is(error: unknown): error is CyclrError {
    return typeof error === "object" && error !== null && BRAND in error;
  }

  /** `options.cause` carries machine detail (e.g. the OAuth error code), never a secret. */
  constructor(
    readonly code: CyclrErrorCode,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "CyclrError";
  }
}

/** True for CyclrErrors worth another try: Cyclr is down, slow or unreachable. */
export function isTransient(error: unknown): boolean {
  return CyclrError.is(error) && (error.code === "unavailable" || error.code === "timeout");
}

export { sanitizeMessage } from "@/lib/upstream-http";

/** The CyclrError for a non-2xx API answer; `said` is Cyclr's `Message`, if it sent one. */
export function errorForStatus(status: number, said: string | null, what: string): CyclrError {
  const words = said ? sanitizeMessage(said) : "";
  const quoted = words ? `Cyclr: ${words}` : null;
  if (status === 400) return new CyclrError("bad_request", quoted ?? "Cyclr refused the request.", status);
  if (status === 401) return new CyclrError("unauthorized", "Cyclr refused Switchboard's access token. Check the Cyclr API client settings.", status);
  if (status === 403) return new CyclrError("forbidden", quoted ?? `Cyclr does not allow access to this ${what}.`, status);
  if (status === 404) return new CyclrError("not_found", quoted ?? `Cyclr has no such ${what}.`, status);
  if (status === 408) return new CyclrError("timeout", "Cyclr took too long to answer. Try again in a moment.", status);
  if (status === 429) return new CyclrError("unavailable", "Cyclr is busy (too many requests). Try again in a moment.", status);
  if (status >= 500) return new CyclrError("unavailable", `Cyclr is not available right now (HTTP ${status}). Try again in a moment.`, status);
  return new CyclrError("invalid_response", `Cyclr answered with an unexpected status (HTTP ${status}).`, status);
}
