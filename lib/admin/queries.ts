import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { byNameFrom, keysetPage, nameCursor, type KeysetPage } from "@/lib/cursor";
import { deviceName, deviceNameSql } from "@/lib/devices/names";
import { deviceRowsByIds, type DeviceRow } from "@/lib/devices/queries";
import { deviceSettings } from "@/lib/devices/settings";
import { Prisma, type Account, type ConnectorStatus, type DeviceStatus } from "@/lib/generated/prisma/client";
import { filterText } from "@/lib/text";

// Read models for the admin console: plain DTOs, keyset pagination (no OFFSET, no counting
// the whole table per request), filters that use the (status, name, id) indexes.

export const PAGE_SIZE = 25;
export const statuses = ["NOT_CONNECTED", "CONNECTED", "FAILED", "DISCONNECTED"] as const satisfies readonly ConnectorStatus[];

export const listFilters = z.object({
  q: filterText(100),
  status: z.enum(statuses).optional().catch(undefined),
  connector: filterText(100),
  /** Accounts only: "1" lists the retired ones (Cyclr no longer lists them). */
  retired: z.literal("1").optional().catch(undefined),
  after: filterText(400),
  before: filterText(400),
});
export type ListFilters = z.infer<typeof listFilters>;

export type ConnectorRow = {
  provider: "Cyclr";
  id: string;
  name: string;
  connectorName: string;
  authType: string;
  status: ConnectorStatus;
  account: { id: string; name: string; cyclrAccountId: string };
  lastAttempt: { status: string; startedAt: string } | null;
  updatedAt: string;
};

/** A row of the connectors list: a Cyclr connector, or (with Podero configured) a Podero device. */
export type ListRow = ConnectorRow | DeviceRow;

export const providers = ["cyclr", "podero"] as const;
export type ProviderFilter = (typeof providers)[number];
export const providerLabels: Record<ProviderFilter, string> = { cyclr: "Cyclr", podero: "Podero" };

const deviceOnlyStatuses = ["NEEDS_ATTENTION"] as const satisfies readonly DeviceStatus[];
/** The statuses the connectors list filters by: a connector's four, and a device's (Connected and Disconnected are both's). */
export const listStatuses = [...statuses, ...deviceOnlyStatuses] as const;
export type ListStatus = (typeof listStatuses)[number];

/** The connectors list's filters: the accounts list's, with a device's status and the provider. */
export const connectorListFilters = listFilters.extend({
  status: z.enum(listStatuses).optional().catch(undefined),
  provider: z.enum(providers).optional().catch(undefined),
});
export type ConnectorListFilters = z.infer<typeof connectorListFilters>;

const isConnectorStatus = (status: ListStatus): status is ConnectorStatus => (statuses as readonly string[]).includes(status);
const isDeviceStatus = (status: ListStatus): status is DeviceStatus => status === "CONNECTED" || status === "DISCONNECTED" || status === "NEEDS_ATTENTION";

/** `%text%` for ILIKE, the text's own % _ and \\ taken literally. */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

type Key = { provider: "Cyclr" | "Podero"; id: string; name: string };

/**
 * The connectors list, one page of it, by (name, id) ascending: an account's or every
 * account's Cyclr connectors and, with Podero configured, Podero devices (named by
 * manufacturer and model), as one list. Both tables are read in one statement, each side in
 * the list's order after (or before) the cursor and cut at the page's size, and the two are
 * merged by PostgreSQL, so the order (and so each page's boundary) is the database's own
 * collation on both sides. Without Podero the provider and a device-only status are ignored,
 * as any value the list does not know.
 */
