import { contractChecker } from "../testing/contract";
import { expect, test } from "./fixtures";

test.describe("host API: POST /api/v1/connect-sessions", () => {
  test("mints a link the end user can open", async ({ request, apiKey, page }) => {
    const response = await request.post("/api/v1/connect-sessions", {
      headers: { authorization: `Bearer ${apiKey}` },
      data: { accountId: "acme-corp", userId: "api-user" },
    });
    expect(response.status()).toBe(201);
    const body = (await response.json()) as { token: string; url: string; expiresAt: string };
    expect(body.url).toContain(`/connect/${body.token}`);
    expect(new Date(body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 29 * 60_000);
    await page.goto(body.url);
    await expect(page.getByRole("heading", { name: "Connect your apps" })).toBeVisible();
  });

  test("refuses a missing or wrong key with 401", async ({ request }) => {
    for (const authorization of [undefined, "Bearer sb_wrong", "Basic abc"]) {
      const response = await request.post("/api/v1/connect-sessions", {
        headers: authorization ? { authorization } : {},
        data: { accountId: "acme-corp", userId: "u" },
      });
      expect(response.status()).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    }
  });

  test("names the bad fields with 400, and an unknown account with 404", async ({ request, apiKey }) => {
    const bad = await request.post("/api/v1/connect-sessions", {
      headers: { authorization: `Bearer ${apiKey}` },
      data: { accountId: "", userId: 42 },
    });
    expect(bad.status()).toBe(400);
    const body = (await bad.json()) as { error: { code: string; fields: Record<string, string[]> } };
    expect(body.error.code).toBe("bad_request");
    expect(Object.keys(body.error.fields).sort()).toEqual(["accountId", "userId"]);

    const unknown = await request.post("/api/v1/connect-sessions", {
      headers: { authorization: `Bearer ${apiKey}` },
      data: { accountId: "no-such-account", userId: "u" },
    });
    expect(unknown.status()).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });

  test("pages send no-referrer and refuse to be framed", async ({ request }) => {
    const response = await request.get("/connect/this-token-does-not-exist-at-all");
    expect(response.headers()["referrer-policy"]).toBe("no-referrer");
    expect(response.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  });
});

test.describe("host API: GET /api/v1/accounts/<id>/connectors", () => {
  test("lists an account's connectors with their status; a connection shows at once", async ({ request, apiKey, account, page }) => {
    const name = await account.install("Mailchimp");
    const path = `/api/v1/accounts/${encodeURIComponent(account.id)}/connectors`;
    const before = await request.get(path, { headers: { authorization: `Bearer ${apiKey}` } });
    expect(before.status()).toBe(200);
    expect(before.headers()["cache-control"]).toBe("no-store");
    const listed = (await before.json()) as { account: { id: string }; connectors: { id: string; name: string; status: string }[] };
    expect(listed.account.id).toBe(account.id);
    expect(listed.connectors).toEqual([expect.objectContaining({ name, connector: "Mailchimp", authType: "ApiKey", status: "NOT_CONNECTED" })]);

    await page.goto(await account.connectLink());
    await page.getByRole("button", { name: `Connect ${name}` }).click();
    await page.getByLabel("API key").fill("e2e-key");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("article", { name }).getByText("Connected", { exact: true })).toBeVisible();

    const after = (await (await request.get(path, { headers: { authorization: `Bearer ${apiKey}` } })).json()) as { connectors: { status: string }[] };
    expect(after.connectors.map((c) => c.status)).toEqual(["CONNECTED"]);
  });

  test("refuses a wrong key with 401, a bad refresh with 400 and an unknown account with 404", async ({ request, apiKey }) => {
    expect((await request.get("/api/v1/accounts/acme-corp/connectors", { headers: { authorization: "Bearer sb_wrong" } })).status()).toBe(401);
    expect((await request.get("/api/v1/accounts/acme-corp/connectors?refresh=maybe", { headers: { authorization: `Bearer ${apiKey}` } })).status()).toBe(400);
    const unknown = await request.get("/api/v1/accounts/no-such-account/connectors?refresh=true", { headers: { authorization: `Bearer ${apiKey}` } });
    expect(unknown.status()).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });
});

test.describe("host API: the served contract", () => {
  test("serves its OpenAPI document, and real answers over HTTP match it", async ({ request, apiKey, account }) => {
    const served = await request.get("/api/v1/openapi.json");
    expect(served.status()).toBe(200);
    const document = (await served.json()) as Parameters<typeof contractChecker>[0] & { openapi: string };
    expect(document.openapi).toBe("3.1.0");
    const check = contractChecker(document);
    const auth = { authorization: `Bearer ${apiKey}` };
    const seen: number[] = [];
    const answer = async (method: string, template: string, response: Awaited<ReturnType<typeof request.get>>) => {
      check(method, template, response.status(), await response.json());
      seen.push(response.status());
    };
    const sessions = "/api/v1/connect-sessions";
    await answer("POST", sessions, await request.post(sessions, { headers: auth, data: { accountId: account.id, userId: "contract-user" } }));
    await answer("POST", sessions, await request.post(sessions, { headers: auth, data: { accountId: "", userId: 42 } }));
    await answer("POST", sessions, await request.post(sessions, { data: { accountId: account.id, userId: "u" } }));
    await answer("POST", sessions, await request.post(sessions, { headers: auth, data: { accountId: "no-such-account", userId: "u" } }));
    const tenant = `contract-${account.id.toLowerCase().replace(/[^a-z0-9-]/g, "")}`;
    await answer("PUT", "/api/v1/accounts/{accountId}", await request.put(`/api/v1/accounts/${tenant}`, { headers: auth, data: { name: "Contract Co" } }));
    await answer("PUT", "/api/v1/accounts/{accountId}", await request.put(`/api/v1/accounts/${tenant}`, { headers: auth, data: { name: "Contract Co" } }));
    const connectors = "/api/v1/accounts/{accountId}/connectors";
    await answer("GET", connectors, await request.get(`/api/v1/accounts/${encodeURIComponent(account.id)}/connectors?refresh=true`, { headers: auth }));
    await answer("GET", connectors, await request.get(`/api/v1/accounts/no-such-account/connectors`, { headers: auth }));
    expect(seen).toEqual([201, 400, 401, 404, 201, 200, 200, 404]);
  });
});
