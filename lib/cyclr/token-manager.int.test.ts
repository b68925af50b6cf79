import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { emulatorCall, resetEmulator, truncateAll } from "@/lib/testing/db";
import { CyclrClient } from "./client";
import { CyclrError } from "./errors";
import { PARTNER_KEY, TokenManager, type TokenConfig } from "./token-manager";

// Integration: real PostgreSQL and the emulator over HTTP; counts come from the emulator.

type State = { calls: Record<string, number>; tokenGrants: Record<string, number> };
const state = () => emulatorCall<State>("state");
const tokenCalls = async () => (await state()).calls["POST /oauth/token"] ?? 0;

function config(overrides: Partial<TokenConfig> = {}): TokenConfig {
  return {
    apiUrl: process.env.CYCLR_API_URL!,
    flow: "client_credentials",
    clientId: "switchboard-local",
    clientSecret: "switchboard-local-secret",
    timeoutMs: 5000,
    ...overrides,
  };
}

const passwordConfig = () => config({ flow: "password", username: "partner@example.com", password: "partner-password" });
const clientFor = (tokens: TokenManager) => new CyclrClient({ apiUrl: process.env.CYCLR_API_URL!, timeoutMs: 5000 }, tokens);
const expireCachedToken = () => db().providerToken.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });

beforeEach(async () => {
  await truncateAll();
  await resetEmulator();
});

describe("token manager", () => {
  it("makes one token request for 20 concurrent callers and caches the token sealed", async () => {
    const tokens = new TokenManager(config());
    const got = await Promise.all(Array.from({ length: 20 }, () => tokens.getToken()));
    expect(new Set(got).size).toBe(1);
    expect(await tokenCalls()).toBe(1);
    const row = await db().providerToken.findUniqueOrThrow({ where: { key: PARTNER_KEY } });
    expect(row.sealedAccess).not.toContain(got[0]!);
    expect(await new TokenManager(config()).getToken()).toBe(got[0]);
    expect(await tokenCalls()).toBe(1);
  });

  it("makes one token request across two processes asking at once", async () => {
    const children = [0, 1].map(() => spawn("npx", ["tsx", "lib/cyclr/testing/token-race.ts", "10"], { env: process.env, stdio: ["pipe", "pipe", "inherit"] }));
    const outputs = children.map((child) => createInterface({ input: child.stdout! })[Symbol.asyncIterator]());
    for (const lines of outputs) expect((await lines.next()).value).toBe("ready");
    const tokens = new TokenManager(config());
    for (const child of children) child.stdin!.write("go\n");
    const mine = await Promise.all(Array.from({ length: 10 }, () => tokens.getToken()));
    const distinct = await Promise.all(outputs.map(async (lines) => Number((await lines.next()).value)));
    expect(distinct).toEqual([1, 1]);
    expect(new Set(mine).size).toBe(1);
    expect(await tokenCalls()).toBe(1);
  }, 60_000);

  it("renews through the rotating refresh grant, and falls back to a password grant when refused", async () => {
    // Two instances share the cache in Postgres; "later" is simulated by ageing the cached row.
    const tokens = new TokenManager(passwordConfig());
    const client = clientFor(tokens);
    const first = await tokens.getToken();
    await expireCachedToken();
    const other = new TokenManager(passwordConfig());
    const second = await other.getToken();
    expect(second).not.toBe(first);
    expect((await state()).tokenGrants).toMatchObject({ password: 1, refresh_token: 1 });
    // Rotation killed the first token; the first instance gets a 401 and recovers from Postgres.
    const old = await fetch(`${process.env.CYCLR_API_URL}/v1.0/accounts`, { headers: { authorization: `Bearer ${first}` } });
    expect(old.status).toBe(401);
    expect((await client.getAccount("acme-corp")).name).toBe("Acme Corp");
    expect(await tokens.getToken()).toBe(second);

    await emulatorCall("revoke-tokens", { body: {} });
    await expireCachedToken();
    await new TokenManager(passwordConfig()).getToken();
    expect((await state()).tokenGrants).toMatchObject({ password: 2, refresh_token: 1 });
    expect((await state()).calls["POST /oauth/token"]).toBe(4); // password, refresh, refused refresh, password
  });

  it("replaces a revoked token after exactly one 401", async () => {
    const client = clientFor(new TokenManager(config()));
    await client.getAccount("acme-corp");
    await emulatorCall("revoke-tokens", { body: {} });
    expect((await client.getAccount("acme-corp")).id).toBe("acme-corp");
    const { calls } = await state();
    expect(calls["GET /v1.0/accounts/{id}"]).toBe(3);
    expect(calls["POST /oauth/token"]).toBe(2);
  });

  it("retries 503s from the token endpoint with backoff, then surfaces a clear error", async () => {
    await emulatorCall("faults", { body: { path: "/oauth/token", status: 503, times: 2 } });
    await expect(new TokenManager(config()).getToken()).resolves.toBeTruthy();
    expect(await tokenCalls()).toBe(3);

    await resetEmulator();
    await truncateAll();
    await emulatorCall("faults", { body: { path: "/oauth/token", status: 503 } });
    const error = await new TokenManager(config()).getToken().catch((e: unknown) => e);
    expect(CyclrError.is(error)).toBe(true);
    expect(error).toMatchObject({ code: "unavailable" });
    expect((error as Error).message).toMatch(/Cyclr is not available right now \(HTTP 503\)/);
    expect(await tokenCalls()).toBe(3);
  });

  it("reports wrong client credentials as a configuration problem", async () => {
    const error = await new TokenManager(config({ clientSecret: "wrong" })).getToken().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "auth_failed" });
    expect((error as Error).message).toContain("CYCLR_CLIENT_SECRET");
  });

  it("gets account-restricted tokens that work without X-Cyclr-Account", async () => {
    const tokens = new TokenManager(config());
    const token = await tokens.getAccountToken("acme-corp");
    const list = await fetch(`${process.env.CYCLR_API_URL}/v1.0/account/connectors`, { headers: { authorization: `Bearer ${token}` } });
    expect(list.status).toBe(200);
    const other = await fetch(`${process.env.CYCLR_API_URL}/v1.0/account/connectors`, { headers: { authorization: `Bearer ${token}`, "x-cyclr-account": "globex" } });
    expect(other.status).toBe(401);
    expect(await tokens.getToken()).not.toBe(token);
  });
});