export async function listConnectorRows(filters: ConnectorListFilters, accountId?: string): Promise<KeysetPage<ListRow>> {
  const podero = deviceSettings() !== null;
  const provider = podero ? filters.provider : undefined;
  const status = filters.status && (podero || isConnectorStatus(filters.status)) ? filters.status : undefined;
  const withConnectors = provider !== "podero" && (!status || isConnectorStatus(status));
  // A device is never a Cyclr connector: a connector filter leaves devices out.
  const withDevices = podero && provider !== "cyclr" && !filters.connector && (!status || isDeviceStatus(status));
  const q = filters.q;

  return keysetPage(
    nameCursor,
    filters,
    PAGE_SIZE,
    (row) => ({ name: row.name, id: row.id }),
    async (cursor, direction, take) => {
      const ascending = direction === "after";
      const order = ascending ? Prisma.sql`ASC` : Prisma.sql`DESC`;
      const from = (name: Prisma.Sql, id: Prisma.Sql) =>
        cursor
          ? ascending
            ? Prisma.sql`AND (${name}, ${id}) > (${cursor.name}, CAST(${cursor.id} AS uuid))`
            : Prisma.sql`AND (${name}, ${id}) < (${cursor.name}, CAST(${cursor.id} AS uuid))`
          : Prisma.empty;
      const sides: Prisma.Sql[] = [];
      if (withConnectors) {
        sides.push(Prisma.sql`(
          SELECT 'Cyclr' AS provider, c.id, c.name FROM "AccountConnector" c
          ${q ? Prisma.sql`JOIN "Account" a ON a.id = c."accountId"` : Prisma.empty}
          WHERE c."retiredAt" IS NULL
          ${accountId ? Prisma.sql`AND c."accountId" = CAST(${accountId} AS uuid)` : Prisma.empty}
          ${status ? Prisma.sql`AND c.status = CAST(${status} AS "ConnectorStatus")` : Prisma.empty}
          ${filters.connector ? Prisma.sql`AND c."connectorName" = ${filters.connector}` : Prisma.empty}
          ${q ? Prisma.sql`AND (c.name ILIKE ${containing(q)} OR a.name ILIKE ${containing(q)} OR a."cyclrAccountId" = ${q})` : Prisma.empty}
          ${from(Prisma.sql`c.name`, Prisma.sql`c.id`)}
          ORDER BY c.name ${order}, c.id ${order} LIMIT ${take})`);
      }
      if (withDevices) {
        const name = deviceNameSql("d");
        sides.push(Prisma.sql`(
          SELECT 'Podero' AS provider, d.id, ${name} AS name FROM "Device" d
          ${q ? Prisma.sql`JOIN "Account" a ON a.id = d."accountId" JOIN "PoderoUserLink" l ON l.id = d."linkId"` : Prisma.empty}
          WHERE d."retiredAt" IS NULL
          ${accountId ? Prisma.sql`AND d."accountId" = CAST(${accountId} AS uuid)` : Prisma.empty}
          ${status ? Prisma.sql`AND d.status = CAST(${status} AS "DeviceStatus")` : Prisma.empty}
          ${q ? Prisma.sql`AND (${name} ILIKE ${containing(q)} OR a.name ILIKE ${containing(q)} OR a."cyclrAccountId" = ${q} OR l."hostUserId" = ${q} OR l.email ILIKE ${containing(q)})` : Prisma.empty}
          ${from(name, Prisma.sql`d.id`)}
          ORDER BY 3 ${order}, d.id ${order} LIMIT ${take})`);
      }
      if (sides.length === 0) return [];
      const keys = await db().$queryRaw<Key[]>`
        SELECT side.provider, side.id::text AS id, side.name FROM (${Prisma.join(sides, " UNION ALL ")}) AS side
        ORDER BY side.name ${order}, side.id ${order} LIMIT ${take}`;
      return hydrate(keys);
    },
  );
}

