import { cyclr } from "@/lib/cyclr/client";
import type { CyclrAccountConnector } from "@/lib/cyclr/schemas";
import { db } from "@/lib/db";
import { recordEvent } from "@/lib/events";
import type { AccountConnector, ConnectorStatus, Prisma } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/result";
import { deliveryRows, enqueueConnectorEvents, notifyQueued, type ConnectorChange } from "@/lib/webhooks/outbox";

/** What the browser gets for one connector: never a Prisma row. */
export type ConnectorView = {
  id: string;
  name: string;
  connectorName: string;
  icon: string | null;
  authType: string;
  status: ConnectorStatus;
  authenticatedAt: string | null;
};

// Icons are third-party data: only inline raster/SVG images are rendered, and only in <img>,
// where SVG cannot run script.
const SAFE_ICON = /^data:image\/(png|jpeg|gif|webp|svg\+xml)(;base64)?,[A-Za-z0-9+/=%._~-]*$/;

export function toConnectorView(row: AccountConnector): ConnectorView {
  return {
    id: row.id,
    name: row.name,
    connectorName: row.connectorName,
    icon: row.connectorIcon && SAFE_ICON.test(row.connectorIcon) ? row.connectorIcon : null,
    authType: row.authType,
    status: row.status,
    authenticatedAt: row.authenticatedAt?.toISOString() ?? null,
  };
}

/** Status after Cyclr reports `authenticated`, and whether that is a drift worth recording. */
export function reconcileStatus(current: ConnectorStatus, authenticated: boolean): { status: ConnectorStatus; drifted: boolean } {
  if (authenticated) return { status: "CONNECTED", drifted: false };
  if (current === "CONNECTED") return { status: "DISCONNECTED", drifted: true };
  return { status: current, drifted: false };
}

/** The columns Cyclr owns, as Cyclr reports them. */
function remoteFields(remote: CyclrAccountConnector) {
  return {
    name: remote.name,
    connectorId: remote.connector.id,
    connectorName: remote.connector.name,
    connectorIcon: remote.connector.icon ?? null,
    authType: remote.connector.authType,
  };
}

async function upsertFromCyclr(accountId: string, remote: CyclrAccountConnector): Promise<AccountConnector> {
  const key = { accountId_cyclrAccountConnectorId: { accountId, cyclrAccountConnectorId: remote.id } };
  const existing = await db().accountConnector.findUnique({ where: key });
  const now = new Date();
  const fields = { ...remoteFields(remote), lastCheckedAt: now, retiredAt: null };
  if (!existing) {
    return db().accountConnector.create({
      data: {
        accountId,
        cyclrAccountConnectorId: remote.id,
        ...fields,
        status: remote.authenticated ? "CONNECTED" : "NOT_CONNECTED",
        authenticatedAt: remote.authenticated ? now : null,
      },
    });
  }
  return db().$transaction(async (tx) => {
    // The row locked and read again: two checks racing (a message and a poll) see the change once.
    const [locked] = await tx.$queryRaw<{ status: ConnectorStatus }[]>`SELECT status FROM "AccountConnector" WHERE id = ${existing.id}::uuid FOR UPDATE`;
    const before = locked?.status ?? existing.status;
    const { status, drifted } = reconcileStatus(before, remote.authenticated);
    const row = await tx.accountConnector.update({
      where: { id: existing.id },
      data: {
        ...fields,
        status,
        authenticatedAt: remote.authenticated ? existing.authenticatedAt ?? now : existing.authenticatedAt,
      },
    });
    const change = statusChange(before, row);
    if (change) await enqueueConnectorEvents([change], tx);
    if (drifted) {
      await recordEvent(
        {
          type: "connector.disconnected",
          outcome: "info",
          actorType: "SYSTEM",
          accountId,
          accountConnectorId: existing.id,
          message: `Cyclr reports ${remote.name} is no longer authenticated`,
        },
        tx,
      );
    }
    return row;
  });
}

/** The webhook a status change calls for: becoming connected, or losing a connection. */
export function statusChange(before: ConnectorStatus, after: AccountConnector): ConnectorChange | null {
  if (before === after.status) return null;
  if (after.status === "CONNECTED") return { type: "connector.connected", connector: after };
  if (after.status === "DISCONNECTED") return { type: "connector.disconnected", connector: after };
  return null;
}

