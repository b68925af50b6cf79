import "server-only";
import { z } from "zod";
import { byNameFrom, keysetPage, nameCursor, type KeysetPage } from "@/lib/cursor";
import { cyclr } from "@/lib/cyclr/client";
import type { CyclrConnector } from "@/lib/cyclr/schemas";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { eventRow, recordEvent, type Actor } from "@/lib/events";
import type { CatalogueConnector, Prisma } from "@/lib/generated/prisma/client";
import { ProviderError } from "@/lib/providers/errors";
import { filterText } from "@/lib/text";

// Cyclr's connector catalogue, kept in Postgres (refreshed with each sync and on demand), and
// the partner's choice of which connectors end users are offered: an offered connector shows
// on every connect page, and Connect installs it into the account first.

/** Cyclr lists this many per page; the catalogue is read page by page to the end. */
const PAGE_SIZE = 100;
const MAX_PAGES = 200;

/**
 * Statuses of connectors that are out (Cyclr's own catalogue calls released connectors
 * "Approved"). Anything else, e.g. "Draft", is not ready for end users: it cannot be offered.
 * A connector with no status at all is taken as released.
 */
const RELEASED = new Set(["approved", "released", "live", "published"]);

export function isReleased(status: string | null): boolean {
  return status === null || RELEASED.has(status.trim().toLowerCase());
}

/** Why a catalogue connector cannot be offered, in words; null when it can. */
export function notOfferable(entry: { status: string | null; retiredAt: Date | null }): string | null {
  if (entry.retiredAt) return "Cyclr no longer lists this connector.";
  if (!isReleased(entry.status)) return `Its status at Cyclr is ${entry.status}: only released connectors can be offered.`;
  return null;
}

/** What the console and the CLI show for one catalogue connector. */
export type CatalogueView = {
  id: string;
  cyclrConnectorId: string;
  name: string;
  description: string | null;
  status: string | null;
  version: string | null;
  icon: string | null;
  authType: string;
  categories: string[];
  offered: boolean;
  /** Why it cannot be offered (Draft, no longer listed), or null. */
  blocked: string | null;
};

// Icons are third-party data: only inline raster/SVG images are rendered, and only in <img>,
// where SVG cannot run script.
const SAFE_ICON = /^data:image\/(png|jpeg|gif|webp|svg\+xml)(;base64)?,[A-Za-z0-9+/=%._~-]*$/;
export const safeIcon = (icon: string | null) => (icon && SAFE_ICON.test(icon) ? icon : null);

export function toCatalogueView(row: CatalogueConnector): CatalogueView {
  return {
    id: row.id,
    cyclrConnectorId: row.cyclrConnectorId,
    name: row.name,
    description: row.description,
    status: row.status,
    version: row.version,
    icon: safeIcon(row.icon),
    authType: row.authType,
    categories: row.categories,
    offered: row.offered,
    blocked: notOfferable(row),
  };
}

function fields(remote: CyclrConnector) {
  return {
    name: remote.name,
    description: remote.description,
    status: remote.status,
    version: remote.version,
    icon: remote.icon,
    authType: remote.authType,
    categories: remote.categories,
  };
}

/**
 * Reads Cyclr's whole catalogue and stores it: new connectors added (not offered), known
 * ones updated, unlisted ones retired. A connector that stops being released is no longer
 * offered. Returns how many Cyclr lists.
 */
