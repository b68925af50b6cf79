import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { adminActor, systemActor } from "@/lib/events";
import { emulatorCall, resetEmulator, truncateAll } from "@/testing/db";
import {
  catalogueCategories,
  listCatalogue,
  offeredConnectors,
  refreshCatalogue,
  refreshCatalogueBy,
  resolveCatalogue,
  setOffered,
  type CatalogueView,
} from "./catalogue";

// Integration: the catalogue read from the emulator over HTTP into real PostgreSQL. Other
// catalogues than the emulator's seed (a Draft connector, two of one name, a long list) are
// Cyclr's answers replaced through the emulator's faults.

type Entry = {
  Id: number;
  Name: string;
  Description: string | null;
  Status: string | null;
  Version: string | null;
  Icon: string | null;
  AuthType: string;
  Categories: string[];
};

const ops = adminActor({ email: "ops@example.com" });

async function partnerToken(): Promise<string> {
  const response = await fetch(`${process.env.CYCLR_API_URL}/oauth/token`, {
    method: "POST",
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: process.env.CYCLR_CLIENT_ID!, client_secret: process.env.CYCLR_CLIENT_SECRET! }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

/** The emulator's catalogue as Cyclr's API lists it, read page by page (`pageSize` at a time). */
async function emulatorCatalogue(pageSize = 3): Promise<Entry[]> {
  const token = await partnerToken();
  const all: Entry[] = [];
  for (let page = 1; ; page++) {
    const response = await fetch(`${process.env.CYCLR_API_URL}/v1.0/connectors?page=${page}&pageSize=${pageSize}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    const items = (await response.json()) as Entry[];
    all.push(...items);
    if (items.length < pageSize) return all;
  }
}

/** Cyclr lists `pages` (one answer per page read) on the next catalogue reads. */
async function cyclrLists(...pages: Entry[][]): Promise<void> {
  for (const body of pages) await emulatorCall("faults", { body: { method: "GET", path: "/v1.0/connectors", status: 200, body, times: 1 } });
}

const draft = (seed: Entry[]): Entry => ({
  ...seed[0]!,
  Id: 5999,
  Name: "Zendesk (beta)",
  Description: "Tickets and help desk",
  Status: "Draft",
  Categories: ["Support"],
});

const byCyclrId = async (id: string) => db().catalogueConnector.findUniqueOrThrow({ where: { cyclrConnectorId: id } });
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => (AppError.is(error) ? { code: error.code, message: error.message } : error),
  );
const names = (rows: CatalogueView[]) => rows.map((row) => row.name);

beforeEach(async () => {
  await truncateAll();
  await resetEmulator();
});

describe("catalogue: refresh", () => {
  it("stores every connector the emulator lists, as Cyclr lists it, and a second read adds nothing", async () => {
    const remote = await emulatorCatalogue();
    expect(remote.length).toBeGreaterThan(3); // more than one page of three
    expect(await refreshCatalogue()).toEqual({ listed: remote.length, retired: 0 });

    const rows = await db().catalogueConnector.findMany();
    expect(rows).toHaveLength(remote.length);
    const stored = new Map(rows.map((row) => [row.cyclrConnectorId, row]));
    for (const entry of remote) {
      expect(stored.get(String(entry.Id)), entry.Name).toMatchObject({
        name: entry.Name,
        description: entry.Description,
        status: entry.Status,
        version: entry.Version,
        icon: entry.Icon,
        authType: entry.AuthType,
        categories: entry.Categories,
        offered: false,
        retiredAt: null,
      });
    }

    expect(await refreshCatalogue()).toEqual({ listed: remote.length, retired: 0 });
    const again = await db().catalogueConnector.findMany();
    expect(again.map((row) => row.id).sort()).toEqual(rows.map((row) => row.id).sort());
  });

  it("reads a catalogue of several pages to its end", async () => {
    const seed = await emulatorCatalogue();
    const long = Array.from({ length: 120 }, (_, i) => ({ ...seed[0]!, Id: 7000 + i, Name: `Bulk ${String(i).padStart(3, "0")}` }));
    await cyclrLists(long.slice(0, 100), long.slice(100));
    const reads = async () => (await emulatorCall<{ calls: Record<string, number> }>("state")).calls["GET /v1.0/connectors"] ?? 0;
    const before = await reads();
    expect(await refreshCatalogue()).toEqual({ listed: 120, retired: 0 });
    expect((await reads()) - before).toBe(2);
    expect(await db().catalogueConnector.count({ where: { retiredAt: null } })).toBe(120);
  });

  it("records who asked for a refresh in the audit trail", async () => {
    const { listed } = await refreshCatalogueBy(ops);
    const [event] = await db().event.findMany({ where: { type: "catalogue.refreshed" } });
    expect(event).toMatchObject({
      actorType: "ADMIN",
      actorId: "ops@example.com",
      outcome: "success",
      message: `Catalogue read from Cyclr: ${listed} connectors`,
    });
  });

  it("retires a connector Cyclr stops listing (no longer offered), brings it back when listed again, and trusts no empty listing", async () => {
    const seed = await emulatorCatalogue();
    await refreshCatalogue();
    const salesforce = await byCyclrId("5001");
    await setOffered([salesforce.id], true, ops);

    await cyclrLists(seed.filter((entry) => entry.Id !== 5001));
    expect(await refreshCatalogue()).toEqual({ listed: seed.length - 1, retired: 1 });
    expect(await byCyclrId("5001")).toMatchObject({ offered: false, retiredAt: expect.any(Date) });
    expect(names((await listCatalogue()).rows)).not.toContain("Salesforce");
    expect(await refusal(setOffered([salesforce.id], true, ops))).toEqual({
      code: "bad_request",
      message: "Salesforce: Cyclr no longer lists this connector.",
    });

    await cyclrLists([]);
    expect(await refreshCatalogue()).toEqual({ listed: 0, retired: 0 });
    expect(await db().catalogueConnector.count({ where: { retiredAt: null } })).toBe(seed.length - 1);

    await refreshCatalogue();
    expect(await byCyclrId("5001")).toMatchObject({ offered: false, retiredAt: null });
  });
});

describe("catalogue: offering", () => {
  it("offers and stops offering connectors, with one event each in the audit trail; asking again records nothing", async () => {
    await refreshCatalogue();
    const [salesforce, hubspot] = await Promise.all([byCyclrId("5001"), byCyclrId("5002")]);

    const offered = await setOffered([salesforce.id, hubspot.id], true, ops);
    expect(offered.map((view) => [view.name, view.offered])).toEqual([
      ["HubSpot", true],
      ["Salesforce", true],
    ]);
    expect((await offeredConnectors()).map((row) => row.name)).toEqual(["HubSpot", "Salesforce"]);
    expect(names((await listCatalogue({ offered: "1" })).rows)).toEqual(["HubSpot", "Salesforce"]);
    await setOffered([salesforce.id], true, ops); // already offered: unchanged

    await setOffered([salesforce.id], false, systemActor("cli"));
    expect((await byCyclrId("5001")).offered).toBe(false);
    expect((await offeredConnectors()).map((row) => row.name)).toEqual(["HubSpot"]);

    const events = await db().event.findMany({ where: { type: { in: ["catalogue.offered", "catalogue.unoffered"] } }, orderBy: { createdAt: "asc" } });
    expect(events.map((event) => [event.type, event.actorType, event.actorId, event.message])).toEqual(
      expect.arrayContaining([
        ["catalogue.offered", "ADMIN", "ops@example.com", "Salesforce (5001) offered to end users"],
        ["catalogue.offered", "ADMIN", "ops@example.com", "HubSpot (5002) offered to end users"],
        ["catalogue.unoffered", "SYSTEM", "cli", "Salesforce (5001) no longer offered to end users"],
      ]),
    );
    expect(events).toHaveLength(3);
  });

  it("refuses to offer a Draft connector, with the reason, and offers nothing else asked for with it", async () => {
    const seed = await emulatorCatalogue();
    await cyclrLists([...seed, draft(seed)]);
    await refreshCatalogue();
    const [zendesk, salesforce] = await Promise.all([byCyclrId("5999"), byCyclrId("5001")]);
    expect(zendesk.status).toBe("Draft");

    expect(await refusal(setOffered([salesforce.id, zendesk.id], true, ops))).toEqual({
      code: "bad_request",
      message: "Zendesk (beta): Its status at Cyclr is Draft: only released connectors can be offered.",
    });
    expect(await offeredConnectors()).toEqual([]);
    expect(await db().event.count({ where: { type: "catalogue.offered" } })).toBe(0);
    const view = (await listCatalogue({ q: "zendesk" })).rows[0];
    expect(view).toMatchObject({ name: "Zendesk (beta)", offered: false, blocked: "Its status at Cyclr is Draft: only released connectors can be offered." });
  });

  it("stops offering a connector that Cyclr takes back to Draft", async () => {
    const seed = await emulatorCatalogue();
    await refreshCatalogue();
    await setOffered([(await byCyclrId("5001")).id], true, ops);
    await cyclrLists(seed.map((entry) => (entry.Id === 5001 ? { ...entry, Status: "Draft" } : entry)));
    await refreshCatalogue();
    expect(await byCyclrId("5001")).toMatchObject({ status: "Draft", offered: false });
  });

  it("refuses an id that is not in the catalogue", async () => {
    await refreshCatalogue();
    expect(await refusal(setOffered(["00000000-0000-4000-8000-000000000000"], true, ops))).toEqual({
      code: "not_found",
      message: "No such connector in the catalogue.",
    });
  });
});

describe("catalogue: finding connectors by id or name", () => {
  it("finds by Cyclr id and by exact name in any case, in the order asked", async () => {
    await refreshCatalogue();
    const found = await resolveCatalogue(["google sheets", "5001", " HUBSPOT "]);
    expect(found.map((row) => [row.cyclrConnectorId, row.name])).toEqual([
      ["5003", "Google Sheets"],
      ["5001", "Salesforce"],
      ["5002", "HubSpot"],
    ]);
  });

  it("refuses a name that matches nothing, naming the near ones", async () => {
    await refreshCatalogue();
    expect(await refusal(resolveCatalogue(["Nonexistent Widget"]))).toEqual({
      code: "bad_request",
      message: 'No connector in the catalogue is called "Nonexistent Widget".',
    });
    expect(await refusal(resolveCatalogue(["Salesforce", "sales"]))).toEqual({
      code: "bad_request",
      message: 'No connector in the catalogue is called "sales"; did you mean Salesforce (5001)?',
    });
  });

  it("refuses a name several connectors share, listing them; each is still found by its id", async () => {
    const seed = await emulatorCatalogue();
    const jira = seed.find((entry) => entry.Name === "Jira")!;
    await cyclrLists([...seed, { ...jira, Id: 5998, Name: "JIRA" }]);
    await refreshCatalogue();
    const refused = await refusal(resolveCatalogue(["jira"]));
    expect(refused).toMatchObject({ code: "bad_request", message: expect.stringMatching(/^"jira" names 2 connectors: .+\. Use the id\.$/) });
    expect((refused as { message: string }).message).toContain("Jira (5006)");
    expect((refused as { message: string }).message).toContain("JIRA (5998)");
    expect((await resolveCatalogue(["5998", "5006"])).map((row) => row.name)).toEqual(["JIRA", "Jira"]);
  });
});

describe("catalogue: the console's list", () => {
  it("searches names and descriptions, filters by category, and lists the categories", async () => {
    const seed = await emulatorCatalogue();
    await cyclrLists([...seed, draft(seed)]);
    await refreshCatalogue();
    expect(names((await listCatalogue({ q: "SHEETS" })).rows)).toEqual(["Google Sheets"]);
    expect(names((await listCatalogue({ q: "help desk" })).rows)).toEqual(["Zendesk (beta)"]);
    // Worked out from what the emulator lists, whatever its size (compared as sets: the order is the database's collation).
    const marketing = seed.filter((entry) => entry.Categories.includes("Marketing"));
    const sorted = (values: string[]) => [...values].sort();
    expect(sorted(names((await listCatalogue({ category: "Marketing" })).rows))).toEqual(sorted(marketing.map((entry) => entry.Name)));
    expect(marketing.map((entry) => entry.Name)).toEqual(expect.arrayContaining(["HubSpot", "Mailchimp"]));
    const mail = marketing.filter((entry) => `${entry.Name} ${entry.Description}`.toLowerCase().includes("mail"));
    expect(sorted(names((await listCatalogue({ category: "Marketing", q: "mail" })).rows))).toEqual(sorted(mail.map((entry) => entry.Name)));
    expect(mail.map((entry) => entry.Name)).toContain("Mailchimp");
    expect((await listCatalogue({ q: "nothing like this" })).rows).toEqual([]);
    expect(await catalogueCategories()).toEqual([...new Set([...seed.flatMap((entry) => entry.Categories), "Support"])].sort());
  });

  it("pages by name, 50 at a time, each connector once", async () => {
    const seed = await emulatorCatalogue();
    const long = Array.from({ length: 120 }, (_, i) => ({ ...seed[0]!, Id: 7000 + i, Name: `Bulk ${String(119 - i).padStart(3, "0")}` }));
    await cyclrLists(long.slice(0, 100), long.slice(100));
    await refreshCatalogue();
    const seen: string[] = [];
    let after: string | undefined;
    const sizes: number[] = [];
    do {
      const page = await listCatalogue({ after });
      sizes.push(page.rows.length);
      seen.push(...names(page.rows));
      after = page.next ?? undefined;
    } while (after);
    expect(sizes).toEqual([50, 50, 20]);
    expect(seen).toEqual(long.map((entry) => entry.Name).sort());
  });
});
