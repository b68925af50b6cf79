import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import pino, { type DestinationStream, type Logger } from "pino";

// The one logger: JSON lines on stdout (one object per line, for any log shipper), level from
// LOG_LEVEL. Secrets never belong in a log line; the redaction below is the safety net for
// the day one slips into an object that gets logged: any field named like a credential is
// replaced, wherever it sits (top level or one or two objects down).

const SECRET_FIELDS = [
  "authorization",
  "cookie",
  "set-cookie",
  "token",
  "accessToken",
  "access_token",
  "refreshToken",
  "refresh_token",
  "id_token",
  "password",
  "secret",
  "clientSecret",
  "client_secret",
  "apiKey",
  "key",
  "AuthValue",
  "authValue",
  "sessionToken",
  "signInToken",
  "nonce",
  "value",
];

const paths = SECRET_FIELDS.flatMap((field) => {
  const key = /^[A-Za-z_$][\w$]*$/.test(field) ? field : `["${field}"]`;
  const dotted = key.startsWith("[") ? key : `.${key}`;
  return [key, `*${dotted}`, `*.*${dotted}`];
});

export const REDACTED = "[redacted]";

/** What a line logged while serving a request says about it (its id), set by lib/entry/observe.ts. */
export type RequestContext = { requestId: string };

const globalLog = globalThis as unknown as { switchboardLog?: Logger; switchboardRequests?: AsyncLocalStorage<RequestContext> };
const requests = (globalLog.switchboardRequests ??= new AsyncLocalStorage<RequestContext>());

/** Runs `work` with every line it logs (here or in anything it calls) carrying the request's id. */
export function withRequestContext<T>(context: RequestContext, work: () => T): T {
  return requests.run(context, work);
}

/** The id of the request being served, if any. */
export function currentRequestId(): string | undefined {
  return requests.getStore()?.requestId;
}

/** A logger with Switchboard's format and redaction; `destination` for tests (stdout otherwise). */
export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  // LOG_LEVEL is checked by lib/env.ts; an unknown one here falls back rather than break every import.
  const wanted = options.level ?? process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "warn" : "info");
  const level = wanted in pino.levels.values || wanted === "silent" ? wanted : "info";
  return pino(
    {
      level,
      base: { service: "switchboard" },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths, censor: REDACTED },
      mixin: () => {
        const requestId = currentRequestId();
        return requestId ? { requestId } : {};
      },
    },
    options.destination,
  );
}

/** The process's logger (one across Next's bundles). */
export const log: Logger = (globalLog.switchboardLog ??= createLogger());

/** What to log of an error: its name and message, never its whole object (which may hold a request). */
export function errorFields(error: unknown): { err: { name: string; message: string } } {
  return error instanceof Error ? { err: { name: error.name, message: error.message } } : { err: { name: "unknown", message: String(error) } };
}
