import type { IncomingMessage, ServerResponse } from "node:http";
import { asyncListener, type Listener } from "../server";
import { BodyTooLarge, findRoute, readBody, send, type Reply, type Route } from "../http";
import type { PoderoState } from "./state";

// The one request handler of Podero's origin: find the route, count the call, apply any fault,
// answer. Control routes (/__podero/…) skip counting and faults. JSON is never cached.

const CONTROL_PREFIX = "/__podero/";

export const DEFAULT_FAULT_STATUS = 503;
export const DEFAULT_FAULT_BODY = { detail: "Service temporarily unavailable." };

function reply(res: ServerResponse, answer: Reply): void {
  send(res, answer.json === undefined ? answer : { ...answer, headers: { "Cache-Control": "no-store", ...answer.headers } });
}

export function createListener(state: PoderoState, routes: Route[], control: Route[]): Listener {
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://podero.invalid");
    const method = (req.method ?? "GET").toUpperCase();
    const isControl = url.pathname.startsWith(CONTROL_PREFIX);
    const match = findRoute(isControl ? control : routes, method, url.pathname);
    const body = await readBody(req);

    if (!isControl) {
      if (match !== null && match !== "wrong-method") state.count(`${method} ${match.route.pattern}`);
      const fault = state.faults.take(method, url.pathname, null);
      if (fault?.latencyMs) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
      if (fault && (fault.status !== undefined || fault.body !== undefined)) {
        return reply(res, { status: fault.status ?? DEFAULT_FAULT_STATUS, json: fault.body ?? DEFAULT_FAULT_BODY });
      }
    }

    if (match === "wrong-method") return reply(res, { status: 405, json: { detail: `Method "${method}" not allowed.` } });
    if (match === null) return reply(res, { status: 404, json: { detail: "Not found." } });
    const answer = await match.route.handler({ method, path: url.pathname, query: url.searchParams, headers: req.headers, body, params: match.params });
    reply(res, answer);
  }

  return asyncListener(handle, (res, error) =>
    reply(
      res,
      error instanceof BodyTooLarge
        ? { status: 413, json: { detail: "Request body too large." } }
        : { status: 500, json: { detail: "A server error occurred." } },
    ),
  );
}