/** The rows of a page's keys, in the keys' order. */
async function hydrate(keys: Key[]): Promise<ListRow[]> {
  const connectorIds = keys.filter((key) => key.provider === "Cyclr").map((key) => key.id);
  const deviceIds = keys.filter((key) => key.provider === "Podero").map((key) => key.id);
  const [connectors, devices] = await Promise.all([
    connectorIds.length
      ? db().accountConnector.findMany({
          where: { id: { in: connectorIds } },
          include: {
            account: { select: { id: true, name: true, cyclrAccountId: true } },
            attempts: { orderBy: { startedAt: "desc" }, take: 1, select: { status: true, startedAt: true } },
          },
        })
      : [],
    deviceRowsByIds(deviceIds),
  ]);
  const byId = new Map<string, ListRow>();
  for (const row of connectors) {
    byId.set(row.id, {
      provider: "Cyclr",
      id: row.id,
      name: row.name,
      connectorName: row.connectorName,
      authType: row.authType,
      status: row.status,
      account: row.account,
      lastAttempt: row.attempts[0] ? { status: row.attempts[0].status, startedAt: row.attempts[0].startedAt.toISOString() } : null,
      updatedAt: row.updatedAt.toISOString(),
    });
  }
  for (const row of devices) byId.set(row.id, row);
  // The cursor is the name the page was ordered by (a row gone between the two reads is left out).
  return keys.flatMap((key) => {
    const row = byId.get(key.id);
    return row ? [{ ...row, name: key.name }] : [];
  });
}

export type AccountRow = { id: string; name: string; cyclrAccountId: string; lastSyncedAt: string | null; counts: Record<ConnectorStatus, number> };

export async function listAccountRows(filters: ListFilters): Promise<KeysetPage<AccountRow>> {
  const retired = filters.retired === "1";
  const where: Prisma.AccountWhereInput = {
    retiredAt: retired ? { not: null } : null,
    ...(filters.q ? { OR: [{ name: { contains: filters.q, mode: "insensitive" } }, { cyclrAccountId: filters.q }] } : {}),
    ...(filters.status || filters.connector
      ? {
          connectors: {
            some: {
              ...(retired ? {} : { retiredAt: null }),
              ...(filters.status ? { status: filters.status } : {}),
              ...(filters.connector ? { connectorName: filters.connector } : {}),
            },
          },
        }
      : {}),
  };
  const page = await keysetPage(
    nameCursor,
    filters,
    PAGE_SIZE,
    (account: Account) => ({ name: account.name, id: account.id }),
    (cursor, direction, take) => {
      const order = byNameFrom(cursor, direction);
      return db().account.findMany({ where: { AND: [where, order.where] }, orderBy: order.orderBy, take });
    },
  );
  const grouped = await db().accountConnector.groupBy({
    by: ["accountId", "status"],
    // A retired account's connectors were retired with it: count them as they were left.
    where: { accountId: { in: page.rows.map((a) => a.id) }, ...(retired ? {} : { retiredAt: null }) },
    _count: { _all: true },
  });
  const rows = page.rows.map((account) => {
    const counts = Object.fromEntries(statuses.map((s) => [s, 0])) as Record<ConnectorStatus, number>;
    for (const group of grouped) if (group.accountId === account.id) counts[group.status] = group._count._all;
    return { id: account.id, name: account.name, cyclrAccountId: account.cyclrAccountId, lastSyncedAt: account.lastSyncedAt?.toISOString() ?? null, counts };
  });
  return { ...page, rows };
}

/**
 * The connector names in use, for the filter: a loose index scan (one index probe per
 * distinct name), since a plain DISTINCT (and Prisma's `distinct`, done in memory) reads
 * every connector row.
 */
export async function connectorNames(): Promise<string[]> {
  const rows = await db().$queryRaw<{ name: string }[]>`
    WITH RECURSIVE names(name) AS (
      (SELECT "connectorName" FROM "AccountConnector" WHERE "retiredAt" IS NULL ORDER BY "connectorName" LIMIT 1)
      UNION ALL
      SELECT (SELECT "connectorName" FROM "AccountConnector" WHERE "retiredAt" IS NULL AND "connectorName" > names.name ORDER BY "connectorName" LIMIT 1)
      FROM names WHERE names.name IS NOT NULL
    )
    SELECT name FROM names WHERE name IS NOT NULL LIMIT 200`;
  return rows.map((row) => row.name);
}

