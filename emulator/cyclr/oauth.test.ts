import { describe, expect, it } from "vitest";
import { ACCOUNT_USER_PASSWORD, CLIENT_ID, CLIENT_SECRET, PARTNER_USER, accountUser } from "./seed";
import { useEmulator } from "./test-harness";

// POST /oauth/token and bearer tokens, as CYCLR.md describes Cyclr's OWIN server.

const h = useEmulator();
const CLIENT = { client_id: CLIENT_ID, client_secret: CLIENT_SECRET };
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const DENIED = { Message: "Authorization has been denied for this request." };

type TokenBody = Record<string, string | number>;

describe("client credentials", () => {
  it("answers in Cyclr's exact shape and casing, uncached", async () => {
    const { status, headers, body } = await h.grant<TokenBody>({ grant_type: "client_credentials", ...CLIENT });
    expect(status).toBe(200);
    expect(headers.get("cache-control")).toBe("no-cache");
    expect(headers.get("x-content-type-options")).toBe("nosniff");
    expect(headers.get("content-type")).toMatch(/^application\/json/);
    expect(Object.keys(body)).toEqual(["access_token", "token_type", "expires_in", "clientId", ".refresh", ".issued", ".expires"]);
    expect(body).toMatchObject({ token_type: "bearer", expires_in: 1209599, clientId: CLIENT_ID, ".refresh": "False" });
    expect(body.access_token).toMatch(BASE64);
    const issued = String(body[".issued"]);
    const expires = String(body[".expires"]);
    expect(issued).toMatch(/^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT$/);
    expect(new Date(issued).toUTCString()).toBe(issued);
    expect((Date.parse(expires) - Date.parse(issued)) / 1000).toBe(1209599);
  });

  it("lets several tokens live at once", async () => {
    const first = await h.partnerToken();
    const second = await h.partnerToken();
    expect(first).not.toBe(second);
    for (const token of [first, second]) expect((await h.api("/v1.0/accounts", { token })).status).toBe(200);
    expect((await h.state()).liveAccessTokens).toBe(2);
  });

  it("accepts the client in an HTTP Basic header as OWIN does", async () => {
    const basic = Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64");
    const { status } = await h.grant({ grant_type: "client_credentials" }, { authorization: `Basic ${basic}` });
    expect(status).toBe(200);
  });

  it("restricts a scope=account:{id} token to that account", async () => {
    const token = await h.accountToken("globex");
    const own = await h.api<{ Id: number }[]>("/v1.0/account/connectors", { token });
    expect(own.status).toBe(200);
    expect(own.body.map((c) => c.Id)).toEqual([100006, 100007, 100008]);
    expect((await h.api("/v1.0/account/connectors", { token, account: "globex" })).status).toBe(200);
    // Another account, or a partner-level call: the token is not valid there.
    expect(await h.api("/v1.0/account/connectors", { token, account: "acme-corp" })).toMatchObject({ status: 401, body: DENIED });
    expect(await h.api("/v1.0/account/connectors/100001", { token })).toMatchObject({ status: 404 });
    expect(await h.api("/v1.0/accounts", { token })).toMatchObject({ status: 401, body: DENIED });
    expect((await h.api("/v1.0/accounts/globex/signintoken", { method: "POST", token, body: { Username: "u" } })).status).toBe(200);
    expect((await h.api("/v1.0/accounts/acme-corp/signintoken", { method: "POST", token, body: { Username: "u" } })).status).toBe(401);
  });
});

describe("password grants (legacy)", () => {
  it("gives the partner user a refresh token and userName", async () => {
    const { status, body } = await h.grant<TokenBody>({ grant_type: "password", client_id: CLIENT_ID, ...PARTNER_USER });
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(["access_token", "token_type", "expires_in", "refresh_token", "userName", "clientId", ".refresh", ".issued", ".expires"]);
    expect(body).toMatchObject({ token_type: "bearer", expires_in: 1209599, userName: PARTNER_USER.username, ".refresh": "True" });
    expect(body.refresh_token).toMatch(BASE64);
    expect((await h.api("/v1.0/accounts", { token: String(body.access_token) })).status).toBe(200);
  });

  it("gives an account user an account token with client_secret={AccountId}", async () => {
    const form = { grant_type: "password", client_id: CLIENT_ID, client_secret: "initech", username: accountUser("initech"), password: ACCOUNT_USER_PASSWORD };
    const { body } = await h.grant<TokenBody>(form);
    expect(body.userName).toBe("user@initech.example");
    const token = String(body.access_token);
    expect((await h.api<unknown[]>("/v1.0/account/connectors", { token })).body).toHaveLength(3);
    expect((await h.api("/v1.0/accounts", { token })).status).toBe(401);
    expect((await h.grant({ ...form, username: accountUser("globex") })).body).toEqual({ error: "invalid_grant" });
    expect((await h.grant({ ...form, client_secret: "no-such-account" })).body).toEqual({ error: "invalid_grant" });
  });

  it("rotates refresh tokens: the old access AND refresh tokens stop working at once", async () => {
    const first = (await h.grant<TokenBody>({ grant_type: "password", client_id: CLIENT_ID, ...PARTNER_USER })).body;
    const second = await h.grant<TokenBody>({ grant_type: "refresh_token", client_id: CLIENT_ID, refresh_token: String(first.refresh_token) });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ userName: PARTNER_USER.username, ".refresh": "True" });
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    expect(await h.api("/v1.0/accounts", { token: String(first.access_token) })).toMatchObject({ status: 401, body: DENIED });
    expect((await h.api("/v1.0/accounts", { token: String(second.body.access_token) })).status).toBe(200);
    const reused = await h.grant({ grant_type: "refresh_token", client_id: CLIENT_ID, refresh_token: String(first.refresh_token) });
    expect(reused).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    expect((await h.state()).tokenGrants).toEqual({ client_credentials: 0, password: 1, refresh_token: 1 });
  });

  it("keeps a refreshed account token restricted to its account", async () => {
    const form = { grant_type: "password", client_id: CLIENT_ID, client_secret: "globex", username: accountUser("globex"), password: ACCOUNT_USER_PASSWORD };
    const first = (await h.grant<TokenBody>(form)).body;
    const next = (await h.grant<TokenBody>({ grant_type: "refresh_token", client_id: CLIENT_ID, refresh_token: String(first.refresh_token) })).body;
    const token = String(next.access_token);
    expect((await h.api("/v1.0/account/connectors", { token })).status).toBe(200);
    expect((await h.api("/v1.0/accounts", { token })).status).toBe(401);
  });
});

