import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { accountDeviceRows } from "@/lib/devices/queries";
import type { ConnectorStatus, DeviceStatus, DeviceType } from "@/lib/generated/prisma/client";
import { truncateAll } from "@/testing/db";
import { useSettings } from "@/testing/settings";
import { listEvents } from "./events";
import { accountDetail, connectorListFilters, listConnectorRows, PAGE_SIZE, type ConnectorListFilters, type ListRow } from "./queries";

// The console's connectors list over two tables: Cyclr connectors and Podero devices, one
// list by (name, id), keyset-paged both ways, against a real PostgreSQL. Names are lowercase
// letters and digits, which every collation orders alike, so the expected order can be
// worked out here; ids break ties across the two tables (a uuid orders as its hex text).

let restore: () => void = () => undefined;
afterEach(() => restore());
beforeEach(truncateAll);

type Seeded = { provider: "Cyclr" | "Podero"; id: string; name: string };

async function account(cyclrAccountId: string, name = cyclrAccountId) {
  return db().account.create({ data: { cyclrAccountId, name } });
}

async function connector(
  accountId: string,
  name: string,
  status: ConnectorStatus = "NOT_CONNECTED",
  extra: { connectorName?: string; retired?: boolean } = {},
) {
  const row = await db().accountConnector.create({
    data: {
      accountId,
      cyclrAccountConnectorId: randomUUID(),
      name,
      connectorId: "5001",
      connectorName: extra.connectorName ?? "Salesforce",
      authType: "OAuth2",
      status,
      retiredAt: extra.retired ? new Date() : null,
    },
  });
  return { provider: "Cyclr" as const, id: row.id, name };
}

async function link(accountId: string, hostUserId: string, email = `${hostUserId}@example.com`) {
  return db().poderoUserLink.create({ data: { accountId, hostUserId, poderoUserId: randomUUID(), externalUserId: `x/${hostUserId}`, email } });
}

async function device(
  owner: { id: string; accountId: string; poderoUserId: string },
  fields: { manufacturer: string; model?: string; type?: DeviceType; typeName?: string; status?: DeviceStatus; retired?: boolean; actions?: string[] },
) {
  const row = await db().device.create({
    data: {
      accountId: owner.accountId,
      linkId: owner.id,
      poderoUserId: owner.poderoUserId,
      poderoDeviceId: randomUUID(),
      type: fields.type ?? "ev",
      typeName: fields.typeName ?? "Electric vehicle",
      manufacturer: fields.manufacturer,
      model: fields.model ?? "",
      status: fields.status ?? "CONNECTED",
      isAuthenticated: (fields.status ?? "CONNECTED") === "CONNECTED",
      actions: fields.actions ?? [],
      retiredAt: fields.retired ? new Date() : null,
    },
  });
  return { provider: "Podero" as const, id: row.id, name: [fields.manufacturer, fields.model].filter(Boolean).join(" ") || row.typeName };
}

const byNameThenId = (a: Seeded, b: Seeded) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const keys = (rows: ListRow[]) => rows.map((row) => ({ provider: row.provider, id: row.id, name: row.name }));

/** Every page forward from the first, then every page back from the last, by the cursors the pages give. */
async function walk(filters: ConnectorListFilters, accountId?: string) {
  const forward: Seeded[][] = [];
  let page = await listConnectorRows(filters, accountId);
  expect(page.previous).toBeNull();
  forward.push(keys(page.rows));
  while (page.next) {
    page = await listConnectorRows({ ...filters, after: page.next }, accountId);
    expect(page.previous).not.toBeNull();
    forward.push(keys(page.rows));
  }
  const backward: Seeded[][] = [keys(page.rows)];
  while (page.previous) {
    page = await listConnectorRows({ ...filters, before: page.previous }, accountId);
    backward.unshift(keys(page.rows));
  }
  return { forward, backward };
}

