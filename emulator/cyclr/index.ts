import type { Server } from "node:http";
import { oauthRoutes } from "./oauth";
import { accountConnectorRoutes } from "./routes/account-connectors";
import { accountRoutes } from "./routes/accounts";
import { catalogueRoutes } from "./routes/catalogue";
import { connectPageRoutes } from "./routes/connect-page";
import { controlRoutes } from "./routes/control";
import { closeServers, serveOrigin } from "../server";
import { createListener } from "./listener";
import { EmulatorState } from "./state";

// A faithful Cyclr for local runs and tests (CYCLR.md): the API origin and the Partner Service
// Domain on two ports, so two browser origins, sharing one in-memory state.

export type EmulatorOptions = {
  /** 0 picks a free port; default 4010. */
  apiPort?: number;
  /** 0 picks a free port; default 4011. */
  servicePort?: number;
  /** Default: both loopbacks, so http://localhost:<port> works whatever "localhost" resolves to. */
  host?: string;
  clientId?: string;
  clientSecret?: string;
};

export type Emulator = {
  apiUrl: string;
  serviceUrl: string;
  /** In-process access for this folder's tests; everything else uses the /__emulator/ control routes. */
  state: EmulatorState;
  close(): Promise<void>;
};

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const state = new EmulatorState({ clientId: options.clientId, clientSecret: options.clientSecret });
  const apiRoutes = [...oauthRoutes(state), ...accountRoutes(state), ...catalogueRoutes(state), ...accountConnectorRoutes(state)];
  const api = await serveOrigin(createListener(state, apiRoutes, controlRoutes(state)), options.apiPort ?? 4010, options.host);
  let service: { port: number; servers: Server[] };
  try {
    service = await serveOrigin(createListener(state, connectPageRoutes(state)), options.servicePort ?? 4011, options.host);
  } catch (error) {
    await closeServers(api.servers);
    throw error;
  }
  let closing: Promise<void> | null = null;
  return {
    apiUrl: `http://localhost:${api.port}`,
    serviceUrl: `http://localhost:${service.port}`,
    state,
    close: () => (closing ??= closeServers([...api.servers, ...service.servers])),
  };
}

export { EmulatorState } from "./state";
export * from "./seed";
