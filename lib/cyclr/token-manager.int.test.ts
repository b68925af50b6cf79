import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { beforeEach, describe, expect, it } from "vitest";
import { hashToken, seal } from "@/lib/crypto";
import { db } from "@/lib/db";
import { emulatorCall, resetEmulator, truncateAll } from "@/testing/db";
import { CyclrClient } from "./client";
import { ProviderError } from "@/lib/providers/errors";
import { accountKey, PARTNER_KEY, renewalMargin, TokenManager, type TokenConfig } from "./token-manager";

// Integration: real PostgreSQL and the emulator over HTTP; counts come from the emulator.

type State = { calls: Record<string, number>; tokenGrants: Record<string, number> };
const state = () => emulatorCall<State>("state");
const tokenCalls = async () => (await state()).calls["POST /oauth/token"] ?? 0;
const api = () => process.env.CYCLR_API_URL!;

function config(overrides: Partial<TokenConfig> = {}): TokenConfig {
  return {
    apiUrl: api(),
    flow: "client_credentials",
    clientId: "switchboard-local",
    clientSecret: "switchboard-local-secret",
    timeoutMs: 5000,
    ...overrides,
  };
}

const passwordConfig = () => config({ flow: "password", username: "partner@example.com", password: "partner-password" });
const clientFor = (tokens: TokenManager) => new CyclrClient({ apiUrl: api(), timeoutMs: 5000 }, tokens);
/** "Later": age the cached row. A fresh TokenManager stands for another instance (no copy in memory). */
const expireCachedToken = () => db().providerToken.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
const fault = (body: Record<string, unknown>) => emulatorCall("faults", { body });
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error as ProviderError,
  );

beforeEach(async () => {
  await truncateAll();
  await resetEmulator();
});

describe("token manager: one upstream call", () => {
  it("makes one token request for 20 concurrent callers and caches the token sealed", async () => {
    await fault({ path: "/oauth/token", latencyMs: 300, times: 1 }); // keep the first request open while the others ask
    const tokens = new TokenManager(config());
    const got = await Promise.all(Array.from({ length: 20 }, () => tokens.getToken()));
    expect(new Set(got).size).toBe(1);
    expect(await tokenCalls()).toBe(1);
    const row = await db().providerToken.findUniqueOrThrow({ where: { key: PARTNER_KEY } });
    expect(row.sealedAccess).toMatch(/^v1\.k1\./);
    expect(row.sealedAccess).not.toContain(got[0]!);
    expect(row.sealedRefresh).toBeNull(); // client credentials: no refresh token
    // The real expiry (14 days), not the renewal time.
    expect(Math.abs(row.expiresAt.getTime() - (Date.now() + 1209599_000))).toBeLessThan(60_000);
    // Another instance reads the same token from Postgres.
    expect(await new TokenManager(config()).getToken()).toBe(got[0]);
    expect(await tokenCalls()).toBe(1);
  });

  it("makes one token request across three processes asking at once", async () => {
    await fault({ path: "/oauth/token", latencyMs: 1500, times: 1 }); // the first request stays open while all three ask
    const children = [0, 1].map(() =>
      spawn("npx", ["tsx", "--conditions=react-server", "testing/token-race.ts", "10"], { env: process.env, stdio: ["pipe", "pipe", "inherit"] }),
    );
    try {
      const outputs = children.map((child) => createInterface({ input: child.stdout })[Symbol.asyncIterator]());
      for (const lines of outputs) expect((await lines.next()).value).toBe("ready");
      const tokens = new TokenManager(config());
      for (const child of children) child.stdin.write("go\n");
      const mine = await Promise.all(Array.from({ length: 10 }, () => tokens.getToken()));
      const theirs = await Promise.all(
        outputs.map(async (lines) => JSON.parse(String((await lines.next()).value)) as { distinct: number; fingerprint: string }),
      );
      expect(new Set(mine).size).toBe(1);
      expect(theirs).toEqual([
        { distinct: 1, fingerprint: hashToken(mine[0]!) },
        { distinct: 1, fingerprint: hashToken(mine[0]!) },
      ]);
      expect(await tokenCalls()).toBe(1);
    } finally {
      for (const child of children) if (child.exitCode === null) child.kill();
    }
  }, 60_000);
});

