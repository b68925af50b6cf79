// `npm run --silent cli -- <command>`: administrative commands against the local or
// configured database. Output meant for scripts goes on stdout (a new key on the last line,
// alone; the catalogue one connector a line); everything else on stderr.
import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import { createAdminUser, roleSchema } from "@/lib/admin/users";
import { createApiKey } from "@/lib/api-keys";
import { listCatalogue, refreshCatalogueBy, resolveCatalogue, setOffered, type CatalogueView } from "@/lib/catalogue";
import { checkWebhookUrl, parseWebhookUrl, setWebhook } from "@/lib/webhooks/endpoints";
import { disconnectDb } from "@/lib/db";
import { env, localSettings, provideSettings } from "@/lib/env";
import type { CatalogueConnector } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { resealAll } from "@/lib/sealed-values";
import { syncAll } from "@/lib/sync/cyclr-sync";
import { runningStack } from "@/tooling/local/state";
import { prepareDatabase } from "@/tooling/local/stack";
import { commandUsage, parseCommand, type Command } from "./args";
import { systemActor } from "@/lib/events";

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

type Args<Name extends Command["command"]> = Extract<Command, { command: Name }>;

async function createKey({ name, origins, webhook }: Args<"api-key create">): Promise<number> {
  const hook = webhook === null ? null : parseWebhookUrl(webhook);
  if (hook && !hook.ok) {
    process.stderr.write(`Webhook URL: ${hook.message}\n`);
    return 2;
  }
  const database = await prepareDatabase();
  try {
    // Where it points is checked before the key exists, so a refused URL leaves no key behind.
    const checked = hook?.ok ? await checkWebhookUrl(hook.url) : null;
    if (checked && !checked.ok) {
      process.stderr.write(`Webhook URL: ${checked.message}\n`);
      return 2;
    }
    const actor = systemActor("cli");
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

async function createAdmin({ email, role: typed }: Args<"admin create">): Promise<number> {
  const role = roleSchema.safeParse(typed);
  if (!role.success) {
    process.stderr.write(`${commandUsage["admin create"]}\n`);
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

async function seedDemo({ accounts: count }: Args<"demo seed">): Promise<number> {
  const stack = runningStack();
  if (!stack || !stack.cyclrApiUrl.startsWith("http://localhost")) {
    process.stderr.write("Start the demo first with `npm start` (the seed fills its bundled Cyclr emulator).\n");
    return 1;
  }
  // The sync must read the emulator that was just seeded: a Cyclr configured here would win.
  const settings = localSettings();
  for (const [name, configured, demo] of [
    ["CYCLR_API_URL", settings.CYCLR_API_URL, stack.cyclrApiUrl],
    ["CYCLR_SERVICE_URL", settings.CYCLR_SERVICE_URL, stack.cyclrServiceUrl],
  ] as const) {
    if (configured !== undefined && configured.replace(/\/+$/, "") !== demo) {
      process.stderr.write(`${name} is set to ${configured}, but the running demo uses its emulator at ${demo}: unset it to seed the demo.\n`);
      return 1;
    }
  }
  provideSettings({ CYCLR_API_URL: stack.cyclrApiUrl, CYCLR_SERVICE_URL: stack.cyclrServiceUrl });
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
    const result = await syncAll(systemActor("demo seed"));
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

/**
 * Where the catalogue is read from: the configured Cyclr, else the running stack's emulator.
 * Null when there is neither (the message says so).
 */
function catalogueSource(): string | null {
  if (localSettings().CYCLR_API_URL) return null;
  const stack = runningStack();
  if (!stack) return "There is no Cyclr to read the catalogue from: start the stack with `npm start`, or set CYCLR_API_URL and its credentials.";
  provideSettings({ CYCLR_API_URL: stack.cyclrApiUrl, CYCLR_SERVICE_URL: stack.cyclrServiceUrl });
  return null;
}

/** The stored catalogue (what Cyclr listed when last read), by name. */
async function storedCatalogue(): Promise<CatalogueView[]> {
  const rows: CatalogueView[] = [];
  let after: string | undefined;
  do {
    const page = await listCatalogue({ after });
    rows.push(...page.rows);
    after = page.next ?? undefined;
  } while (after);
  return rows;
}

/** The catalogue, read from Cyclr first when asked or when none is stored. */
async function catalogue(refresh: boolean): Promise<CatalogueView[]> {
  const stored = await storedCatalogue();
  if (stored.length > 0 && !refresh) return stored;
  const missing = catalogueSource();
  if (missing) throw new AppError("bad_request", missing);
  const { listed, retired } = await refreshCatalogueBy(systemActor("cli"));
  process.stderr.write(`Read ${listed} connectors from Cyclr${retired ? `; ${retired} no longer listed there` : ""}.\n`);
  return storedCatalogue();
}

// A tab or line break in third-party text would break the one-connector-a-line format.
const cell = (text: string) => text.replace(/[\t\r\n]+/g, " ");
const described = (row: { name: string; cyclrConnectorId: string }) => `${row.name} (${row.cyclrConnectorId})`;

async function listCatalogueCommand({ refresh }: Args<"catalogue list">): Promise<number> {
  const database = await prepareDatabase();
  try {
    const rows = await catalogue(refresh);
    process.stderr.write("id\tname\tauth type\toffered\n");
    for (const row of rows) process.stdout.write(`${[row.cyclrConnectorId, row.name, row.authType, row.offered ? "yes" : "no"].map(cell).join("\t")}\n`);
    return 0;
  } finally {
    await disconnectDb();
    await database.stop();
  }
}

async function changeCatalogue({ command, references }: Args<"catalogue offer" | "catalogue unoffer">): Promise<number> {
  const offered = command === "catalogue offer";
  const database = await prepareDatabase();
  try {
    await catalogue(false);
    // Every reference is resolved before anything changes, and every one refused is named.
    const rows: CatalogueConnector[] = [];
    const refused: string[] = [];
    for (const reference of references) {
      try {
        rows.push(...(await resolveCatalogue([reference])));
      } catch (error) {
        if (!AppError.is(error)) throw error;
        refused.push(error.message);
      }
    }
    if (refused.length === 0) {
      try {
        const after = await setOffered([...new Set(rows.map((row) => row.id))], offered, systemActor("cli"));
        const before = new Map(rows.map((row) => [row.id, row.offered]));
        for (const row of after) {
          if (before.get(row.id) === offered) process.stderr.write(`${described(row)} was ${offered ? "offered" : "not offered"} before: unchanged.\n`);
          else process.stdout.write(`${described(row)} ${offered ? "is now offered to end users" : "is no longer offered to end users"}.\n`);
        }
        return 0;
      } catch (error) {
        // A Draft connector: refused with the reason, and nothing changed.
        if (!AppError.is(error) || error.code !== "bad_request") throw error;
        refused.push(error.message);
      }
    }
    process.stderr.write(`${refused.join("\n")}\nNothing was changed.\n`);
    return 2;
  } finally {
    await disconnectDb();
    await database.stop();
  }
}

async function resealKeys(): Promise<number> {
  const database = await prepareDatabase();
  try {
    const report = await resealAll();
    process.stderr.write(`Checked ${report.checked} sealed value(s); re-sealed ${report.resealed} with key "${env().ENCRYPTION_KEY_ID}".\n`);
    if (report.droppedTokens)
      process.stderr.write(`Dropped ${report.droppedTokens} cached provider token(s) no configured key opens; they are fetched again when needed.\n`);
    if (report.unreadableSecrets.length === 0) return 0;
    process.stderr.write(
      `No configured key opens the webhook signing secret of: ${report.unreadableSecrets.join(", ")}.\n` +
        "Add the key that sealed them to ENCRYPTION_KEYS_PREVIOUS and run this again, or give those API keys a new signing secret in the console.\n",
    );
    return 1;
  } finally {
    await disconnectDb();
    await database.stop();
  }
}

async function main(argv: string[]): Promise<number> {
  const args = parseCommand(argv);
  switch (args.command) {
    case "usage":
      process.stderr.write(`${args.text}\n`);
      return args.exitCode;
    case "api-key create":
      return createKey(args);
    case "admin create":
      return createAdmin(args);
    case "demo seed":
      return seedDemo(args);
    case "catalogue list":
      return listCatalogueCommand(args);
    case "catalogue offer":
    case "catalogue unoffer":
      return changeCatalogue(args);
    case "keys reseal":
      return resealKeys();
  }
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    process.stderr.write(`${AppError.is(error) ? error.message : error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
