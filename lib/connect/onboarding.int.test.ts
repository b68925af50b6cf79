import { beforeEach, describe, expect, it } from "vitest";
import { refreshCatalogue, resolveCatalogue, setOffered } from "@/lib/catalogue";
import { createApiKey } from "@/lib/api-keys";
import { cyclr } from "@/lib/cyclr/client";
import { db } from "@/lib/db";
import { systemActor } from "@/lib/events";
import { run } from "@/lib/result";
import { setWebhook } from "@/lib/webhooks/endpoints";
import { emulatorCall, resetEmulator, truncateAll } from "@/testing/db";
import { accountIdSchema, provisionAccount } from "./accounts";
import { startConnect } from "./attempts";
import { connectWithCredentials } from "./credentials";
import { loadConnectPage, OFFERED_PAGE, offeredApps } from "./page";
import { createConnectSession, requireSession } from "./sessions";

// Onboarding a customer from nothing, against the emulator over HTTP and a real PostgreSQL:
// the host names an account, the partner offers connectors, Connect installs one.

type State = { calls: Record<string, number>; accounts: { Id: string; Name: string }[]; accountConnectors: { AccountId: string; Name: string }[] };
const state = () => emulatorCall<State>("state");
const calls = async (name: string) => (await state()).calls[name] ?? 0;
const totalCalls = async () => Object.values((await state()).calls).reduce((sum, n) => sum + n, 0);
const host = { actorType: "HOST_API" as const, actorId: null };

async function offer(...names: string[]) {
  await refreshCatalogue();
  const rows = await resolveCatalogue(names);
  await setOffered(
    rows.map((row) => row.id),
    true,
    systemActor("test"),
  );
  return rows;
}

beforeEach(async () => {
  await truncateAll();
  await resetEmulator();
});

describe("accounts from the host's side", () => {
  it("ten concurrent PUTs for a new id create the Cyclr account once", async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => provisionAccount("tenant-0001", { name: "Tenant One" }, host)));
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(new Set(results.map((result) => result.row.id)).size).toBe(1);
    expect(results.every((result) => result.account.id === "tenant-0001" && result.account.name === "Tenant One")).toBe(true);
    expect(await calls("POST /v1.0/accounts")).toBe(1);
    expect((await state()).accounts.filter((account) => account.Id === "tenant-0001")).toEqual([expect.objectContaining({ Name: "Tenant One" })]);
    const events = await db().event.findMany({ where: { type: "account.created" } });
    expect(events).toHaveLength(1);
  });

  it("renames when the name differs, and does nothing else when it matches", async () => {
    await provisionAccount("tenant-2", { name: "Old Name" }, host);
    const renamed = await provisionAccount("tenant-2", { name: "New Name" }, host);
    expect(renamed).toMatchObject({ created: false, account: { id: "tenant-2", name: "New Name" } });
    expect((await state()).accounts.find((account) => account.Id === "tenant-2")?.Name).toBe("New Name");
    const before = await totalCalls();
    const same = await provisionAccount("tenant-2", { name: "New Name" }, host);
    expect(same.created).toBe(false);
    expect((await totalCalls()) - before).toBe(1); // the read, no write
    expect(
      (await db().event.findMany({ where: { type: { in: ["account.created", "account.renamed"] } }, orderBy: { createdAt: "asc" } })).map((e) => e.type),
    ).toEqual(["account.created", "account.renamed"]);
  });

  it('takes Cyclr\'s "ID already in use" in a race to mean the account exists', async () => {
    // A fresh token first (the emulator's reset revoked the one this process holds), so the
    // counts below are the account calls alone.
    await cyclr().listAccounts({ page: 1, pageSize: 1 });
    // Another writer created it at Cyclr after our read said it was not there.
    await emulatorCall("faults", { body: { method: "GET", path: "/v1.0/accounts/{id}", status: 404, body: { Message: "Account not found." }, times: 1 } });
    const result = await provisionAccount("acme-corp", { name: "Acme Corp" }, host);
    expect(result).toMatchObject({ created: false, account: { id: "acme-corp", name: "Acme Corp" } });
    expect(await calls("POST /v1.0/accounts")).toBe(1);
    expect(await calls("GET /v1.0/accounts/{id}")).toBe(2);
  });

  it("says which rule an account id breaks", () => {
    const message = (value: unknown) => accountIdSchema.safeParse(value).error?.issues[0]?.message;
    expect(message("x".repeat(101))).toBe("accountId is 1 to 100 characters");
    expect(message("")).toBe("accountId is 1 to 100 characters");
    expect(message("-leading")).toBe("accountId starts with a letter or a digit");
    expect(message("has space")).toBe("accountId may hold only letters, digits and . _ : @ -");
    expect(message("tenant_42.eu:prod@x-1")).toBeUndefined();
  });
});

