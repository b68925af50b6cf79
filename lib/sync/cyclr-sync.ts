import "server-only";
import pg from "pg";
import { refreshCatalogue } from "@/lib/catalogue";
import { cyclr } from "@/lib/cyclr/client";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { syncDuration } from "@/lib/metrics";
import { recordEvent, systemActor, type Actor } from "@/lib/events";
import { ProviderError } from "@/lib/providers/errors";
import { writeConnectorChanges, type ConnectorChange } from "./connector-writes";
import { syncPoderoDevices, type DeviceSyncResult } from "./podero-sync";

// Imports every Cyclr account and its connectors into Postgres and reconciles statuses.
// One sync at a time across all instances (a session-level advisory lock on its own
// connection). Each page of accounts is written in one transaction once every account on it
// was read completely; an account whose read failed is left out, so a Cyclr error mid-sync
// leaves every account either fully updated or untouched.

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
  | { ran: false; reason: "already_running" | "not_due" }
  | {
      ran: true;
      runId: string;
      accounts: number;
      retired: number;
      failed: { accountId: string; message: string }[];
      error: string | null;
      durationMs: number;
      /** Podero's devices (null: Podero is not configured). */
      devices: DeviceSyncResult | null;
    };

/** Every account from Cyclr; `due`: only if no run started within that many ms (checked under the lock). */
export async function syncAll(actor: Actor, options: { due?: { intervalMs: number; now: number } } = {}): Promise<SyncResult> {
  const lock = new pg.Client({ connectionString: env().DATABASE_URL });
  await lock.connect();
  try {
    const { rows } = await lock.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtext('switchboard:sync')) AS locked");
    if (!rows[0]?.locked) return { ran: false, reason: "already_running" };
    try {
      if (options.due && !(await isDue(options.due.intervalMs, options.due.now))) return { ran: false, reason: "not_due" };
      return await run(actor);
    } finally {
      await lock.query("SELECT pg_advisory_unlock(hashtext('switchboard:sync'))");
    }
  } finally {
    await lock.end();
  }
}

/**
 * The scheduled sync, once per interval across every instance: each instance looks often,
 * and syncs only when the latest run (anyone's, read from SyncRun) started an interval ago
 * or more; two that look at once meet at the sync's lock. Returns whether this one ran it.
 */
export async function syncIfDue(intervalMs: number, now = Date.now()): Promise<boolean> {
  if (!(await isDue(intervalMs, now))) return false;
  const result = await syncAll(systemActor(), { due: { intervalMs, now } });
  return result.ran;
}

async function isDue(intervalMs: number, now: number): Promise<boolean> {
  const latest = await db().syncRun.findFirst({ orderBy: { startedAt: "desc" }, select: { startedAt: true } });
  return !latest || now - latest.startedAt.getTime() >= intervalMs;
}

// Progress is written at most this often while accounts are being synced.
const PROGRESS_MS = 1000;
// Ids per statement when retiring.
const CHUNK = 1000;

