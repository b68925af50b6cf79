import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

// Pruning what only matters for a while: audit events, finished connect attempts (Cyclr's and
// Podero's device attempts), expired
// connect sessions, sent or abandoned webhook deliveries and finished sync runs older than
// RETENTION_DAYS. Deletes in batches (short statements, no long locks) and is safe to run
// on several instances at once (a row deleted twice is deleted once). Nothing pending is
// touched, nor the latest sync run (the schedule is decided from it).

const BATCH = 5000;

export type PruneReport = { events: number; attempts: number; deviceAttempts: number; sessions: number; deliveries: number; syncRuns: number };

/** Deletes the rows of `table` matching `where` (with `$1` the cutoff), a batch at a time, until none is left. */
async function inBatches(table: string, where: string, cutoff: Date): Promise<number> {
  let total = 0;
  for (;;) {
    // Table and condition are this module's own constants, never input.
    const deleted = await db().$executeRawUnsafe(`DELETE FROM "${table}" WHERE id IN (SELECT id FROM "${table}" WHERE ${where} LIMIT ${BATCH})`, cutoff);
    total += deleted;
    if (deleted < BATCH) return total;
  }
}

/** Prunes everything older than `days` days before `now`. */
export async function pruneOlderThan(days: number, now = new Date()): Promise<PruneReport> {
  const cutoff = new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
  return {
    events: await inBatches("Event", `"createdAt" < $1`, cutoff),
    attempts: await inBatches("ConnectAttempt", `status <> 'PENDING' AND "startedAt" < $1`, cutoff),
    deviceAttempts: await inBatches("DeviceAttempt", `status <> 'PENDING' AND "startedAt" < $1`, cutoff),
    sessions: await inBatches("ConnectSession", `"expiresAt" < $1`, cutoff),
    deliveries: await inBatches("WebhookDelivery", `status <> 'PENDING' AND "createdAt" < $1`, cutoff),
    syncRuns: await inBatches(
      "SyncRun",
      `status <> 'RUNNING' AND "startedAt" < $1 AND id <> (SELECT id FROM "SyncRun" ORDER BY "startedAt" DESC LIMIT 1)`,
      cutoff,
    ),
  };
}

/** The scheduled pruning (instrumentation.ts): by RETENTION_DAYS; 0 keeps everything. */
export async function pruneByRetention(): Promise<PruneReport | null> {
  const days = env().RETENTION_DAYS;
  return days > 0 ? pruneOlderThan(days) : null;
}
