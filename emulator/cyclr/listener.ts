import type { IncomingMessage, ServerResponse } from "node:http";
import { asyncListener, type Listener } from "../server";
import { BodyTooLarge, findRoute, SERVER_ERROR, message, readBody, send, type Route } from "../http";
import { DEFAULT_FAULT_BODY } from "./faults";
import type { EmulatorState } from "./state";

// One request handler per Cyclr origin: find the route, count the call, apply any fault,
// answer. Control routes (/__emulator/…) skip counting and faults.

const CONTROL_PREFIX = "/__emulator/";

export function createListener(state: EmulatorState, routes: Route[], control: Route[] = []): Listener {
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`);
    const method = (req.method ?? "GET").toUpperCase();
    const isControl = url.pathname.startsWith(CONTROL_PREFIX);
    const match = findRoute(isControl ? control : routes, method, url.pathname);
    const body = await readBody(req);

    if (!isControl) {
      if (match !== null && match !== "wrong-method") state.count(`${method} ${match.route.pattern}`);
      const account = req.headers["x-cyclr-account"];
      const fault = state.faults.take(method, url.pathname, typeof account === "string" ? account : null);
      if (fault?.latencyMs) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
      if (fault?.hold) await state.faults.waitForRelease();
      if (fault && (fault.status !== undefined || fault.body !== undefined)) {
        send(res, { status: fault.status ?? 500, json: fault.body ?? DEFAULT_FAULT_BODY });
        return;
      }
    }

    // ASP.NET Web API's own answers for unknown routes and methods.
    if (match === "wrong-method") return send(res, message(405, `The requested resource does not support http method '${method}'.`));
    if (match === null) return send(res, message(404, `No HTTP resource was found that matches the request URI '${url.href}'.`));
    const reply = await match.route.handler({ method, path: url.pathname, query: url.searchParams, headers: req.headers, body, params: match.params });
    send(res, reply);
  }

  return asyncListener(handle, (res, error) => send(res, error instanceof BodyTooLarge ? message(413, "The request entity is too large.") : SERVER_ERROR));
}
