// `npm run --silent cli -- <command>`: administrative commands against the local or
// configured database. Output meant for scripts goes on the last line, alone.
import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import { createAdminUser, roleSchema } from "@/lib/admin/users";
import { createApiKey } from "@/lib/api-keys";
import { disconnectDb } from "@/lib/db";
import { AppError } from "@/lib/result";
import { prepareDatabase } from "./stack";

const usage = `Usage:
  npm run --silent cli -- api-key create <name>                      Create a host API key (printed once, on the last line)
  npm run --silent cli -- admin create <email> --role admin|viewer   Create or update an admin; the password is read from stdin`;

/** The password from standard input: one line, typed (without echo) or piped. */
async function readPassword(): Promise<string> {
  const tty = process.stdin.isTTY === true;
  if (tty) process.stderr.write("Password (not shown): ");
  // On a terminal, readline echoes through `output`: give it one that drops everything.
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const lines = createInterface({ input: process.stdin, output: tty ? silent : undefined, terminal: tty });
  for await (const line of lines) {
    lines.close();
    if (tty) process.stderr.write("\n");
    return line;
  }
  return "";
}

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
  if (group === "admin" && command === "create") {
    const email = rest.find((arg) => !arg.startsWith("--") && rest[rest.indexOf(arg) - 1] !== "--role");
    const role = roleSchema.safeParse(rest[rest.indexOf("--role") + 1]);
    if (!email || !rest.includes("--role") || !role.success) {
      process.stderr.write("Usage: admin create <email> --role admin|viewer   (password on stdin)\n");
      return 2;
    }
    const password = await readPassword();
    const database = await prepareDatabase();
    try {
      const user = await createAdminUser(email, password, role.data);
      process.stdout.write(`Admin ${user.email} saved with role ${user.role}.\n`);
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
