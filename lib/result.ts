import { AppError, type ErrorCode, type FieldErrors } from "@/lib/errors";
import { ProviderError } from "@/lib/providers/errors";
import { log } from "@/lib/log";

// Expected failures travel as values with a code and a human message; only the unexpected throws.

export type { ErrorCode, FieldErrors } from "@/lib/errors";

export type Failure = { ok: false; error: { code: ErrorCode; message: string; fields?: FieldErrors } };
export type Result<T> = { ok: true; data: T } | Failure;

export function ok<T>(data: T): Result<T> {
  return { ok: true, data };
}

export function fail(code: ErrorCode, message: string, fields?: FieldErrors): Failure {
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
  too_large: 413,
  upstream: 502,
  rate_limited: 429,
  internal: 500,
};

/** The failure an error stands for: ours and the providers' as they are, anything else as a bug. */
export function toFailure(error: unknown): Failure {
  if (AppError.is(error)) return fail(error.code, error.message, error.fields);
  if (ProviderError.is(error)) return fail(error.code === "not_found" ? "not_found" : "upstream", error.message);
  // A bug: logged with its stack only (never the arguments, which may hold tokens).
  log.error({ err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { name: "unknown" } }, "unexpected error");
  return fail("internal", "Something went wrong on our side. Please try again.");
}

/** Runs a domain operation and turns expected failures into values. */
export async function run<T>(operation: () => Promise<T>): Promise<Result<T>> {
  try {
    return ok(await operation());
  } catch (error) {
    return toFailure(error);
  }
}

/** The JSON error body every route answers with: {"error":{"code","message","fields"?}}. */
export function errorResponse(failure: Failure): Response {
  return Response.json({ error: failure.error }, { status: httpStatus[failure.error.code], headers: { "Cache-Control": "no-store" } });
}

/** A route's JSON answer: never cached. */
export function jsonResponse(data: unknown, status = 200): Response {
  return Response.json(data, { status, headers: { "Cache-Control": "no-store" } });
}
