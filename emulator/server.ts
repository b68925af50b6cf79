import { randomBytes, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { approvedPage, consentPage, deniedPage, forbiddenPage, notOAuthPage } from "./pages";
import { ACCOUNT_USER_PASSWORD, accountUser, CLIENT_ID, CLIENT_SECRET, PARTNER_USER, type CatalogueEntry } from "./seed";
import { DEFAULT_TOKEN_LIFETIME, awkwardToken, type AccessToken, type AccountConnector, type EmulatorState, type Fault } from "./state";

// Cyclr's API origin and Partner Service Domain, as CYCLR.md describes them, plus control
// routes under /__emulator/ for tests (the app never calls those).

type Request = { method: string; path: string; query: URLSearchParams; headers: IncomingMessage["headers"]; body: string; params: Record<string, string> };
type Reply = { status: number; json?: unknown; html?: string; headers?: Record<string, string> };
type Handler = (req: Request) => Reply | Promise<Reply>;
type Route = { method: string; pattern: string; regex: RegExp; handler: Handler };

const DENIED = { Message: "Authorization has been denied for this request." };

function route(method: string, pattern: string, handler: Handler): Route {
  const regex = new RegExp(`^${pattern.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{(\w+)\}/g, "(?<$1>[^/]+)")}$`);
  return { method, pattern, regex, handler };
}

const json = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({ status, json: body, headers });
const message = (status: number, text: string): Reply => json(status, { Message: text });
const rfc1123 = (ms: number) => new Date(ms).toUTCString();
/** Cyclr's sign-in expiry: seven fractional digits. */
const cyclrUtc = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$10000Z");

function parseJson(body: string): Record<string, unknown> | null {
  if (!body) return {};
  try {
    const value = JSON.parse(body) as unknown;
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function paging(query: URLSearchParams): { page: number; pageSize: number } {
  const page = Math.max(1, Number.parseInt(query.get("page") ?? "1", 10) || 1);
  const pageSize = Math.min(1000, Math.max(1, Number.parseInt(query.get("pageSize") ?? "50", 10) || 50));
  return { page, pageSize };
}

const slice = <T>(items: T[], query: URLSearchParams) => {
  const { page, pageSize } = paging(query);
  return items.slice((page - 1) * pageSize, page * pageSize);
};

export function createRoutes(state: EmulatorState) {
  function bearer(req: Request): AccessToken | null {
    const match = /^Bearer (.+)$/.exec(req.headers.authorization ?? "");
    const token = match ? state.accessTokens.get(match[1]!) : undefined;
    if (!token || token.expiresAt <= Date.now()) return null;
    return token;
  }

  /** Partner-level calls need an unrestricted token. */
  function partner(req: Request): Reply | null {
    const token = bearer(req);
    if (!token || token.accountId) return json(401, DENIED);
    return null;
  }

  /** Account-level calls: the restricted token's account, or X-Cyclr-Account with a partner token. */
  function accountOf(req: Request): { accountId: string } | Reply {
    const token = bearer(req);
    if (!token) return json(401, DENIED);
    const header = req.headers["x-cyclr-account"];
    const requested = typeof header === "string" && header ? header : null;
    if (token.accountId) {
      if (requested && requested !== token.accountId) return json(401, DENIED);
      return { accountId: token.accountId };
    }
    if (!requested) return message(400, "The X-Cyclr-Account header is required for account-level calls.");
    if (!state.accounts.has(requested)) return message(404, "Account not found.");
    return { accountId: requested };
  }

  function view(connector: AccountConnector) {
    const entry = state.catalogueEntry(connector.ConnectorId)!;
    return {
      Id: connector.Id,
      Name: connector.Name,
      Description: connector.Description,
      // Cyclr never echoes a stored secret: the value is write-only here too.
      AuthValue: null,
      Authenticated: connector.Authenticated,
      Connector: connectorView(entry),
      Properties: [],
      CustomFields: [],
    };
  }

  function connectorView(entry: CatalogueEntry) {
    const { Categories: _categories, ...rest } = entry;
    return rest;
  }

  function ownConnector(req: Request): AccountConnector | Reply {
    const account = accountOf(req);
    if (!("accountId" in account)) return account;
    const connector = state.accountConnectors.get(Number(req.params.id));
    if (!connector || connector.AccountId !== account.accountId) return message(404, "Account Connector not found.");
    return connector;
  }

  function signIn(accountId: string, username: string): Reply {
    const expiresAt = Date.now() + 5 * 60_000;
    const token = awkwardToken();
    state.signInTokens.set(token, { token, accountId, username, expiresAt, used: false });
    return json(200, { Token: token, ExpiresAtUtc: cyclrUtc(expiresAt) });
  }

  const oauthError = (error: string) => json(400, { error }, { "Cache-Control": "no-cache" });

  function tokenReply(token: AccessToken, username: string | null): Reply {
    const issued = Date.now();
    return json(
      200,
      {
        access_token: token.token,
        token_type: "bearer",
        expires_in: state.scenario.tokenLifetimeSeconds === DEFAULT_TOKEN_LIFETIME ? DEFAULT_TOKEN_LIFETIME : state.scenario.tokenLifetimeSeconds,
        ...(token.refreshToken ? { refresh_token: token.refreshToken, userName: username } : {}),
        clientId: CLIENT_ID,
        ".refresh": token.refreshToken ? "True" : "False",
        ".issued": rfc1123(issued),
        ".expires": rfc1123(token.expiresAt),
      },
      { "Cache-Control": "no-cache", Pragma: "no-cache" },
    );
  }

  function passwordGrant(form: URLSearchParams): Reply {
    const username = form.get("username");
    const password = form.get("password");
    const accountId = form.get("client_secret");
    if (form.get("client_id") !== CLIENT_ID || !username || !password) return oauthError(form.get("client_id") !== CLIENT_ID ? "invalid_client" : "invalid_request");
    let restricted: string | null = null;
    if (accountId && accountId !== CLIENT_SECRET) {
      if (!state.accounts.has(accountId) || username !== accountUser(accountId) || password !== ACCOUNT_USER_PASSWORD) return oauthError("invalid_grant");
      restricted = accountId;
    } else if (username !== PARTNER_USER.username || password !== PARTNER_USER.password) {
      return oauthError("invalid_grant");
    }
    state.tokenGrants.password++;
    const stored = Object.fromEntries(form);
    return tokenReply(state.issueAccessToken("password", restricted, stored), username);
  }

  const token: Handler = (req) => {
    if (!/^application\/x-www-form-urlencoded/.test(req.headers["content-type"] ?? "")) return oauthError("invalid_request");
    const form = new URLSearchParams(req.body);
    const grant = form.get("grant_type");
    if (grant === "client_credentials") {
      if (form.get("client_id") !== CLIENT_ID || form.get("client_secret") !== CLIENT_SECRET) return oauthError("invalid_client");
      const scope = form.get("scope");
      let accountId: string | null = null;
      if (scope) {
        const match = /^account:(.+)$/.exec(scope);
        if (!match || !state.accounts.has(match[1]!)) return oauthError("invalid_request");
        accountId = match[1]!;
      }
      state.tokenGrants.client_credentials++;
      return tokenReply(state.issueAccessToken("client_credentials", accountId, null), null);
    }
    if (grant === "password") return passwordGrant(form);
    if (grant === "refresh_token") {
      if (form.get("client_id") !== CLIENT_ID) return oauthError("invalid_client");
      const refresh = state.refreshTokens.get(form.get("refresh_token") ?? "");
      if (!refresh) return oauthError("invalid_grant");
      // Rotation: the old access AND refresh tokens die at once.
      const old = state.accessTokens.get(refresh.accessToken);
      state.revoke(refresh.token);
      state.tokenGrants.refresh_token++;
      const next = state.issueAccessToken("password", old?.accountId ?? null, refresh.form);
      return tokenReply(next, refresh.form.username ?? null);
    }
    return oauthError(grant ? "unsupported_grant_type" : "invalid_request");
  };

  const api: Route[] = [
    route("POST", "/oauth/token", token),
    route("GET", "/v1.0/accounts", (req) => partner(req) ?? json(200, slice([...state.accounts.values()], req.query))),
    route("POST", "/v1.0/accounts", (req) => {
      const denied = partner(req);
      if (denied) return denied;
      const body = parseJson(req.body);
      if (!body) return message(400, "The request is invalid.");
      const name = typeof body.Name === "string" ? body.Name.trim() : "";
      if (!name) return message(400, "The request is invalid. Name is required.");
      const id = typeof body.Id === "string" && body.Id ? body.Id : state.newAccountId();
      if (state.accounts.has(id)) return message(400, "ID already in use");
      return json(200, state.createAccount(id, name, typeof body.Description === "string" ? body.Description : null));
    }),
    route("GET", "/v1.0/accounts/{id}", (req) => {
      const denied = partner(req);
      if (denied) return denied;
      const account = state.accounts.get(req.params.id!);
      return account ? json(200, account) : message(404, "Account not found.");
    }),
    route("PUT", "/v1.0/accounts/{id}", (req) => {
      const denied = partner(req);
      if (denied) return denied;
      const account = state.accounts.get(req.params.id!);
      if (!account) return message(404, "Account not found.");
      const body = parseJson(req.body);
      if (!body) return message(400, "The request is invalid.");
      if (typeof body.Name === "string" && body.Name.trim()) account.Name = body.Name.trim();
      if (typeof body.Description === "string") account.Description = body.Description;
      return json(200, account);
    }),
    route("DELETE", "/v1.0/accounts/{id}", (req) => {
      const denied = partner(req);
      if (denied) return denied;
      if (!state.removeAccount(req.params.id!)) return message(404, "Account not found.");
      return json(200, { Message: "Account deleted." });
    }),
    route("POST", "/v1.0/accounts/tokens", (req) => {
      const account = accountOf(req);
      if (!("accountId" in account)) return account;
      return signIn(account.accountId, `account:${account.accountId}`);
    }),
    route("POST", "/v1.0/accounts/{id}/signintoken", (req) => {
      const token = bearer(req);
      if (!token || (token.accountId && token.accountId !== req.params.id)) return json(401, DENIED);
      if (!state.accounts.has(req.params.id!)) return message(404, "Account not found.");
      const body = parseJson(req.body);
      const username = body && typeof body.Username === "string" ? body.Username.trim() : "";
      if (!username) return message(400, "The request is invalid. Username is required.");
      return signIn(req.params.id!, username);
    }),
    route("GET", "/v1.0/connectors", (req) => {
      if (!bearer(req)) return json(401, DENIED);
      const query = (req.query.get("query") ?? "").toLowerCase();
      const matches = state.catalogue().filter((entry) => !query || entry.Name.toLowerCase().includes(query));
      return json(200, slice(matches, req.query));
    }),
    route("POST", "/v1.0/connectors/{id}/install", (req) => {
      const account = accountOf(req);
      if (!("accountId" in account)) return account;
      const entry = state.catalogueEntry(Number(req.params.id));
      if (!entry) return message(404, "Connector not found.");
      const body = parseJson(req.body);
      if (!body) return message(400, "The request is invalid.");
      const name = typeof body.Name === "string" && body.Name.trim() ? body.Name.trim() : entry.Name;
      const connector = state.install(account.accountId, entry, name, typeof body.Description === "string" ? body.Description : null);
      if (typeof body.AuthValue === "string" && body.AuthValue) {
        const refused = authenticate(connector, body.AuthValue);
        if (refused) return refused;
      }
      return json(200, view(connector));
    }),
    route("GET", "/v1.0/account/connectors", (req) => {
      const account = accountOf(req);
      if (!("accountId" in account)) return account;
      return json(200, slice(state.connectorsOf(account.accountId), req.query).map(view));
    }),
    route("GET", "/v1.0/account/connectors/{id}", (req) => {
      const connector = ownConnector(req);
      return "Id" in connector ? json(200, view(connector)) : connector;
    }),
    route("PUT", "/v1.0/account/connectors/{id}", (req) => {
      const connector = ownConnector(req);
      if (!("Id" in connector)) return connector;
      const body = parseJson(req.body);
      if (!body) return message(400, "The request is invalid.");
      if (typeof body.Name === "string" && body.Name.trim()) connector.Name = body.Name.trim();
      if (typeof body.Description === "string") connector.Description = body.Description;
      if (typeof body.AuthValue === "string") {
        const refused = authenticate(connector, body.AuthValue);
        if (refused) return refused;
      }
      return json(200, view(connector));
    }),
    route("PUT", "/v1.0/account/connectors/{id}/deauthenticate", (req) => {
      const connector = ownConnector(req);
      if (!("Id" in connector)) return connector;
      connector.Authenticated = false;
      connector.AuthValue = null;
      return json(200, { Message: `Connector '${connector.Name}' successfully de-authenticated.` });
    }),
    route("DELETE", "/v1.0/account/connectors/{id}", (req) => {
      const connector = ownConnector(req);
      if (!("Id" in connector)) return connector;
      state.removeConnector(connector.Id);
      return json(200, { Message: "Account Connector deleted." });
    }),
  ];

  /** ApiKey: any key but the literal "invalid"; Basic: base64 of user:pass. */
  function authenticate(connector: AccountConnector, authValue: string): Reply | null {
    const authType = state.catalogueEntry(connector.ConnectorId)?.AuthType;
    if (authType === "ApiKey") {
      if (!authValue.trim() || authValue === "invalid") return message(400, "The API key was rejected by the connector.");
    } else if (authType === "Basic") {
      const decoded = /^[A-Za-z0-9+/]+={0,2}$/.test(authValue) ? Buffer.from(authValue, "base64").toString("utf8") : "";
      const colon = decoded.indexOf(":");
      if (colon < 1 || colon === decoded.length - 1) return message(400, "The credentials were rejected by the connector.");
    } else {
      return message(400, "This connector is not authenticated with an AuthValue.");
    }
    connector.AuthValue = authValue;
    connector.Authenticated = true;
    return null;
  }

  const coop = (): Record<string, string> => (state.scenario.coop ? { "Cross-Origin-Opener-Policy": "same-origin" } : {});
  const pageHeaders = (nonce?: string): Record<string, string> => ({
    "Content-Security-Policy": `default-src 'none'; style-src 'unsafe-inline'; img-src data:; ${nonce ? `script-src 'nonce-${nonce}'; ` : ""}base-uri 'none'`,
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    ...coop(),
  });

  const service: Route[] = [
    route("GET", "/connectorauth/updateaccountconnectoroauth", (req) => {
      const forbidden = { status: 403, html: forbiddenPage(), headers: pageHeaders() };
      const signInToken = state.signInTokens.get(req.query.get("token") ?? "");
      const connector = state.accountConnectors.get(Number(req.query.get("id")));
      const targetOrigin = req.query.get("targetOrigin");
      if (!signInToken || signInToken.used || signInToken.expiresAt <= Date.now()) return forbidden;
      signInToken.used = true; // single use, whatever happens next
      if (!connector || connector.AccountId !== signInToken.accountId || !targetOrigin) return forbidden;
      let target: URL;
      try {
        target = new URL(targetOrigin);
      } catch {
        return forbidden;
      }
      const callbackMessage = req.query.get("callbackMessage");
      if (callbackMessage !== null && target.origin !== targetOrigin) return forbidden;
      if (state.catalogueEntry(connector.ConnectorId)?.AuthType !== "OAuth2") return { status: 400, html: notOAuthPage(), headers: pageHeaders() };
      const consent = { id: randomUUID(), accountConnectorId: connector.Id, targetOrigin, callbackMessage, used: false };
      state.consents.set(consent.id, consent);
      return { status: 200, html: consentPage(connector.Name, consent.id), headers: pageHeaders() };
    }),
    route("POST", "/connectorauth/consent", (req) => {
      const form = new URLSearchParams(req.body);
      const consent = state.consents.get(form.get("consent") ?? "");
      if (!consent || consent.used) return { status: 403, html: forbiddenPage(), headers: pageHeaders() };
      consent.used = true;
      const nonce = randomBytes(16).toString("base64");
      const connector = state.accountConnectors.get(consent.accountConnectorId);
      if (form.get("decision") !== "approve" || !connector) return { status: 200, html: deniedPage(nonce), headers: pageHeaders(nonce) };
      connector.Authenticated = true;
      if (consent.callbackMessage === null) return { status: 302, headers: { Location: consent.targetOrigin, ...coop(), "Cache-Control": "no-store" } };
      return { status: 200, html: approvedPage(connector.Name, consent.callbackMessage, consent.targetOrigin, nonce), headers: pageHeaders(nonce) };
    }),
  ];

  const control: Route[] = [
    route("POST", "/__emulator/reset", () => {
      state.reset();
      return json(200, { ok: true });
    }),
    route("GET", "/__emulator/state", () => json(200, state.snapshot())),
    route("POST", "/__emulator/faults", (req) => {
      const body = parseJson(req.body) as Fault | null;
      if (!body || typeof body.path !== "string") return message(400, "path is required");
      state.faults.push({ method: body.method?.toUpperCase(), path: body.path, account: body.account, status: body.status, body: body.body, latencyMs: body.latencyMs, times: body.times });
      return json(200, { faults: state.faults.length });
    }),
    route("DELETE", "/__emulator/faults", () => {
      state.faults = [];
      return json(200, { faults: 0 });
    }),
    route("POST", "/__emulator/revoke-tokens", (req) => {
      const body = parseJson(req.body) ?? {};
      state.revoke(typeof body.token === "string" ? body.token : undefined);
      return json(200, { ok: true });
    }),
    route("POST", "/__emulator/scenario", (req) => {
      const body = parseJson(req.body) ?? {};
      if (typeof body.coop === "boolean") state.scenario.coop = body.coop;
      if (typeof body.tokenLifetimeSeconds === "number" && body.tokenLifetimeSeconds > 0) state.scenario.tokenLifetimeSeconds = body.tokenLifetimeSeconds;
      if (body.tokenLifetimeSeconds === null) state.scenario.tokenLifetimeSeconds = DEFAULT_TOKEN_LIFETIME;
      return json(200, state.scenario);
    }),
    route("POST", "/__emulator/accounts/{account}/connectors/{id}/authenticated", (req) => {
      const connector = state.accountConnectors.get(Number(req.params.id));
      const body = parseJson(req.body) ?? {};
      if (!connector || connector.AccountId !== req.params.account) return message(404, "Account Connector not found.");
      connector.Authenticated = body.authenticated === true;
      return json(200, { Id: connector.Id, Authenticated: connector.Authenticated });
    }),
    route("POST", "/__emulator/seed-accounts", (req) => {
      const body = parseJson(req.body) ?? {};
      const count = Math.min(100_000, Math.max(0, Number(body.count) || 0));
      const perAccount = Math.min(20, Math.max(0, Number(body.connectorsPerAccount ?? 5)));
      const entries = state.catalogue().filter((entry) => !entry.Name.includes("<"));
      const start = state.accounts.size;
      for (let i = 1; i <= count; i++) {
        const id = `bulk-${String(start + i).padStart(6, "0")}`;
        state.createAccount(id, `Bulk Account ${start + i}`, null);
        for (let c = 0; c < perAccount; c++) state.install(id, entries[(i + c) % entries.length]!, null);
      }
      return json(200, { accounts: state.accounts.size, accountConnectors: state.accountConnectors.size });
    }),
  ];

  return { api: [...api, ...control], service };
}

/** The first fault for this call: method, exact path or route pattern, and (optionally) the X-Cyclr-Account it names. */
export function matchFault(faults: Fault[], method: string, path: string, pattern: string | null, account: string | null): Fault | null {
  const index = faults.findIndex(
    (fault) => (!fault.method || fault.method === method) && (fault.path === path || fault.path === pattern) && (!fault.account || fault.account === account),
  );
  if (index < 0) return null;
  const fault = faults[index]!;
  if (fault.times !== undefined) {
    fault.times -= 1;
    if (fault.times <= 0) faults.splice(index, 1);
  }
  return fault;
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1_000_000) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { "X-Content-Type-Options": "nosniff", ...reply.headers };
  if (reply.html !== undefined) {
    res.writeHead(reply.status, { "Content-Type": "text/html; charset=utf-8", ...headers });
    res.end(reply.html);
  } else if (reply.json !== undefined) {
    res.writeHead(reply.status, { "Content-Type": "application/json; charset=utf-8", ...headers });
    res.end(JSON.stringify(reply.json));
  } else {
    res.writeHead(reply.status, headers);
    res.end();
  }
}

export type { Reply, Request, Route };
