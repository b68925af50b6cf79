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
