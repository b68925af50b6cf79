import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { assertLocalDatabase } from "@/tooling/db/embedded-postgres";

// Helpers for integration tests, which share one database and one emulator (files run one
// at a time, see vitest.config.ts). Wiping refuses a database that is not on this machine.

/** Empties every app table (keeps _prisma_migrations, so the schema stays migrated). */
export async function truncateAll(): Promise<void> {
  assertLocalDatabase(env().DATABASE_URL);
  const rows = await db().$queryRaw<{ tablename: string }[]>`
    SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`;
  if (rows.length === 0) return;
  const tables = rows.map((row) => `"${row.tablename.replace(/"/g, '""')}"`).join(", ");
  await db().$executeRawUnsafe(`TRUNCATE TABLE ${tables} CASCADE`);
}

/** Calls the emulator's control API (`/__emulator/<path>`); a body makes it a POST. */
export async function emulatorCall<T = unknown>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(`${env().CYCLR_API_URL}/__emulator/${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: { "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!response.ok) throw new Error(`emulator ${path} → ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Back to the emulator's seed data, with no faults and no issued tokens. */
export async function resetEmulator(): Promise<void> {
  await emulatorCall("reset", { method: "POST", body: {} });
}