async function run(actor: Actor): Promise<SyncResult> {
  const started = new Date();
  // Holding the lock, any run still marked running was cut short (its process died).
  await db().syncRun.updateMany({
    where: { status: "RUNNING" },
    data: { status: "FAILED", finishedAt: started, message: "Interrupted: the process running it stopped" },
  });
  const runRow = await db().syncRun.create({ data: { actorType: actor.actorType, actorId: actor.actorId, startedAt: started } });
  const failed: { accountId: string; message: string }[] = [];
  let accounts = 0;
  let pages = 0;
  let listed = 0;
  let complete = false;
  let error: string | null = null;
  let catalogueError: string | null = null;
  let reported = 0;
  const report = async () => {
    reported = Date.now();
    await db().syncRun.update({
      where: { id: runRow.id },
      data: { pages, accountsDone: accounts, accountsFailed: failed.length, heartbeatAt: new Date() },
    });
  };
  try {
    // The catalogue first (a few pages): what end users are offered follows Cyclr's. A
    // catalogue Cyclr will not list now does not keep the accounts from being synced.
    catalogueError = await refreshCatalogue().then(
      () => null,
      (cause: unknown) => {
        if (!ProviderError.is(cause)) throw cause;
        return cause.message;
      },
    );
    for (let page = 1; ; page++) {
      const batch = await cyclr().listAccounts({ page, pageSize: PAGE_SIZE });
      pages = page;
      listed += batch.length;
      const ids = batch.map((remote) => remote.id);
      await db().account.createMany({ data: batch.map((remote) => ({ cyclrAccountId: remote.id, name: remote.name })), skipDuplicates: true });
      // Listed by Cyclr in this run: seen, and back from retirement if it had been retired.
      await db().account.updateMany({ where: { cyclrAccountId: { in: ids } }, data: { seenAt: started, retiredAt: null } });
      const rows = await db().account.findMany({ where: { cyclrAccountId: { in: ids } } });
      const byId = new Map(rows.map((row) => [row.cyclrAccountId, row]));
      // Every account's connectors are read from Cyclr first; the page's accounts that were
      // read completely are then written together, as complete listings.
      const read: ConnectorChange[] = [];
      await inParallel(batch, CONCURRENCY, async (remote) => {
        const account = byId.get(remote.id)!;
        try {
          read.push({ kind: "observed", accountId: account.id, remote: await cyclr().listAllAccountConnectors(account.cyclrAccountId), complete: true });
          if (account.name !== remote.name) await db().account.update({ where: { id: account.id }, data: { name: remote.name } });
          accounts++;
        } catch (cause) {
          if (!ProviderError.is(cause)) throw cause;
          failed.push({ accountId: remote.id, message: cause.message });
        }
        if (Date.now() - reported >= PROGRESS_MS) await report();
      });
      await writeConnectorChanges(read);
      await report();
      if (batch.length < PAGE_SIZE) {
        complete = true;
        break;
      }
    }
  } catch (cause) {
    if (!ProviderError.is(cause)) {
      await db().syncRun.update({ where: { id: runRow.id }, data: { status: "FAILED", finishedAt: new Date(), message: "Stopped by an unexpected error" } });
      syncDuration.observe({ outcome: "FAILED" }, (Date.now() - started.getTime()) / 1000);
      throw cause;
    }
    error = cause.message;
  }
  // Only a complete listing can say an account is gone (and an empty one is not trusted).
  const retired = complete && listed > 0 ? await retireUnlisted(started, actor) : 0;
  // Podero's devices, whatever Cyclr said: the providers are independent.
  const devices = await syncPoderoDevices(actor);
  const ok = !error && failed.length === 0 && !catalogueError && !devices?.failed.length;
  const deviceWords = devices?.users
    ? `; read the devices of ${devices.users} Podero user(s)${devices.failed.length ? `, ${devices.failed.length} could not be read (${devices.failed[0]!.message})` : ""}`
    : devices?.failed.length
      ? `; the devices of ${devices.failed.length} Podero user(s) could not be read (${devices.failed[0]!.message})`
      : "";
  const synced = `Synced ${accounts} accounts from Cyclr${retired ? `; retired ${retired} that Cyclr no longer lists` : ""}`;
  const message =
    (ok
      ? synced
      : error || failed.length
        ? `Sync stopped: ${error ?? `${failed.length} account(s) failed`}`
        : catalogueError
          ? `${synced}; the connector catalogue could not be read: ${catalogueError}`
          : synced) + deviceWords;
  await db().syncRun.update({
    where: { id: runRow.id },
    data: {
      status: ok ? "SUCCEEDED" : "FAILED",
      finishedAt: new Date(),
      pages,
      accountsDone: accounts,
      accountsFailed: failed.length,
      accountsRetired: retired,
      message,
    },
  });
  await recordEvent({
    type: "sync.completed",
    outcome: ok ? "success" : "failure",
    ...actor,
    message,
    data: {
      accounts,
      retired,
      failed: failed.slice(0, 20),
      error,
      ...(devices ? { devices: { ...devices, failed: devices.failed.slice(0, 20) } } : {}),
    },
  });
  const durationMs = Date.now() - started.getTime();
  syncDuration.observe({ outcome: ok ? "SUCCEEDED" : "FAILED" }, durationMs / 1000);
  return { ran: true, runId: runRow.id, accounts, retired, failed, error, durationMs, devices };
}

/**
 * Retires the accounts (and their connectors) that a complete listing started at `started`
 * did not include. Accounts created since (by a connect session) are left alone.
 */
async function retireUnlisted(started: Date, actor: Actor): Promise<number> {
  const gone = await db().account.findMany({
    where: { retiredAt: null, createdAt: { lt: started }, OR: [{ seenAt: null }, { seenAt: { lt: started } }] },
    select: { id: true, name: true, cyclrAccountId: true },
  });
  for (let i = 0; i < gone.length; i += CHUNK) {
    const chunk = gone.slice(i, i + CHUNK);
    await db().$transaction(
      async (tx) => {
        await tx.account.updateMany({ where: { id: { in: chunk.map((account) => account.id) } }, data: { retiredAt: new Date() } });
        await writeConnectorChanges(
          chunk.map((account) => ({ kind: "retired", accountId: account.id })),
          {
            tx,
            events: chunk.map((account) => ({
              ...actor,
              type: "account.retired",
              outcome: "info",
              accountId: account.id,
              message: `Cyclr no longer lists the account ${account.name} (${account.cyclrAccountId})`,
            })),
          },
        );
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
  }
  return gone.length;
}

export type SyncRunView = {
  id: string;
  status: "RUNNING" | "SUCCEEDED" | "FAILED" | "INTERRUPTED";
  startedAt: string;
  finishedAt: string | null;
  by: string;
  pages: number;
  accountsDone: number;
  accountsFailed: number;
  accountsRetired: number;
  message: string | null;
};

// A running sync writes progress at least every page; silence this long means it died.
const STALE_MS = 2 * 60 * 1000;

/** The latest sync run (running or finished), for the console's progress display. */
export async function latestSyncRun(): Promise<SyncRunView | null> {
  const row = await db().syncRun.findFirst({ orderBy: { startedAt: "desc" } });
  if (!row) return null;
  const stale = row.status === "RUNNING" && Date.now() - row.heartbeatAt.getTime() > STALE_MS;
  return {
    id: row.id,
    status: stale ? "INTERRUPTED" : row.status,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    by: row.actorType === "ADMIN" ? (row.actorId ?? "an admin") : "Switchboard",
    pages: row.pages,
    accountsDone: row.accountsDone,
    accountsFailed: row.accountsFailed,
    accountsRetired: row.accountsRetired,
    message: stale ? "Interrupted: the process running it stopped" : row.message,
  };
}

/** When the last sync ended, for the overview. */
export async function lastSync(): Promise<{ at: string; outcome: string; message: string | null } | null> {
  const event = await db().event.findFirst({ where: { type: "sync.completed" }, orderBy: { createdAt: "desc" } });
  return event ? { at: event.createdAt.toISOString(), outcome: event.outcome, message: event.message } : null;
}
