import "server-only";
import { db } from "@/lib/db";
import { MIGRATIONS } from "@/lib/generated/migrations";
import { errorFields, log } from "@/lib/log";

// Readiness (GET /api/ready): the database answers, and every migration this build was made
// with (lib/generated/migrations.ts, from prisma/migrations) is recorded as applied in
// _prisma_migrations. A newer migration applied by a newer instance is not a reason to stop
// serving. What is wrong is said in words, never with a connection string or a driver error.

export type Readiness =
  | { status: "ready"; migrations: number }
  | { status: "not_ready"; database: "ok" | "unreachable"; problems: string[]; pendingMigrations?: string[]; failedMigrations?: string[] };

type Query = { $queryRaw: ReturnType<typeof db>["$queryRaw"] };

const TIMEOUT_MS = 3000;

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

type Row = { migration_name: string; finished: boolean; rolled_back: boolean };

export async function readiness(client: Query = db(), expected: readonly string[] = MIGRATIONS): Promise<Readiness> {
  let rows: Row[] | null;
  try {
    rows = await within(
      (async () => {
        const [table] = await client.$queryRaw<{ present: boolean }[]>`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`;
        if (!table?.present) return null;
        return client.$queryRaw<Row[]>`
          SELECT migration_name, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back FROM "_prisma_migrations"`;
      })(),
      TIMEOUT_MS,
    );
  } catch (error) {
    log.warn(errorFields(error), "readiness: the database did not answer");
    return { status: "not_ready", database: "unreachable", problems: ["The database does not answer."] };
  }
  const applied = new Set((rows ?? []).filter((row) => row.finished && !row.rolled_back).map((row) => row.migration_name));
  const failed = (rows ?? []).filter((row) => !row.finished && !row.rolled_back).map((row) => row.migration_name);
  const pending = expected.filter((name) => !applied.has(name));
  if (pending.length === 0 && failed.length === 0) return { status: "ready", migrations: expected.length };
  const problems = [
    ...(pending.length ? [`${pending.length} migration(s) not applied: run the migrations (npm run db:deploy, or npm run serve).`] : []),
    ...(failed.length ? [`${failed.length} migration(s) started but did not finish: see _prisma_migrations.`] : []),
  ];
  return {
    status: "not_ready",
    database: "ok",
    problems,
    ...(pending.length ? { pendingMigrations: pending } : {}),
    ...(failed.length ? { failedMigrations: failed } : {}),
  };
}
