import { randomBytes, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { readBody, send, sendUncachedJson as json } from "../http";
import { asyncListener, closeServers, serveOrigin } from "../server";
import { escapeHtml } from "../html";

// Podero's partner API as CYCLR.md describes it, on its own origin: the token endpoint
// (client credentials with HTTP Basic client authentication, a JSON or form body, no refresh
// token), users of an organisation, and device onboarding with Podero's own page that sends
// the browser back to success_url or cancel_url. Errors as django-oauth-toolkit and Django
// REST framework write them (`{"error":…}` at the token endpoint, `{"detail":…}` elsewhere).
// Control routes under /__podero/ for tests: reset, state, revoke-tokens, faults.

export const PODERO_CLIENT_ID = "switchboard-podero";
export const PODERO_CLIENT_SECRET = "switchboard-podero-secret";
export const PODERO_ORG_ID = "3f6c2a4e-8d1b-4c7a-9e52-0b7d1f2a6c90";

const TOKEN_LIFETIME_S = 36000;
const API = "/api/partners/v2.0";

type User = { id: string; email: string; role: string; external_user_id: string | null; first_name: string; last_name: string; created_at: string };
type Onboarding = {
  id: string;
  user_id: string;
  success_url: string;
  cancel_url: string;
  language: string;
  expiration_date: string;
  status: "pending" | "connected" | "cancelled";
};
type Fault = { path: string; status: number; times: number };

export type PoderoEmulator = { url: string; close(): Promise<void> };

function page(res: ServerResponse, status: number, title: string, inner: string) {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · Podero</title>
<style>body{font-family:system-ui,sans-serif;background:#ecfdf5;display:grid;place-items:center;min-height:100vh;margin:0}main{background:#fff;padding:32px;border-radius:12px;width:340px;box-shadow:0 1px 3px #0002}
button{padding:10px 16px;border-radius:6px;border:0;font-weight:600;margin-right:8px}.go{background:#047857;color:#fff}.no{background:#e5e7eb}</style></head>
<body><main>${inner}</main></body></html>`;
  send(res, { status, html, headers: { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" } });
}

const httpUrl = (value: unknown): value is string => {
  if (typeof value !== "string") return false;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
};

export async function startPoderoEmulator(options: { port?: number; host?: string } = {}): Promise<PoderoEmulator> {
  const tokens = new Map<string, number>(); // access token → expiry (ms)
  const users = new Map<string, User>();
  const onboardings = new Map<string, Onboarding>();
  const calls: Record<string, number> = {};
  let faults: Fault[] = [];
  let origin = "";

  const reset = () => {
    tokens.clear();
    users.clear();
    onboardings.clear();
    for (const key of Object.keys(calls)) delete calls[key];
    faults = [];
  };

  /** The bearer token's verdict: null when valid, else the DRF 401 body. */
  function authenticate(req: IncomingMessage): string | null {
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "");
    if (!match) return "Authentication credentials were not provided.";
    const expiry = tokens.get(match[1]!);
    return expiry && expiry > Date.now() ? null : "Invalid token.";
  }

  async function token(req: IncomingMessage, res: ServerResponse) {
    const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? "");
    const [id, secret] = basic ? Buffer.from(basic[1]!, "base64").toString("utf8").split(":") : [];
    if (id !== PODERO_CLIENT_ID || secret !== PODERO_CLIENT_SECRET) {
      return json(res, 401, { error: "invalid_client" }, { "www-authenticate": 'Basic realm="api"' });
    }
    const raw = await readBody(req);
    let grant: unknown;
    if ((req.headers["content-type"] ?? "").includes("application/json")) {
      try {
        grant = (JSON.parse(raw) as { grant_type?: unknown }).grant_type;
      } catch {
        return json(res, 400, { error: "invalid_request" });
      }
    } else {
      grant = new URLSearchParams(raw).get("grant_type");
    }
    if (grant === undefined || grant === null || grant === "") return json(res, 400, { error: "invalid_request" });
    if (grant !== "client_credentials") return json(res, 400, { error: "unsupported_grant_type" });
    const accessToken = randomBytes(20).toString("hex");
    tokens.set(accessToken, Date.now() + TOKEN_LIFETIME_S * 1000);
    json(res, 200, { access_token: accessToken, expires_in: TOKEN_LIFETIME_S, token_type: "Bearer", scope: "read write" });
  }

  async function api(req: IncomingMessage, res: ServerResponse, path: string) {
    const refused = authenticate(req);
    if (refused) return json(res, 401, { detail: refused }, { "www-authenticate": 'Bearer realm="api"' });
    const users$ = new RegExp(`^${API}/org/([^/]+)/users/?$`).exec(path);
    const user$ = new RegExp(`^${API}/org/([^/]+)/users/([^/]+)/?$`).exec(path);
    const orgKnown = (org: string) => org === PODERO_ORG_ID;
    if (users$ && req.method === "POST") {
      if (!orgKnown(users$[1]!)) return json(res, 404, { detail: "Not found." });
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(await readBody(req)) as Record<string, unknown>;
      } catch {
        return json(res, 400, { detail: "JSON parse error." });
      }
      const email = typeof body.email === "string" ? body.email.trim().toLowerCase() : "";
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) return json(res, 422, { detail: "email: Enter a valid email address." });
      if (body.role !== "user") return json(res, 422, { detail: 'role: "user" is the only role a partner may create.' });
      if ([...users.values()].some((user) => user.email === email)) return json(res, 422, { detail: "email: A user with this email already exists." });
      const user: User = {
        id: randomUUID(),
        email,
        role: "user",
        external_user_id: typeof body.external_user_id === "string" ? body.external_user_id : null,
        first_name: typeof body.first_name === "string" ? body.first_name : "",
        last_name: typeof body.last_name === "string" ? body.last_name : "",
        created_at: new Date().toISOString(),
      };
      users.set(user.id, user);
      return json(res, 201, user);
    }
    if (users$ && req.method === "GET") {
      if (!orgKnown(users$[1]!)) return json(res, 404, { detail: "Not found." });
      return json(res, 200, [...users.values()]);
    }
    if (user$ && req.method === "GET") {
      const user = orgKnown(user$[1]!) ? users.get(user$[2]!) : undefined;
      return user ? json(res, 200, user) : json(res, 404, { detail: "Not found." });
    }
    if (path === `${API}/device-onboarding` && req.method === "POST") {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(await readBody(req)) as Record<string, unknown>;
      } catch {
        return json(res, 400, { detail: "JSON parse error." });
      }
      if (typeof body.user_id !== "string" || !users.has(body.user_id)) return json(res, 422, { detail: "user_id: No such user." });
      if (!httpUrl(body.success_url) || !httpUrl(body.cancel_url)) return json(res, 422, { detail: "success_url and cancel_url must be http(s) URLs." });
      const onboarding: Onboarding = {
        id: randomUUID(),
        user_id: body.user_id,
        success_url: body.success_url,
        cancel_url: body.cancel_url,
        language: typeof body.language === "string" ? body.language : "en",
        expiration_date: new Date(Date.now() + 60 * 60_000).toISOString(),
        status: "pending",
      };
      onboardings.set(onboarding.id, onboarding);
      return json(res, 201, {
        authentication_url: `${origin}/onboarding/${onboarding.id}`,
        id: onboarding.id,
        expiration_date: onboarding.expiration_date,
        user_id: onboarding.user_id,
      });
    }
    json(res, 404, { detail: "Not found." });
  }

  async function onboardingPage(req: IncomingMessage, res: ServerResponse, id: string) {
    const onboarding = onboardings.get(id);
    if (!onboarding || onboarding.status !== "pending" || Date.parse(onboarding.expiration_date) < Date.now()) {
      return page(res, 410, "Link expired", "<h1>This link is no longer valid</h1><p>Go back to the app you came from and start again.</p>");
    }
    if (req.method === "POST") {
      const choice = new URLSearchParams(await readBody(req)).get("choice");
      onboarding.status = choice === "connect" ? "connected" : "cancelled";
      const target = onboarding.status === "connected" ? onboarding.success_url : onboarding.cancel_url;
      res.writeHead(303, { location: target, "cache-control": "no-store" }).end();
      return;
    }
    const user = users.get(onboarding.user_id);
    page(
      res,
      200,
      "Connect your device",
      `<h1 style="font-size:20px">Connect your device</h1><p>Podero will read your heat pump and EV charger for ${escapeHtml(user?.email ?? "you")}.</p>
<form method="post"><button class="go" name="choice" value="connect">Connect</button><button class="no" name="choice" value="cancel">Cancel</button></form>`,
    );
  }

  async function control(req: IncomingMessage, res: ServerResponse, path: string) {
    if (path === "/__podero/reset" && req.method === "POST") {
      reset();
      return json(res, 200, { reset: true });
    }
    if (path === "/__podero/state" && req.method === "GET") {
      return json(res, 200, {
        calls,
        liveTokens: [...tokens.values()].filter((expiry) => expiry > Date.now()).length,
        users: [...users.values()],
        onboardings: [...onboardings.values()],
      });
    }
    if (path === "/__podero/revoke-tokens" && req.method === "POST") {
      tokens.clear();
      return json(res, 200, { revoked: true });
    }
    if (path === "/__podero/faults" && req.method === "POST") {
      const body = JSON.parse((await readBody(req)) || "{}") as Partial<Fault>;
      if (typeof body.path !== "string" || typeof body.status !== "number") return json(res, 400, { detail: "path and status are required" });
      faults.push({ path: body.path, status: body.status, times: body.times ?? Number.POSITIVE_INFINITY });
      return json(res, 200, { faults: faults.length });
    }
    json(res, 404, { detail: "Not found." });
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path.startsWith("/__podero/")) return control(req, res, path);
    const route = `${req.method} ${path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, "{id}")}`;
    calls[route] = (calls[route] ?? 0) + 1;
    const fault = faults.find((candidate) => path.startsWith(candidate.path) && candidate.times > 0);
    if (fault) {
      fault.times--;
      return json(res, fault.status, { detail: "Service temporarily unavailable." });
    }
    if (path === "/oauth2/token/") return req.method === "POST" ? token(req, res) : json(res, 405, { detail: `Method "${req.method}" not allowed.` });
    if (path.startsWith(`${API}/`)) return api(req, res, path);
    const onboarding = /^\/onboarding\/([0-9a-f-]{36})$/.exec(path);
    if (onboarding) return onboardingPage(req, res, onboarding[1]!);
    json(res, 404, { detail: "Not found." });
  }

  const bad = (res: ServerResponse) => json(res, 400, { detail: "Bad request." });
  const { port, servers } = await serveOrigin(asyncListener(handle, bad), options.port ?? 0, options.host ?? "127.0.0.1");
  origin = `http://127.0.0.1:${port}`;
  return { url: origin, close: () => closeServers(servers) };
}