describe("token endpoint errors", () => {
  it("answers HTTP 400 with one OAuth error code", async () => {
    const cases: [Record<string, string>, string][] = [
      [{ grant_type: "client_credentials", client_id: CLIENT_ID, client_secret: "wrong" }, "invalid_client"],
      [{ grant_type: "client_credentials", client_id: "someone-else", client_secret: CLIENT_SECRET }, "invalid_client"],
      [{ grant_type: "client_credentials" }, "invalid_client"],
      [{ grant_type: "client_credentials", ...CLIENT, scope: "account:no-such-account" }, "invalid_request"],
      [{ grant_type: "client_credentials", ...CLIENT, scope: "everything" }, "invalid_request"],
      [{ grant_type: "password", client_id: CLIENT_ID, username: PARTNER_USER.username, password: "wrong" }, "invalid_grant"],
      [{ grant_type: "password", client_id: CLIENT_ID, username: PARTNER_USER.username }, "invalid_request"],
      [{ grant_type: "password", client_id: "someone-else", ...PARTNER_USER }, "invalid_client"],
      [{ grant_type: "refresh_token", client_id: CLIENT_ID, refresh_token: "nope" }, "invalid_grant"],
      [{ grant_type: "refresh_token", client_id: CLIENT_ID }, "invalid_request"],
      [{ grant_type: "authorization_code", ...CLIENT }, "unsupported_grant_type"],
      [{ ...CLIENT }, "unsupported_grant_type"],
    ];
    for (const [form, error] of cases) {
      const reply = await h.grant(form);
      expect({ form, status: reply.status, body: reply.body }).toEqual({ form, status: 400, body: { error } });
      expect(reply.headers.get("cache-control")).toBe("no-cache");
    }
  });

  it("refuses a body that is not form-encoded", async () => {
    const response = await fetch(`${h.urls().api}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ grant_type: "client_credentials", ...CLIENT }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "invalid_request" });
  });
});

describe("bearer tokens on API calls", () => {
  it("denies missing, malformed, unknown and revoked tokens with Cyclr's 401 body", async () => {
    const token = await h.partnerToken();
    await h.control("revoke-tokens", { token });
    const attempts: Record<string, string>[] = [
      {},
      { authorization: "Bearer" },
      { authorization: "Bearer not-a-token" },
      { authorization: `Basic ${token}` },
      { authorization: `Bearer ${token}` },
    ];
    for (const headers of attempts) {
      const reply = await h.api("/v1.0/connectors", { headers });
      expect(reply).toMatchObject({ status: 401, body: DENIED });
      expect(reply.headers.get("x-content-type-options")).toBe("nosniff");
    }
  });

  it("expires tokens after the scenario's lifetime, so renewal can be tested", async () => {
    expect((await h.control("scenario", { tokenLifetimeSeconds: 1 })).status).toBe(200);
    const { body } = await h.grant<TokenBody>({ grant_type: "client_credentials", ...CLIENT });
    expect(body.expires_in).toBe(1);
    const token = String(body.access_token);
    expect((await h.api("/v1.0/accounts", { token })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await h.api("/v1.0/accounts", { token })).toMatchObject({ status: 401, body: DENIED });
    expect((await h.state()).liveAccessTokens).toBe(0);
    // null restores Cyclr's fourteen days
    await h.control("scenario", { tokenLifetimeSeconds: null });
    expect((await h.grant<TokenBody>({ grant_type: "client_credentials", ...CLIENT })).body.expires_in).toBe(1209599);
  });
});
