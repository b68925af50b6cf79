import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { emulatorCall, resetEmulator, truncateAll } from "@/testing/db";
import { listAccountRows } from "@/lib/admin/queries";
import { latestSyncRun, syncAll, syncIfDue } from "./cyclr-sync";

const system = { actorType: "SYSTEM" as const, actorId: null };

/** Calls Cyclr's own API (the emulator's) with a partner token, as a partner's console would. */
async function cyclrApi(method: string, path: string, body?: unknown, account?: string): Promise<number> {
  const api = process.env.CYCLR_API_URL!;
  const token = (await (
    await fetch(`${api}/oauth/token`, {
      method: "POST",
      body: new URLSearchParams({ grant_type: "client_credentials", client_id: process.env.CYCLR_CLIENT_ID!, client_secret: process.env.CYCLR_CLIENT_SECRET! }),
    })
  ).json()) as { access_token: string };
  const response = await fetch(`${api}${path}`, {
    method,
    headers: { authorization: `Bearer ${token.access_token}`, "content-type": "application/json", ...(account ? { "x-cyclr-account": account } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  await response.body?.cancel();
  return response.status;
}

beforeEach(async () => {
  await truncateAll();
  await resetEmulator();
});

describe("sync with Cyclr", () => {
  it("imports every page of accounts and their connectors", async () => {
    // Cyclr's account list is read 500 at a time: 524 accounts (4 seeded, 520 bulk) take two pages.
    await emulatorCall("seed-accounts", { body: { count: 520, connectorsPerAccount: 2 } });
    const result = await syncAll(system);
    expect(result).toMatchObject({ ran: true, accounts: 524, failed: [], error: null });
    expect(await db().account.count()).toBe(524);
    expect(await db().accountConnector.count()).toBe(520 * 2 + 5 + 3 + 3);
    const state = await emulatorCall<{ calls: Record<string, number> }>("state");
    expect(state.calls["GET /v1.0/accounts"]).toBe(2);
    // Every imported row says what Cyclr says.
    const remote = (await emulatorCall<{ accountConnectors: { Id: number; AccountId: string; Name: string; Authenticated: boolean }[] }>("state"))
      .accountConnectors;
    const rows = await db().accountConnector.findMany({ include: { account: true } });
    const byKey = new Map(rows.map((row) => [`${row.account.cyclrAccountId}/${row.cyclrAccountConnectorId}`, row]));
    for (const connector of remote) {
      const row = byKey.get(`${connector.AccountId}/${connector.Id}`);
      expect(row, `${connector.AccountId}/${connector.Id}`).toMatchObject({
        name: connector.Name,
        status: connector.Authenticated ? "CONNECTED" : "NOT_CONNECTED",
      });
      expect(row!.connectorName.length).toBeGreaterThan(0);
    }
    expect(rows.filter((row) => row.connectorIcon?.startsWith("data:image/")).length).toBeGreaterThan(0);
    expect(await latestSyncRun()).toMatchObject({ status: "SUCCEEDED", pages: 2, accountsDone: 524, accountsFailed: 0, accountsRetired: 0, by: "Switchboard" });
  });

  it("retires an account Cyclr no longer lists, with its connectors, and brings it back when Cyclr lists it again", async () => {
    await syncAll(system);
    expect(await cyclrApi("DELETE", "/v1.0/accounts/globex")).toBe(200);
    const result = await syncAll({ actorType: "ADMIN", actorId: "ops@example.com" });
    expect(result).toMatchObject({ ran: true, accounts: 3, retired: 1 });
    const globex = await db().account.findUniqueOrThrow({ where: { cyclrAccountId: "globex" } });
    expect(globex.retiredAt).not.toBeNull();
    expect(await db().accountConnector.count({ where: { accountId: globex.id, retiredAt: null } })).toBe(0);
    expect(await db().event.count({ where: { accountId: globex.id, type: "account.retired", actorId: "ops@example.com" } })).toBe(1);
    expect((await listAccountRows({})).rows.map((row) => row.cyclrAccountId)).not.toContain("globex");
    const retiredRows = (await listAccountRows({ retired: "1" })).rows;
    expect(retiredRows.map((row) => row.cyclrAccountId)).toEqual(["globex"]);
    expect(Object.values(retiredRows[0]!.counts).reduce((a, b) => a + b, 0)).toBe(3);
    expect(await latestSyncRun()).toMatchObject({ status: "SUCCEEDED", accountsRetired: 1, by: "ops@example.com" });

    expect(await cyclrApi("POST", "/v1.0/accounts", { Id: "globex", Name: "Globex" })).toBe(200);
    await syncAll(system);
    expect((await db().account.findUniqueOrThrow({ where: { cyclrAccountId: "globex" } })).retiredAt).toBeNull();
    expect((await listAccountRows({})).rows.map((row) => row.cyclrAccountId)).toContain("globex");
  });

  it("follows connectors renamed, removed and authenticated at Cyclr, writing nothing for the unchanged", async () => {
    await syncAll(system);
    const state = await emulatorCall<{ accountConnectors: { Id: number; AccountId: string; Name: string }[] }>("state");
    const [renamed, removed, authenticated] = state.accountConnectors.filter((c) => c.AccountId === "globex");
    expect(await cyclrApi("PUT", `/v1.0/account/connectors/${renamed!.Id}`, { Name: "Renamed at Cyclr" }, "globex")).toBe(200);
    expect(await cyclrApi("DELETE", `/v1.0/account/connectors/${removed!.Id}`, undefined, "globex")).toBe(200);
    await emulatorCall(`accounts/globex/connectors/${authenticated!.Id}/authenticated`, { body: { authenticated: true } });
    const untouched = await db().accountConnector.findMany({ where: { account: { cyclrAccountId: "acme-corp" } }, orderBy: { id: "asc" } });

    await syncAll(system);
    const row = (id: number) =>
      db().accountConnector.findFirstOrThrow({ where: { account: { cyclrAccountId: "globex" }, cyclrAccountConnectorId: String(id) } });
    expect(await row(renamed!.Id)).toMatchObject({ name: "Renamed at Cyclr", retiredAt: null });
    expect((await row(removed!.Id)).retiredAt).not.toBeNull();
    expect(await row(authenticated!.Id)).toMatchObject({ status: "CONNECTED", authenticatedAt: expect.any(Date) });
    const after = await db().accountConnector.findMany({ where: { account: { cyclrAccountId: "acme-corp" } }, orderBy: { id: "asc" } });
    expect(after.map((r) => r.updatedAt.getTime())).toEqual(untouched.map((r) => r.updatedAt.getTime()));
    expect(after.every((r, i) => r.lastCheckedAt!.getTime() > untouched[i]!.lastCheckedAt!.getTime())).toBe(true);
  });

  it("retires nothing when the account list cannot be read to the end", async () => {
    await syncAll(system);
    expect(await cyclrApi("DELETE", "/v1.0/accounts/globex")).toBe(200);
    await emulatorCall("faults", { body: { method: "GET", path: "/v1.0/accounts", status: 503 } });
    const result = await syncAll(system);
    expect(result).toMatchObject({ ran: true, retired: 0 });
    expect(result.ran && result.error).toMatch(/not available/);
    expect(await db().account.count({ where: { retiredAt: { not: null } } })).toBe(0);
    expect(await latestSyncRun()).toMatchObject({ status: "FAILED" });
  });

  it("shows a run whose process died as interrupted, and closes it when the next one starts", async () => {
    const dead = await db().syncRun.create({
      data: { actorType: "SYSTEM", heartbeatAt: new Date(Date.now() - 10 * 60_000), startedAt: new Date(Date.now() - 10 * 60_000) },
    });
    expect(await latestSyncRun()).toMatchObject({ id: dead.id, status: "INTERRUPTED" });
    await syncAll(system);
    expect(await db().syncRun.findUniqueOrThrow({ where: { id: dead.id } })).toMatchObject({
      status: "FAILED",
      message: expect.stringContaining("Interrupted"),
    });
    expect(await latestSyncRun()).toMatchObject({ status: "SUCCEEDED" });
  });

  it("marks a connector deauthenticated at Cyclr as disconnected, with an event", async () => {
    await syncAll(system);
    const connector = await db().accountConnector.findFirstOrThrow({ where: { account: { cyclrAccountId: "acme-corp" }, name: "Salesforce" } });
    await db().accountConnector.update({ where: { id: connector.id }, data: { status: "CONNECTED" } });
    await syncAll(system);
    expect((await db().accountConnector.findUniqueOrThrow({ where: { id: connector.id } })).status).toBe("DISCONNECTED");
    expect(await db().event.count({ where: { accountConnectorId: connector.id, type: "connector.disconnected" } })).toBe(1);
  });

  it("survives 503s mid-sync: the failing account is untouched, the others are complete", async () => {
    // Every connector list of one account answers 503: its retries run out, the others are fine.
    await emulatorCall("faults", { body: { method: "GET", path: "/v1.0/account/connectors", account: "acme-corp", status: 503 } });
    const result = await syncAll(system);
    expect(result.ran && result.failed.map((f) => f.accountId)).toEqual(["acme-corp"]);
    expect(result.ran && result.failed[0]!.message).toMatch(/not available/);
    expect(await db().accountConnector.count({ where: { account: { cyclrAccountId: "acme-corp" } } })).toBe(0);
    expect(await db().accountConnector.count({ where: { account: { cyclrAccountId: "globex" } } })).toBe(3);
    expect(await db().event.count({ where: { type: "sync.completed", outcome: "failure" } })).toBe(1);
  });

  it("on a later sync, a failing account keeps its last state while the others are updated", async () => {
    await syncAll(system);
    const state = await emulatorCall<{ accountConnectors: { Id: number; AccountId: string; Name: string }[] }>("state");
    for (const account of ["acme-corp", "globex"]) {
      const salesforce = state.accountConnectors.find((c) => c.AccountId === account && c.Name === "Salesforce")!;
      await emulatorCall(`accounts/${account}/connectors/${salesforce.Id}/authenticated`, { body: { authenticated: true } });
    }
    await emulatorCall("faults", { body: { method: "GET", path: "/v1.0/account/connectors", account: "acme-corp", status: 503 } });
    const result = await syncAll(system);
    expect(result.ran && result.failed.map((f) => f.accountId)).toEqual(["acme-corp"]);
    const status = async (account: string) =>
      (await db().accountConnector.findFirstOrThrow({ where: { account: { cyclrAccountId: account }, name: "Salesforce" } })).status;
    expect(await status("acme-corp")).toBe("NOT_CONNECTED");
    expect(await status("globex")).toBe("CONNECTED");
  });

  it("runs once when two syncs start together", async () => {
    await emulatorCall("faults", { body: { method: "GET", path: "/v1.0/accounts", latencyMs: 300, times: 1 } });
    const results = await Promise.all([syncAll(system), syncAll(system)]);
    expect(results.filter((r) => r.ran)).toHaveLength(1);
    expect(results.filter((r) => !r.ran)).toEqual([{ ran: false, reason: "already_running" }]);
  });

  it("runs the scheduled sync once per interval however many instances look", async () => {
    const interval = 15 * 60_000;
    // Nothing ran yet: of two instances looking at once, one syncs.
    await emulatorCall("faults", { body: { method: "GET", path: "/v1.0/accounts", latencyMs: 300, times: 1 } });
    expect((await Promise.all([syncIfDue(interval), syncIfDue(interval)])).filter(Boolean)).toHaveLength(1);
    expect(await db().syncRun.count()).toBe(1);
    // Looking again within the interval: nobody syncs.
    expect(await Promise.all([syncIfDue(interval), syncIfDue(interval)])).toEqual([false, false]);
    // An interval later: one sync again.
    const later = Date.now() + interval;
    expect((await Promise.all([syncIfDue(interval, later), syncIfDue(interval, later)])).filter(Boolean)).toHaveLength(1);
    expect(await db().syncRun.count()).toBe(2);
  });

  it("still syncs the accounts when Cyclr will not list its catalogue, and says so", async () => {
    await emulatorCall("faults", { body: { method: "GET", path: "/v1.0/connectors", status: 503 } });
    const result = await syncAll(system);
    expect(result).toMatchObject({ ran: true, error: null, failed: [] });
    expect(result.ran && result.accounts).toBeGreaterThan(0);
    expect((await latestSyncRun())?.message).toMatch(/^Synced \d+ accounts from Cyclr; the connector catalogue could not be read: Cyclr is not available/);
  });
});
