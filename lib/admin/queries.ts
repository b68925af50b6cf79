import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { byNameFrom, keysetPage, nameCursor, type KeysetPage } from "@/lib/cursor";
import type { Account, ConnectorStatus, Prisma } from "@/lib/generated/prisma/client";
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
  id: string;
  name: string;
  connectorName: string;
  authType: string;
  status: ConnectorStatus;
  account: { id: string; name: string; cyclrAccountId: string };
  lastAttempt: { status: string; startedAt: string } | null;
  updatedAt: string;
};

export async function listConnectorRows(filters: ListFilters, accountId?: string): Promise<KeysetPage<ConnectorRow>> {
  const where: Prisma.AccountConnectorWhereInput = {
    retiredAt: null,
    ...(accountId ? { accountId } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.connector ? { connectorName: filters.connector } : {}),
    ...(filters.q
      ? {
          OR: [
            { name: { contains: filters.q, mode: "insensitive" } },
            { account: { name: { contains: filters.q, mode: "insensitive" } } },
            { account: { cyclrAccountId: filters.q } },
          ],
        }
      : {}),
  };
  return keysetPage(
    nameCursor,
    filters,
    PAGE_SIZE,
    (row) => ({ name: row.name, id: row.id }),
    async (cursor, direction, take) => {
      const page = byNameFrom(cursor, direction);
      const found = await db().accountConnector.findMany({
        where: { AND: [where, page.where] },
        orderBy: page.orderBy,
        take,
        include: {
          account: { select: { id: true, name: true, cyclrAccountId: true } },
          attempts: { orderBy: { startedAt: "desc" }, take: 1, select: { status: true, startedAt: true } },
        },
      });
      return found.map((row) => ({
        id: row.id,
        name: row.name,
        connectorName: row.connectorName,
        authType: row.authType,
        status: row.status,
        account: row.account,
        lastAttempt: row.attempts[0] ? { status: row.attempts[0].status, startedAt: row.attempts[0].startedAt.toISOString() } : null,
        updatedAt: row.updatedAt.toISOString(),
      }));
    },
  );
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

export type TimelineEvent = { id: string; at: string; type: string; outcome: string; actor: string; message: string | null; connectorName: string | null };

export async function accountDetail(accountId: string) {
  const account = await db().account.findUnique({ where: { id: accountId } });
  if (!account) return null;
  const events = await db().event.findMany({
    where: { accountId },
    orderBy: { createdAt: "desc" },
    take: 50,
    include: { accountConnector: { select: { name: true } } },
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
    })),
  };
}
