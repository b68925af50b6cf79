import { beforeEach, describe, expect, it } from "vitest";
import { emulatorCall, resetEmulator, truncateAll } from "@/testing/db";
import { CyclrClient, cyclr, resetCyclrClient } from "./client";
import type { ProviderError } from "@/lib/providers/errors";
import { TokenManager, type TokenConfig } from "./token-manager";
import { buildConnectorAuthUrl } from "./urls";

// Integration: the client against the emulator over HTTP, tokens cached in real PostgreSQL.

type State = { calls: Record<string, number> };
const calls = async (name: string) => (await emulatorCall<State>("state")).calls[name] ?? 0;
const api = () => process.env.CYCLR_API_URL!;
const service = () => process.env.CYCLR_SERVICE_URL!;
const fault = (body: Record<string, unknown>) => emulatorCall("faults", { body });
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error as ProviderError,
  );

function client(timeoutMs = 5000): CyclrClient {
  const config: TokenConfig = {
    apiUrl: api(),
    flow: "client_credentials",
    clientId: "switchboard-local",
    clientSecret: "switchboard-local-secret",
    timeoutMs: 5000,
  };
  return new CyclrClient({ apiUrl: api(), timeoutMs }, new TokenManager(config));
}

async function connectorNamed(c: CyclrClient, accountId: string, name: string) {
  const found = (await c.listAllAccountConnectors(accountId)).find((connector) => connector.name === name);
  if (!found) throw new Error(`no ${name} in ${accountId}`);
  return found;
}

beforeEach(async () => {
  await truncateAll();
  await resetEmulator();
});

