import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeEach, describe, expect, inject, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { resetDatabase } from "@/tooling/db/embedded-postgres";
import { applyMigrations, checksumMatches, defaultMigrationsDir, readMigrations } from "@/tooling/db/migrate";

// Integration: the embedded PostgreSQL from the global setup, but a database of its own
// (switchboard_migrate_test) and temporary migration folders, so the shared test database
// is only read. Only the last case writes there, one Account row that it deletes.

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
let url = "";
let dir = "";

function write(name: string, sql: string): void {
  mkdirSync(join(dir, name), { recursive: true });
  writeFileSync(join(dir, name, "migration.sql"), sql);
}

async function query<T extends pg.QueryResultRow>(sql: string, target = url): Promise<T[]> {
  const client = new pg.Client({ connectionString: target });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const tables = async () =>
  (await query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")).map((r) => r.tablename);

beforeEach(async () => {
  url = await resetDatabase(inject("testEnv").DATABASE_URL, "switchboard_migrate_test");
  dir = mkdtempSync(join(tmpdir(), "switchboard-migrations-"));
  writeFileSync(join(dir, "migration_lock.toml"), 'provider = "postgresql"\n');
  return () => rmSync(dir, { recursive: true, force: true });
});

afterAll(async () => {
  await disconnectDb();
});

describe("applyMigrations", () => {
  it("applies pending migrations in order and records them as Prisma does", async () => {
    write("20260101000000_a", 'CREATE TABLE "A" ("id" INTEGER PRIMARY KEY);\n');
    write("20260102000000_b", 'ALTER TABLE "A" ADD COLUMN "name" TEXT;\n');

    expect(await applyMigrations(url, { migrationsDir: dir })).toEqual({ applied: ["20260101000000_a", "20260102000000_b"] });

    const rows = await query<Record<string, unknown>>(`SELECT * FROM "_prisma_migrations" ORDER BY migration_name`);
    expect(rows.map((r) => Object.keys(r).sort())[0]).toEqual(
      ["applied_steps_count", "checksum", "finished_at", "id", "logs", "migration_name", "rolled_back_at", "started_at"].sort(),
    );
    expect(rows.map((r) => [r.migration_name, r.checksum, r.applied_steps_count, r.logs, r.rolled_back_at])).toEqual([
      ["20260101000000_a", sha256(readFileSync(join(dir, "20260101000000_a", "migration.sql"), "utf8")), 1, null, null],
      ["20260102000000_b", sha256(readFileSync(join(dir, "20260102000000_b", "migration.sql"), "utf8")), 1, null, null],
    ]);
    expect(rows.every((r) => r.finished_at instanceof Date && typeof r.id === "string" && r.id.length === 36)).toBe(true);
    expect(await tables()).toEqual(["A", "_prisma_migrations"]);
  });

  it("is a no-op the second time, and applies only what is new", async () => {
    write("20260101000000_a", 'CREATE TABLE "A" ("id" INTEGER PRIMARY KEY);\n');
    await applyMigrations(url, { migrationsDir: dir });
    expect(await applyMigrations(url, { migrationsDir: dir })).toEqual({ applied: [] });

    write("20260103000000_c", 'CREATE TABLE "C" ("id" INTEGER PRIMARY KEY);\n');
    expect(await applyMigrations(url, { migrationsDir: dir })).toEqual({ applied: ["20260103000000_c"] });
    expect(await query(`SELECT 1 FROM "_prisma_migrations"`)).toHaveLength(2);
  });

  it("refuses a migration changed after it was applied, before applying anything else", async () => {
    write("20260101000000_a", 'CREATE TABLE "A" ("id" INTEGER PRIMARY KEY);\n');
    await applyMigrations(url, { migrationsDir: dir });
    write("20260101000000_a", 'CREATE TABLE "A" ("id" BIGINT PRIMARY KEY);\n');
    write("20260102000000_b", 'CREATE TABLE "B" ("id" INTEGER PRIMARY KEY);\n');

    await expect(applyMigrations(url, { migrationsDir: dir })).rejects.toThrow(/20260101000000_a was changed after it was applied/);
    expect(await tables()).toEqual(["A", "_prisma_migrations"]);
  });

  it("accepts a migration whose only change is its line endings, as Prisma does", async () => {
    write("20260101000000_a", 'CREATE TABLE "A" (\n  "id" INTEGER PRIMARY KEY\n);\n');
    await applyMigrations(url, { migrationsDir: dir });
    write("20260101000000_a", 'CREATE TABLE "A" (\r\n  "id" INTEGER PRIMARY KEY\r\n);\r\n');
    expect(await applyMigrations(url, { migrationsDir: dir })).toEqual({ applied: [] });
  });

  it("compares checksums as Prisma does: line endings and the old unpadded hex", () => {
    const sql = "SELECT 1;\n";
    expect(checksumMatches(sql, sha256(sql))).toBe(true);
    expect(checksumMatches("SELECT 1;\r\n", sha256(sql))).toBe(true);
    expect(checksumMatches("SELECT 2;\n", sha256(sql))).toBe(false);
    const unpadded = [...createHash("sha256").update(sql).digest()].map((byte) => byte.toString(16)).join("");
    expect(unpadded).toHaveLength(58); // this input has bytes below 0x10
    expect(checksumMatches(sql, unpadded)).toBe(true);
  });

  it("rolls a failing migration back completely and records nothing", async () => {
    write("20260101000000_a", 'CREATE TABLE "A" ("id" INTEGER PRIMARY KEY);\n');
    write("20260102000000_bad", 'CREATE TABLE "B" ("id" INTEGER PRIMARY KEY);\nINSERT INTO "Nope" VALUES (1);\n');

    await expect(applyMigrations(url, { migrationsDir: dir })).rejects.toThrow(/20260102000000_bad failed and was rolled back: .*"Nope"/);
    expect(await tables()).toEqual(["A", "_prisma_migrations"]);
    expect((await query<{ migration_name: string }>(`SELECT migration_name FROM "_prisma_migrations"`)).map((r) => r.migration_name)).toEqual([
      "20260101000000_a",
    ]);
  });

  it("lets concurrent starters take turns: each migration runs once", async () => {
    // pg_sleep widens the window in which an unlocked migrator would run it twice.
    write("20260101000000_a", 'SELECT pg_sleep(0.3);\nCREATE TABLE "A" ("id" INTEGER PRIMARY KEY);\n');
    write("20260102000000_b", 'CREATE TABLE "B" ("id" INTEGER PRIMARY KEY);\n');
    const results = await Promise.all([1, 2, 3].map(() => applyMigrations(url, { migrationsDir: dir })));
    expect(results.flatMap((r) => r.applied).sort()).toEqual(["20260101000000_a", "20260102000000_b"]);
    expect(await query(`SELECT 1 FROM "_prisma_migrations"`)).toHaveLength(2);
  });

  it("refuses a migration folder without migration.sql", async () => {
    mkdirSync(join(dir, "20260101000000_empty"));
    await expect(applyMigrations(url, { migrationsDir: dir })).rejects.toThrow(/20260101000000_empty has no migration.sql/);
  });
});

describe("the project's migrations", () => {
  it("are all applied to the test database, with the files' checksums", async () => {
    const rows = await query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
      inject("testEnv").DATABASE_URL,
    );
    const files = readMigrations(defaultMigrationsDir);
    expect(files.length).toBeGreaterThan(0);
    expect(rows).toEqual(files.map((m) => ({ migration_name: m.name, checksum: sha256(m.sql) })));
  });

  it("give lib/db.ts's client a schema it can write and read", async () => {
    const cyclrAccountId = `migrate-test-${Date.now()}`;
    const created = await db().account.create({ data: { cyclrAccountId, name: "Migrate test" } });
    try {
      expect(await db().account.findUnique({ where: { cyclrAccountId } })).toMatchObject({ id: created.id, name: "Migrate test" });
    } finally {
      await db().account.delete({ where: { id: created.id } });
    }
  });
});
