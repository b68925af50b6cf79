import "server-only";
import { z } from "zod";
import { decodeCursor, encodeCursor } from "@/lib/cursor";
import { catalogueCategories } from "@/lib/catalogue";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";
import { loadDevices, type DevicesSection } from "@/lib/devices/page";
import { deviceSettings } from "@/lib/devices/settings";
import { consumeConnect, rateLimits } from "@/lib/rate-limit";
import { ok, run, type Result } from "@/lib/result";
import { offeredView, syncAccountConnectors, toConnectorView, type ConnectorView } from "./connectors";
import { sessionOrigins } from "./embed-policy";
import { REVOKED_SESSION, requireSession, type ActiveSession } from "./sessions";
import { filterText } from "@/lib/text";

/** The apps part of a ready page: what it waits for Cyclr to fill in. */
export type ConnectApps = {
  /** The installed connectors, then the first page of the offered ones the account lacks. */
  connectors: ConnectorView[];
  /** Where the next page of offered apps starts (GET /api/connect/apps), or null. */
  moreOffered: string | null;
  /** Installed plus offered: how many apps the page has in all. */
  appCount: number;
  /** The categories among them, for the filter. */
  categories: string[];
  /** Why the statuses may be stale: Cyclr could not be reached to refresh them. */
  syncWarning: string | null;
};

/** What the connect page (or its embedded variant) shows for a token, as plain data. */
export type ConnectPage =
  | { kind: "invalid" }
  /** Over a connect limit (per session token or client address): try again in `retryAfter` seconds. */
  | { kind: "limited"; retryAfter: number }
  /** embedOrigins: who may hear "session-expired" (embedded only, else empty). */
  | { kind: "expired"; embedOrigins: string[]; revoked: boolean }
  | {
      kind: "ready";
      accountName: string;
      /**
       * The apps, once Cyclr has been asked (or could not be): already under way, so the
       * page's shell is sent at once and the list streams in when this settles.
       */
      apps: Promise<ConnectApps>;
      /** The Devices section (Podero), streamed like the apps; null when Podero is not configured. */
      devices: Promise<DevicesSection | null> | null;
      /** Cyclr's service origin, the only one whose popup messages are listened to. */
      serviceOrigin: string;
      embedOrigins: string[];
    };

/**
 * The page for a token, loaded for the client at `ip` (counted against the connect limits
 * first). Everything but the apps and devices is known from Switchboard's own database; the
 * apps wait for the account's refresh from Cyclr, the devices (with Podero configured) for the
 * user's devices from Podero.
 */
export async function loadConnectPage(token: string, { embedded, ip }: { embedded: boolean; ip: string }): Promise<ConnectPage> {
  const limit = await consumeConnect(token, ip);
  if (!limit.allowed) return { kind: "limited", retryAfter: limit.retryAfter };
  const session = await run(() => requireSession(token));
  if (!session.ok) {
    // Not a bad link but a fault on our side (already logged): the error page, not "not valid".
    if (session.error.code === "internal") throw new Error("The connect session could not be read.");
    if (session.error.code !== "expired") return { kind: "invalid" };
    // An expired link still tells its host frame so (it may frame the notice).
    const embedOrigins = embedded ? await sessionOrigins(token) : [];
    return { kind: "expired", embedOrigins, revoked: session.error.message === REVOKED_SESSION };
  }
  const apps = loadApps(session.data);
  const devices = deviceSettings() ? loadDevices(session.data) : null;
  // Whoever renders the page awaits them; this only keeps a failure from counting as unhandled meanwhile.
  apps.catch(() => undefined);
  devices?.catch(() => undefined);
  return {
    kind: "ready",
    accountName: session.data.account.name,
    apps,
    devices,
    serviceOrigin: env().CYCLR_SERVICE_URL,
    embedOrigins: embedded ? session.data.allowedOrigins : [],
  };
}

/** The apps, fresh from Cyclr when it answers; otherwise what we last knew, with a warning. */
async function loadApps(session: ActiveSession): Promise<ConnectApps> {
  const synced = await refreshIfStale(session.account);
  const { installed, offered, offeredCount, categories } = await pageApps(session);
  return {
    connectors: [...installed, ...offered.apps],
    moreOffered: offered.next,
    appCount: installed.length + offeredCount,
    categories,
    syncWarning: synced.ok ? null : synced.error.message,
  };
}

// Refreshes in progress in this process, by account: concurrent loads wait for the same one.
const refreshing = new Map<string, Promise<Result<void>>>();

/**
 * The account's connectors from Cyclr, unless they were refreshed less than
 * CONNECT_REFRESH_SECONDS ago: a reloaded or looped link costs Cyclr one call per window.
 * Loads in this process share one refresh; across instances the window is claimed in the
 * shared counters, and a load that loses the claim shows what is stored (unless nothing is yet).
 */
