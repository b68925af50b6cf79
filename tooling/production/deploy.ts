// `npm run db:deploy`: applies pending migrations to DATABASE_URL under their advisory lock
// (tooling/db/migrate.ts), and says what it applied. Reads nothing else; changes nothing else.
import { productionSettings } from "@/lib/env";
import { applyMigrations, readMigrations } from "@/tooling/db/migrate";

async function main(): Promise<number> {
  let url: string;
  try {
    url = productionSettings().DATABASE_URL;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  const { applied } = await applyMigrations(url);
  const total = readMigrations().length;
  if (applied.length === 0) {
    process.stdout.write(`No pending migrations: all ${total} are applied.\n`);
  } else {
    process.stdout.write(`Applied ${applied.length} migration(s):\n${applied.map((name) => `  ${name}\n`).join("")}`);
    process.stdout.write(`All ${total} migrations are applied.\n`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Migrations not applied: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
