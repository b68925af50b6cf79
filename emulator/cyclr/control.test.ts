import { describe, expect, it } from "vitest";
import { useEmulator } from "./test-harness";

// The /__emulator/ control routes tests use: state, faults, revocation, drift, bulk seeding, reset.

const h = useEmulator();

const elapsed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
};

describe("state", () => {
  it("counts calls by method and route pattern, grants by type, and live tokens", async () => {
    const token = await h.partnerToken();
    await h.api("/v1.0/account/connectors/100001", { token, account: "acme-corp" });
    await h.api("/v1.0/account/connectors/100002", { token, account: "acme-corp" });
    await h.api("/v1.0/accounts", { token });
    await fetch(await h.consentUrl(100001, { callbackMessage: "m" }));
    const state = await h.state();
    expect(state.calls).toEqual({
      "POST /oauth/token": 2,
      "GET /v1.0/account/connectors/{id}": 2,
      "GET /v1.0/accounts": 1,
      "POST /v1.0/accounts/{id}/signintoken": 1,
      "GET /connectorauth/updateaccountconnectoroauth": 1,
    });
    expect(state.tokenGrants).toEqual({ client_credentials: 2, password: 0, refresh_token: 0 });
    expect(state.liveAccessTokens).toBe(2);
    expect(state.accounts.map((a) => a.Id)).toEqual(["acme-corp", "globex", "initech", "new-customer"]);
    expect(state.accountConnectors[0]).toEqual({ Id: 100001, AccountId: "acme-corp", Name: "Salesforce", Authenticated: false, AuthType: "OAuth2" });
    expect(state.accountConnectors.map((c) => `${c.AccountId} ${c.Id} ${c.AuthType}`)).toEqual([
      "acme-corp 100001 OAuth2",
      "acme-corp 100002 OAuth2",
      "acme-corp 100003 ApiKey",
      "acme-corp 100004 Basic",
      "acme-corp 100005 OAuth2",
      "globex 100006 OAuth2",
      "globex 100007 OAuth2",
      "globex 100008 ApiKey",
      "initech 100009 OAuth2",
      "initech 100010 ApiKey",
      "initech 100011 Basic",
    ]);
  });

  it("resets to the seed: data, counters, faults, scenario and tokens", async () => {
    const token = await h.partnerToken();
    await h.api("/v1.0/accounts", { method: "POST", token, body: { Id: "extra", Name: "Extra" } });
    await h.api("/v1.0/account/connectors/100003", { method: "PUT", token, account: "acme-corp", body: { AuthValue: "k" } });
    await h.control("faults", { path: "/v1.0/accounts", status: 503 });
    await h.control("scenario", { coop: true, tokenLifetimeSeconds: 5 });
    expect((await h.control("reset", {})).status).toBe(200);
    const state = await h.state();
    expect(state.calls).toEqual({});
    expect(state.tokenGrants).toEqual({ client_credentials: 0, password: 0, refresh_token: 0 });
    expect(state.liveAccessTokens).toBe(0);
    expect(state.accounts).toHaveLength(4);
    expect(state.accountConnectors.every((c) => !c.Authenticated)).toBe(true);
    expect((await h.api("/v1.0/accounts", { token })).status).toBe(401);
    const fresh = await h.grant<{ access_token: string; expires_in: number }>({
      grant_type: "client_credentials",
      client_id: "switchboard-local",
      client_secret: "switchboard-local-secret",
    });
    expect(fresh.body.expires_in).toBe(1209599);
    expect((await h.api("/v1.0/accounts", { token: fresh.body.access_token })).status).toBe(200);
  });
});

