import { describe, expect, it } from "vitest";
import { useEmulator } from "./test-harness";

// Partner-level accounts and sign-in tokens.

const h = useEmulator();

type Account = { Id: string; Name: string; Description: string | null; CreatedDate: string; Timezone: string };
type SignIn = { Token: string; ExpiresAtUtc: string };

describe("accounts", () => {
  it("lists accounts as a bare array with 1-based paging", async () => {
    const token = await h.partnerToken();
    const all = await h.api<Account[]>("/v1.0/accounts", { token });
    expect(all.status).toBe(200);
    expect(all.body.map((a) => [a.Id, a.Name])).toEqual([
      ["acme-corp", "Acme Corp"],
      ["globex", "Globex"],
      ["initech", "Initech"],
      ["new-customer", "New Customer Ltd"],
    ]);
    expect(Object.keys(all.body[0]!)).toEqual(["Id", "Name", "Description", "CreatedDate", "Timezone"]);
    expect((await h.api<Account[]>("/v1.0/accounts?page=2&pageSize=3", { token })).body.map((a) => a.Id)).toEqual(["new-customer"]);
    expect((await h.api<Account[]>("/v1.0/accounts?page=3&pageSize=3", { token })).body).toEqual([]);
  });

  it("pages 50 by default and at most 1000", async () => {
    await h.control("seed-accounts", { count: 1200, connectorsPerAccount: 0 });
    const token = await h.partnerToken();
    expect((await h.api<Account[]>("/v1.0/accounts", { token })).body).toHaveLength(50);
    expect((await h.api<Account[]>("/v1.0/accounts?pageSize=5000", { token })).body).toHaveLength(1000);
    expect((await h.api<Account[]>("/v1.0/accounts?page=0&pageSize=abc", { token })).body[0]!.Id).toBe("acme-corp");
  });

  it("creates an account with the host's id, or its own", async () => {
    const token = await h.partnerToken();
    const created = await h.api<Account>("/v1.0/accounts", {
      method: "POST",
      token,
      body: { Id: "tenant-42", Name: "Tenant 42", Description: "d", Timezone: "Europe/London" },
    });
    expect(created).toMatchObject({ status: 200, body: { Id: "tenant-42", Name: "Tenant 42", Description: "d", Timezone: "Europe/London" } });
    expect(Number.isNaN(Date.parse(created.body.CreatedDate))).toBe(false);
    const generated = await h.api<Account>("/v1.0/accounts", { method: "POST", token, body: { Name: "No Id" } });
    expect(generated.body.Id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await h.api<Account>(`/v1.0/accounts/${generated.body.Id}`, { token })).body.Name).toBe("No Id");
  });

  it("refuses a taken Id, a missing Name and a body that is not an object", async () => {
    const token = await h.partnerToken();
    expect(await h.api("/v1.0/accounts", { method: "POST", token, body: { Id: "acme-corp", Name: "Again" } })).toMatchObject({
      status: 400,
      body: { Message: "ID already in use" },
    });
    for (const body of [{}, { Name: "  " }, { Name: 7 }]) {
      const reply = await h.api<{ Message: string }>("/v1.0/accounts", { method: "POST", token, body });
      expect(reply.status).toBe(400);
      expect(reply.body.Message).toContain("Name is required");
    }
    for (const rawBody of ["not json", "[1]"]) {
      expect(await h.api("/v1.0/accounts", { method: "POST", token, rawBody })).toMatchObject({ status: 400, body: { Message: expect.any(String) } });
    }
    expect((await h.api("/v1.0/accounts", { method: "POST", token, body: { Id: "a/b", Name: "Slash" } })).status).toBe(400);
  });

  it("refuses the host's own Id a second time, leaving the first account as it was", async () => {
    const token = await h.partnerToken();
    expect((await h.api("/v1.0/accounts", { method: "POST", token, body: { Id: "tenant-7", Name: "Tenant 7" } })).status).toBe(200);
    expect(await h.api("/v1.0/accounts", { method: "POST", token, body: { Id: "tenant-7", Name: "Someone else" } })).toMatchObject({
      status: 400,
      body: { Message: "ID already in use" },
    });
    expect((await h.api<Account>("/v1.0/accounts/tenant-7", { token })).body.Name).toBe("Tenant 7");
    // A refused create adds nothing, not even under a fresh Id.
    const noName = await h.api<{ Message: string }>("/v1.0/accounts", { method: "POST", token, body: { Id: "tenant-8" } });
    expect(noName).toMatchObject({ status: 400, body: { Message: expect.stringContaining("Name is required") } });
    expect((await h.api("/v1.0/accounts/tenant-8", { token })).status).toBe(404);
    expect((await h.state()).accounts.map((a) => a.Id)).toEqual(["acme-corp", "globex", "initech", "new-customer", "tenant-7"]);
  });

  it("renames an account with PUT, keeping what was not sent", async () => {
    const token = await h.partnerToken();
    await h.api("/v1.0/accounts", { method: "POST", token, body: { Id: "tenant-9", Name: "Tenant 9", Description: "d", Timezone: "Europe/Paris" } });
    const renamed = await h.api<Account>("/v1.0/accounts/tenant-9", { method: "PUT", token, body: { Name: "  Tenant Nine  " } });
    expect(renamed).toMatchObject({ status: 200, body: { Id: "tenant-9", Name: "Tenant Nine", Description: "d", Timezone: "Europe/Paris" } });
    expect((await h.api<Account>("/v1.0/accounts/tenant-9", { token })).body.Name).toBe("Tenant Nine");
    expect((await h.api<Account[]>("/v1.0/accounts", { token })).body.find((a) => a.Id === "tenant-9")?.Name).toBe("Tenant Nine");
    const blank = await h.api<{ Message: string }>("/v1.0/accounts/tenant-9", { method: "PUT", token, body: { Name: " " } });
    expect(blank).toMatchObject({ status: 400, body: { Message: expect.stringContaining("Name is required") } });
    expect(await h.api("/v1.0/accounts/no-such-account", { method: "PUT", token, body: { Name: "X" } })).toMatchObject({
      status: 404,
      body: { Message: "Account not found." },
    });
  });

  it("reads, updates in part and deletes an account; unknown ids are 404", async () => {
    const token = await h.partnerToken();
    expect((await h.api<Account>("/v1.0/accounts/globex", { token })).body).toMatchObject({ Id: "globex", Name: "Globex" });
    const updated = await h.api<Account>("/v1.0/accounts/globex", { method: "PUT", token, body: { Description: "Hank's" } });
    expect(updated.body).toMatchObject({ Id: "globex", Name: "Globex", Description: "Hank's" });
    expect((await h.api("/v1.0/accounts/globex", { method: "PUT", token, body: { Name: "" } })).status).toBe(400);
    expect(await h.api("/v1.0/accounts/globex", { method: "DELETE", token })).toMatchObject({ status: 200 });
    for (const method of ["GET", "PUT", "DELETE"]) {
      expect(await h.api("/v1.0/accounts/globex", { method, token, body: method === "PUT" ? {} : undefined })).toMatchObject({
        status: 404,
        body: { Message: "Account not found." },
      });
    }
    // Its connectors went with it.
    expect((await h.state()).accountConnectors.filter((c) => c.AccountId === "globex")).toEqual([]);
    expect((await h.api("/v1.0/account/connectors", { token, account: "globex" })).status).toBe(404);
  });

  it("answers unknown routes and methods as ASP.NET Web API does, with nosniff", async () => {
    const token = await h.partnerToken();
    const missing = await h.api<{ Message: string }>("/v1.0/nothing-here", { token });
    expect(missing.status).toBe(404);
    expect(missing.body.Message).toMatch(/^No HTTP resource was found that matches the request URI/);
    expect(missing.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await h.api("/v1.0/accounts", { method: "PATCH", token })).toMatchObject({
      status: 405,
      body: { Message: "The requested resource does not support http method 'PATCH'." },
    });
  });
});