describe("token manager: renewal", () => {
  it("renews before expiry: within 10% of the lifetime, at most five minutes", async () => {
    expect(renewalMargin(1209599_000)).toBe(5 * 60_000);
    expect(renewalMargin(60_000)).toBe(6_000);
    expect(renewalMargin(-1)).toBe(0);

    await emulatorCall("scenario", { body: { tokenLifetimeSeconds: 100 } });
    const first = await new TokenManager(config()).getToken();
    const age = (issuedSecondsAgo: number, expiresInSeconds: number) =>
      db().providerToken.updateMany({
        data: { updatedAt: new Date(Date.now() - issuedSecondsAgo * 1000), expiresAt: new Date(Date.now() + expiresInSeconds * 1000) },
      });
    await age(85, 15); // 15 s left of 100: outside the 10 s margin
    expect(await new TokenManager(config()).getToken()).toBe(first);
    await age(92, 8); // 8 s left: inside it, renewed while the old token still works
    const second = await new TokenManager(config()).getToken();
    expect(second).not.toBe(first);
    expect(await tokenCalls()).toBe(2);
  });

  it("renews through the rotating refresh grant, and falls back to a password grant when refused", async () => {
    const tokens = new TokenManager(passwordConfig());
    const client = clientFor(tokens);
    const first = await tokens.getToken();
    const row = await db().providerToken.findUniqueOrThrow({ where: { key: PARTNER_KEY } });
    expect(row.sealedRefresh).toMatch(/^v1\./);
    await expireCachedToken();
    const second = await new TokenManager(passwordConfig()).getToken();
    expect(second).not.toBe(first);
    expect((await state()).tokenGrants).toMatchObject({ password: 1, refresh_token: 1 });
    // Rotation killed the first token; the first instance gets a 401 and recovers from Postgres.
    const old = await fetch(`${api()}/v1.0/accounts`, { headers: { authorization: `Bearer ${first}` } });
    expect(old.status).toBe(401);
    expect((await client.getAccount("acme-corp")).name).toBe("Acme Corp");
    expect(await tokens.getToken()).toBe(second);
    expect(await tokenCalls()).toBe(2);

    // The refresh token is revoked too: the refresh is refused (invalid_grant), a password grant follows.
    await emulatorCall("revoke-tokens", { body: {} });
    await expireCachedToken();
    const third = await new TokenManager(passwordConfig()).getToken();
    expect((await state()).tokenGrants).toMatchObject({ password: 2, refresh_token: 1 });
    expect(await tokenCalls()).toBe(4); // password, refresh, refused refresh, password
    expect((await clientFor(new TokenManager(passwordConfig())).getAccount("acme-corp")).id).toBe("acme-corp");
    expect(await tokens.getToken()).not.toBe(third); // its memory copy was revoked...
    expect((await client.getAccount("acme-corp")).id).toBe("acme-corp"); // ...and a 401 puts it right
  });

  it("reports a wrong partner password as a configuration problem", async () => {
    const error = await failure(new TokenManager(config({ flow: "password", username: "partner@example.com", password: "wrong" })).getToken());
    expect(error).toMatchObject({ code: "auth_failed" });
    expect(error?.message).toContain("CYCLR_USERNAME and CYCLR_PASSWORD");
    expect(await tokenCalls()).toBe(1); // refusals are not retried
  });

  it("ignores a cached value it cannot open and fetches a new token", async () => {
    await db().providerToken.create({
      data: { key: PARTNER_KEY, sealedAccess: seal("copied", "cyclr:account:other"), expiresAt: new Date(Date.now() + 3600_000) },
    });
    const token = await new TokenManager(config()).getToken();
    expect(token).not.toBe("copied");
    expect(await tokenCalls()).toBe(1);
  });
});

describe("token manager: refused tokens", () => {
  it("replaces a revoked token after exactly one 401", async () => {
    const client = clientFor(new TokenManager(config()));
    await client.getAccount("acme-corp");
    await emulatorCall("revoke-tokens", { body: {} });
    expect((await client.getAccount("acme-corp")).id).toBe("acme-corp");
    const { calls } = await state();
    expect(calls["GET /v1.0/accounts/{id}"]).toBe(3);
    expect(calls["POST /oauth/token"]).toBe(2);
  });

  it("replaces a revoked token once for 20 concurrent callers", async () => {
    const client = clientFor(new TokenManager(config()));
    await client.getAccount("acme-corp");
    await emulatorCall("revoke-tokens", { body: {} });
    const accounts = await Promise.all(Array.from({ length: 20 }, () => client.getAccount("acme-corp")));
    expect(accounts.every((a) => a.id === "acme-corp")).toBe(true);
    expect(await tokenCalls()).toBe(2);
  });

  it("does not drop a token that has already been replaced", async () => {
    const tokens = new TokenManager(config());
    const first = await tokens.getToken();
    await expireCachedToken();
    const second = await new TokenManager(config()).getToken();
    await tokens.invalidate(PARTNER_KEY, first); // a late 401 for the old token
    expect(await db().providerToken.count()).toBe(1);
    expect(await new TokenManager(config()).getToken()).toBe(second);
    await tokens.invalidate(PARTNER_KEY, second);
    expect(await db().providerToken.count()).toBe(0);
  });
});

