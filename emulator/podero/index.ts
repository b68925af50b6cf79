import { closeServers, serveOrigin } from "../server";
import { createListener } from "./listener";
import { connectPageRoutes } from "./routes/connect-page";
import { controlRoutes } from "./routes/control";
import { deviceRoutes } from "./routes/devices";
import { onboardingRoutes } from "./routes/onboarding";
import { tokenRoutes } from "./routes/token";
import { userRoutes } from "./routes/users";
import { PoderoState } from "./state";

// Podero's partner API as CYCLR.md describes it, on one origin: the token endpoint (client
// credentials with HTTP Basic client authentication, a JSON or form body, no refresh token),
// users of an organisation, device onboarding sessions with Podero's own page (device type
// and brand, Approve or Cancel, back to exactly success_url or cancel_url), and devices per
// type with is_authenticated, lifecycle_state, actions and soft deletion. Errors as
// django-oauth-toolkit and Django REST framework write them (`{"error":…}` at the token
// endpoint, `{"detail":…}` elsewhere, 422 `{"detail":[{loc,msg,type}]}` for a bad onboarding).
// Control routes under /__podero/ for tests (emulator/README.md).

export type PoderoEmulatorOptions = {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1; "localhost" serves both loopbacks. */
  host?: string;
};

export type PoderoEmulator = {
  url: string;
  /** In-process access for this folder's tests; everything else uses the /__podero/ control routes. */
  state: PoderoState;
  close(): Promise<void>;
};

export async function startPoderoEmulator(options: PoderoEmulatorOptions = {}): Promise<PoderoEmulator> {
  const state = new PoderoState();
  const routes = [...tokenRoutes(state), ...userRoutes(state), ...onboardingRoutes(state), ...deviceRoutes(state), ...connectPageRoutes(state)];
  const host = options.host ?? "127.0.0.1";
  const { port, servers } = await serveOrigin(createListener(state, routes, controlRoutes(state)), options.port ?? 0, host);
  const shown = host === "0.0.0.0" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  state.origin = `http://${shown}:${port}`;
  let closing: Promise<void> | null = null;
  return { url: state.origin, state, close: () => (closing ??= closeServers(servers)) };
}

export { PODERO_CLIENT_ID, PODERO_CLIENT_SECRET } from "./routes/token";
export { PODERO_ORG_ID } from "./routes/common";
export { PoderoState } from "./state";
