// `npm run --silent cli -- <command>`: administrative commands against the local or
// configured database. Output meant for scripts goes on the last line, alone.
import { createApiKey } from "@/lib/api-keys";
import { disconnectDb } from "@/lib/db";
import { AppError } from "@/lib/result";
import { prepareDatabase } from "./stack";

const usage = `Usage:
  npm run --silent cli -- api-key create <name>   Create a host API key (printed once, on the last line)`;

async function main(args: string[]): Promise<number> {
  const [group, command, ...rest] = args;
  if (group === "api-key" && command === "create") {
    const name = rest.join(" ");
    if (!name) {
      process.stderr.write("Give the key a name, e.g. api-key create production\n");
      return 2;
    }
    const database = await prepareDatabase();
    try {
      const { key, apiKey } = await createApiKey(name);
      process.stderr.write(`Created API key "${apiKey.name}" (${apiKey.prefix}…). It is shown only now; store it safely.\n`);
      process.stdout.write(`${key}\n`);
      return 0;
    } finally {
      await disconnectDb();
      await database.stop();
    }
  }
  process.stderr.write(`${usage}\n`);
  return group === "help" || group === "--help" ? 0 : 2;
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    process.stderr.write(`${AppError.is(error) ? error.message : error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
