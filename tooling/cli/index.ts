// `npm run --silent cli -- <command>`: administrative commands against the local or
// configured database. Output meant for scripts goes on the last line, alone.
import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import { createAdminUser, roleSchema } from "@/lib/admin/users";
import { createApiKey } from "@/lib/api-keys";
import { parseWebhookUrl, setWebhook } from "@/lib/webhooks/endpoints";
import { disconnectDb } from "@/lib/db";
import { AppError } from "@/lib/result";
import { syncAll } from "@/lib/sync/cyclr-sync";
import { runningStack } from "@/tooling/local/state";
import { prepareDatabase } from "@/tooling/local/stack";

const usage = `Usage:
  npm run --silent cli -- api-key create <name> [--origin <origin>]... [--webhook <url>]
                                                                     Create a host API key (printed once, on the last line);
                                                                     each --origin may embed Switchboard in an iframe; --webhook
                                                                     receives signed connector events (secret printed once)
  npm run --silent cli -- admin create <email> --role admin|viewer   Create or update an admin; the password is read from stdin
  npm run --silent cli -- demo seed --accounts <n>                   Fill the running demo's emulator and database with n accounts`;

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
    // Everything after the name that follows --origin is an allowed embedding origin.
    const origins: string[] = [];
    const words: string[] = [];
    let webhook: string | null = null;
    for (let i = 0; i < rest.length; i++) {
      if (rest[i] === "--origin") origins.push(rest[++i] ?? "");
      else if (rest[i] === "--webhook") webhook = rest[++i] ?? "";
      else words.push(rest[i]!);
    }
    const hook = webhook === null ? null : parseWebhookUrl(webhook);
    if (hook && !hook.ok) {
      process.stderr.write(`Webhook URL: ${hook.message}\n`);
      return 2;
    }
    const name = words.join(" ");
    if (!name) {
      process.stderr.write("Give the key a name, e.g. api-key create production [--origin https://app.example.com]\n");
      return 2;
    }
    const database = await prepareDatabase();
    try {
      const actor = { actorType: "SYSTEM" as const, actorId: "cli" };
      const { key, apiKey } = await createApiKey(name, actor, origins);
      const embed = apiKey.allowedOrigins.length ? ` May be embedded by ${apiKey.allowedOrigins.join(", ")}.` : "";
      process.stderr.write(`Created API key "${apiKey.name}" (${apiKey.prefix}…).${embed} It is shown only now; store it safely.\n`);
      if (hook?.ok) {
        const { secret } = await setWebhook(apiKey.id, hook.url, actor);
        process.stderr.write(`Webhooks go to ${hook.url}, signed with this secret (shown only now):\n  ${secret}\n`);
      }
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
  if (group === "demo" && command === "seed") {
    const count = Number(rest[rest.indexOf("--accounts") + 1]);
    if (!rest.includes("--accounts") || !Number.isInteger(count) || count < 1 || count > 100_000) {
      process.stderr.write("Usage: demo seed --accounts <1..100000>\n");
      return 2;
    }
    const stack = runningStack();
    if (!stack || !stack.cyclrApiUrl.startsWith("http://localhost")) {
      process.stderr.write("Start the demo first with `npm start` (the seed fills its bundled Cyclr emulator).\n");
      return 1;
    }
    process.env.CYCLR_API_URL = stack.cyclrApiUrl;
    process.env.CYCLR_SERVICE_URL = stack.cyclrServiceUrl;
    const started = Date.now();
    process.stderr.write(`Creating ${count} accounts with 5 connectors each in the emulator…\n`);
    const seeded = await fetch(`${stack.cyclrApiUrl}/__emulator/seed-accounts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ count, connectorsPerAccount: 5 }),
    });
    if (!seeded.ok) throw new Error(`The emulator refused the seed (HTTP ${seeded.status}).`);
    process.stderr.write("Importing them into Switchboard's database (a full sync)…\n");
    const database = await prepareDatabase();
    try {
      const result = await syncAll({ actorType: "SYSTEM", actorId: "demo seed" });
      if (!result.ran) throw new Error("A sync is already running; try again in a moment.");
      process.stdout.write(
        `Synced ${result.accounts} accounts in ${((Date.now() - started) / 1000).toFixed(1)} s${result.failed.length ? ` (${result.failed.length} failed)` : ""}.\n`,
      );
      return result.failed.length || result.error ? 1 : 0;
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
