import { BrandedError } from "@/lib/errors";

// One error type for everything that goes wrong talking to a provider (Cyclr, Podero). The
// message is meant for people (end users, admins) and never contains a token.

export type ProviderName = "Cyclr" | "Podero";

export type ProviderErrorCode =
  "unauthorized" | "forbidden" | "not_found" | "bad_request" | "unavailable" | "timeout" | "invalid_response" | "auth_failed" | "not_configured";

export class ProviderError extends BrandedError {
  static override readonly brand = "ProviderError";

  /** `options.cause` carries machine detail (e.g. the OAuth error code), never a secret. */
  constructor(
    readonly provider: ProviderName,
    readonly code: ProviderErrorCode,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** True for errors worth another try: the provider is down, slow or unreachable. */
export function isTransient(error: unknown): boolean {
  return ProviderError.is(error) && (error.code === "unavailable" || error.code === "timeout");
}

/** How a provider speaks: its name, which statuses mean what, and where its own words are. */
export type Provider = {
  name: ProviderName;
  badRequest: readonly number[];
  /** Statuses that refuse Switchboard's access token. */
  unauthorized: readonly number[];
  /** Statuses that refuse access to one thing. */
  forbidden: readonly number[];
  /** The provider's explanation in an error body, as one safe line (see sanitizeMessage). */
  said(body: unknown): string | null;
};

// Anything that looks like a credential: long base64/hex runs, bearer values, JWTs.
const SECRET_LIKE = /\b(?:bearer\s+)?[A-Za-z0-9+/_-]{24,}={0,2}|eyJ[\w-]+\.[\w-]+\.[\w-]*/gi;

/**
 * A provider's own words, made safe to show a person: one line, no control characters, no
 * token-like strings (a provider could echo a value we sent), at most 200 characters.
 */
export function sanitizeMessage(message: string): string {
  const plain = message.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/g, " ");
  const redacted = plain.replace(SECRET_LIKE, "[redacted]").replace(/\s+/g, " ").trim();
  return redacted.length > 200 ? `${redacted.slice(0, 199)}…` : redacted;
}

/** The error for a non-2xx answer, quoting the provider where it explained itself; `what` names what was asked for. */
export function errorForStatus(provider: Provider, status: number, body: unknown, what = "record"): ProviderError {
  const { name } = provider;
  const said = provider.said(body);
  const quoted = said ? `${name}: ${said}` : null;
  const error = (code: ProviderErrorCode, message: string) => new ProviderError(name, code, message, status);
  if (provider.badRequest.includes(status)) return error("bad_request", quoted ?? `${name} refused the request.`);
  if (provider.unauthorized.includes(status))
    return error("unauthorized", `${name} refused Switchboard's access token. Check the ${name} API client settings.`);
  if (provider.forbidden.includes(status)) return error("forbidden", quoted ?? `${name} does not allow access to this ${what}.`);
  if (status === 404) return error("not_found", quoted ?? `${name} has no such ${what}.`);
  if (status === 408) return error("timeout", `${name} took too long to answer. Try again in a moment.`);
  if (status === 429) return error("unavailable", `${name} is busy (too many requests). Try again in a moment.`);
  if (status >= 500) return error("unavailable", `${name} is not available right now (HTTP ${status}). Try again in a moment.`);
  return error("invalid_response", `${name} answered with an unexpected status (HTTP ${status}).`);
}