describe("faults", () => {
  it("answers a status a number of times, and still counts the calls", async () => {
    await h.control("faults", { path: "/oauth/token", status: 503, times: 2 });
    const form = { grant_type: "client_credentials", client_id: "switchboard-local", client_secret: "switchboard-local-secret" };
    const first = await h.grant(form);
    expect(first).toMatchObject({ status: 503, body: { Message: "An error has occurred." } });
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    expect((await h.grant(form)).status).toBe(503);
    expect((await h.grant(form)).status).toBe(200);
    const state = await h.state();
    expect(state.calls["POST /oauth/token"]).toBe(3);
    expect(state.tokenGrants.client_credentials).toBe(1);
  });

  it("lasts until cleared when times is absent", async () => {
    const token = await h.partnerToken();
    await h.control("faults", { method: "GET", path: "/v1.0/accounts", status: 500, body: { Message: "boom" } });
    for (let i = 0; i < 3; i++) expect(await h.api("/v1.0/accounts", { token })).toMatchObject({ status: 500, body: { Message: "boom" } });
    expect((await h.control("faults", undefined, "DELETE")).status).toBe(200);
    expect((await h.api("/v1.0/accounts", { token })).status).toBe(200);
  });

  it("matches {id} patterns, methods and X-Cyclr-Account", async () => {
    const token = await h.partnerToken();
    await h.control("faults", { method: "GET", path: "/v1.0/account/connectors/{id}", account: "globex", status: 429 });
    expect((await h.api("/v1.0/account/connectors/100006", { token, account: "globex" })).status).toBe(429);
    expect((await h.api("/v1.0/account/connectors/100001", { token, account: "acme-corp" })).status).toBe(200);
    expect((await h.api("/v1.0/account/connectors/100006", { method: "PUT", token, account: "globex", body: { Name: "x" } })).status).toBe(200);
    await h.control("faults", { path: "/v1.0/accounts/globex", status: 404, body: { Message: "gone" }, times: 1 });
    expect(await h.api("/v1.0/accounts/globex", { token })).toMatchObject({ status: 404, body: { Message: "gone" } });
    expect((await h.api("/v1.0/accounts/initech", { token })).status).toBe(200);
  });

  it("delays by latencyMs, then answers normally when no status is set", async () => {
    const token = await h.partnerToken();
    await h.control("faults", { path: "/v1.0/accounts", latencyMs: 300, times: 1 });
    const [slow, slowMs] = await elapsed(() => h.api("/v1.0/accounts", { token }));
    expect(slow.status).toBe(200);
    expect(slowMs).toBeGreaterThanOrEqual(290);
    const [, fastMs] = await elapsed(() => h.api("/v1.0/accounts", { token }));
    expect(fastMs).toBeLessThan(250);
    await h.control("faults", { path: "/v1.0/accounts", latencyMs: 200, status: 504, times: 1 });
    const [timedOut, timedOutMs] = await elapsed(() => h.api("/v1.0/accounts", { token }));
    expect(timedOut.status).toBe(504);
    expect(timedOutMs).toBeGreaterThanOrEqual(190);
  });

  it("holds a request until the test releases it, then answers it normally", async () => {
    const token = await h.partnerToken();
    await h.control("faults", { path: "/v1.0/accounts", hold: true, times: 1 });
    let settled = false;
    const held = h.api("/v1.0/accounts", { token }).finally(() => (settled = true));
    // The held request has arrived (it is counted) but has no answer while others do.
    await expect.poll(async () => (await h.state()).calls["GET /v1.0/accounts"]).toBe(1);
    expect((await h.api("/v1.0/accounts", { token })).status).toBe(200);
    expect(settled).toBe(false);
    expect((await h.control("release", {})).body).toEqual({ released: 1 });
    expect((await held).status).toBe(200);
  });

  it("applies to the Service Domain page too", async () => {
    await h.control("faults", { path: "/connectorauth/updateaccountconnectoroauth", status: 502, times: 1 });
    expect((await fetch(await h.consentUrl(100001, { callbackMessage: "m" }))).status).toBe(502);
  });

  it("refuses a malformed fault with a Message", async () => {
    const reply = await h.control<{ Message: string }>("faults", { status: 503 });
    expect(reply.status).toBe(400);
    expect(reply.body.Message).toContain("path");
  });
});