function refreshIfStale(account: ActiveSession["account"]): Promise<Result<void>> {
  const seconds = env().CONNECT_REFRESH_SECONDS;
  if (seconds <= 0) return run(() => syncAccountConnectors(account));
  let pending = refreshing.get(account.id);
  if (!pending) {
    const mine = decideAndRefresh(account, seconds).finally(() => {
      if (refreshing.get(account.id) === mine) refreshing.delete(account.id);
    });
    refreshing.set(account.id, mine);
    pending = mine;
  }
  return pending;
}

async function decideAndRefresh(account: ActiveSession["account"], seconds: number): Promise<Result<void>> {
  const row = await db().account.findUnique({ where: { id: account.id }, select: { lastSyncedAt: true } });
  const last = row?.lastSyncedAt?.getTime();
  if (last !== undefined && Date.now() - last < seconds * 1000) return ok(undefined);
  const claimed = await rateLimits().firstIn("connect_refresh", account.id, seconds);
  if (!claimed && last !== undefined) return ok(undefined);
  return run(() => syncAccountConnectors(account));
}

/** Offered apps are sent this many at a time: a catalogue of thousands still makes a light page. */
export const OFFERED_PAGE = 24;

const offeredCursor = z.object({ name: z.string(), id: z.uuid() });

export const appsQuery = z.object({
  q: filterText(100),
  category: filterText(100),
  after: z.string().max(400).optional().catch(undefined),
});
export type AppsQuery = z.infer<typeof appsQuery>;

/** The catalogue ids this account has installed. */
async function installedIds(accountId: string): Promise<string[]> {
  const rows = await db().accountConnector.findMany({ where: { accountId, retiredAt: null }, select: { connectorId: true }, distinct: ["connectorId"] });
  return rows.map((row) => row.connectorId);
}

function offeredWhere(session: ActiveSession, have: string[], query: AppsQuery = {}): Prisma.CatalogueConnectorWhereInput {
  return {
    offered: true,
    retiredAt: null,
    cyclrConnectorId: { notIn: have, ...(session.connectorIds.length ? { in: session.connectorIds } : {}) },
    ...(query.category ? { categories: { has: query.category } } : {}),
    ...(query.q ? { name: { contains: query.q, mode: "insensitive" } } : {}),
  };
}

/**
 * One page of the offered apps a session's account does not have yet (Not connected;
 * Connect installs them), by name, searchable, narrowed to the session's connectors.
 */
export async function offeredApps(session: ActiveSession, query: AppsQuery = {}, have?: string[]): Promise<{ apps: ConnectorView[]; next: string | null }> {
  const after = decodeCursor(offeredCursor, query.after);
  const installed = have ?? (await installedIds(session.account.id));
  const found = await db().catalogueConnector.findMany({
    where: { AND: [offeredWhere(session, installed, query), after ? { OR: [{ name: { gt: after.name } }, { name: after.name, id: { gt: after.id } }] } : {}] },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: OFFERED_PAGE + 1,
  });
  const apps = found.slice(0, OFFERED_PAGE).map(offeredView);
  const last = apps.at(-1);
  return { apps, next: found.length > OFFERED_PAGE && last ? encodeCursor({ name: last.name, id: last.id }) : null };
}

/** What the page starts with: every installed connector (narrowed as asked), and the first page of offered ones. */
async function pageApps(session: ActiveSession) {
  const rows = await db().accountConnector.findMany({ where: { accountId: session.account.id, retiredAt: null }, orderBy: [{ name: "asc" }, { id: "asc" }] });
  const have = [...new Set(rows.map((row) => row.connectorId))];
  const shown = rows.filter((row) => session.connectorIds.length === 0 || session.connectorIds.includes(row.connectorId));
  const [offered, offeredCount, catalogue, offeredCategories] = await Promise.all([
    offeredApps(session, {}, have),
    db().catalogueConnector.count({ where: offeredWhere(session, have) }),
    db().catalogueConnector.findMany({ where: { cyclrConnectorId: { in: have } }, select: { cyclrConnectorId: true, categories: true } }),
    catalogueCategories({ offered: true }),
  ]);
  const categoriesOf = new Map(catalogue.map((entry) => [entry.cyclrConnectorId, entry.categories]));
  const installed = shown.map((row) => ({ ...toConnectorView(row), categories: categoriesOf.get(row.connectorId) ?? [] }));
  const categories = [...new Set([...installed.flatMap((view) => view.categories), ...offeredCategories])].sort((a, b) => a.localeCompare(b));
  return { installed, offered, offeredCount, categories };
}
