import { sanitizeMessage } from "@/lib/upstream-http";

// One error type for everything that goes wrong talking to Podero. The message is meant for
// people and never contains a token.

export type PoderoErrorCode = "unauthorized" | "not_found" | "bad_request" | "unavailable" | "timeout" | "invalid_response" | "auth_failed" | "not_configured";

const BRAND = Symbol.for("switchboard.PoderoError");

export class PoderoError extends Error {
  readonly [BRAND] = true;

  /** Use instead of instanceof: a bundler may load this module more than once. */
  static is(error: unknown): error is PoderoError {
    return typeof error === "object" && error !== null && BRAND in error;
  }

  constructor(
    readonly code: PoderoErrorCode,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "PoderoError";
  }
}

export function isTransient(error: unknown): boolean {
  return PoderoError.is(error) && (error.code === "unavailable" || error.code === "timeout");
}

/** Podero's `detail` (a string, or Django REST framework's list or field map) as one safe line. */
export function detailText(body: unknown): string | null {
  const detail = (body as { detail?: unknown } | null)?.detail;
  if (typeof detail === "string") return sanitizeMessage(detail);
  if (Array.isArray(detail)) return sanitizeMessage(detail.map(String).join("; "));
  if (detail && typeof detail === "object") return sanitizeMessage(Object.entries(detail).map(([field, words]) => `${field}: ${String(words)}`).join("; "));
  return null;
}

/** The PoderoError for a non-2xx API answer, with Podero's own words where it sent some. */
export function errorForStatus(status: number, body: unknown): PoderoError {
  const said = detailText(body);
  const quoted = said ? `Podero: ${said}` : null;
  if (status === 400 || status === 422) return new PoderoError("bad_request", quoted ?? "Podero refused the request.", status);
  if (status === 401 || status === 403) return new PoderoError("unauthorized", "Podero refused Switchboard's access token. Check the Podero API client settings.", status);
  if (status === 404) return new PoderoError("not_found", quoted ?? "Podero has no such record.", status);
  if (status === 408) return new PoderoError("timeout", "Podero took too long to answer. Try again in a moment.", status);
  if (status === 429) return new PoderoError("unavailable", "Podero is busy (too many requests). Try again in a moment.", status);
  if (status >= 500) return new PoderoError("unavailable", `Podero is not available right now (HTTP ${status}). Try again in a moment.`, status);
  return new PoderoError("invalid_response", `Podero answered with an unexpected status (HTTP ${status}).`, status);
}