/**
 * Inserts many new connector rows in one statement (arrays through unnest): for the sync's
 * first import of thousands of accounts, where a Prisma createMany spends its time building
 * the statement row by row. Existing (account, Cyclr id) pairs are left alone.
 */
async function insertConnectorRows(rows: Prisma.AccountConnectorCreateManyInput[], client: Prisma.TransactionClient = db()): Promise<number> {
  if (rows.length === 0) return 0;
  const column = <T,>(pick: (row: Prisma.AccountConnectorCreateManyInput) => T) => rows.map(pick);
  const now = new Date();
  return client.$executeRaw`
    INSERT INTO "AccountConnector" ("id", "accountId", "cyclrAccountConnectorId", "name", "connectorId", "connectorName", "connectorIcon", "authType", "status", "authenticatedAt", "lastCheckedAt", "createdAt", "updatedAt")
    SELECT gen_random_uuid(), t.*, ${now}, ${now}
    FROM unnest(
      ${column((row) => row.accountId)}::uuid[], ${column((row) => row.cyclrAccountConnectorId)}::text[], ${column((row) => row.name)}::text[],
      ${column((row) => row.connectorId)}::text[], ${column((row) => row.connectorName)}::text[], ${column((row) => row.connectorIcon ?? null)}::text[],
      ${column((row) => row.authType)}::text[], ${column((row) => row.status ?? "NOT_CONNECTED")}::"ConnectorStatus"[],
      ${column((row) => (row.authenticatedAt ? new Date(row.authenticatedAt) : null))}::timestamp(3)[], ${column((row) => (row.lastCheckedAt ? new Date(row.lastCheckedAt) : null))}::timestamp(3)[]
    ) AS t
    ON CONFLICT ("accountId", "cyclrAccountConnectorId") DO NOTHING`;
}

/** Rows for connectors Switchboard has not seen before. */
export function newConnectorRows(accountId: string, remote: CyclrAccountConnector[], now: Date): Prisma.AccountConnectorCreateManyInput[] {
  return remote.map((connector) => ({
    accountId,
    cyclrAccountConnectorId: connector.id,
    ...remoteFields(connector),
    status: connector.authenticated ? "CONNECTED" : "NOT_CONNECTED",
    authenticatedAt: connector.authenticated ? now : null,
    lastCheckedAt: now,
  }));
}

/**
 * Refreshes one account's connectors from Cyclr into Postgres: every page is read first,
 * then all changes are written in one transaction, so a Cyclr error leaves the account as
 * it was.
 */
export async function syncAccountConnectors(account: { id: string; cyclrAccountId: string }): Promise<void> {
  const remote = await cyclr().listAllAccountConnectors(account.cyclrAccountId);
  await writeConnectorSync([{ accountId: account.id, remote }]);
}

type Update = { id: string; fields: ReturnType<typeof remoteFields>; status: ConnectorStatus; authenticatedAt: Date | null };

/**
 * Writes what Cyclr said about the connectors of some accounts (each account's complete
 * list), in one transaction: new connectors inserted, changed ones updated, listed ones
 * checked, unlisted ones retired, drifts recorded and webhooks queued. The accounts' rows
 * are locked and read inside the transaction, so a connect check racing with it sees the
 * change once. Built for a page of hundreds of accounts: a fixed number of statements,
 * whatever the number of rows. Unchanged rows only get their lastCheckedAt moved.
 */