describe("Cyclr client: reads", () => {
  it("reads accounts and the catalogue in the app's shape", async () => {
    const c = client();
    expect(await c.getAccount("acme-corp")).toEqual({ id: "acme-corp", name: "Acme Corp", description: null, timezone: "UTC" });
    const accounts = await c.listAccounts({ page: 1, pageSize: 2 });
    expect(accounts.map((a) => a.id)).toEqual(["acme-corp", "globex"]);
    expect((await c.listAccounts({ page: 2, pageSize: 2 })).map((a) => a.id)).toEqual(["initech", "new-customer"]);
    expect(await c.listAccounts({ page: 3, pageSize: 2 })).toEqual([]);
    const sales = await c.listConnectors({ query: "sales" });
    expect(sales).toEqual([
      expect.objectContaining({ id: "5001", name: "Salesforce", authType: "OAuth2", categories: ["CRM"], icon: expect.stringMatching(/^data:image\//) }),
    ]);
  });

  it("follows pages of account connectors until a short page", async () => {
    const c = client();
    const all = await c.listAllAccountConnectors("acme-corp");
    expect(all).toHaveLength(5);
    expect(all[0]).toMatchObject({ id: expect.any(String), authenticated: false, connector: { authType: expect.any(String) } });
    expect(all[0]).not.toHaveProperty("authValue");
    const before = await calls("GET /v1.0/account/connectors");
    expect((await c.listAllAccountConnectors("acme-corp", 2)).map((x) => x.id)).toEqual(all.map((x) => x.id));
    expect((await calls("GET /v1.0/account/connectors")) - before).toBe(3); // 2 + 2 + 1
    expect(await c.listAllAccountConnectors("acme-corp", 5)).toHaveLength(5); // 5, then an empty page
  });

  it("reads one account connector with X-Cyclr-Account", async () => {
    const c = client();
    const salesforce = await connectorNamed(c, "acme-corp", "Salesforce");
    expect(await c.getAccountConnector("acme-corp", salesforce.id)).toEqual(salesforce);
    // Another account's connector is not found through this account.
    expect(await failure(c.getAccountConnector("globex", salesforce.id))).toMatchObject({
      code: "not_found",
      status: 404,
      message: "Cyclr: Account Connector not found.",
    });
  });

  it("maps a 404 to not_found with Cyclr's message", async () => {
    expect(await failure(client().getAccount("no-such-account"))).toMatchObject({ code: "not_found", status: 404, message: "Cyclr: Account not found." });
  });

  it("the singleton reaches the Cyclr the settings name, with their client credentials, and keeps its token", async () => {
    resetCyclrClient();
    const grants = async () => (await emulatorCall<{ tokenGrants: Record<string, number> }>("state")).tokenGrants;
    expect((await cyclr().getAccount("globex")).name).toBe("Globex");
    expect((await cyclr().getAccount("initech")).name).toBe("Initech");
    expect(await calls("GET /v1.0/accounts/{id}")).toBe(2);
    // One client-credentials grant for both calls (CYCLR_AUTH_FLOW's default), none of another kind.
    expect(await grants()).toEqual({ client_credentials: 1, password: 0, refresh_token: 0 });
    resetCyclrClient();
  });
});

describe("Cyclr client: writes", () => {
  it("authenticates an ApiKey connector with AuthValue, and de-authenticates it", async () => {
    const c = client();
    const mailchimp = await connectorNamed(c, "acme-corp", "Mailchimp");
    expect((await c.setAuthValue("acme-corp", mailchimp.id, "key-123")).authenticated).toBe(true);
    expect((await c.getAccountConnector("acme-corp", mailchimp.id)).authenticated).toBe(true);
    expect(await c.deauthenticate("acme-corp", mailchimp.id)).toEqual({ message: "Connector 'Mailchimp' successfully de-authenticated." });
    expect((await c.getAccountConnector("acme-corp", mailchimp.id)).authenticated).toBe(false);
  });

  it("shows Cyclr's reason for a 400, and does not retry it", async () => {
    const c = client();
    const mailchimp = await connectorNamed(c, "acme-corp", "Mailchimp");
    expect(await failure(c.setAuthValue("acme-corp", mailchimp.id, "invalid"))).toMatchObject({
      code: "bad_request",
      status: 400,
      message: "Cyclr: The API key was rejected by the connector.",
    });
    expect(await calls("PUT /v1.0/account/connectors/{id}")).toBe(1);
  });

  it("creates sign-in tokens, making one token request for 20 concurrent callers", async () => {
    await fault({ path: "/oauth/token", latencyMs: 300, times: 1 });
    const c = client();
    const signIns = await Promise.all(Array.from({ length: 20 }, (_, i) => c.createSignInToken("acme-corp", `host:user-${i}`)));
    expect(new Set(signIns.map((s) => s.token)).size).toBe(20);
    for (const signIn of signIns) {
      expect(signIn.expiresAt).toBeInstanceOf(Date);
      expect(Math.abs(signIn.expiresAt.getTime() - (Date.now() + 5 * 60_000))).toBeLessThan(30_000);
    }
    expect(await calls("POST /oauth/token")).toBe(1);
    expect(await calls("POST /v1.0/accounts/{id}/signintoken")).toBe(20);
  });
});

describe("Cyclr client: the connector auth URL", () => {
  it("carries a sign-in token with + / = and a callbackMessage to Cyclr's page intact", async () => {
    const c = client();
    const salesforce = await connectorNamed(c, "acme-corp", "Salesforce");
    const signIn = await c.createSignInToken("acme-corp", "host:user-1");
    expect(signIn.token).toMatch(/[+/=]/);
    const url = buildConnectorAuthUrl({
      serviceUrl: service(),
      accountConnectorId: salesforce.id,
      signInToken: signIn.token,
      targetOrigin: "http://localhost:3000",
      callbackMessage: "switchboard connected & done #1 ✓",
    });
    const page = await fetch(url);
    const html = await page.text();
    expect(page.status).toBe(200); // a mangled token would get the 403 page
    const consent = /name="consent" value="([^"]+)"/.exec(html)?.[1];
    const approved = await fetch(`${service()}/connectorauth/consent`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ consent: consent!, decision: "approve" }),
    });
    expect(await approved.text()).toContain(JSON.stringify("switchboard connected & done #1 ✓"));
    expect((await c.getAccountConnector("acme-corp", salesforce.id)).authenticated).toBe(true);
    expect((await fetch(url)).status).toBe(403); // one use only
  });

  it("returns the browser to a targetOrigin URL with its own query intact (redirect flow)", async () => {
    const c = client();
    const hubspot = await connectorNamed(c, "acme-corp", "HubSpot");
    const signIn = await c.createSignInToken("acme-corp", "host:user-2");
    const target = `http://localhost:3000/connect/return?${new URLSearchParams({ attempt: "a b+c", nonce: "n/=" })}`;
    const page = await fetch(buildConnectorAuthUrl({ serviceUrl: service(), accountConnectorId: hubspot.id, signInToken: signIn.token, targetOrigin: target }));
    const consent = /name="consent" value="([^"]+)"/.exec(await page.text())?.[1];
    const approved = await fetch(`${service()}/connectorauth/consent`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ consent: consent!, decision: "approve" }),
      redirect: "manual",
    });
    expect(approved.status).toBe(302);
    expect(approved.headers.get("location")).toBe(target);
  });
});

