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

export class CyclrError extends Error {
  constructor(
    readonly code: CyclrErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "CyclrError";
  }
}
