import { describe, expect, it } from "vitest";
import { INJECTION_NAME } from "./seed";
import { useEmulator } from "./test-harness";

// The connector catalogue, installing, and account connectors (ApiKey and Basic authenticate
// through AuthValue; OAuth2 through the Service Domain page).

const h = useEmulator();

type Entry = { Id: number; Name: string; Status: string; Version: string; AuthType: string; Icon: string; Categories: string[] };
type AccountConnector = {
  Id: number;
  Name: string;
  Description: string | null;
  AuthValue: unknown;
  Authenticated: boolean;
  Connector: Entry;
  Properties: unknown[];
  CustomFields: unknown[];
};

const basic = (value: string) => Buffer.from(value).toString("base64");

describe("catalogue", () => {
  it("lists OAuth2, ApiKey and Basic connectors with data: icons, including the injection name", async () => {
    const token = await h.partnerToken();
    const { status, body } = await h.api<Entry[]>("/v1.0/connectors", { token });
    expect(status).toBe(200);
    expect(Object.keys(body[0]!)).toEqual(["Id", "Name", "Description", "Status", "Version", "Icon", "AuthType", "OAuth2Type", "AuthScheme", "Categories"]);
    expect(new Set(body.map((c) => c.AuthType))).toEqual(new Set(["OAuth2", "ApiKey", "Basic"]));
    for (const entry of body) expect(entry.Icon).toMatch(/^data:image\/svg\+xml;base64,[A-Za-z0-9+/]+=*$/);
    expect(body.map((c) => c.Name)).toContain(INJECTION_NAME);
  });

  it("filters by query and pages", async () => {
    const token = await h.partnerToken();
    expect((await h.api<Entry[]>("/v1.0/connectors?query=SHEETS", { token })).body.map((c) => c.Name)).toEqual(["Google Sheets"]);
    expect((await h.api<Entry[]>("/v1.0/connectors?page=2&pageSize=3", { token })).body.map((c) => c.Name)).toEqual(["Mailchimp", "Stripe", "Jira"]);
    expect((await h.api<Entry[]>("/v1.0/connectors?query=nothing-like-this", { token })).body).toEqual([]);
    expect((await h.api("/v1.0/connectors")).status).toBe(401);
  });
});

describe("catalogue size and releases", () => {
  const all = async (token: string) => (await h.api<Entry[]>("/v1.0/connectors?pageSize=1000", { token })).body;

  it("keeps the seven seed connectors first, exactly as they were", async () => {
    const token = await h.partnerToken();
    const first = (await all(token))
      .slice(0, 7)
      .map(({ Id, Name, AuthType, Categories, Status, Version }) => ({ Id, Name, AuthType, Categories, Status, Version }));
    const released = { Status: "Approved", Version: "1.0" };
    expect(first).toEqual([
      { Id: 5001, Name: "Salesforce", AuthType: "OAuth2", Categories: ["CRM"], ...released },
      { Id: 5002, Name: "HubSpot", AuthType: "OAuth2", Categories: ["CRM", "Marketing"], ...released },
      { Id: 5003, Name: "Google Sheets", AuthType: "OAuth2", Categories: ["Productivity"], ...released },
      { Id: 5004, Name: "Mailchimp", AuthType: "ApiKey", Categories: ["Marketing"], ...released },
      { Id: 5005, Name: "Stripe", AuthType: "ApiKey", Categories: ["Payments"], ...released },
      { Id: 5006, Name: "Jira", AuthType: "Basic", Categories: ["Project management"], ...released },
      { Id: 5007, Name: INJECTION_NAME, AuthType: "OAuth2", Categories: ["CRM"], ...released },
    ]);
  });

  it("lists one Draft connector among 120, with fixed ids and unique names", async () => {
    const token = await h.partnerToken();
    const entries = await all(token);
    expect(entries).toHaveLength(120);
    expect(entries.map((c) => c.Id)).toEqual([5001, 5002, 5003, 5004, 5005, 5006, 5007, 5008, ...Array.from({ length: 112 }, (_, i) => 5101 + i)]);
    expect(new Set(entries.map((c) => c.Name.toLowerCase())).size).toBe(120);
    const drafts = entries.filter((c) => c.Status !== "Approved");
    expect(drafts).toEqual([expect.objectContaining({ Id: 5008, Name: "Zendesk (beta)", Status: "Draft", AuthType: "OAuth2", Categories: ["Support"] })]);
    expect((await h.api<Entry[]>("/v1.0/connectors?query=zendesk", { token })).body.map((c) => [c.Id, c.Status])).toEqual([[5008, "Draft"]]);
    expect(new Set(entries.map((c) => c.AuthType))).toEqual(new Set(["OAuth2", "ApiKey", "Basic"]));
    const categories = new Set(entries.flatMap((c) => c.Categories));
    for (const category of ["CRM", "Marketing", "Support", "Payments", "Productivity", "Project management", "Accounting", "HR"]) {
      expect(categories, category).toContain(category);
    }
    for (const entry of entries) expect(entry.Icon).toMatch(/^data:image\/svg\+xml;base64,[A-Za-z0-9+/]+=*$/);
  });

  it("needs three pages at the default 50 and two at 100, 1-based", async () => {
    const token = await h.partnerToken();
    const sizes = async (query: string) => {
      const found: number[] = [];
      for (let page = 1; page <= 4; page++) found.push((await h.api<Entry[]>(`/v1.0/connectors?page=${page}${query}`, { token })).body.length);
      return found;
    };
    expect(await sizes("")).toEqual([50, 50, 20, 0]);
    expect(await sizes("&pageSize=100")).toEqual([100, 20, 0, 0]);
    const byPage = [];
    for (let page = 1; page <= 3; page++) byPage.push(...(await h.api<Entry[]>(`/v1.0/connectors?page=${page}`, { token })).body.map((c) => c.Id));
    expect(byPage).toEqual((await all(token)).map((c) => c.Id));
  });
});

