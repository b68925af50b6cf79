import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// Serving one origin on loopback, for every emulator.

export type Listener = (req: IncomingMessage, res: ServerResponse) => void;

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

/** Closes every server of an origin (both loopbacks), or of several. */
export const closeServers = (servers: Server[]): Promise<void> => Promise.all(servers.map(closeServer)).then(() => undefined);

/** node's listener for an async handler: a failure before the reply is answered by `fallback`; after it, the response just ends. */
export function asyncListener(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  fallback: (res: ServerResponse, error: unknown) => void,
): Listener {
  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) res.end();
      else fallback(res, error);
    });
  };
}

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