describe("tokens and drift", () => {
  it("revokes one access token with its refresh token, or all of them", async () => {
    const keep = await h.partnerToken();
    const password = (
      await h.grant<{ access_token: string; refresh_token: string }>({
        grant_type: "password",
        client_id: "switchboard-local",
        username: "partner@example.com",
        password: "partner-password",
      })
    ).body;
    await h.control("revoke-tokens", { token: password.access_token });
    expect((await h.api("/v1.0/accounts", { token: password.access_token })).status).toBe(401);
    expect((await h.grant({ grant_type: "refresh_token", client_id: "switchboard-local", refresh_token: password.refresh_token })).body).toEqual({
      error: "invalid_grant",
    });
    expect((await h.api("/v1.0/accounts", { token: keep })).status).toBe(200);
    await h.control("revoke-tokens", {});
    expect((await h.api("/v1.0/accounts", { token: keep })).status).toBe(401);
    expect((await h.state()).liveAccessTokens).toBe(0);
  });

  it("sets Authenticated directly, for drift tests", async () => {
    const reply = await h.control("accounts/globex/connectors/100006/authenticated", { authenticated: true });
    expect(reply).toMatchObject({ status: 200, body: { Id: 100006, Authenticated: true } });
    const token = await h.partnerToken();
    expect((await h.api("/v1.0/account/connectors/100006", { token, account: "globex" })).body).toMatchObject({ Authenticated: true });
    expect((await h.control("accounts/acme-corp/connectors/100006/authenticated", { authenticated: true })).status).toBe(404);
    expect((await h.control("accounts/globex/connectors/100006/authenticated", {})).status).toBe(400);
  });

  it("lists every token it issued since the last reset, for leak checks", async () => {
    const token = await h.partnerToken();
    const signIn = await h.signInToken("acme-corp");
    const password = await h.grant({ grant_type: "password", client_id: "switchboard-local", username: "partner@example.com", password: "partner-password" });
    const issued = (await h.control<{ access: string[]; refresh: string[]; signIn: string[] }>("issued-tokens")).body;
    expect(issued.access).toContain(token);
    expect(issued.signIn).toEqual([signIn]);
    expect(issued.refresh).toEqual([(password.body as { refresh_token: string }).refresh_token]);
    await h.control("reset", {});
    expect((await h.control("issued-tokens")).body).toEqual({ access: [], refresh: [], signIn: [] });
  });

  it("leaves control calls out of the counts", async () => {
    await h.control("state");
    await h.control("faults", undefined, "DELETE");
    expect((await h.state()).calls).toEqual({});
  });
});

describe("bulk accounts", () => {
  it("creates 10,000 accounts with connectors in well under a few seconds", async () => {
    const [reply, ms] = await elapsed(() =>
      h.control<{ accounts: number; accountConnectors: number }>("seed-accounts", { count: 10_000, connectorsPerAccount: 5 }),
    );
    expect(reply.body).toEqual({ accounts: 10_004, accountConnectors: 50_011 });
    expect(ms).toBeLessThan(3000);
    const token = await h.partnerToken();
    const page = await h.api<{ Id: string }[]>("/v1.0/accounts?page=2&pageSize=4", { token });
    expect(page.body.map((a) => a.Id)).toEqual(["bulk-000001", "bulk-000002", "bulk-000003", "bulk-000004"]);
    const connectors = await h.api<{ Id: number; Connector: { Name: string } }[]>("/v1.0/account/connectors", { token, account: "bulk-010000" });
    expect(connectors.body).toHaveLength(5);
    expect(connectors.body.every((c) => !c.Connector.Name.includes("<"))).toBe(true);
    // A second batch continues the numbering.
    await h.control("seed-accounts", { count: 1 });
    expect((await h.api("/v1.0/accounts/bulk-010001", { token })).status).toBe(200);
  });
});