describe("Cyclr client: failures", () => {
  it("retries a GET through 503s and succeeds", async () => {
    await fault({ method: "GET", path: "/v1.0/accounts/{id}", status: 503, times: 2 });
    expect((await client().getAccount("acme-corp")).id).toBe("acme-corp");
    expect(await calls("GET /v1.0/accounts/{id}")).toBe(3);
  });

  it("gives up on a GET after three 503s with a clear message", async () => {
    await fault({ method: "GET", path: "/v1.0/accounts/{id}", status: 503 });
    const error = await failure(client().getAccount("acme-corp"));
    expect(error).toMatchObject({ code: "unavailable", status: 503, message: "Cyclr is not available right now (HTTP 503). Try again in a moment." });
    expect(await calls("GET /v1.0/accounts/{id}")).toBe(3);
  });

  it("never repeats a sign-in token request", async () => {
    await fault({ method: "POST", path: "/v1.0/accounts/{id}/signintoken", status: 503, times: 1 });
    expect(await failure(client().createSignInToken("acme-corp", "host:user-1"))).toMatchObject({ code: "unavailable" });
    expect(await calls("POST /v1.0/accounts/{id}/signintoken")).toBe(1);
  });

  it("times out a slow call on every attempt", async () => {
    await fault({ method: "GET", path: "/v1.0/accounts/{id}", latencyMs: 600 });
    expect(await failure(client(200).getAccount("acme-corp"))).toMatchObject({ code: "timeout" });
    expect(await calls("GET /v1.0/accounts/{id}")).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 700)); // let the abandoned requests finish before the next reset
  });

  it("retries a 401 once with a new token, then reports it", async () => {
    const c = client();
    await c.getAccount("acme-corp");
    await fault({ method: "GET", path: "/v1.0/accounts/{id}", status: 401, body: { Message: "Authorization has been denied for this request." } });
    expect(await failure(c.getAccount("acme-corp"))).toMatchObject({ code: "unauthorized", status: 401 });
    expect(await calls("GET /v1.0/accounts/{id}")).toBe(3);
    expect(await calls("POST /oauth/token")).toBe(2);
  });

  it("refuses a success body it does not understand", async () => {
    await fault({ method: "GET", path: "/v1.0/accounts/{id}", status: 200, body: { id: "acme-corp" } });
    expect(await failure(client().getAccount("acme-corp"))).toMatchObject({
      code: "invalid_response",
      message: "Cyclr sent account data Switchboard does not understand.",
    });
  });

  it("reports a forbidden answer without leaking anything", async () => {
    await fault({
      method: "GET",
      path: "/v1.0/account/connectors/{id}",
      status: 403,
      body: { Message: "Denied for token QUJDREVGR0hJSktMTU5PUFFSU1RVVldY+/==" },
    });
    const error = await failure(client().getAccountConnector("acme-corp", "100001"));
    expect(error).toMatchObject({ code: "forbidden", message: "Cyclr: Denied for token [redacted]" });
  });
});
