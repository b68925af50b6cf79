// Expected failures travel as values with a code and a human message; only the unexpected throws.

export type ErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "expired"
  | "conflict"
  | "upstream"
  | "rate_limited"
  | "internal";

export type Failure = { ok: false; error: { code: ErrorCode; message: string; fields?: Record<string, string[]> } };
export type Result<T> = { ok: true; data: T } | Failure;

const BRAND = Symbol.for("switchboard.AppError");

export class AppError extends Error {
  readonly [BRAND] = true;

  /** Use instead of instanceof: a bundler may load this module more than once. */
  static is(error: unknown): error is AppError {
    return typeof error === "object" && error !== null && BRAND in error;
  }

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string[]>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export function ok<T>(data: T): Result<T> {
  return { ok: true, data };
}

export function fail(code: ErrorCode, message: string, fields?: Record<string, string[]>): Failure {
  return { ok: false, error: fields ? { code, message, fields } : { code, message } };
}

/** HTTP status for each code, for route handlers. */
export const httpStatus: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  expired: 410,
  conflict: 409,
  upstream: 502,
  rate_limited: 429,
  internal: 500,
};

/** The JSON error body every route answers with: {"error":{"code","message","fields"?}}. */
export function errorResponse(code: ErrorCode, message: string, fields?: Record<string, string[]>): Response {
  return Response.json({ error: fields ? { code, message, fields } : { code, message } }, { status: httpStatus[code], headers: { "Cache-Control": "no-store" } });
}
