import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { beforeEach, describe, expect, inject, it } from "vitest";
import { createMigration, defaultSchemaPath, diffMigrations } from "@/tooling/db/write-migration";
import { resetDatabase } from "@/tooling/db/embedded-postgres";
import { applyMigrations } from "@/tooling/db/migrate";

// `npm run db:migrate` with the WebAssembly schema engine and PGlite as the shadow database
// (one PGlite per test file: the first diff takes ~5 s, later ones well under a second).

let dir = "";
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "switchboard-db-migrate-"));
  copyFileSync(defaultSchemaPath, join(dir, "schema.prisma"));
  return () => rmSync(dir, { recursive: true, force: true });
});

// Booting PGlite can take over 10 s on a busy machine.
describe("db:migrate", { timeout: 60_000 }, () => {
  it("finds prisma/schema.prisma and prisma/migrations in agreement", async () => {
    const sql = await diffMigrations();
    expect(sql, "schema.prisma has changes without a migration: run npm run db:migrate -- <name>").toBeNull();
  });

  it("writes a first migration for an empty folder that applies to PostgreSQL, then finds nothing more to do", async () => {
    const migrationsDir = join(dir, "migrations");
    const options = { schemaPath: join(dir, "schema.prisma"), migrationsDir, now: new Date("2026-01-02T03:04:05Z") };

    expect(await createMigration("init", options)).toBe("20260102030405_init");
    expect(readFileSync(join(migrationsDir, "migration_lock.toml"), "utf8")).toContain('provider = "postgresql"');
    const sql = readFileSync(join(migrationsDir, "20260102030405_init", "migration.sql"), "utf8");
    expect(sql).toMatch(/^-- CreateEnum\nCREATE TYPE "ConnectorStatus"/);
    expect(sql).toContain('CREATE TABLE "Account"');
    expect(sql).toContain('ALTER TABLE "AccountConnector" ADD CONSTRAINT "AccountConnector_accountId_fkey"');

    expect(await createMigration("again", { ...options, now: new Date() })).toBeNull();
    expect(readdirSync(migrationsDir).sort()).toEqual(["20260102030405_init", "migration_lock.toml"]);

    const url = await resetDatabase(inject("testEnv").DATABASE_URL, "switchboard_generate_test");
    expect(await applyMigrations(url, { migrationsDir })).toEqual({ applied: ["20260102030405_init"] });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
    await client.end();
    expect(rows.map((r) => r.tablename)).toEqual([
      "Account",
      "AccountConnector",
      "AdminUser",
      "ApiKey",
      "CatalogueConnector",
      "ConnectAttempt",
      "ConnectSession",
      "Device",
      "DeviceAttempt",
      "Event",
      "PoderoUserLink",
      "ProviderToken",
      "RateLimit",
      "SyncRun",
      "WebhookDelivery",
      "_prisma_migrations",
    ]);
  });

  it("writes only the difference from the existing migrations", async () => {
    const migrationsDir = join(dir, "migrations");
    const schemaPath = join(dir, "schema.prisma");
    await createMigration("init", { schemaPath, migrationsDir, now: new Date("2026-01-01T00:00:00Z") });
    writeFileSync(schemaPath, `${readFileSync(schemaPath, "utf8")}\nmodel Webhook {\n  id  String @id\n  url String\n}\n`);

    expect(await createMigration("add_webhooks", { schemaPath, migrationsDir, now: new Date("2026-01-02T00:00:00Z") })).toBe("20260102000000_add_webhooks");
    expect(readFileSync(join(migrationsDir, "20260102000000_add_webhooks", "migration.sql"), "utf8")).toBe(
      '-- CreateTable\nCREATE TABLE "Webhook" (\n    "id" TEXT NOT NULL,\n    "url" TEXT NOT NULL,\n\n    CONSTRAINT "Webhook_pkey" PRIMARY KEY ("id")\n);\n',
    );
  });

  it("reports a migration that fails in the shadow database instead of ignoring it", async () => {
    const migrationsDir = join(dir, "migrations");
    mkdirSync(join(migrationsDir, "20260101000000_broken"), { recursive: true });
    writeFileSync(join(migrationsDir, "20260101000000_broken", "migration.sql"), "CREATE TABLE broken (;\n");
    writeFileSync(join(migrationsDir, "migration_lock.toml"), 'provider = "postgresql"\n');
    await expect(diffMigrations({ schemaPath: join(dir, "schema.prisma"), migrationsDir })).rejects.toThrow(
      /20260101000000_broken` failed to apply cleanly to the shadow database[\s\S]*syntax error/,
    );
  });

  it("refuses a name that is not lowercase letters, digits and _", async () => {
    const migrationsDir = join(dir, "migrations");
    await expect(createMigration("Add-Webhooks", { migrationsDir })).rejects.toThrow(/Invalid migration name/);
    await expect(createMigration("", { migrationsDir })).rejects.toThrow(/Invalid migration name/);
    expect(existsSync(migrationsDir)).toBe(false);
  });
});