export async function refreshCatalogue(): Promise<{ listed: number; retired: number }> {
  const all = new Map<string, CyclrConnector>();
  for (let page = 1; ; page++) {
    if (page > MAX_PAGES) throw new ProviderError("Cyclr", "invalid_response", `Cyclr listed more than ${MAX_PAGES} pages of its connector catalogue.`);
    const items = await cyclr().listConnectors({ page, pageSize: PAGE_SIZE });
    const before = all.size;
    for (const item of items) all.set(item.id, item);
    if (items.length < PAGE_SIZE || all.size === before) break;
  }
  const now = new Date();
  const retired = await db().$transaction(
    async (tx) => {
      const known = new Map((await tx.catalogueConnector.findMany()).map((row) => [row.cyclrConnectorId, row]));
      const creates: Prisma.CatalogueConnectorCreateManyInput[] = [];
      for (const remote of all.values()) {
        const row = known.get(remote.id);
        const next = fields(remote);
        if (!row) {
          creates.push({ cyclrConnectorId: remote.id, ...next, seenAt: now });
          continue;
        }
        const offered = row.offered && isReleased(next.status);
        const same =
          row.retiredAt === null &&
          row.offered === offered &&
          (Object.keys(next) as (keyof typeof next)[]).every((key) => JSON.stringify(row[key]) === JSON.stringify(next[key]));
        // Only what changed is written; every listed row's seenAt moves below, in one statement.
        if (!same) await tx.catalogueConnector.update({ where: { id: row.id }, data: { ...next, retiredAt: null, offered } });
      }
      if (creates.length) await tx.catalogueConnector.createMany({ data: creates, skipDuplicates: true });
      await tx.catalogueConnector.updateMany({ where: { cyclrConnectorId: { in: [...all.keys()] } }, data: { seenAt: now } });
      // An empty listing is not trusted to mean "nothing left".
      if (all.size === 0) return 0;
      const { count } = await tx.catalogueConnector.updateMany({ where: { seenAt: { lt: now }, retiredAt: null }, data: { retiredAt: now, offered: false } });
      return count;
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
  return { listed: all.size, retired };
}

export const catalogueFilters = z.object({
  q: filterText(100),
  category: filterText(100),
  /** "1": only what end users are offered. */
  offered: z.literal("1").optional().catch(undefined),
  after: filterText(400),
  before: filterText(400),
});
export type CatalogueFilters = z.infer<typeof catalogueFilters>;

export const CATALOGUE_PAGE = 50;

/** The catalogue as the console lists it: by name, keyset-paged, searchable by name or description. */
export async function listCatalogue(filters: CatalogueFilters = {}): Promise<KeysetPage<CatalogueView>> {
  const where: Prisma.CatalogueConnectorWhereInput = {
    retiredAt: null,
    ...(filters.offered ? { offered: true } : {}),
    ...(filters.category ? { categories: { has: filters.category } } : {}),
    ...(filters.q ? { OR: [{ name: { contains: filters.q, mode: "insensitive" } }, { description: { contains: filters.q, mode: "insensitive" } }] } : {}),
  };
  return keysetPage(
    nameCursor,
    filters,
    CATALOGUE_PAGE,
    (row) => ({ name: row.name, id: row.id }),
    async (cursor, direction, take) => {
      const page = byNameFrom(cursor, direction);
      const found = await db().catalogueConnector.findMany({ where: { AND: [where, page.where] }, orderBy: page.orderBy, take });
      return found.map(toCatalogueView);
    },
  );
}

/** Every category in the catalogue (or among what is offered), for the filters. */
export async function catalogueCategories(options: { offered?: boolean } = {}): Promise<string[]> {
  const offered = options.offered === true;
  const rows = await db().$queryRaw<{ category: string }[]>`
    SELECT DISTINCT unnest(categories) AS category FROM "CatalogueConnector" WHERE "retiredAt" IS NULL AND (${!offered} OR offered) ORDER BY 1 LIMIT 200`;
  return rows.map((row) => row.category);
}

/** The connectors offered to end users (released, still listed), by name. */
export async function offeredConnectors(): Promise<CatalogueConnector[]> {
  return db().catalogueConnector.findMany({ where: { offered: true, retiredAt: null }, orderBy: [{ name: "asc" }, { id: "asc" }] });
}

/**
 * Finds catalogue connectors by Cyclr id or by name (case-insensitive, exact). A name that
 * matches nothing or several is refused, with the candidates named.
 */
export async function resolveCatalogue(references: string[]): Promise<CatalogueConnector[]> {
  const rows = await db().catalogueConnector.findMany({ where: { retiredAt: null } });
  return references.map((reference) => {
    const wanted = reference.trim();
    const byId = rows.find((row) => row.cyclrConnectorId === wanted);
    if (byId) return byId;
    const byName = rows.filter((row) => row.name.toLowerCase() === wanted.toLowerCase());
    if (byName.length === 1) return byName[0]!;
    if (byName.length > 1) {
      throw new AppError(
        "bad_request",
        `"${wanted}" names ${byName.length} connectors: ${byName.map((row) => `${row.name} (${row.cyclrConnectorId})`).join(", ")}. Use the id.`,
      );
    }
    const near = rows.filter((row) => row.name.toLowerCase().includes(wanted.toLowerCase())).slice(0, 5);
    throw new AppError(
      "bad_request",
      `No connector in the catalogue is called "${wanted}"${near.length ? `; did you mean ${near.map((row) => `${row.name} (${row.cyclrConnectorId})`).join(", ")}?` : "."}`,
    );
  });
}

/** Offers connectors to end users, or stops offering them. Draft (unreleased) connectors are refused with the reason. */
export async function setOffered(ids: string[], offered: boolean, actor: Actor): Promise<CatalogueView[]> {
  const rows = await db().catalogueConnector.findMany({ where: { id: { in: ids } } });
  if (rows.length !== new Set(ids).size) throw new AppError("not_found", "No such connector in the catalogue.");
  if (offered) {
    const refused = rows.flatMap((row) => {
      const why = notOfferable(row);
      return why ? [`${row.name}: ${why}`] : [];
    });
    if (refused.length) throw new AppError("bad_request", refused.join(" "));
  }
  const changing = rows.filter((row) => row.offered !== offered);
  if (changing.length === 0) return rows.map(toCatalogueView);
  await db().$transaction([
    db().catalogueConnector.updateMany({ where: { id: { in: changing.map((row) => row.id) } }, data: { offered } }),
    db().event.createMany({
      data: changing.map((row) =>
        eventRow({
          ...actor,
          type: offered ? "catalogue.offered" : "catalogue.unoffered",
          outcome: "success",
          message: `${row.name} (${row.cyclrConnectorId}) ${offered ? "offered to" : "no longer offered to"} end users`,
        }),
      ),
    }),
  ]);
  const after = await db().catalogueConnector.findMany({ where: { id: { in: ids } }, orderBy: [{ name: "asc" }, { id: "asc" }] });
  return after.map(toCatalogueView);
}

/** How many times connectors were offered or withdrawn (none: the partner has not chosen yet). */
export function catalogueDecisions(): Promise<number> {
  return db().event.count({ where: { type: { in: ["catalogue.offered", "catalogue.unoffered"] } } });
}

/** Records an on-demand refresh by an admin or the CLI. */
export async function refreshCatalogueBy(actor: Actor): Promise<{ listed: number; retired: number }> {
  const result = await refreshCatalogue();
  await recordEvent({
    ...actor,
    type: "catalogue.refreshed",
    outcome: "success",
    message: `Catalogue read from Cyclr: ${result.listed} connectors${result.retired ? `, ${result.retired} no longer listed` : ""}`,
  });
  return result;
}