describe("token manager: Cyclr down or misconfigured", () => {
  it("retries 503s from the token endpoint with backoff, then surfaces a clear error", async () => {
    await fault({ path: "/oauth/token", status: 503, times: 2 });
    await expect(new TokenManager(config()).getToken()).resolves.toBeTruthy();
    expect(await tokenCalls()).toBe(3);

    await resetEmulator();
    await truncateAll();
    await fault({ path: "/oauth/token", status: 503 });
    const started = Date.now();
    const error = await failure(new TokenManager(config()).getToken());
    expect(ProviderError.is(error)).toBe(true);
    expect(error).toMatchObject({ code: "unavailable", status: 503 });
    expect(error?.message).toMatch(/Cyclr is not available right now \(HTTP 503\)/);
    expect(await tokenCalls()).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(125 + 250); // two pauses, at least half of 250 ms and 500 ms
  });

  it("does not multiply token retries through the client", async () => {
    await fault({ path: "/oauth/token", status: 503 });
    const error = await failure(clientFor(new TokenManager(config())).getAccount("acme-corp"));
    expect(error).toMatchObject({ code: "unavailable" });
    expect(await tokenCalls()).toBe(3);
    expect((await state()).calls["GET /v1.0/accounts/{id}"]).toBeUndefined();
  });

  it("times out a token endpoint that does not answer", async () => {
    await fault({ path: "/oauth/token", latencyMs: 600 });
    const error = await failure(new TokenManager(config({ timeoutMs: 200 })).getToken());
    expect(error).toMatchObject({ code: "timeout", message: expect.stringMatching(/did not answer/) });
    expect(await tokenCalls()).toBe(3);
    // The emulator still finishes the abandoned requests: let them land before the next test resets it.
    await new Promise((resolve) => setTimeout(resolve, 700));
  });

  it("reports wrong client credentials as a configuration problem, without retrying", async () => {
    const error = await failure(new TokenManager(config({ clientSecret: "wrong" })).getToken());
    expect(error).toMatchObject({ code: "auth_failed" });
    expect(error?.message).toContain("CYCLR_CLIENT_SECRET");
    expect(await tokenCalls()).toBe(1);
    expect(await db().providerToken.count()).toBe(0);
  });
});

describe("token manager: account tokens", () => {
  it("gets scope-restricted tokens that work without X-Cyclr-Account", async () => {
    const tokens = new TokenManager(config());
    const token = await tokens.getAccountToken("acme-corp");
    const list = await fetch(`${api()}/v1.0/account/connectors`, { headers: { authorization: `Bearer ${token}` } });
    expect(list.status).toBe(200);
    const other = await fetch(`${api()}/v1.0/account/connectors`, { headers: { authorization: `Bearer ${token}`, "x-cyclr-account": "globex" } });
    expect(other.status).toBe(401);
    expect(await tokens.getToken()).not.toBe(token);
    expect(await db().providerToken.findUnique({ where: { key: accountKey("acme-corp") } })).not.toBeNull();
    expect(await failure(tokens.getAccountToken("no-such-account"))).toMatchObject({ code: "bad_request" });
  });

  it("gets legacy account tokens with the account user's password and client_secret={AccountId}", async () => {
    const tokens = new TokenManager(
      config({ accountTokens: { via: "password", credentials: (accountId) => ({ username: `user@${accountId}.example`, password: "account-password" }) } }),
    );
    const token = await tokens.getAccountToken("globex");
    const list = await fetch(`${api()}/v1.0/account/connectors`, { headers: { authorization: `Bearer ${token}` } });
    expect(list.status).toBe(200);
    expect((await state()).tokenGrants).toMatchObject({ password: 1, client_credentials: 0 });
    const row = await db().providerToken.findUniqueOrThrow({ where: { key: accountKey("globex") } });
    expect(row.sealedRefresh).not.toBeNull();
  });
});