describe("sign-in tokens", () => {
  it("mints a five-minute token containing + / = with seven fractional digits", async () => {
    const token = await h.partnerToken();
    const before = Date.now();
    const { status, body } = await h.api<SignIn>("/v1.0/accounts/acme-corp/signintoken", { method: "POST", token, body: { Username: "host:user-1" } });
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(["Token", "ExpiresAtUtc"]);
    expect(body.Token).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    for (const awkward of ["+", "/", "="]) expect(body.Token).toContain(awkward);
    expect(body.ExpiresAtUtc).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
    const lifetime = Date.parse(body.ExpiresAtUtc) - before;
    expect(lifetime).toBeGreaterThan(299_000);
    expect(lifetime).toBeLessThan(301_000);
  });

  it("refuses a missing Username, an unknown account and a missing token", async () => {
    const token = await h.partnerToken();
    const noName = await h.api<{ Message: string }>("/v1.0/accounts/acme-corp/signintoken", { method: "POST", token, body: {} });
    expect(noName.status).toBe(400);
    expect(noName.body.Message).toContain("Username");
    expect((await h.api("/v1.0/accounts/nope/signintoken", { method: "POST", token, body: { Username: "u" } })).status).toBe(404);
    expect((await h.api("/v1.0/accounts/acme-corp/signintoken", { method: "POST", body: { Username: "u" } })).status).toBe(401);
  });

  it("mints through the legacy /v1.0/accounts/tokens with X-Cyclr-Account or an account token", async () => {
    const partner = await h.partnerToken();
    const viaHeader = await h.api<SignIn>("/v1.0/accounts/tokens", { method: "POST", token: partner, account: "acme-corp" });
    expect(viaHeader.status).toBe(200);
    expect(viaHeader.body.ExpiresAtUtc).toMatch(/\.\d{7}Z$/);
    const viaAccountToken = await h.api<SignIn>("/v1.0/accounts/tokens", { method: "POST", token: await h.accountToken("globex") });
    expect(viaAccountToken.status).toBe(200);
    // The token is for globex: it opens globex's connector page.
    const page = await fetch(await h.consentUrl(100006, { token: viaAccountToken.body.Token, callbackMessage: "m" }));
    expect(page.status).toBe(200);
    expect((await h.api("/v1.0/accounts/tokens", { method: "POST", token: partner })).status).toBe(400);
    expect((await h.api("/v1.0/accounts/tokens", { method: "POST", token: partner, account: "nope" })).status).toBe(404);
  });
});