export type Overview = {
  counts: Record<ConnectorStatus, number>;
  days: { day: string; SUCCEEDED: number; FAILED: number; EXPIRED: number; CANCELLED: number }[];
  medianSecondsToConnect: number | null;
  recentFailures: { id: string; connectorName: string; accountName: string; accountId: string; at: string; error: string | null }[];
  lastSyncedAt: string | null;
};

export async function overview(now = new Date()): Promise<Overview> {
  const since = new Date(now.getTime() - 30 * 24 * 60 * 60 * 1000);
  const [grouped, perDay, median, failures, synced] = await Promise.all([
    db().accountConnector.groupBy({ by: ["status"], where: { retiredAt: null }, _count: { _all: true } }),
    db().$queryRaw<{ day: Date; status: string; n: bigint }[]>`
      SELECT date_trunc('day', "startedAt") AS day, status::text AS status, count(*) AS n
      FROM "ConnectAttempt" WHERE "startedAt" >= ${since} AND status <> 'PENDING'
      GROUP BY 1, 2`,
    db().$queryRaw<{ seconds: number | null }[]>`
      SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM "completedAt" - "startedAt")) AS seconds
      FROM "ConnectAttempt" WHERE status = 'SUCCEEDED' AND "startedAt" >= ${since} AND "completedAt" IS NOT NULL`,
    db().connectAttempt.findMany({
      where: { status: "FAILED" },
      orderBy: { completedAt: "desc" },
      take: 5,
      include: { accountConnector: { include: { account: true } } },
    }),
    db().account.aggregate({ _max: { lastSyncedAt: true } }),
  ]);
  const counts = Object.fromEntries(statuses.map((s) => [s, 0])) as Record<ConnectorStatus, number>;
  for (const group of grouped) counts[group.status] = group._count._all;
  const days: Overview["days"] = [];
  for (let i = 29; i >= 0; i--) {
    const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - i)).toISOString().slice(0, 10);
    days.push({ day, SUCCEEDED: 0, FAILED: 0, EXPIRED: 0, CANCELLED: 0 });
  }
  for (const row of perDay) {
    const entry = days.find((d) => d.day === row.day.toISOString().slice(0, 10));
    if (entry && row.status in entry) entry[row.status as "SUCCEEDED"] += Number(row.n);
  }
  return {
    counts,
    days,
    medianSecondsToConnect: median[0]?.seconds ?? null,
    recentFailures: failures.map((a) => ({
      id: a.id,
      connectorName: a.accountConnector.name,
      accountName: a.accountConnector.account.name,
      accountId: a.accountConnector.account.id,
      at: (a.completedAt ?? a.startedAt).toISOString(),
      error: a.error,
    })),
    lastSyncedAt: synced._max.lastSyncedAt?.toISOString() ?? null,
  };
}

export type TimelineEvent = {
  id: string;
  at: string;
  type: string;
  outcome: string;
  actor: string;
  message: string | null;
  connectorName: string | null;
  /** A Podero device's name (device.* events). */
  deviceName: string | null;
};

export async function accountDetail(accountId: string) {
  const account = await db().account.findUnique({ where: { id: accountId } });
  if (!account) return null;
  const events = await db().event.findMany({
    where: { accountId },
    orderBy: { createdAt: "desc" },
    take: 50,
    include: { accountConnector: { select: { name: true } }, device: { select: { manufacturer: true, model: true, typeName: true } } },
  });
  return {
    account: {
      id: account.id,
      name: account.name,
      cyclrAccountId: account.cyclrAccountId,
      lastSyncedAt: account.lastSyncedAt?.toISOString() ?? null,
      retiredAt: account.retiredAt?.toISOString() ?? null,
    },
    events: events.map((e): TimelineEvent => ({
      id: e.id,
      at: e.createdAt.toISOString(),
      type: e.type,
      outcome: e.outcome,
      actor: e.actorType === "END_USER" ? `user ${e.actorId ?? ""}`.trim() : e.actorType.toLowerCase().replace("_", " "),
      message: e.message,
      connectorName: e.accountConnector?.name ?? null,
      deviceName: e.device ? deviceName(e.device) : null,
    })),
  };
}
