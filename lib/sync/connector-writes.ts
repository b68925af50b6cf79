import "server-only";
import { randomUUID } from "node:crypto";
import type { CyclrAccountConnector } from "@/lib/cyclr/schemas";
import { db } from "@/lib/db";
import { eventRow, type Actor, type EventInput } from "@/lib/events";
import type { AccountConnector, ConnectorStatus, Prisma } from "@/lib/generated/prisma/client";
import { deliveryRows, notifyQueued, type ConnectorEvent } from "@/lib/webhooks/outbox";

// The one way connector rows change. Every source of a change (a connect check, a form, a
// disconnect, an admin's re-check, a page of the sync) hands a batch of changes to
// writeConnectorChanges, which writes the rows, the audit events and the webhook outbox in
// one transaction, with the rows locked and read inside it (two checks racing see a change
// once). The statements are bulk (arrays through unnest), so a page of hundreds of accounts
// costs the same few statements as a single check.

export type ConnectorChange =
  /**
   * What Cyclr says about some of an account's connectors; `complete` when it is the whole
   * list (unlisted ones are retired, the account marked synced). `installedBy`: Switchboard
   * has just installed them, so a new row is recorded (and told to the hosts) as an install.
   */
  | { kind: "observed"; accountId: string; remote: CyclrAccountConnector[]; complete: boolean; installedBy?: Actor }
  /** The account is retired (Cyclr no longer lists it): so are its connectors, as they were left. */
  | { kind: "retired"; accountId: string }
  /** Switchboard connected it (Cyclr accepted the credentials) or disconnected it (Cyclr de-authenticated it). */
  | { kind: "connected" | "disconnected"; connectorId: string }
  /** A connect attempt failed; the host hears `error`. `markFailed` also sets the status (credentials refused). */
  | { kind: "failed"; connectorId: string; error: string; markFailed: boolean };

/** Status after Cyclr reports `authenticated`, and whether that is a drift worth recording. */
export function reconcileStatus(current: ConnectorStatus, authenticated: boolean): { status: ConnectorStatus; drifted: boolean } {
  if (authenticated) return { status: "CONNECTED", drifted: false };
  if (current === "CONNECTED") return { status: "DISCONNECTED", drifted: true };
  return { status: current, drifted: false };
}

