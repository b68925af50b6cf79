import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import pg from "pg";

// Applies prisma/migrations without Prisma's native engine: each pending migration.sql in
// its own transaction, under an advisory lock so concurrent starters take turns, recorded
// in _prisma_migrations with Prisma's columns and sha256 checksums, so that the official
// `prisma migrate deploy` sees the same state. Because each file runs in a transaction, a
// failed migration leaves nothing behind (and no row); statements that PostgreSQL refuses
// inside a transaction (CREATE INDEX CONCURRENTLY, ...) cannot be used in migrations.

/** The advisory lock key of Prisma's own schema engine, so it and we exclude each other. */
const LOCK_ID = 72707369;

/** Prisma's DDL for its bookkeeping table, verbatim. */
const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export const defaultMigrationsDir = resolve(import.meta.dirname, "../../prisma/migrations");

export type Migration = { name: string; sql: string };

/** Prisma's checksum: sha256 of the file's bytes, lowercase hex. */
export function checksum(sql: string): string {
  return createHash("sha256").update(sql, "utf8").digest("hex");
}

/**
 * Prisma's comparison: the file as is, or with its line endings switched (git may convert
 * them on checkout), and the unpadded hex of very old engines
 * (prisma/prisma-engines#1887).
 */
export function checksumMatches(sql: string, recorded: string): boolean {
  return [sql, sql.replace(/\r\n/g, "\n"), sql.replace(/\n/g, "\r\n")].some((variant) => {
    const digest = createHash("sha256").update(variant, "utf8").digest();
    const hex = recorded.length === 64 ? digest.toString("hex") : [...digest].map((byte) => byte.toString(16)).join("");
    return hex === recorded;
  });
}

/** The migrations on disk, in Prisma's order (by folder name). */
export function readMigrations(dir: string = defaultMigrationsDir): Migration[] {
  if (!existsSync(dir)) throw new Error(`No migrations folder at ${dir}.`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const file = join(dir, name, "migration.sql");
      if (!existsSync(file)) throw new Error(`Migration ${name} has no migration.sql (${file}).`);
      return { name, sql: readFileSync(file, "utf8") };
    });
}

type Row = { migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null };

export async function applyMigrations(databaseUrl: string, options: { migrationsDir?: string } = {}): Promise<{ applied: string[] }> {
  const migrations = readMigrations(options.migrationsDir);
  const client = new pg.Client({ connectionString: databaseUrl });
  client.on("error", () => {}); // a dropped connection rejects the running query; it must not crash the process
  await client.connect();
  const applied: string[] = [];
  try {
    // Session-level lock: concurrent starters wait here, then find nothing left to do.
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_ID]);
    await client.query(CREATE_TABLE);
    const { rows } = await client.query<Row>(`SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`);

    const failed = rows.find((row) => !row.finished_at && !row.rolled_back_at);
    if (failed) {
      throw new Error(
        `Migration ${failed.migration_name} failed earlier and is still marked as started in _prisma_migrations; repair the database, then mark it rolled back (rolled_back_at) before starting again.`,
      );
    }
    const done = new Map(rows.filter((row) => row.finished_at && !row.rolled_back_at).map((row) => [row.migration_name, row.checksum]));
    // Check every applied migration before applying anything new.
    for (const migration of migrations) {
      const recorded = done.get(migration.name);
      if (recorded !== undefined && !checksumMatches(migration.sql, recorded)) {
        throw new Error(
          `Migration ${migration.name} was changed after it was applied (its checksum no longer matches _prisma_migrations). Restore the file and put the change in a new migration (npm run db:migrate -- <name>).`,
        );
      }
    }

    for (const migration of migrations.filter((m) => !done.has(m.name))) {
      await client.query("BEGIN");
      try {
        await client.query(migration.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, started_at, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), clock_timestamp(), $3, 1)`,
          [randomUUID(), checksum(migration.sql), migration.name],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw new Error(`Migration ${migration.name} failed and was rolled back: ${error instanceof Error ? error.message : String(error)}`);
      }
      applied.push(migration.name);
    }
  } finally {
    // Ending the session releases the lock too; unlocking first just frees it sooner.
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_ID]).catch(() => {});
    await client.end().catch(() => {});
  }
  return { applied };
}
