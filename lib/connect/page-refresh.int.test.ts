import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { emulatorCall, resetEmulator, truncateAll } from "@/testing/db";
import { useSettings } from "@/testing/settings";
import { loadConnectPage, type ConnectPage } from "./page";
import { createConnectSession } from "./sessions";

// The connect page reuses a recent refresh of the account's connectors from Cyclr instead of
// asking on every load: counted with the emulator's own call counts, over HTTP.

type Calls = { calls: Record<string, number> };
const connectorListCalls = async () => (await emulatorCall<Calls>("state")).calls["GET /v1.0/account/connectors"] ?? 0;

let restore: () => void = () => undefined;
afterEach(() => restore());

beforeEach(async () => {
  await truncateAll();
  await resetEmulator();
});

const load = (token: string, ip = "203.0.113.1") => loadConnectPage(token, { embedded: false, ip });
/** The page's apps, once they have settled (the refresh from Cyclr happens on their way). */
const appsOf = (page: ConnectPage) => {
  if (page.kind !== "ready") throw new Error(`the page is ${page.kind}`);
  return page.apps;
};

/** What the window's passing does: the account's last refresh, and the refresh claim, are old. */
async function windowPasses(cyclrAccountId: string) {
  await db().account.update({ where: { cyclrAccountId }, data: { lastSyncedAt: new Date(Date.now() - 60_000) } });
  await db().$executeRaw`DELETE FROM "RateLimit" WHERE key LIKE 'connect_refresh:%'`;
}

describe("connect page refresh", () => {
  it("ten loads within CONNECT_REFRESH_SECONDS make one Cyclr call, also when they come at once; a load after it asks again", async () => {
    // A window longer than the test takes on a busy machine (the default is 5 seconds).
    restore = useSettings({ CONNECT_REFRESH_SECONDS: "60" });
    const { token } = await createConnectSession({ accountId: "acme-corp", userId: "u1" }, null);
    const before = await connectorListCalls();
    const pages = await Promise.all(Array.from({ length: 10 }, async () => appsOf(await load(token))));
    expect(pages.every((apps) => apps.connectors.length > 3 && apps.syncWarning === null)).toBe(true);
    expect(await connectorListCalls()).toBe(before + 1);
    for (let i = 0; i < 10; i++) await appsOf(await load(token));
    expect(await connectorListCalls()).toBe(before + 1);

    await windowPasses("acme-corp");
    await appsOf(await load(token));
    expect(await connectorListCalls()).toBe(before + 2);
  });

  it("a sync of the account by anyone (the scheduled sync, another instance) counts as the recent refresh", async () => {
    restore = useSettings({ CONNECT_REFRESH_SECONDS: "60" });
    const { token } = await createConnectSession({ accountId: "acme-corp", userId: "u1" }, null);
    await appsOf(await load(token));
    await windowPasses("acme-corp");
    await db().account.update({ where: { cyclrAccountId: "acme-corp" }, data: { lastSyncedAt: new Date() } });
    const before = await connectorListCalls();
    await appsOf(await load(token));
    expect(await connectorListCalls()).toBe(before);
  });

  it("CONNECT_REFRESH_SECONDS=0 asks Cyclr on every load", async () => {
    restore = useSettings({ CONNECT_REFRESH_SECONDS: "0" });
    const { token } = await createConnectSession({ accountId: "acme-corp", userId: "u1" }, null);
    const before = await connectorListCalls();
    for (let i = 0; i < 3; i++) await appsOf(await load(token));
    expect(await connectorListCalls()).toBe(before + 3);
  });
});
