import pg from "pg";
import { newConnectorRows, syncAccountConnectors } from "@/lib/connect/connectors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { cyclr } from "@/lib/cyclr/client";
import { CyclrError } from "@/lib/cyclr/errors";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { recordEvent } from "@/lib/events";

// Imports every Cyclr account and its connectors into Postgres and reconciles statuses.
// One sync at a time across all instances (a session-level advisory lock on its own
// connection). Each account is written as a unit after all of its pages were read, so a
// Cyclr error mid-sync leaves every account either fully updated or untouched.

const PAGE_SIZE = 500;
// Accounts synced at once: enough to hide Cyclr's latency, few enough to be polite.
const CONCURRENCY = 8;

async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(workers);
}

export type SyncResult =
  | { ran: false; reason: "already_running" }
  | { ran: true; accounts: number; failed: { accountId: string; message: string }[]; error: string | null; durationMs: number };

export async function syncAll(actor: { actorType: "ADMIN" | "SYSTEM"; actorId: string | null }): Promise<SyncResult> {
  const lock = new pg.Client({ connectionString: env().DATABASE_URL });
  await lock.connect();
  try {
    const { rows } = await lock.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtext('switchboard:sync')) AS locked");
    if (!rows[0]?.locked) return { ran: false, reason: "already_running" };
    try {
      return await run(actor);
    } finally {
      await lock.query("SELECT pg_advisory_unlock(hashtext('switchboard:sync'))");
    }
  } finally {
    await lock.end();
  }
}

async function run(actor: { actorType: "ADMIN" | "SYSTEM"; actorId: string | null }): Promise<SyncResult> {
  const started = Date.now();
  const failed: { accountId: string; message: string }[] = [];
  let accounts = 0;
  let error: string | null = null;
  try {
    for (let page = 1; ; page++) {
      const batch = await cyclr().listAccounts({ page, pageSize: PAGE_SIZE });
      await db().account.createMany({ data: batch.map((remote) => ({ cyclrAccountId: remote.id, name: remote.name })), skipDuplicates: true });
      const rows = await db().account.findMany({ where: { cyclrAccountId: { in: batch.map((remote) => remote.id) } } });
      const byId = new Map(rows.map((row) => [row.cyclrAccountId, row]));
      // Accounts seen for the first time are read from Cyclr and inserted in bulk; the
      // others are reconciled one by one.
      const known = new Set(
        (await db().accountConnector.groupBy({ by: ["accountId"], where: { accountId: { in: rows.map((row) => row.id) } } })).map((group) => group.accountId),
      );
      const fresh: Prisma.AccountConnectorCreateManyInput[] = [];
      const freshIds: string[] = [];
      const now = new Date();
      await inParallel(batch, CONCURRENCY, async (remote) => {
        let account = byId.get(remote.id)!;
        try {
          if (!known.has(account.id)) {
            fresh.push(...newConnectorRows(account.id, await cyclr().listAllAccountConnectors(account.cyclrAccountId), now));
            freshIds.push(account.id);
          } else {
            if (account.name !== remote.name) account = await db().account.update({ where: { id: account.id }, data: { name: remote.name } });
            await syncAccountConnectors(account);
          }
          accounts++;
        } catch (cause) {
          if (!CyclrError.is(cause)) throw cause;
          failed.push({ accountId: remote.id, message: cause.message });
        }
      });
      if (freshIds.length) {
        await db().$transaction([
          db().accountConnector.createMany({ data: fresh, skipDuplicates: true }),
          db().account.updateMany({ where: { id: { in: freshIds } }, data: { lastSyncedAt: now } }),
        ]);
      }
      if (batch.length < PAGE_SIZE) break;
    }
  } catch (cause) {
    if (!CyclrError.is(cause)) throw cause;
    error = cause.message;
  }
  const ok = !error && failed.length === 0;
  await recordEvent({
    type: "sync.completed",
    outcome: ok ? "success" : "failure",
    ...actor,
    message: ok ? `Synced ${accounts} accounts from Cyclr` : `Sync stopped: ${error ?? `${failed.length} account(s) failed`}`,
    data: { accounts, failed: failed.slice(0, 20), error },
  });
  return { ran: true, accounts, failed, error, durationMs: Date.now() - started };
}

/** When the last sync ended, for the overview. */
export async function lastSync(): Promise<{ at: string; outcome: string; message: string | null } | null> {
  const event = await db().event.findFirst({ where: { type: "sync.completed" }, orderBy: { createdAt: "desc" } });
  return event ? { at: event.createdAt.toISOString(), outcome: event.outcome, message: event.message } : null;
}
