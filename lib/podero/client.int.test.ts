import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { truncateAll } from "@/testing/db";
import { PODERO_KEY, PoderoClient, PoderoTokens, type PoderoConfig } from "./client";

// Integration: the Podero emulator over HTTP and a real PostgreSQL for the token cache.

const podero = (path: string, body: unknown = {}) =>
  fetch(`${process.env.PODERO_API_URL}/__podero/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const state = async () => (await (await fetch(`${process.env.PODERO_API_URL}/__podero/state`)).json()) as { calls: Record<string, number>; liveTokens: number };

const config = (overrides: Partial<PoderoConfig> = {}): PoderoConfig => ({
  apiUrl: process.env.PODERO_API_URL!,
  clientId: process.env.PODERO_CLIENT_ID!,
  clientSecret: process.env.PODERO_CLIENT_SECRET!,
  orgId: process.env.PODERO_ORG_ID!,
  timeoutMs: 5000,
  ...overrides,
});

beforeEach(async () => {
  await truncateAll();
  await podero("reset");
});

describe("Podero client", () => {
  it("makes one token request for 20 concurrent calls, caches it sealed, and creates a user", async () => {
    const client = new PoderoClient(config());
    const users = await Promise.all(Array.from({ length: 20 }, (_, i) => client.createUser({ email: `user${i}@example.com`, externalUserId: `host-${i}` })));
    expect(new Set(users.map((user) => user.id)).size).toBe(20);
    expect(users[3]).toMatchObject({ email: "user3@example.com", role: "user", externalUserId: "host-3" });
    expect((await state()).calls["POST /oauth2/token/"]).toBe(1);
    const row = await db().providerToken.findUniqueOrThrow({ where: { key: PODERO_KEY } });
    expect(row.sealedRefresh).toBeNull();
    expect(row.sealedAccess).toMatch(/^v1\./);
    // Another instance (a new client) uses the cached token.
    expect((await new PoderoClient(config()).getUser(users[0]!.id)).email).toBe("user0@example.com");
    expect((await state()).calls["POST /oauth2/token/"]).toBe(1);
  });

  it("after Podero revokes its tokens, asks for a new one once and carries on", async () => {
    const client = new PoderoClient(config());
    await client.createUser({ email: "a@example.com" });
    await podero("revoke-tokens");
    expect(await client.listUsers()).toHaveLength(1);
    expect((await state()).calls["POST /oauth2/token/"]).toBe(2);
  });

  it("makes a device onboarding link on Podero's origin that sends the browser back to success_url", async () => {
    const client = new PoderoClient(config());
    const user = await client.createUser({ email: "b@example.com" });
    const onboarding = await client.createDeviceOnboarding({
      userId: user.id,
      successUrl: "https://app.example.com/done",
      cancelUrl: "https://app.example.com/cancelled",
    });
    expect(new URL(onboarding.authenticationUrl).origin).toBe(process.env.PODERO_API_URL);
    expect(onboarding.expiresAt.getTime()).toBeGreaterThan(Date.now());
    const back = await fetch(onboarding.authenticationUrl, {
      method: "POST",
      body: new URLSearchParams({ device_type: "ev", brand: "tesla", choice: "approve" }),
      redirect: "manual",
    });
    expect(back.headers.get("location")).toBe("https://app.example.com/done");
  });

  it("says what Podero refused, in its words, and that an unknown user is not found", async () => {
    const client = new PoderoClient(config());
    await client.createUser({ email: "c@example.com" });
    await expect(client.createUser({ email: "c@example.com" })).rejects.toMatchObject({
      code: "bad_request",
      message: "Podero: email: A user with this email already exists.",
    });
    await expect(client.getUser("00000000-0000-0000-0000-000000000000")).rejects.toMatchObject({ code: "not_found" });
  });

  it("a wrong client secret is a clear configuration error, and nothing is cached", async () => {
    const client = new PoderoClient(config({ clientSecret: "wrong" }));
    await expect(client.listUsers()).rejects.toMatchObject({ code: "auth_failed", message: expect.stringContaining("PODERO_CLIENT_SECRET") });
    expect(await db().providerToken.count()).toBe(0);
  });

  it("retries a token endpoint that answers 503, then reports Podero unavailable", async () => {
    await podero("faults", { path: "/oauth2/token/", status: 503, times: 2 });
    const tokens = new PoderoTokens(config());
    expect(await tokens.getToken(PODERO_KEY)).toMatch(/^[0-9a-f]{40}$/);
    expect((await state()).calls["POST /oauth2/token/"]).toBe(3);

    await podero("reset");
    await truncateAll();
    await podero("faults", { path: "/oauth2/token/", status: 503 });
    await expect(new PoderoTokens(config()).getToken(PODERO_KEY)).rejects.toMatchObject({
      code: "unavailable",
      message: expect.stringContaining("Podero is not available"),
    });
  });
});