export async function writeConnectorSync(batch: { accountId: string; remote: CyclrAccountConnector[] }[]): Promise<void> {
  if (batch.length === 0) return;
  const accountIds = batch.map((item) => item.accountId);
  const now = new Date();
  const queued = await db().$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT id FROM "AccountConnector" WHERE "accountId" = ANY(${accountIds}::uuid[]) FOR UPDATE`;
      const rows = await tx.accountConnector.findMany({ where: { accountId: { in: accountIds } } });
      const existing = new Map(rows.map((row) => [`${row.accountId}/${row.cyclrAccountConnectorId}`, row]));
      const creates: Prisma.AccountConnectorCreateManyInput[] = [];
      const updates: Update[] = [];
      const drifted: Prisma.EventCreateManyInput[] = [];
      const changes: ConnectorChange[] = [];
      const seenAccounts: string[] = [];
      const seenIds: string[] = [];
      for (const { accountId, remote } of batch) {
        for (const connector of remote) {
          const row = existing.get(`${accountId}/${connector.id}`);
          const fields = remoteFields(connector);
          if (!row) {
            creates.push(...newConnectorRows(accountId, [connector], now)); // checked now, as created
            continue;
          }
          seenAccounts.push(accountId);
          seenIds.push(connector.id);
          const { status, drifted: drift } = reconcileStatus(row.status, connector.authenticated);
          const authenticatedAt = connector.authenticated ? (row.authenticatedAt ?? now) : row.authenticatedAt;
          const same =
            row.retiredAt === null &&
            row.status === status &&
            (Object.keys(fields) as (keyof typeof fields)[]).every((key) => row[key] === fields[key]) &&
            authenticatedAt?.getTime() === row.authenticatedAt?.getTime();
          if (!same) {
            updates.push({ id: row.id, fields, status, authenticatedAt });
            const change = statusChange(row.status, { ...row, ...fields, status, authenticatedAt, retiredAt: null });
            if (change) changes.push(change);
          }
          if (drift) {
            drifted.push({
              type: "connector.disconnected",
              outcome: "info",
              actorType: "SYSTEM",
              accountId,
              accountConnectorId: row.id,
              message: `Cyclr reports ${connector.name} is no longer authenticated`,
            });
          }
        }
      }
      await insertConnectorRows(creates, tx);
      if (updates.length) {
        const column = <T,>(pick: (update: Update) => T) => updates.map(pick);
        await tx.$executeRaw`
          UPDATE "AccountConnector" AS c SET
            "name" = u.name, "connectorId" = u.connector_id, "connectorName" = u.connector_name, "connectorIcon" = u.connector_icon,
            "authType" = u.auth_type, "status" = u.status, "authenticatedAt" = u.authenticated_at, "retiredAt" = NULL, "updatedAt" = ${now}
          FROM unnest(
            ${column((u) => u.id)}::uuid[], ${column((u) => u.fields.name)}::text[], ${column((u) => u.fields.connectorId)}::text[],
            ${column((u) => u.fields.connectorName)}::text[], ${column((u) => u.fields.connectorIcon)}::text[], ${column((u) => u.fields.authType)}::text[],
            ${column((u) => u.status)}::"ConnectorStatus"[], ${column((u) => u.authenticatedAt)}::timestamp(3)[]
          ) AS u(id, name, connector_id, connector_name, connector_icon, auth_type, status, authenticated_at)
          WHERE c.id = u.id`;
      }
      // Listed: checked now. Not listed (lastCheckedAt still older): retired.
      if (seenIds.length) await tx.$executeRaw`
        UPDATE "AccountConnector" AS c SET "lastCheckedAt" = ${now}
        FROM unnest(${seenAccounts}::uuid[], ${seenIds}::text[]) AS s(account_id, cyclr_id)
        WHERE c."accountId" = s.account_id AND c."cyclrAccountConnectorId" = s.cyclr_id`;
      await tx.$executeRaw`
        UPDATE "AccountConnector" SET "retiredAt" = ${now}, "updatedAt" = ${now}
        WHERE "accountId" = ANY(${accountIds}::uuid[]) AND "retiredAt" IS NULL AND ("lastCheckedAt" IS NULL OR "lastCheckedAt" < ${now})`;
      await tx.event.createMany({ data: drifted });
      await tx.account.updateMany({ where: { id: { in: accountIds } }, data: { lastSyncedAt: now } });
      const deliveries = await deliveryRows(changes, tx, now);
      await tx.webhookDelivery.createMany({ data: deliveries, skipDuplicates: true });
      return deliveries.length;
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  if (queued) notifyQueued();
}

export async function listConnectors(accountId: string): Promise<ConnectorView[]> {
  const rows = await db().accountConnector.findMany({
    where: { accountId, retiredAt: null },
    orderBy: [{ name: "asc" }, { id: "asc" }],
  });
  return rows.map(toConnectorView);
}

/** A connector that belongs to the given account, or not_found. */
export async function requireConnector(accountId: string, connectorId: string): Promise<AccountConnector> {
  const row = await db().accountConnector.findFirst({ where: { id: connectorId, accountId, retiredAt: null } });
  if (!row) throw new AppError("not_found", "This connector is not part of your account.");
  return row;
}

/** Reads one connector from Cyclr and stores what it says. */
export async function refreshConnector(row: AccountConnector, cyclrAccountId: string): Promise<AccountConnector> {
  const remote = await cyclr().getAccountConnector(cyclrAccountId, row.cyclrAccountConnectorId);
  return upsertFromCyclr(row.accountId, remote);
}