describe("connect sessions", () => {
  it("create an unknown account from accountName, and still refuse an unknown one without it", async () => {
    const created = await run(() => createConnectSession({ accountId: "fresh-co", userId: "u1", accountName: "Fresh Co" }, null));
    expect(created.ok).toBe(true);
    expect((await state()).accounts.some((account) => account.Id === "fresh-co" && account.Name === "Fresh Co")).toBe(true);
    const refused = await run(() => createConnectSession({ accountId: "nobody-here", userId: "u1" }, null));
    expect(refused).toMatchObject({ ok: false, error: { code: "not_found", message: 'Cyclr has no account with id "nobody-here".' } });
  });

  it("make no call to Cyclr for an account Switchboard knows", async () => {
    await createConnectSession({ accountId: "globex", userId: "u1" }, null);
    const before = await totalCalls();
    const minted = await createConnectSession({ accountId: "globex", userId: "u2" }, null);
    expect(await totalCalls()).toBe(before);
    // The session and its audit event, as the slower path writes them.
    const session = await requireSession(minted.token);
    expect(session).toMatchObject({ hostUserId: "u2", connectorIds: [], account: { cyclrAccountId: "globex" } });
    expect(Math.abs(session.expiresAt.getTime() - minted.expiresAt.getTime())).toBeLessThan(1000);
    const event = await db().event.findFirstOrThrow({ where: { type: "session.created", data: { path: ["hostUserId"], equals: "u2" } } });
    expect(event).toMatchObject({
      outcome: "success",
      actorType: "HOST_API",
      accountId: session.account.id,
      data: { sessionId: session.id, hostUserId: "u2" },
    });
    expect(Math.abs(event.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it("narrow the page to named connectors, refusing one neither offered nor installed", async () => {
    await offer("Stripe", "Jira");
    const refused = await run(() => createConnectSession({ accountId: "globex", userId: "u1", connectors: ["Stripe", "Nonexistent CRM"] }, null));
    expect(refused).toMatchObject({
      ok: false,
      error: { code: "bad_request", fields: { connectors: ['"Nonexistent CRM" is neither offered nor installed for this account'] } },
    });

    const { token } = await createConnectSession({ accountId: "globex", userId: "u1", connectors: ["jira", "Stripe"] }, null);
    const page = await loadConnectPage(token, { embedded: false, ip: "127.0.0.1" });
    // Installed first, then the offered ones the account lacks.
    expect(page.kind === "ready" && (await page.apps).connectors.map((connector) => [connector.name, connector.installed])).toEqual([
      ["Stripe", true],
      ["Jira", false],
    ]);
  });
});

describe("the connect page's apps", () => {
  it("sends offered apps a page at a time, searchable, with the whole count and the categories", async () => {
    await refreshCatalogue();
    const all = await db().catalogueConnector.findMany({ where: { status: "Approved" }, orderBy: [{ name: "asc" }, { id: "asc" }] });
    await setOffered(
      all.map((row) => row.id),
      true,
      systemActor("test"),
    );
    const { token } = await createConnectSession({ accountId: "globex", userId: "u1" }, null);
    const shell = await loadConnectPage(token, { embedded: false, ip: "127.0.0.1" });
    if (shell.kind !== "ready") throw new Error(shell.kind);
    const page = await shell.apps;
    const installed = page.connectors.filter((connector) => connector.installed);
    const firstOffered = page.connectors.filter((connector) => !connector.installed);
    expect(installed.map((connector) => connector.name)).toEqual(["Google Sheets", "Salesforce", "Stripe"]);
    expect(firstOffered).toHaveLength(Math.min(OFFERED_PAGE, all.length - 3));
    expect(page.appCount).toBe(all.length);
    expect(page.categories).toEqual(expect.arrayContaining(["CRM", "Payments"]));

    // Every offered app the account lacks, exactly once, page after page.
    const session = await requireSession(token);
    const seen = [...firstOffered.map((connector) => connector.name)];
    for (let after = page.moreOffered; after;) {
      const next = await offeredApps(session, { after });
      seen.push(...next.apps.map((connector) => connector.name));
      after = next.next;
    }
    expect(seen).toEqual(all.map((row) => row.name).filter((name) => !["Google Sheets", "Salesforce", "Stripe"].includes(name)));
    expect((await offeredApps(session, { q: "hubs" })).apps.map((connector) => connector.name)).toEqual(["HubSpot"]);
    expect((await offeredApps(session, { q: "no such app at all" })).apps).toEqual([]);
  });
});

describe("install on Connect", () => {
  it("lists offered connectors the account lacks, and installs one once when two clicks race", async () => {
    await offer("Salesforce", "HubSpot");
    const { token } = await createConnectSession({ accountId: "new-tenant", userId: "u1", accountName: "New Tenant" }, null);
    const shell = await loadConnectPage(token, { embedded: false, ip: "127.0.0.1" });
    if (shell.kind !== "ready") throw new Error(shell.kind);
    const page = await shell.apps;
    expect(page.connectors.map((connector) => [connector.name, connector.installed, connector.status])).toEqual([
      ["HubSpot", false, "NOT_CONNECTED"],
      ["Salesforce", false, "NOT_CONNECTED"],
    ]);
    const salesforce = page.connectors.find((connector) => connector.name === "Salesforce")!;
    const session = await requireSession(token);
    const [first, second] = await Promise.all([startConnect(session, salesforce.id, "POPUP"), startConnect(session, salesforce.id, "POPUP")]);
    expect(first.connector.id).toBe(second.connector.id);
    expect(first.connector).toMatchObject({ name: "Salesforce", installed: true, status: "NOT_CONNECTED" });
    expect(await calls("POST /v1.0/connectors/{id}/install")).toBe(1);
    expect((await state()).accountConnectors.filter((connector) => connector.AccountId === "new-tenant").map((connector) => connector.Name)).toEqual([
      "Salesforce",
    ]);
    expect(await db().event.count({ where: { type: "connector.installed" } })).toBe(1);
    // Clicking again later uses what is installed.
    await startConnect(session, salesforce.id, "POPUP");
    expect(await calls("POST /v1.0/connectors/{id}/install")).toBe(1);
  });

  it("tells the hosts: account.created, then connector.installed and connector.connected, as signed webhooks in the outbox", async () => {
    const { apiKey } = await createApiKey("onboarding host");
    await setWebhook(apiKey.id, "http://localhost:9/hooks", systemActor("test"));
    const [stripe] = await offer("Stripe");
    const { token } = await createConnectSession({ accountId: "hooked", userId: "u1", accountName: "Hooked Ltd" }, null);
    await connectWithCredentials(await requireSession(token), stripe!.id, { kind: "apiKey", apiKey: "sk-test" });
    const queued = await db().webhookDelivery.findMany({ orderBy: { createdAt: "asc" } });
    expect(queued.map((delivery) => delivery.eventType)).toEqual(["account.created", "connector.installed", "connector.connected"]);
    const [created, installed] = queued.map(
      (delivery) => JSON.parse(delivery.body) as { data: { account: { id: string; name: string }; connector?: { name: string; status: string } } },
    );
    expect(created!.data).toEqual({ account: { id: "hooked", name: "Hooked Ltd", tenantId: "hooked" } });
    expect(installed!.data.connector).toMatchObject({ name: "Stripe", status: "NOT_CONNECTED" });
  });

  it("installs an API-key app and sets its key right after, in one submit", async () => {
    const [mailchimp] = await offer("Mailchimp");
    const { token } = await createConnectSession({ accountId: "form-tenant", userId: "u1", accountName: "Form Tenant" }, null);
    const view = await connectWithCredentials(await requireSession(token), mailchimp!.id, { kind: "apiKey", apiKey: "mc-key" });
    expect(view).toMatchObject({ name: "Mailchimp", installed: true, status: "CONNECTED" });
    expect(await calls("POST /v1.0/connectors/{id}/install")).toBe(1);
  });

  it("leaves nothing behind when Cyclr refuses the install, and says why in words", async () => {
    const [hubspot] = await offer("HubSpot");
    const { token } = await createConnectSession({ accountId: "unlucky", userId: "u1", accountName: "Unlucky Ltd" }, null);
    await emulatorCall("faults", {
      body: { method: "POST", path: "/v1.0/connectors/{id}/install", status: 400, body: { Message: "Installation is not possible right now." }, times: 1 },
    });
    const failed = await run(async () => startConnect(await requireSession(token), hubspot!.id, "POPUP"));
    expect(failed).toMatchObject({
      ok: false,
      error: { code: "bad_request", message: "HubSpot could not be set up for your account. Cyclr: Installation is not possible right now." },
    });
    const account = await db().account.findUniqueOrThrow({ where: { cyclrAccountId: "unlucky" } });
    expect(await db().accountConnector.count({ where: { accountId: account.id } })).toBe(0);
    expect(await db().connectAttempt.count()).toBe(0);
    expect(await db().event.findMany({ where: { type: "connector.install_failed" } })).toEqual([
      expect.objectContaining({ outcome: "failure", accountId: account.id }),
    ]);
  });
});