describe("install errors", () => {
  const install = (token: string, connectorId: number | string, init: { body?: unknown; rawBody?: string; account?: string } = {}) =>
    h.api<{ Message: string }>(`/v1.0/connectors/${connectorId}/install`, { method: "POST", token, account: "new-customer", ...init });
  const installedIn = async (account: string) => (await h.state()).accountConnectors.filter((c) => c.AccountId === account).map((c) => c.Name);

  it("refuses a Draft connector as not available for installation, installing nothing", async () => {
    const token = await h.partnerToken();
    for (const body of [{ Name: "Helpdesk" }, {}, { Name: "Helpdesk", Description: "d", Properties: [] }]) {
      expect(await install(token, 5008, { body })).toMatchObject({
        status: 400,
        body: { Message: "Connector 'Zendesk (beta)' is not available for installation." },
      });
    }
    expect(await installedIn("new-customer")).toEqual([]);
  });

  it("refuses a Name already used by a connector in the same account, whatever its case and spaces", async () => {
    const token = await h.partnerToken();
    const inUse = { status: 400, body: { Message: "Name already in use by another connector in this account." } };
    // acme-corp already holds a "Salesforce" (100001): by name, by default name, and from another catalogue entry.
    expect(await install(token, 5001, { account: "acme-corp", body: { Name: "Salesforce" } })).toMatchObject(inUse);
    expect(await install(token, 5001, { account: "acme-corp", body: {} })).toMatchObject(inUse);
    expect(await install(token, 5003, { account: "acme-corp", body: { Name: "  sALESFORCE " } })).toMatchObject(inUse);
    expect(await install(token, 5005, { account: "acme-corp", body: { Name: "Mailchimp", AuthValue: "sk_1" } })).toMatchObject(inUse);
    expect(await installedIn("acme-corp")).toHaveLength(5);
    // Another account may use the name; in that account, once.
    expect((await install(token, 5001, { body: { Name: "Salesforce" } })).status).toBe(200);
    expect(await install(token, 5101, { body: { Name: "Salesforce" } })).toMatchObject(inUse);
    expect(await installedIn("new-customer")).toEqual(["Salesforce"]);
    // Deleting the connector frees its name.
    expect((await h.api("/v1.0/account/connectors/100001", { method: "DELETE", token, account: "acme-corp" })).status).toBe(200);
    expect((await install(token, 5001, { account: "acme-corp", body: { Name: "Salesforce" } })).status).toBe(200);
  });

  it("answers an empty body with Cyclr's 500, installing nothing; an empty object still installs", async () => {
    const token = await h.partnerToken();
    const empty = await install(token, 5004);
    expect(empty.status).toBe(500);
    expect(empty.body).toEqual({ Message: "An error has occurred." });
    expect(empty.headers.get("x-content-type-options")).toBe("nosniff");
    expect((await install(token, 5004, { rawBody: "" })).status).toBe(500);
    expect(await installedIn("new-customer")).toEqual([]);
    // The connector is looked up first: unknown is still 404, Draft still 400.
    expect(await install(token, 9999)).toMatchObject({ status: 404, body: { Message: "Connector not found." } });
    expect((await install(token, 5008)).status).toBe(400);
    // A body that is JSON but not an object is a 400, as before; `{}` installs under the catalogue's name.
    expect((await install(token, 5004, { rawBody: "null" })).status).toBe(400);
    expect(await install(token, 5004, { body: {} })).toMatchObject({ status: 200, body: { Name: "Mailchimp" } });
  });

  it("answers an unknown connector 404 with or without a body", async () => {
    const token = await h.partnerToken();
    for (const id of [9999, 5009, 5213, "abc"]) {
      expect(await install(token, id, { body: { Name: "x" } })).toMatchObject({ status: 404, body: { Message: "Connector not found." } });
    }
    expect(await installedIn("new-customer")).toEqual([]);
  });
});