/** The webhook a status change calls for: becoming connected, or losing a connection. */
function statusEvent(before: ConnectorStatus, after: AccountConnector): ConnectorEvent | null {
  if (before === after.status) return null;
  if (after.status === "CONNECTED") return { type: "connector.connected", connector: after };
  if (after.status === "DISCONNECTED") return { type: "connector.disconnected", connector: after };
  return null;
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

type NewRow = Omit<AccountConnector, "createdAt" | "updatedAt">;

export type ConnectorPlan = {
  creates: NewRow[];
  /** Rows whose columns change (their state after the change). */
  updates: AccountConnector[];
  /** Rows only checked: lastCheckedAt moves. */
  checked: string[];
  events: Prisma.EventCreateManyInput[];
  webhooks: ConnectorEvent[];
  syncedAccounts: string[];
};

const key = (accountId: string, cyclrId: string) => `${accountId}/${cyclrId}`;
const COLUMNS = ["name", "connectorId", "connectorName", "connectorIcon", "authType", "status", "authenticatedAt", "retiredAt"] as const;
const same = (a: unknown, b: unknown) => (a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b);

/**
 * What a batch of changes does to the rows it concerns (read, locked, in `rows`): pure, so
 * every rule about statuses, drift, retirement and webhooks is in one place and testable.
 */
export function planConnectorChanges(rows: AccountConnector[], changes: ConnectorChange[], now: Date): ConnectorPlan {
  const before = new Map(rows.map((row) => [row.id, row]));
  const working = new Map(rows.map((row) => [row.id, { ...row }]));
  const byRemote = new Map(rows.map((row) => [key(row.accountId, row.cyclrAccountConnectorId), row.id]));
  const plan: ConnectorPlan = { creates: [], updates: [], checked: [], events: [], webhooks: [], syncedAccounts: [] };
  const seen = new Set<string>();
  const retiring = new Set<string>();

  for (const change of changes) {
    if (change.kind === "retired") {
      for (const row of working.values()) if (row.accountId === change.accountId && row.retiredAt === null) retiring.add(row.id);
      continue;
    }
    if (change.kind === "observed") {
      const listed = new Set<string>();
      for (const remote of change.remote) {
        const id = byRemote.get(key(change.accountId, remote.id));
        const row = id ? working.get(id) : undefined;
        if (!row) {
          const created: NewRow = {
            id: randomUUID(),
            accountId: change.accountId,
            cyclrAccountConnectorId: remote.id,
            ...remoteFields(remote),
            status: remote.authenticated ? "CONNECTED" : "NOT_CONNECTED",
            authenticatedAt: remote.authenticated ? now : null,
            lastCheckedAt: now,
            retiredAt: null,
          };
          plan.creates.push(created);
          if (change.installedBy) {
            plan.webhooks.push({ type: "connector.installed", connector: { ...created, createdAt: now, updatedAt: now } });
            plan.events.push(
              eventRow({
                ...change.installedBy,
                type: "connector.installed",
                outcome: "success",
                accountId: change.accountId,
                accountConnectorId: created.id,
                message: `${remote.name} installed`,
              }),
            );
          }
          continue;
        }
        listed.add(row.id);
        seen.add(row.id);
        const { status, drifted } = reconcileStatus(row.status, remote.authenticated);
        const previous = row.status;
        Object.assign(row, remoteFields(remote), {
          status,
          authenticatedAt: remote.authenticated ? (row.authenticatedAt ?? now) : row.authenticatedAt,
          lastCheckedAt: now,
          retiredAt: null,
        });
        const webhook = statusEvent(previous, { ...row });
        if (webhook) plan.webhooks.push(webhook);
        if (drifted) {
          plan.events.push(
            eventRow({
              type: "connector.disconnected",
              outcome: "info",
              actorType: "SYSTEM",
              actorId: null,
              accountId: change.accountId,
              accountConnectorId: row.id,
              message: `Cyclr reports ${remote.name} is no longer authenticated`,
            }),
          );
        }
      }
      if (change.complete) {
        plan.syncedAccounts.push(change.accountId);
        for (const row of working.values()) {
          if (row.accountId === change.accountId && !listed.has(row.id) && row.retiredAt === null) retiring.add(row.id);
        }
      }
      continue;
    }
    const row = working.get(change.connectorId);
    if (!row) continue; // the caller checked it exists; a row deleted meanwhile has nothing to change
    seen.add(row.id);
    const previous = row.status;
    if (change.kind === "connected") Object.assign(row, { status: "CONNECTED", authenticatedAt: now, lastCheckedAt: now });
    if (change.kind === "disconnected") Object.assign(row, { status: "DISCONNECTED", lastCheckedAt: now });
    if (change.kind === "failed") {
      if (change.markFailed) Object.assign(row, { status: "FAILED", lastCheckedAt: now });
      plan.webhooks.push({ type: "connector.failed", connector: { ...row }, error: change.error });
      continue;
    }
    const webhook = statusEvent(previous, { ...row });
    if (webhook) plan.webhooks.push(webhook);
  }

  for (const id of retiring) if (!seen.has(id)) Object.assign(working.get(id)!, { retiredAt: now });
  for (const [id, row] of working) {
    const original = before.get(id)!;
    if (COLUMNS.some((column) => !same(row[column], original[column]))) plan.updates.push({ ...row, updatedAt: now });
    else if (!same(row.lastCheckedAt, original.lastCheckedAt)) plan.checked.push(id);
  }
  // Webhooks carry the row as written.
  plan.webhooks = plan.webhooks.map((webhook) => ({ ...webhook, connector: { ...webhook.connector, updatedAt: now } }));
  return plan;
}

type Tx = Prisma.TransactionClient;

async function insertRows(tx: Tx, rows: NewRow[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  const column = <T>(pick: (row: NewRow) => T) => rows.map(pick);
  await tx.$executeRaw`
    INSERT INTO "AccountConnector" ("id", "accountId", "cyclrAccountConnectorId", "name", "connectorId", "connectorName", "connectorIcon", "authType", "status", "authenticatedAt", "lastCheckedAt", "createdAt", "updatedAt")
    SELECT t.*, ${now}, ${now}
    FROM unnest(
      ${column((row) => row.id)}::uuid[], ${column((row) => row.accountId)}::uuid[], ${column((row) => row.cyclrAccountConnectorId)}::text[], ${column((row) => row.name)}::text[],
      ${column((row) => row.connectorId)}::text[], ${column((row) => row.connectorName)}::text[], ${column((row) => row.connectorIcon)}::text[],
      ${column((row) => row.authType)}::text[], ${column((row) => row.status)}::"ConnectorStatus"[],
      ${column((row) => row.authenticatedAt)}::timestamp(3)[], ${column((row) => row.lastCheckedAt)}::timestamp(3)[]
    ) AS t
    ON CONFLICT ("accountId", "cyclrAccountConnectorId") DO NOTHING`;
}

async function updateRows(tx: Tx, rows: AccountConnector[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  const column = <T>(pick: (row: AccountConnector) => T) => rows.map(pick);
  await tx.$executeRaw`
    UPDATE "AccountConnector" AS c SET
      "name" = u.name, "connectorId" = u.connector_id, "connectorName" = u.connector_name, "connectorIcon" = u.connector_icon,
      "authType" = u.auth_type, "status" = u.status, "authenticatedAt" = u.authenticated_at, "lastCheckedAt" = u.last_checked_at,
      "retiredAt" = u.retired_at, "updatedAt" = ${now}
    FROM unnest(
      ${column((row) => row.id)}::uuid[], ${column((row) => row.name)}::text[], ${column((row) => row.connectorId)}::text[],
      ${column((row) => row.connectorName)}::text[], ${column((row) => row.connectorIcon)}::text[], ${column((row) => row.authType)}::text[],
      ${column((row) => row.status)}::"ConnectorStatus"[], ${column((row) => row.authenticatedAt)}::timestamp(3)[],
      ${column((row) => row.lastCheckedAt)}::timestamp(3)[], ${column((row) => row.retiredAt)}::timestamp(3)[]
    ) AS u(id, name, connector_id, connector_name, connector_icon, auth_type, status, authenticated_at, last_checked_at, retired_at)
    WHERE c.id = u.id`;
}

async function write(tx: Tx, changes: ConnectorChange[], events: EventInput[]): Promise<{ rows: AccountConnector[]; queued: number }> {
  const now = new Date();
  const accountIds = [...new Set(changes.flatMap((change) => ("accountId" in change ? [change.accountId] : [])))];
  const connectorIds = [...new Set(changes.flatMap((change) => ("connectorId" in change ? [change.connectorId] : [])))];
  const concerned: Prisma.AccountConnectorWhereInput = { OR: [{ accountId: { in: accountIds } }, { id: { in: connectorIds } }] };
  // Locked, then read: a check racing with this one waits here and sees this change once.
  // The accounts listed are locked as a whole (in one order, so batches cannot deadlock), so
  // two writers cannot both add the same new connector; the rows named by id, row by row.
  if (accountIds.length) {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('switchboard:account-connectors'), hashtext(a)) FROM unnest(${[...accountIds].sort()}::text[]) AS a ORDER BY a`;
  }
  await tx.$queryRaw`SELECT id FROM "AccountConnector" WHERE "accountId" = ANY(${accountIds}::uuid[]) OR id = ANY(${connectorIds}::uuid[]) FOR UPDATE`;
  const rows = await tx.accountConnector.findMany({ where: concerned });
  const plan = planConnectorChanges(rows, changes, now);

  await insertRows(tx, plan.creates, now);
  await updateRows(tx, plan.updates, now);
  // Only checked: raw SQL, since Prisma would move updatedAt too.
  if (plan.checked.length) await tx.$executeRaw`UPDATE "AccountConnector" SET "lastCheckedAt" = ${now} WHERE id = ANY(${plan.checked}::uuid[])`;
  const eventRows = [...plan.events, ...events.map(eventRow)];
  if (eventRows.length) await tx.event.createMany({ data: eventRows });
  if (plan.syncedAccounts.length) await tx.account.updateMany({ where: { id: { in: plan.syncedAccounts } }, data: { lastSyncedAt: now } });
  const deliveries = await deliveryRows(plan.webhooks, tx, now);
  if (deliveries.length) await tx.webhookDelivery.createMany({ data: deliveries, skipDuplicates: true });

  // The rows after the change, for callers that show one (a batch of one, or a few).
  const single = changes.filter((change) => (change.kind === "observed" && !change.complete) || "connectorId" in change);
  const cyclrIds = single.flatMap((change) => (change.kind === "observed" ? change.remote.map((remote) => remote.id) : []));
  const after = single.length
    ? await tx.accountConnector.findMany({
        where: { OR: [{ id: { in: connectorIds } }, { accountId: { in: accountIds }, cyclrAccountConnectorId: { in: cyclrIds } }] },
      })
    : [];
  return { rows: after, queued: deliveries.length };
}

/**
 * Writes a batch of connector changes with their audit `events`, in one transaction (the
 * caller's, when it passes `tx`, so its own writes commit or fail with these). Returns the
 * rows of the connectors changed one by one (not those of complete listings).
 */
export async function writeConnectorChanges(changes: ConnectorChange[], options: { events?: EventInput[]; tx?: Tx } = {}): Promise<AccountConnector[]> {
  const events = options.events ?? [];
  if (changes.length === 0 && events.length === 0) return [];
  const result = options.tx
    ? await write(options.tx, changes, events)
    : await db().$transaction((tx) => write(tx, changes, events), { timeout: 120_000, maxWait: 30_000 });
  if (result.queued) notifyQueued();
  return result.rows;
}
