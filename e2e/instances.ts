import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { resolve } from "node:path";
import pg from "pg";
import { databaseUrl, resetDatabase } from "../tooling/db/embedded-postgres";
import { applyMigrations } from "../tooling/db/migrate";
import { ports } from "../playwright.config";

// App instances of a spec's own, as production runs them: `next start` of the build the
// suite made, on a database of their own in the e2e stack's PostgreSQL, pointed at the e2e
// stack's Cyclr emulator. Each one is a real server process whose pid the spec holds (for
// its memory), started with settings a load balancer's deployment would give it.

const offset = Number(process.env.TEST_PORT_OFFSET ?? 0);
/** Ports for the specs' own instances, apart from the main stack's (playwright.config.ts). */
export const instancePorts = { a: 3260 + offset, b: 3261 + offset, solo: 3262 + offset };

export const emulatorApi = `http://localhost:${ports.cyclrApi}`;
export const emulatorService = `http://localhost:${ports.cyclrService}`;

const nextBin = resolve(import.meta.dirname, "../node_modules/next/dist/bin/next");
const cliEntry = resolve(import.meta.dirname, "../tooling/cli/index.ts");

/** Drops and recreates `name` in the e2e stack's PostgreSQL, migrated; returns its URL. */
export async function freshDatabase(name: string): Promise<string> {
  const url = await resetDatabase(databaseUrl(ports.postgres, "postgres"), name);
  await applyMigrations(url);
  return url;
}

export async function withDb<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Settings one deployment shares across its instances. */
export function deployment(databaseUrl: string, appUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: databaseUrl,
    APP_URL: appUrl,
    CYCLR_API_URL: emulatorApi,
    CYCLR_SERVICE_URL: emulatorService,
    // The emulator's client (emulator/cyclr/seed.ts), named as a production deployment must.
    CYCLR_CLIENT_ID: "switchboard-local",
    CYCLR_CLIENT_SECRET: "switchboard-local-secret",
    ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    // Loopback receivers (the spec's own) and no rate limits: these specs are the only client.
    WEBHOOK_ALLOW_PRIVATE_RECEIVERS: "true",
    RATE_LIMIT_HOST_API: "0",
    RATE_LIMIT_CONNECT_SESSION: "0",
    RATE_LIMIT_CONNECT_IP: "0",
    ...extra,
  };
}

/** A child's whole environment: these settings and nothing of the runner's but PATH and HOME. */
function processEnv(settings: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "production", ...settings };
}

export type Instance = { url: string; port: number; pid: number; output: () => string; stop: () => Promise<void> };

/** Starts `next start` on `port` with exactly `settings` (plus PATH and HOME); resolves once /api/health answers. */
export async function startInstance(port: number, settings: Record<string, string>): Promise<Instance> {
  const child: ChildProcess = spawn(process.execPath, [nextBin, "start", "-p", String(port)], {
    env: processEnv(settings),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://localhost:${port}`;
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the instance on ${port} exited (${child.exitCode}):\n${output}`);
    const ok = await fetch(`${url}/api/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the instance on ${port} did not answer /api/health within a minute:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, port, pid: child.pid!, output: () => output, stop };
}

/** Runs the operator CLI against a deployment's database; returns its stdout. */
export async function cli(settings: Record<string, string>, args: string[], input = ""): Promise<string> {
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", cliEntry, ...args], {
    env: processEnv({ ...settings, NODE_ENV: "development", SWITCHBOARD_DATA_DIR: ".data/e2e-instances" }),
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(input);
  const code = await new Promise<number | null>((done) => child.once("exit", done));
  if (code !== 0) throw new Error(`cli ${args.join(" ")} exited ${code}: ${stderr}`);
  return stdout;
}

/** A new host API key on the deployment (with its webhook going to `webhook`, if given). */
export async function apiKey(settings: Record<string, string>, webhook?: string): Promise<string> {
  const out = await cli(settings, ["api-key", "create", "instances", ...(webhook ? ["--webhook", webhook] : [])]);
  const key = out.trim().split("\n").at(-1);
  if (!key?.startsWith("sb_")) throw new Error(`the CLI printed no key: ${out}`);
  return key;
}

/** Resident memory of a process in KiB (VmRSS). */
export function residentKb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith("VmRSS:"));
  if (!line) throw new Error(`no VmRSS for ${pid}`);
  return Number(line.replace(/\D+/g, ""));
}

/**
 * What a process has read through read() and its kin, sockets included, in KiB (rchar of
 * /proc/<pid>/io): for a request body, what reached the server itself, not what waits in the
 * kernel's socket buffers.
 */
export function serverReadKb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/io`, "utf8")
    .split("\n")
    .find((l) => l.startsWith("rchar:"));
  if (!line) throw new Error(`no rchar for ${pid}`);
  return Math.round(Number(line.replace(/\D+/g, "")) / 1024);
}

export type RawResponse = { status: number; headers: IncomingHttpHeaders; body: string };

/**
 * One HTTP request with nothing normalised: the path is sent as given (dots, percent
 * escapes), any Host header, any method. `body` as bytes, or a function that writes it.
 */
export function raw(
  target: string,
  init: { method?: string; path: string; headers?: Record<string, string | number>; body?: Buffer | string; timeoutMs?: number },
): Promise<RawResponse> {
  const base = new URL(target);
  return new Promise((done, fail) => {
    const req = httpRequest(
      { host: base.hostname, port: base.port, method: init.method ?? "GET", path: init.path, headers: init.headers, timeout: init.timeoutMs ?? 30_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", fail);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`${init.method ?? "GET"} ${init.path} timed out`)));
    req.on("error", fail);
    req.end(init.body);
  });
}

/** The id of a server action of the build the suite made, by file and export name. */
export function actionId(file: string, exportedName: string): string {
  const manifest = JSON.parse(readFileSync(resolve(import.meta.dirname, "../.next/server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { filename: string; exportedName: string }>;
  };
  const found = Object.entries(manifest.node).find(([, entry]) => entry.filename === file && entry.exportedName === exportedName);
  if (!found) throw new Error(`no server action ${exportedName} in ${file}`);
  return found[0];
}

/**
 * Calls a server action over HTTP as React's client does (the arguments JSON-encoded, the
 * action id in Next-Action). `host` is the Host header a load balancer passes on.
 */
export async function callAction(
  target: string,
  init: { page: string; action: string; args: unknown[]; host?: string; origin?: string },
): Promise<RawResponse & { result: unknown }> {
  const base = new URL(target);
  const host = init.host ?? base.host;
  const response = await raw(target, {
    method: "POST",
    path: init.page,
    headers: {
      host,
      origin: init.origin ?? `http://${host}`,
      "next-action": init.action,
      accept: "text/x-component",
      "content-type": "text/plain;charset=UTF-8",
    },
    body: JSON.stringify(init.args),
  });
  return { ...response, result: actionResult(response.body) };
}

/** The value a server action returned, from its RSC answer (row 1), or undefined. */
export function actionResult(body: string): unknown {
  for (const line of body.split("\n")) {
    const match = /^1:(.*)$/.exec(line);
    if (match) return JSON.parse(match[1]!) as unknown;
  }
  return undefined;
}
