// One error type for everything that goes wrong talking to Cyclr. The message is meant
// for people (end users, admins) and never contains a token.

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

  constructor(
    readonly code: CyclrErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "CyclrError";
  }
}
