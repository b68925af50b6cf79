import { db } from "@/lib/db";

// Helpers for integration tests. They refuse to touch a database that is not local.

function assertLocal(): void {
  const host = new URL(process.env.DATABASE_URL ?? "").hostname;
  if (!["localhost", "127.0.0.1", "[::1]"].includes(host)) throw new Error(`Refusing to wipe a non-local database (${host}).`);
}

export async function truncateAll(): Promise<void> {
  assertLocal();
  const rows = await db().$queryRaw<{ tablename: string }[]>`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`;
  if (rows.length === 0) return;
  const tables = rows.map((row) => `"public"."${row.tablename.replace(/"/g, '""')}"`).join(", ");
  await db().$executeRawUnsafe(`TRUNCATE TABLE ${tables} CASCADE`);
}

export async function emulatorCall<T = unknown>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(`${process.env.CYCLR_API_URL}/__emulator/${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: { "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!response.ok) throw new Error(`emulator ${path} → ${response.status}`);
  return (await response.json()) as T;
}

export async function resetEmulator(): Promise<void> {
  await emulatorCall("reset", { method: "POST", body: {} });
}
