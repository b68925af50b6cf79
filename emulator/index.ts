import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createRoutes, matchFault, readBody, send, type Route } from "./server";
import { EmulatorState } from "./state";

// A faithful Cyclr for local runs and tests: the API origin and the Partner Service Domain
// on two ports (so two browser origins), sharing one in-memory state.

export type EmulatorOptions = { apiPort?: number; servicePort?: number; host?: string };
export type Emulator = { apiUrl: string; serviceUrl: string; state: EmulatorState; close(): Promise<void> };

function handler(routes: () => Route[], state: EmulatorState) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const url = new URL(req.url ?? "/", "http://emulator.local");
      const method = (req.method ?? "GET").toUpperCase();
      let matched: { route: Route; params: Record<string, string> } | null = null;
      for (const route of routes()) {
        const found = route.method === method ? route.regex.exec(url.pathname) : null;
        if (found) {
          matched = { route, params: Object.fromEntries(Object.entries(found.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)])) };
          break;
        }
      }
      const control = url.pathname.startsWith("/__emulator/");
      if (matched && !control) state.count(`${method} ${matched.route.pattern}`);
      const accountHeader = req.headers["x-cyclr-account"];
      const account = typeof accountHeader === "string" ? accountHeader : null;
      const fault = control ? null : matchFault(state.faults, method, url.pathname, matched?.route.pattern ?? null, account);
      if (fault?.latencyMs) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
      if (fault?.status) {
        send(res, { status: fault.status, json: fault.body ?? { Message: "An error has occurred." } });
        return;
      }
      if (!matched) {
        send(res, { status: 404, json: { Message: `No HTTP resource was found that matches the request URI '${url.pathname}'.` } });
        return;
      }
      const body = await readBody(req);
      const reply = await matched.route.handler({ method, path: url.pathname, query: url.searchParams, headers: req.headers, body, params: matched.params });
      send(res, reply);
    } catch {
      if (!res.headersSent) send(res, { status: 500, json: { Message: "An error has occurred." } });
      else res.end();
    }
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/** One origin on loopback, IPv4 and (where the machine has it) IPv6, so "localhost" works either way. */
async function serve(handle: ReturnType<typeof handler>, port: number, host: string | undefined): Promise<{ port: number; servers: Server[] }> {
  const v4 = createServer(handle);
  const bound = await listen(v4, port, host ?? "127.0.0.1");
  if (host) return { port: bound, servers: [v4] };
  const v6 = createServer(handle);
  try {
    await listen(v6, bound, "::1");
    return { port: bound, servers: [v4, v6] };
  } catch {
    return { port: bound, servers: [v4] };
  }
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const state = new EmulatorState();
  const routes = createRoutes(state);
  const api = await serve(handler(() => routes.api, state), options.apiPort ?? 4010, options.host);
  const service = await serve(handler(() => routes.service, state), options.servicePort ?? 4011, options.host);
  const serviceUrl = `http://localhost:${service.port}`;
  const close = (server: Server) =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return {
    apiUrl: `http://localhost:${api.port}`,
    serviceUrl,
    state,
    close: async () => {
      await Promise.all([...api.servers, ...service.servers].map(close));
    },
  };
}
