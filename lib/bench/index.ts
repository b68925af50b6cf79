// `npm run bench`: server-side time of the admin console's list queries at 50 and at
// 50,000 connectors (10,000 accounts), on a real embedded PostgreSQL. Reports medians of
// repeated runs; it is a measurement, not a pass/fail test.
import { randomBytes, randomUUID } from "node:crypto";
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { resetDatabase, startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { applyMigrations } from "@/lib/db/migrate";

const RUNS = 25;
const statuses = ["NOT_CONNECTED", "CONNECTED", "FAILED", "DISCONNECTED"] as const;
const kinds = ["Salesforce", "HubSpot", "Mailchimp", "Stripe", "Jira"];

async function main() {
  const pg = await startEmbeddedPostgres({ dataDir: resolve(".data/bench-postgres"), port: 54360, database: "switchboard_bench" });
  try {
    const url = await resetDatabase(pg.url);
    await applyMigrations(url);
    Object.assign(process.env, { DATABASE_URL: url, ENCRYPTION_KEY: randomBytes(32).toString("base64"), AUTH_SECRET: randomBytes(24).toString("base64url") });
    const { db, disconnectDb } = await import("@/lib/db");
    const { listConnectorRows, listAccountRows } = await import("@/lib/admin/queries");

    async function fill(accounts: number, perAccount: number) {
      await db().$executeRawUnsafe('TRUNCATE "Account" CASCADE');
      for (let start = 0; start < accounts; start += 1000) {
        const batch = Array.from({ length: Math.min(1000, accounts - start) }, (_, i) => ({ id: randomUUID(), cyclrAccountId: `bench-${start + i}`, name: `Bench Account ${start + i}` }));
        await db().account.createMany({ data: batch });
        await db().accountConnector.createMany({
          data: batch.flatMap((account, a) =>
            Array.from({ length: perAccount }, (_, c) => ({
              accountId: account.id,
              cyclrAccountConnectorId: String((start + a) * 10 + c),
              name: kinds[c % kinds.length]!,
              connectorId: String(c),
              connectorName: kinds[c % kinds.length]!,
              authType: "OAuth2",
              status: statuses[(start + a + c) % statuses.length]!,
            })),
          ),
        });
      }
      await db().$executeRawUnsafe('ANALYZE "Account"; ');
      await db().$executeRawUnsafe('ANALYZE "AccountConnector"');
    }

    async function median(work: () => Promise<unknown>): Promise<number> {
      await work();
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        await work();
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      return times[Math.floor(times.length / 2)]!;
    }

    const cases: [string, () => Promise<unknown>][] = [
      ["/admin/connectors first page", () => listConnectorRows({})],
      ["/admin/connectors search \"Account 77\"", () => listConnectorRows({ q: "Account 77" })],
      ["/admin/connectors status=FAILED", () => listConnectorRows({ status: "FAILED" })],
      ["/admin/accounts first page", () => listAccountRows({})],
    ];
    const results: Record<string, number[]> = {};
    for (const [accounts, per] of [[10, 5], [10_000, 5]] as const) {
      const started = performance.now();
      await fill(accounts, per);
      process.stderr.write(`Filled ${accounts * per} connectors in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
      for (const [name, work] of cases) (results[name] ??= []).push(await median(work));
    }
    process.stdout.write(`\nMedian of ${RUNS} runs, milliseconds (server-side query time):\n\n`);
    process.stdout.write(`| query | 50 connectors | 50,000 connectors |\n| --- | ---: | ---: |\n`);
    for (const [name, [small, large]] of Object.entries(results)) process.stdout.write(`| ${name} | ${small!.toFixed(1)} | ${large!.toFixed(1)} |\n`);
    await disconnectDb();
  } finally {
    await pg.stop();
  }
}

main()
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