/** 30 connectors and 30 devices over two accounts, their names interleaved, and one name both have at the first page's boundary. */
async function mixedList() {
  const acme = await account("acme", "Acme");
  const globex = await account("globex", "Globex");
  const ada = await link(acme.id, "ada");
  const bob = await link(globex.id, "bob");
  const rows: Seeded[] = [];
  for (let i = 0; i < 60; i++) {
    // Positions 24 and 25 (the last of page one and the first of page two) share the name "n24".
    const name = `n${String(i === 25 ? 24 : i).padStart(2, "0")}`;
    const owner = i % 4 < 2 ? acme : globex;
    rows.push(i % 2 === 0 ? await connector(owner.id, name) : await device(i % 4 < 2 ? ada : bob, { manufacturer: name }));
  }
  return { acme, globex, ada, bob, rows: rows.sort(byNameThenId) };
}

describe("the connectors list with Podero configured", () => {
  it("lists connectors and devices as one list by name, and pages it both ways with every row once", async () => {
    const { rows } = await mixedList();
    const { forward, backward } = await walk({});
    expect(forward.map((page) => page.length)).toEqual([PAGE_SIZE, PAGE_SIZE, 10]);
    expect(forward.flat()).toEqual(rows);
    // The tie at the boundary: one "n24" ends page one, the other (of the other table) starts page two.
    expect([forward[0]!.at(-1)!.name, forward[1]![0]!.name]).toEqual(["n24", "n24"]);
    expect(new Set([forward[0]!.at(-1)!.provider, forward[1]![0]!.provider])).toEqual(new Set(["Cyclr", "Podero"]));
    expect(backward).toEqual(forward);
  });

  it("a page boundary where one table runs out: the rest comes from the other", async () => {
    const acme = await account("acme");
    const ada = await link(acme.id, "ada");
    const expected: Seeded[] = [];
    for (let i = 0; i < PAGE_SIZE; i++) expected.push(await connector(acme.id, `a${String(i).padStart(2, "0")}`));
    for (let i = 0; i < 3; i++) expected.push(await device(ada, { manufacturer: `b${i}` }));
    const { forward, backward } = await walk({});
    expect(forward.map((page) => page.map((row) => row.provider))).toEqual([Array(PAGE_SIZE).fill("Cyclr"), ["Podero", "Podero", "Podero"]]);
    expect(forward.flat()).toEqual(expected);
    expect(backward).toEqual(forward);
  });

  it("the provider filter: Podero lists only devices, Cyclr only connectors, each paged", async () => {
    const { rows } = await mixedList();
    const podero = await walk({ provider: "podero" });
    expect(podero.forward.flat()).toEqual(rows.filter((row) => row.provider === "Podero"));
    expect(podero.forward.map((page) => page.length)).toEqual([PAGE_SIZE, 5]);
    expect(podero.backward).toEqual(podero.forward);
    const cyclr = await walk({ provider: "cyclr" });
    expect(cyclr.forward.flat()).toEqual(rows.filter((row) => row.provider === "Cyclr"));
    expect(cyclr.backward).toEqual(cyclr.forward);
  });

  it("the status filter: a shared status finds both, a device's or a connector's own only its kind", async () => {
    const acme = await account("acme");
    const ada = await link(acme.id, "ada");
    const connected = await connector(acme.id, "Crm", "CONNECTED");
    const failed = await connector(acme.id, "Erp", "FAILED");
    const never = await connector(acme.id, "Mail", "NOT_CONNECTED");
    const gone = await connector(acme.id, "Sheet", "DISCONNECTED");
    const ev = await device(ada, { manufacturer: "Tesla", model: "Model 3" });
    const hp = await device(ada, { manufacturer: "Daikin", type: "hp", typeName: "Heat pump", status: "NEEDS_ATTENTION", actions: ["reauthenticate"] });
    const wb = await device(ada, { manufacturer: "Easee", type: "wb", typeName: "Wallbox", status: "DISCONNECTED" });
    const ids = async (filters: ConnectorListFilters) => (await listConnectorRows(filters)).rows.map((row) => row.id);
    expect(await ids({ status: "CONNECTED" })).toEqual([connected.id, ev.id]);
    expect(await ids({ status: "DISCONNECTED" })).toEqual([wb.id, gone.id]);
    expect(await ids({ status: "NEEDS_ATTENTION" })).toEqual([hp.id]);
    expect(await ids({ status: "FAILED" })).toEqual([failed.id]);
    expect(await ids({ status: "NOT_CONNECTED" })).toEqual([never.id]);
    expect(await ids({ status: "NEEDS_ATTENTION", provider: "cyclr" })).toEqual([]);
    expect(await ids({ status: "FAILED", provider: "podero" })).toEqual([]);
    // A connector filter names a Cyclr connector: no device is one.
    expect(await ids({ connector: "Salesforce" })).toEqual([connected.id, failed.id, never.id, gone.id]);
    // The URL's values parse to these, and one it does not know is no filter.
    expect(connectorListFilters.parse({ status: "NEEDS_ATTENTION", provider: "podero" })).toMatchObject({ status: "NEEDS_ATTENTION", provider: "podero" });
    expect(connectorListFilters.parse({ status: "LAPSED", provider: "Zapier" })).toMatchObject({ status: undefined, provider: undefined });
  });

  it("a device's row: its name, whose it is, its status and Podero's action, its latest attempt", async () => {
    const acme = await account("acme", "Acme");
    const ada = await link(acme.id, "ada", "ada@example.com");
    const hp = await device(ada, {
      manufacturer: "Daikin",
      model: "Altherma 3",
      type: "hp",
      typeName: "Heat pump",
      status: "NEEDS_ATTENTION",
      actions: ["reauthenticate"],
    });
    const bare = await device(ada, { manufacturer: "", type: "wb", typeName: "Wallbox" });
    await db().deviceAttempt.create({
      data: {
        accountId: acme.id,
        linkId: ada.id,
        deviceType: "hp",
        deviceId: hp.id,
        poderoOnboardingId: "o1",
        mode: "POPUP",
        status: "SUCCEEDED",
        nonceHash: "x",
        expiresAt: new Date(),
      },
    });
    const { rows } = await listConnectorRows({ provider: "podero" });
    expect(rows).toMatchObject([
      {
        provider: "Podero",
        id: hp.id,
        name: "Daikin Altherma 3",
        typeName: "Heat pump",
        status: "NEEDS_ATTENTION",
        actions: ["reauthenticate"],
        hostUserId: "ada",
        email: "ada@example.com",
        account: { id: acme.id, name: "Acme", cyclrAccountId: "acme" },
        lastAttempt: { status: "SUCCEEDED", startedAt: expect.any(String) },
      },
      // No manufacturer or model: the type's name.
      { provider: "Podero", id: bare.id, name: "Wallbox", lastAttempt: null },
    ]);
  });

  it("search finds devices by name, account, Cyclr id, the user's id or email; % and _ are letters", async () => {
    const acme = await account("acme", "Acme");
    const globex = await account("globex", "Globex");
    const ada = await link(acme.id, "ada", "ada@lovelace.example");
    const bob = await link(globex.id, "bob");
    const tesla = await device(ada, { manufacturer: "Tesla", model: "Model 3" });
    const daikin = await device(bob, { manufacturer: "Daikin", type: "hp", typeName: "Heat pump" });
    const crm = await connector(acme.id, "crm");
    const percent = await connector(globex.id, "100% crm");
    const ids = async (q: string) => (await listConnectorRows({ q })).rows.map((row) => row.id).sort();
    expect(await ids("LA MOD")).toEqual([tesla.id]);
    expect(await ids("acme")).toEqual([crm.id, tesla.id].sort());
    expect(await ids("globex")).toEqual([daikin.id, percent.id].sort());
    expect(await ids("bob")).toEqual([daikin.id]);
    expect(await ids("lovelace")).toEqual([tesla.id]);
    expect(await ids("%")).toEqual([percent.id]);
    expect(await ids("_")).toEqual([]);
  });

  it("an account's list and retired rows: only that account's, none retired", async () => {
    const acme = await account("acme");
    const globex = await account("globex");
    const ada = await link(acme.id, "ada");
    const bob = await link(globex.id, "bob");
    const mine = [await connector(acme.id, "Crm"), await device(ada, { manufacturer: "Tesla" })];
    await connector(acme.id, "old", "CONNECTED", { retired: true });
    await device(ada, { manufacturer: "Retired", retired: true });
    await connector(globex.id, "crm");
    await device(bob, { manufacturer: "Tesla" });
    expect(keys((await listConnectorRows({}, acme.id)).rows)).toEqual(mine);
    expect(keys((await listConnectorRows({ provider: "cyclr" }, acme.id)).rows)).toEqual([mine[0]]);
  });

  it("an account's devices for its page: by user, then type, the first 100 and whether there are more", async () => {
    const acme = await account("acme");
    const zoe = await link(acme.id, "zoe");
    const ada = await link(acme.id, "ada");
    const wb = await device(zoe, { manufacturer: "Easee", type: "wb", typeName: "Wallbox" });
    const hp = await device(ada, { manufacturer: "Daikin", type: "hp", typeName: "Heat pump" });
    const ev = await device(ada, { manufacturer: "Tesla" });
    await device(ada, { manufacturer: "Gone", retired: true });
    expect(await accountDeviceRows(acme.id)).toMatchObject({
      rows: [{ id: ev.id }, { id: hp.id }, { id: wb.id, hostUserId: "zoe", email: "zoe@example.com" }],
      more: false,
    });
    for (let i = 0; i < 98; i++) await device(zoe, { manufacturer: `m${i}` });
    expect(await accountDeviceRows(acme.id)).toMatchObject({ rows: expect.any(Array), more: true });
    expect((await accountDeviceRows(acme.id)).rows).toHaveLength(100);
  });

  it("device events name their device in the audit trail and the account's timeline, and are found by it", async () => {
    const acme = await account("acme", "Acme");
    const ada = await link(acme.id, "ada");
    const tesla = await device(ada, { manufacturer: "Tesla", model: "Model 3" });
    const crm = await connector(acme.id, "crm");
    await db().event.createMany({
      data: [
        {
          type: "device.needs_attention",
          outcome: "info",
          actorType: "SYSTEM",
          accountId: acme.id,
          deviceId: tesla.id,
          message: "Podero reports Tesla Model 3 needs attention",
        },
        { type: "connector.rechecked", outcome: "info", actorType: "ADMIN", actorId: "ops@example.com", accountId: acme.id, accountConnectorId: crm.id },
      ],
    });
    expect((await listEvents({ type: "device." })).rows).toMatchObject([
      { type: "device.needs_attention", device: "Tesla Model 3", connector: null, account: "Acme (acme)" },
    ]);
    expect((await listEvents({ connector: "model 3" })).rows.map((row) => row.type)).toEqual(["device.needs_attention"]);
    expect((await listEvents({ connector: "crm" })).rows.map((row) => row.type)).toEqual(["connector.rechecked"]);
    const timeline = (await accountDetail(acme.id))!.events;
    expect(timeline.map((event) => [event.type, event.connectorName, event.deviceName])).toEqual(
      expect.arrayContaining([
        ["device.needs_attention", null, "Tesla Model 3"],
        ["connector.rechecked", "crm", null],
      ]),
    );
  });
});

describe("the connectors list with Podero not configured", () => {
  it("lists connectors only, as before: the provider and a device's status are no filter", async () => {
    const { rows } = await mixedList();
    restore = useSettings({ PODERO_CLIENT_ID: "", PODERO_CLIENT_SECRET: "", PODERO_ORG_ID: "" });
    const connectors = rows.filter((row) => row.provider === "Cyclr");
    const { forward, backward } = await walk({});
    expect(forward.flat()).toEqual(connectors);
    expect(backward).toEqual(forward);
    expect(keys((await listConnectorRows({ provider: "podero" })).rows)).toEqual(connectors.slice(0, PAGE_SIZE));
    expect(keys((await listConnectorRows({ status: "NEEDS_ATTENTION" })).rows)).toEqual(connectors.slice(0, PAGE_SIZE));
  });
});
