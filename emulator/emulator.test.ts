import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "./index";
import { CLIENT_ID, CLIENT_SECRET, INJECTION_NAME, PARTNER_USER } from "./seed";

// The emulator must be as strict as CYCLR.md says Cyclr is: these pin its behaviour.

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ apiPort: 0, servicePort: 0 });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.state.reset());

async function grant(form: Record<string, string>) {
  const response = await fetch(`${emulator.apiUrl}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, string> };
}

const partnerToken = async () => (await grant({ grant_type: "client_credentials", client_id: CLIENT_ID, client_secret: CLIENT_SECRET })).body.access_token!;

async function api(path: string, init: { method?: string; token?: string; account?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.account) headers["x-cyclr-account"] = init.account;
  const response = await fetch(`${emulator.apiUrl}${path}`, { method: init.method ?? "GET", headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as unknown) : null };
}

async function consentUrl(accountConnectorId: number, extra: Record<string, string> = {}) {
  const token = await partnerToken();
  const signIn = (await api("/v1.0/accounts/acme-corp/signintoken", { method: "POST", token, body: { Username: "host:u1" } })).body as { Token: string };
  const query = Object.entries({ id: String(accountConnectorId), token: signIn.Token, targetOrigin: "http://localhost:3000", ...extra })
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join("&");
  return `${emulator.serviceUrl}/connectorauth/updateaccountconnectoroauth?${query}`;
}

async function decide(pageUrl: string, decision: "approve" | "deny") {
  const page = await fetch(pageUrl);
  const html = await page.text();
  const consent = /name="consent" value="([^"]+)"/.exec(html)?.[1];
  expect(consent).toBeTruthy();
  return fetch(`${emulator.serviceUrl}/connectorauth/consent`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ consent: consent!, decision }),
    redirect: "manual",
  });
}

describe("/oauth/token", () => {
  it("issues client-credentials tokens in Cyclr's shape", async () => {
    const { status, headers, body } = await grant({ grant_type: "client_credentials", client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
    expect(status).toBe(200);
    expect(headers.get("cache-control")).toBe("no-cache");
    expect(headers.get("x-content-type-options")).toBe("nosniff");
    expect(Object.keys(body).sort()).toEqual([".expires", ".issued", ".refresh", "access_token", "clientId", "expires_in", "token_type"]);
    expect(body).toMatchObject({ token_type: "bearer", expires_in: 1209599, ".refresh": "False" });
    expect(new Date(body[".issued"]!).toUTCString()).toBe(body[".issued"]);
  });

  it("answers errors with 400 and an OAuth error code", async () => {
    expect(await grant({ grant_type: "client_credentials", client_id: CLIENT_ID, client_secret: "no" })).toMatchObject({ status: 400, body: { error: "invalid_client" } });
    expect(await grant({ grant_type: "magic" })).toMatchObject({ status: 400, body: { error: "unsupported_grant_type" } });
    expect(await grant({ grant_type: "password", client_id: CLIENT_ID, username: PARTNER_USER.username, password: "no" })).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    expect(await grant({ grant_type: "refresh_token", client_id: CLIENT_ID, refresh_token: "nope" })).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  });

  it("rotates refresh tokens: the old access and refresh tokens stop working at once", async () => {
    const first = (await grant({ grant_type: "password", client_id: CLIENT_ID, ...PARTNER_USER })).body;
    expect(first).toMatchObject({ userName: PARTNER_USER.username, ".refresh": "True" });
    const second = (await grant({ grant_type: "refresh_token", client_id: CLIENT_ID, refresh_token: first.refresh_token! })).body;
    expect(second.access_token).toBeTruthy();
    expect((await api("/v1.0/accounts", { token: first.access_token })).status).toBe(401);
    expect((await api("/v1.0/accounts", { token: second.access_token })).status).toBe(200);
    expect((await grant({ grant_type: "refresh_token", client_id: CLIENT_ID, refresh_token: first.refresh_token! })).body.error).toBe("invalid_grant");
  });

  it("restricts scope=account:{id} tokens to that account", async () => {
    const token = (await grant({ grant_type: "client_credentials", client_id: CLIENT_ID, client_secret: CLIENT_SECRET, scope: "account:globex" })).body.access_token!;
    expect((await api("/v1.0/account/connectors", { token })).status).toBe(200);
    expect((await api("/v1.0/account/connectors", { token, account: "acme-corp" })).status).toBe(401);
    expect((await api("/v1.0/accounts", { token })).status).toBe(401);
  });
});

describe("REST API", () => {
  it("denies missing and bad tokens with Cyclr's message", async () => {
    for (const token of [undefined, "bad"]) {
      const response = await api("/v1.0/accounts", { token });
      expect(response).toMatchObject({ status: 401, body: { Message: "Authorization has been denied for this request." } });
    }
  });

  it("lists accounts as bare, paged arrays and creates them with Cyclr's errors", async () => {
    const token = await partnerToken();
    const page = await api("/v1.0/accounts?page=2&pageSize=1", { token });
    expect(page.body).toEqual([expect.objectContaining({ Id: "globex", Name: "Globex" })]);
    expect((await api("/v1.0/accounts", { method: "POST", token, body: { Id: "acme-corp", Name: "Again" } })).body).toEqual({ Message: "ID already in use" });
    const noName = await api("/v1.0/accounts", { method: "POST", token, body: {} });
    expect(noName.status).toBe(400);
    expect((noName.body as { Message: string }).Message).toContain("Name is required");
    expect((await api("/v1.0/accounts/nope", { token })).status).toBe(404);
  });

  it("mints single-use sign-in tokens containing + / = with seven fractional digits", async () => {
    const token = await partnerToken();
    const { body } = await api("/v1.0/accounts/acme-corp/signintoken", { method: "POST", token, body: { Username: "host:u1" } });
    const signIn = body as { Token: string; ExpiresAtUtc: string };
    expect(signIn.Token).toMatch(/\+/);
    expect(signIn.Token).toMatch(/\//);
    expect(signIn.Token).toMatch(/=$/);
    expect(signIn.ExpiresAtUtc).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
    const legacy = await api("/v1.0/accounts/tokens", { method: "POST", token, account: "acme-corp" });
    expect(legacy.status).toBe(200);
  });

  it("authenticates ApiKey and Basic connectors with AuthValue and deauthenticates them", async () => {
    const token = await partnerToken();
    const mailchimp = emulator.state.snapshot().accountConnectors.find((c) => c.AccountId === "acme-corp" && c.AuthType === "ApiKey")!;
    const jira = emulator.state.snapshot().accountConnectors.find((c) => c.AccountId === "acme-corp" && c.AuthType === "Basic")!;
    const refused = await api(`/v1.0/account/connectors/${mailchimp.Id}`, { method: "PUT", token, account: "acme-corp", body: { AuthValue: "invalid" } });
    expect(refused.status).toBe(400);
    const ok = await api(`/v1.0/account/connectors/${mailchimp.Id}`, { method: "PUT", token, account: "acme-corp", body: { AuthValue: "key-1" } });
    expect(ok.body).toMatchObject({ Id: mailchimp.Id, Authenticated: true, AuthValue: null, Connector: { AuthType: "ApiKey" }, Properties: [], CustomFields: [] });
    const badBasic = await api(`/v1.0/account/connectors/${jira.Id}`, { method: "PUT", token, account: "acme-corp", body: { AuthValue: "not base64!" } });
    expect(badBasic.status).toBe(400);
    const basic = await api(`/v1.0/account/connectors/${jira.Id}`, { method: "PUT", token, account: "acme-corp", body: { AuthValue: Buffer.from("ann:pw").toString("base64") } });
    expect(basic.body).toMatchObject({ Authenticated: true });
    const deauth = await api(`/v1.0/account/connectors/${mailchimp.Id}/deauthenticate`, { method: "PUT", token, account: "acme-corp" });
    expect(deauth.body).toEqual({ Message: `Connector '${mailchimp.Name}' successfully de-authenticated.` });
    expect((await api(`/v1.0/account/connectors/${mailchimp.Id}`, { token, account: "globex" })).status).toBe(404);
  });

  it("installs catalogue connectors into an account", async () => {
    const token = await partnerToken();
    const catalogue = (await api("/v1.0/connectors?query=stripe", { token })).body as { Id: number; Name: string }[];
    expect(catalogue.map((c) => c.Name)).toEqual(["Stripe"]);
    const installed = await api(`/v1.0/connectors/${catalogue[0]!.Id}/install`, { method: "POST", token, account: "acme-corp", body: { Name: "Billing" } });
    expect(installed.body).toMatchObject({ Name: "Billing", Authenticated: false, Connector: { Name: "Stripe" } });
  });
});

describe("faults and counters", () => {
  it("injects statuses a number of times, and counts every call", async () => {
    await fetch(`${emulator.apiUrl}/__emulator/faults`, { method: "POST", body: JSON.stringify({ path: "/oauth/token", status: 503, times: 1 }) });
    expect((await grant({ grant_type: "client_credentials", client_id: CLIENT_ID, client_secret: CLIENT_SECRET })).status).toBe(503);
    expect((await grant({ grant_type: "client_credentials", client_id: CLIENT_ID, client_secret: CLIENT_SECRET })).status).toBe(200);
    const state = (await (await fetch(`${emulator.apiUrl}/__emulator/state`)).json()) as { calls: Record<string, number> };
    expect(state.calls["POST /oauth/token"]).toBe(2);
  });

  it("revokes tokens on demand", async () => {
    const token = await partnerToken();
    await fetch(`${emulator.apiUrl}/__emulator/revoke-tokens`, { method: "POST", body: "{}" });
    expect((await api("/v1.0/accounts", { token })).status).toBe(401);
  });
});

describe("the consent page", () => {
  it("accepts a sign-in token once and escapes the connector name", async () => {
    const evil = emulator.state.snapshot().accountConnectors.find((c) => c.Name === INJECTION_NAME)!;
    const url = await consentUrl(evil.Id, { callbackMessage: "m" });
    const first = await fetch(url);
    expect(first.status).toBe(200);
    const html = await first.text();
    expect(html).toContain("Authorize &lt;img src=x onerror=&quot;alert(&#39;xss&#39;)&quot;&gt;Evil CRM");
    expect(html).not.toContain("<img src=x");
    const second = await fetch(url);
    expect(second.status).toBe(403);
    expect(await second.text()).toContain("403 – Forbidden: Access is denied.");
  });

  it("refuses a token for another account's connector", async () => {
    const globexConnector = emulator.state.snapshot().accountConnectors.find((c) => c.AccountId === "globex")!;
    expect((await fetch(await consentUrl(globexConnector.Id, { callbackMessage: "m" }))).status).toBe(403);
  });

  it("approve authenticates and posts the callback message to the exact target origin", async () => {
    const salesforce = emulator.state.snapshot().accountConnectors.find((c) => c.AccountId === "acme-corp" && c.Name === "Salesforce")!;
    const response = await decide(await consentUrl(salesforce.Id, { callbackMessage: "switchboard:abc</script>" }), "approve");
    const html = await response.text();
    expect(html).toContain('postMessage("switchboard:abc\\u003c/script>","http://localhost:3000")');
    expect(html).not.toContain("'*'");
    expect(emulator.state.accountConnectors.get(salesforce.Id)!.Authenticated).toBe(true);
  });

  it("deny posts nothing and leaves the connector unauthenticated", async () => {
    const salesforce = emulator.state.snapshot().accountConnectors.find((c) => c.AccountId === "acme-corp" && c.Name === "Salesforce")!;
    const html = await (await decide(await consentUrl(salesforce.Id, { callbackMessage: "m" }), "deny")).text();
    expect(html).not.toContain("postMessage");
    expect(emulator.state.accountConnectors.get(salesforce.Id)!.Authenticated).toBe(false);
  });

  it("redirects to targetOrigin when there is no callbackMessage", async () => {
    const salesforce = emulator.state.snapshot().accountConnectors.find((c) => c.AccountId === "acme-corp" && c.Name === "Salesforce")!;
    const target = "http://localhost:3000/connect/return?attempt=a&nonce=b";
    const response = await decide(await consentUrl(salesforce.Id, { targetOrigin: target }), "approve");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(target);
  });

  it("serves Cross-Origin-Opener-Policy in the COOP scenario", async () => {
    const salesforce = emulator.state.snapshot().accountConnectors.find((c) => c.AccountId === "acme-corp" && c.Name === "Salesforce")!;
    expect((await fetch(await consentUrl(salesforce.Id, { callbackMessage: "m" }))).headers.get("cross-origin-opener-policy")).toBeNull();
    await fetch(`${emulator.apiUrl}/__emulator/scenario`, { method: "POST", body: JSON.stringify({ coop: true }) });
    expect((await fetch(await consentUrl(salesforce.Id, { callbackMessage: "m" }))).headers.get("cross-origin-opener-policy")).toBe("same-origin");
  });
});
