import { parseArgs } from "node:util";

// The CLI's command line, parsed strictly (node:util's parseArgs): an unknown or mistyped
// flag is refused by name instead of being taken as part of an argument. Pure: no I/O.

export const usage = `Usage:
  npm run --silent cli -- api-key create <name> [--origin <origin>]... [--webhook <url>]
                                                                     Create a host API key (printed once, on the last line);
                                                                     each --origin may embed Switchboard in an iframe; --webhook
                                                                     receives signed connector events (secret printed once)
  npm run --silent cli -- admin create <email> --role admin|viewer   Create or update an admin; the password is read from stdin
  npm run --silent cli -- demo seed --accounts <n>                   Fill the running demo's emulator and database with n accounts
  npm run --silent cli -- catalogue list [--refresh]                 List Cyclr's connector catalogue (id, name, auth type, offered;
                                                                     tab-separated); read from Cyclr first when empty or with --refresh
  npm run --silent cli -- catalogue offer <id or name>...            Offer connectors to end users
  npm run --silent cli -- catalogue unoffer <id or name>...          Stop offering them. A name is matched exactly, in any case;
                                                                     one that matches none or several changes nothing (exit 2)
  npm run --silent cli -- keys reseal                                Re-seal every stored secret with the current ENCRYPTION_KEY
                                                                     (after a rotation; the old key in ENCRYPTION_KEYS_PREVIOUS)`;

/** One line per command, shown after a mistake in it. */
export const commandUsage = {
  "api-key create": "Usage: api-key create <name> [--origin <origin>]... [--webhook <url>]",
  "admin create": "Usage: admin create <email> --role admin|viewer   (password on stdin)",
  "demo seed": "Usage: demo seed --accounts <1..100000>",
  "catalogue list": "Usage: catalogue list [--refresh]",
  "catalogue offer": "Usage: catalogue offer <id or name>...   (quote a name with spaces)",
  "catalogue unoffer": "Usage: catalogue unoffer <id or name>...   (quote a name with spaces)",
  "keys reseal": "Usage: keys reseal",
} as const;

export type Command =
  | { command: "api-key create"; name: string; origins: string[]; webhook: string | null }
  /** The role as typed: lib/admin/users.ts's roleSchema decides which are valid. */
  | { command: "admin create"; email: string; role: string }
  | { command: "demo seed"; accounts: number }
  | { command: "catalogue list"; refresh: boolean }
  /** Each reference is a Cyclr connector id or a connector's name, resolved by lib/catalogue.ts. */
  | { command: "catalogue offer" | "catalogue unoffer"; references: string[] }
  | { command: "keys reseal" }
  /** Print `text` on stderr and exit with `exitCode`. */
  | { command: "usage"; text: string; exitCode: 0 | 2 };

const refuse = (text: string): Command => ({ command: "usage", text, exitCode: 2 });

/** parseArgs's own message for a bad command line, or null for any other error. */
function parseError(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string" || !code.startsWith("ERR_PARSE_ARGS_")) return null;
  const message = error instanceof Error ? error.message : String(error);
  // Node goes on to explain how to pass a positional that starts with "-": noise for a mistyped flag.
  return code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" ? message.replace(/\. To specify a positional.*$/s, "") : message;
}

function apiKeyCreate(args: string[]): Command {
  const { values, positionals } = parseArgs({
    args,
    options: { origin: { type: "string", multiple: true }, webhook: { type: "string" } },
    strict: true,
    allowPositionals: true,
  });
  // The name may be several words: `api-key create acme production`.
  const name = positionals.join(" ");
  if (!name) return refuse("Give the key a name, e.g. api-key create production [--origin https://app.example.com]");
  return { command: "api-key create", name, origins: values.origin ?? [], webhook: values.webhook ?? null };
}

function adminCreate(args: string[]): Command {
  const { values, positionals } = parseArgs({ args, options: { role: { type: "string" } }, strict: true, allowPositionals: true });
  if (positionals.length !== 1 || values.role === undefined) return refuse(commandUsage["admin create"]);
  return { command: "admin create", email: positionals[0]!, role: values.role };
}

function demoSeed(args: string[]): Command {
  const { values, positionals } = parseArgs({ args, options: { accounts: { type: "string" } }, strict: true, allowPositionals: true });
  const accounts = Number(values.accounts);
  if (positionals.length > 0 || values.accounts === undefined || !Number.isInteger(accounts) || accounts < 1 || accounts > 100_000) {
    return refuse(commandUsage["demo seed"]);
  }
  return { command: "demo seed", accounts };
}

function catalogueList(args: string[]): Command {
  const { values, positionals } = parseArgs({ args, options: { refresh: { type: "boolean" } }, strict: true, allowPositionals: true });
  if (positionals.length > 0) return refuse(commandUsage["catalogue list"]);
  return { command: "catalogue list", refresh: values.refresh ?? false };
}

const catalogueChange =
  (command: "catalogue offer" | "catalogue unoffer") =>
  (args: string[]): Command => {
    const { positionals } = parseArgs({ args, options: {}, strict: true, allowPositionals: true });
    // One reference per argument: `catalogue offer 5001 "Google Sheets"`.
    const references = positionals.map((reference) => reference.trim()).filter(Boolean);
    if (references.length === 0 || references.length !== positionals.length) return refuse(commandUsage[command]);
    return { command, references };
  };

function keysReseal(args: string[]): Command {
  const { positionals } = parseArgs({ args, options: {}, strict: true, allowPositionals: true });
  return positionals.length > 0 ? refuse(commandUsage["keys reseal"]) : { command: "keys reseal" };
}

const parsers: Record<keyof typeof commandUsage, (args: string[]) => Command> = {
  "api-key create": apiKeyCreate,
  "admin create": adminCreate,
  "demo seed": demoSeed,
  "catalogue list": catalogueList,
  "catalogue offer": catalogueChange("catalogue offer"),
  "catalogue unoffer": catalogueChange("catalogue unoffer"),
  "keys reseal": keysReseal,
};

/** The command that `argv` (what follows `cli --`) asks for, or what to print instead. */
export function parseCommand(argv: string[]): Command {
  const [group, command, ...rest] = argv;
  const name = `${group} ${command}`;
  if (!Object.hasOwn(parsers, name)) return { command: "usage", text: usage, exitCode: group === "help" || group === "--help" ? 0 : 2 };
  const key = name as keyof typeof parsers;
  try {
    return parsers[key](rest);
  } catch (error) {
    const message = parseError(error);
    if (message === null) throw error;
    return refuse(`${key}: ${message}\n${commandUsage[key]}`);
  }
}
