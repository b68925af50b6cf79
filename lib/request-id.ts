// The id every response carries as x-request-id (and every log line of that request as
// requestId): the client's own when it sends a sane one, so a caller can follow its request
// through the logs, otherwise a new one. Used by proxy.ts and the entry wrappers alike.

export const REQUEST_ID_HEADER = "x-request-id";

/** Visible ASCII only, at most 128 characters: anything else could forge or flood log lines. */
const SANE = /^[\x21-\x7e]{1,128}$/;

export function requestIdFrom(given: string | null | undefined): string {
  return given && SANE.test(given) ? given : crypto.randomUUID();
}
