import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { DEFAULT_FAULT_BODY } from "./faults";
import { BodyTooLarge, message, readBody, send, type Route } from "./http";
import type { EmulatorState } from "./state";

// One request handler per origin: find the route, count the call, apply any fault, answer.
// Control routes (/__emulator/…) skip counting and faults.

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

const CONTROL_PREFIX = "/__emulator/";

function find(routes: Route[], method: string, path: string): { route: Route; params: Record<string, string> } | "wrong-method" | null {
  let pathMatched = false;
  for (const route of routes) {
    const found = route.regex.exec(path);
    if (!found) continue;
    if (route.method !== method) {
      pathMatched = true;
      continue;
    }
    const params: Record<string, string> = {};
    for (const [key, value] of Object.entries(found.groups ?? {})) {
      try {
        params[key] = decodeURIComponent(value);
      } catch {
        params[key] = value; // a malformed escape is just an id that matches nothing
      }
    }
    return { route, params };
  }
  return pathMatched ? "wrong-method" : null;
}

export function createListener(state: EmulatorState, routes: Route[], control: Route[] = []): Listener {
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`);
    const method = (req.method ?? "GET").toUpperCase();
    const isControl = url.pathname.startsWith(CONTROL_PREFIX);
    const match = find(isControl ? control : routes, method, url.pathname);
    const body = await readBody(req);

    if (!isControl) {
      if (match !== null && match !== "wrong-method") state.count(`${method} ${match.route.pattern}`);
      const account = req.headers["x-cyclr-account"];
      const fault = state.faults.take(method, url.pathname, typeof account === "string" ? account : null);
      if (fault?.latencyMs) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
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

  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.end();
      send(res, error instanceof BodyTooLarge ? message(413, "The request entity is too large.") : message(500, "An error has occurred."));
    });
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => reject(error);
    server.once("error", fail);
    server.listen(port, host, () => {
      server.off("error", fail);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export const closeServer = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.closeAllConnections();
    server.close(() => resolve());
  });

const errorCode = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | undefined)?.code;

/**
 * Serves one origin. With no host, on both loopbacks (127.0.0.1 and, where the machine has it,
 * ::1) on one port, because "localhost" resolves to either depending on the client: Node's
 * fetch and Chromium must both reach it. Port 0 picks a port free on both.
 */
export async function serveOrigin(listener: Listener, port: number, host: string | undefined): Promise<{ port: number; servers: Server[] }> {
  if (host !== undefined && host !== "localhost") {
    const server = createServer(listener);
    return { port: await listen(server, port, host), servers: [server] };
  }
  for (let attempt = 0; ; attempt++) {
    const v4 = createServer(listener);
    const bound = await listen(v4, port, "127.0.0.1");
    const v6 = createServer(listener);
    try {
      await listen(v6, bound, "::1");
      return { port: bound, servers: [v4, v6] };
    } catch (error) {
      const code = errorCode(error);
      // No IPv6 loopback on this machine: IPv4 alone is what "localhost" means here.
      if (code === "EADDRNOTAVAIL" || code === "EAFNOSUPPORT") return { port: bound, servers: [v4] };
      await closeServer(v4);
      // A random port that is taken on ::1 by someone else: draw another.
      if (port !== 0 || code !== "EADDRINUSE" || attempt >= 10) throw error;
    }
  }
}