describe("account connectors", () => {
  it("seeds numeric, unique ids per account, all unauthenticated", async () => {
    const token = await h.partnerToken();
    const ids: Record<string, number[]> = {};
    for (const account of ["acme-corp", "globex", "initech", "new-customer"]) {
      const list = await h.api<AccountConnector[]>("/v1.0/account/connectors", { token, account });
      expect(list.body.every((c) => c.Authenticated === false)).toBe(true);
      ids[account] = list.body.map((c) => c.Id);
    }
    expect(ids).toEqual({
      "acme-corp": [100001, 100002, 100003, 100004, 100005],
      globex: [100006, 100007, 100008],
      initech: [100009, 100010, 100011],
      "new-customer": [],
    });
    const acme = await h.api<AccountConnector[]>("/v1.0/account/connectors?page=2&pageSize=2", { token, account: "acme-corp" });
    expect(acme.body.map((c) => c.Id)).toEqual([100003, 100004]);
  });

  it("returns one account connector in Cyclr's shape, never echoing AuthValue", async () => {
    const token = await h.partnerToken();
    const { status, body } = await h.api<AccountConnector>("/v1.0/account/connectors/100001", { token, account: "acme-corp" });
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(["Id", "Name", "Description", "AuthValue", "Authenticated", "Connector", "Properties", "CustomFields"]);
    expect(Object.keys(body.Connector)).toEqual(["Id", "Name", "Description", "Status", "Version", "Icon", "AuthType", "OAuth2Type", "AuthScheme"]);
    expect(body).toMatchObject({
      Id: 100001,
      Name: "Salesforce",
      AuthValue: null,
      Authenticated: false,
      Connector: { Id: 5001, AuthType: "OAuth2" },
      Properties: [],
      CustomFields: [],
    });
  });

  it("needs X-Cyclr-Account with a partner token, and hides other accounts' connectors", async () => {
    const token = await h.partnerToken();
    const missing = await h.api<{ Message: string }>("/v1.0/account/connectors", { token });
    expect(missing.status).toBe(400);
    expect(missing.body.Message).toContain("X-Cyclr-Account");
    expect(await h.api("/v1.0/account/connectors", { token, account: "nope" })).toMatchObject({ status: 404, body: { Message: "Account not found." } });
    for (const path of ["/v1.0/account/connectors/100006", "/v1.0/account/connectors/999999", "/v1.0/account/connectors/abc"]) {
      expect(await h.api(path, { token, account: "acme-corp" })).toMatchObject({ status: 404, body: { Message: "Account Connector not found." } });
    }
    expect((await h.api("/v1.0/account/connectors/100006", { method: "PUT", token, account: "acme-corp", body: { AuthValue: "k" } })).status).toBe(404);
    expect((await h.api("/v1.0/account/connectors/100006/deauthenticate", { method: "PUT", token, account: "acme-corp" })).status).toBe(404);
    expect((await h.api("/v1.0/account/connectors/100006", { method: "DELETE", token, account: "acme-corp" })).status).toBe(404);
  });

  it("installs a catalogue connector with a fresh numeric id", async () => {
    const token = await h.partnerToken();
    const stripe = (await h.api<Entry[]>("/v1.0/connectors?query=stripe", { token })).body[0]!;
    const installed = await h.api<AccountConnector>(`/v1.0/connectors/${stripe.Id}/install`, {
      method: "POST",
      token,
      account: "acme-corp",
      body: { Name: "Billing", Description: "Invoices" },
    });
    expect(installed.status).toBe(200);
    expect(installed.body).toMatchObject({
      Id: 100012,
      Name: "Billing",
      Description: "Invoices",
      AuthValue: null,
      Authenticated: false,
      Connector: { Name: "Stripe", AuthType: "ApiKey" },
    });
    const defaulted = await h.api<AccountConnector>(`/v1.0/connectors/${stripe.Id}/install`, { method: "POST", token, account: "acme-corp", body: {} });
    expect(defaulted.body).toMatchObject({ Id: 100013, Name: "Stripe" });
    expect((await h.api<AccountConnector[]>("/v1.0/account/connectors", { token, account: "acme-corp" })).body).toHaveLength(7);
  });

  it("installs with an AuthValue, refusing it (and installing nothing) when it cannot apply", async () => {
    const token = await h.partnerToken();
    const withKey = await h.api<AccountConnector>("/v1.0/connectors/5004/install", {
      method: "POST",
      token,
      account: "globex",
      body: { Name: "Mail", AuthValue: "key-1" },
    });
    expect(withKey.body).toMatchObject({ Authenticated: true, AuthValue: null });
    expect(
      await h.api("/v1.0/connectors/5004/install", { method: "POST", token, account: "globex", body: { Name: "Mail 2", AuthValue: "invalid" } }),
    ).toMatchObject({ status: 400, body: { Message: "The API key was rejected by the connector." } });
    expect((await h.api("/v1.0/connectors/5001/install", { method: "POST", token, account: "globex", body: { Name: "SF", AuthValue: "x" } })).status).toBe(400);
    expect((await h.api<AccountConnector[]>("/v1.0/account/connectors", { token, account: "globex" })).body).toHaveLength(4);
    expect(await h.api("/v1.0/connectors/9999/install", { method: "POST", token, account: "globex", body: { Name: "x" } })).toMatchObject({
      status: 404,
      body: { Message: "Connector not found." },
    });
    expect((await h.api("/v1.0/connectors/5004/install", { method: "POST", token, body: { Name: "x" } })).status).toBe(400);
  });

  it("installs into the empty new-customer account, answering the account connector in full", async () => {
    const token = await h.partnerToken();
    const installed = await h.api<AccountConnector>("/v1.0/connectors/5101/install", {
      method: "POST",
      token,
      account: "new-customer",
      body: { Name: "Deals" },
    });
    expect(installed.status).toBe(200);
    expect(installed.body).toEqual({
      Id: 100012,
      Name: "Deals",
      Description: null,
      AuthValue: null,
      Authenticated: false,
      Connector: {
        Id: 5101,
        Name: "Pipedrive",
        Description: "Pipedrive connector",
        Status: "Approved",
        Version: "1.0",
        Icon: expect.stringMatching(/^data:image\/svg\+xml;base64,/),
        AuthType: "ApiKey",
        OAuth2Type: null,
        AuthScheme: "Header",
      },
      Properties: [],
      CustomFields: [],
    });
    expect((await h.api("/v1.0/account/connectors/100012", { token, account: "new-customer" })).body).toEqual(installed.body);
    expect((await h.api<AccountConnector[]>("/v1.0/account/connectors", { token, account: "new-customer" })).body.map((c) => c.Id)).toEqual([100012]);
  });

  it("authenticates an ApiKey connector with any key but 'invalid'", async () => {
    const token = await h.partnerToken();
    const mailchimp = await h.seeded("acme-corp", { authType: "ApiKey" });
    const path = `/v1.0/account/connectors/${mailchimp.Id}`;
    for (const AuthValue of ["invalid", ""]) {
      const refused = await h.api<{ Message: string }>(path, { method: "PUT", token, account: "acme-corp", body: { AuthValue } });
      expect(refused.status).toBe(400);
      expect(typeof refused.body.Message).toBe("string");
    }
    expect((await h.seeded("acme-corp", { authType: "ApiKey" })).Authenticated).toBe(false);
    const ok = await h.api<AccountConnector>(path, { method: "PUT", token, account: "acme-corp", body: { AuthValue: "sk_live_123" } });
    expect(ok.body).toMatchObject({ Id: mailchimp.Id, Authenticated: true, AuthValue: null });
    expect(JSON.stringify((await h.api(path, { token, account: "acme-corp" })).body)).not.toContain("sk_live_123");
  });

  it("authenticates a Basic connector with base64 of user:pass only", async () => {
    const token = await h.partnerToken();
    const jira = await h.seeded("acme-corp", { authType: "Basic" });
    const path = `/v1.0/account/connectors/${jira.Id}`;
    for (const AuthValue of ["not base64!", basic("no-colon"), basic(":no-user"), "YW5uOnB3"]) {
      expect({ AuthValue, status: (await h.api(path, { method: "PUT", token, account: "acme-corp", body: { AuthValue } })).status }).toEqual({
        AuthValue,
        status: AuthValue === "YW5uOnB3" ? 200 : 400,
      });
    }
    const ok = await h.api<AccountConnector>(path, { method: "PUT", token, account: "acme-corp", body: { AuthValue: basic("ann:p:w") } });
    expect(ok.body).toMatchObject({ Authenticated: true, AuthValue: null, Connector: { AuthType: "Basic" } });
  });

  it("refuses an AuthValue for an OAuth2 connector", async () => {
    const token = await h.partnerToken();
    const reply = await h.api("/v1.0/account/connectors/100001", { method: "PUT", token, account: "acme-corp", body: { AuthValue: "x" } });
    expect(reply).toMatchObject({ status: 400, body: { Message: expect.stringContaining("Salesforce") } });
    expect((await h.seeded("acme-corp", { name: "Salesforce" })).Authenticated).toBe(false);
  });

  it("updates in part: a rename keeps the authentication", async () => {
    const token = await h.partnerToken();
    const path = "/v1.0/account/connectors/100003";
    await h.api(path, { method: "PUT", token, account: "acme-corp", body: { AuthValue: "k" } });
    const renamed = await h.api<AccountConnector>(path, { method: "PUT", token, account: "acme-corp", body: { Name: "Newsletters" } });
    expect(renamed.body).toMatchObject({ Name: "Newsletters", Authenticated: true });
    expect((await h.api(path, { method: "PUT", token, account: "acme-corp", rawBody: "nope" })).status).toBe(400);
  });

  it("de-authenticates with Cyclr's message", async () => {
    const token = await h.partnerToken();
    const path = "/v1.0/account/connectors/100003";
    await h.api(path, { method: "PUT", token, account: "acme-corp", body: { AuthValue: "k" } });
    const reply = await h.api(`${path}/deauthenticate`, { method: "PUT", token, account: "acme-corp" });
    expect(reply).toMatchObject({ status: 200, body: { Message: "Connector 'Mailchimp' successfully de-authenticated." } });
    expect((await h.api<AccountConnector>(path, { token, account: "acme-corp" })).body.Authenticated).toBe(false);
  });

  it("deletes an account connector", async () => {
    const token = await h.partnerToken();
    expect((await h.api("/v1.0/account/connectors/100002", { method: "DELETE", token, account: "acme-corp" })).status).toBe(200);
    expect((await h.api("/v1.0/account/connectors/100002", { token, account: "acme-corp" })).status).toBe(404);
    expect((await h.api("/v1.0/account/connectors/100002", { method: "DELETE", token, account: "acme-corp" })).status).toBe(404);
  });
});
