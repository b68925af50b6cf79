import "server-only";
import { headers } from "next/headers";
import { abandon } from "@/lib/bounded-read";
import { errorFields, log, withRequestContext } from "@/lib/log";
import { httpRequests } from "@/lib/metrics";
import { REQUEST_ID_HEADER, requestIdFrom } from "@/lib/request-id";
import { httpStatus, type Result } from "@/lib/result";
import { MAX_BODY_BYTES } from "./input";
import { routePattern, type RouteParams } from "./route-pattern";

// One log line and one histogram sample per request, around every route handler and connect
// action: method, route pattern (never the raw path, which may hold a token or an id),
// status, duration and the request id (the client's when sane, else a new one; set on the
// response here, since proxy.ts does not run for /api). Everything logged while the request is served carries the id too.

type Handler<C> = (request: Request, context: C) => Promise<Response>;

function record(fields: { method: string; route: string; status: number; started: number; requestId: string }): void {
  const seconds = (performance.now() - fields.started) / 1000;
  httpRequests.observe({ route: fields.route, method: fields.method, status: String(fields.status) }, seconds);
  const line = {
    method: fields.method,
    route: fields.route,
    status: fields.status,
    durationMs: Math.round(seconds * 10_000) / 10,
    requestId: fields.requestId,
  };
  if (fields.status >= 500) log.error(line, "request");
  else log.info(line, "request");
}

async function paramsOf(context: unknown): Promise<RouteParams> {
  const params = (context as { params?: Promise<RouteParams> } | undefined)?.params;
  return (await params?.catch(() => ({}))) ?? {};
}

/** The response with its request's id (API routes: proxy.ts leaves /api alone, so the id is set here). */
function withRequestId(response: Response, requestId: string): Response {
  if (response.headers.has(REQUEST_ID_HEADER)) return response;
  try {
    response.headers.set(REQUEST_ID_HEADER, requestId);
    return response;
  } catch {
    // Immutable headers (a redirect made by Response.redirect): the same answer, copied.
    const headers = new Headers(response.headers);
    headers.set(REQUEST_ID_HEADER, requestId);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }
}

/**
 * A body the handler answered without reading (refused for its size, its origin, its
 * credentials…) is abandoned when it is over the limit or of unknown length, so Node does not
 * read it to its end after the answer. One within the limit is left for Node to drain: that
 * costs at most the limit, and keeps the connection for the client's next request.
 */
function leaveUnread(request: Request): void {
  if (!request.body || request.bodyUsed) return;
  const declared = request.headers.get("content-length");
  if (declared === null || Number(declared) > MAX_BODY_BYTES) abandon(request.body);
}

/** Wraps a route handler: its request's id in every log line and on the response, then its own line and sample. */
export function observe<C>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    const started = performance.now();
    const requestId = requestIdFrom(request.headers.get(REQUEST_ID_HEADER));
    return withRequestContext({ requestId }, async () => {
      let status = 500;
      try {
        const response = withRequestId(await handler(request, context), requestId);
        status = response.status;
        return response;
      } catch (error) {
        log.error(errorFields(error), "route handler threw");
        throw error;
      } finally {
        leaveUnread(request);
        const route = routePattern(new URL(request.url).pathname, await paramsOf(context));
        record({ method: request.method, route, status, started, requestId });
      }
    });
  };
}

/** A server action's request headers; none when it is called outside a request (a script, a test). */
export async function actionHeaders(): Promise<Headers> {
  try {
    return await headers();
  } catch {
    return new Headers();
  }
}

/** Wraps a connect-page server action (a POST to the page): counted as `action:<name>`, its status from its Result. */
export function observeAction<I, T>(name: string, action: (input: I) => Promise<Result<T>>): (input: I) => Promise<Result<T>> {
  return async (input) => {
    const started = performance.now();
    const requestId = requestIdFrom((await actionHeaders()).get(REQUEST_ID_HEADER));
    return withRequestContext({ requestId }, async () => {
      let status = 500;
      try {
        const result = await action(input);
        status = result.ok ? 200 : httpStatus[result.error.code];
        return result;
      } finally {
        record({ method: "POST", route: `action:${name}`, status, started, requestId });
      }
    });
  };
}
