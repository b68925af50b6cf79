import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { expect, test } from "@playwright/test";
import { dataDir, ports } from "../playwright.config";
import { cyclrApi, cyclrService } from "./fixtures";

// The production start as an operator runs it: `npm run db:deploy`, `npm run serve` (the
// standalone server of the build this suite made), each on a database of its own in the
// e2e PostgreSQL, talking to the e2e stack's Cyclr emulator as if it were Cyclr.

const servePort = ports.app + 50;
const serveUrl = `http://localhost:${servePort}`;
const migrations = readdirSync("prisma/migrations", { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

/** Only what a shell gives any process: no setting of Switchboard's leaks in from the suite. */
const bare = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" };

type Run = { code: number | null; stdout: string; stderr: string };

/** An environment of exactly these variables (Next's types claim NODE_ENV is always set; here it is not). */
const only = (values: Record<string, string>) => values as NodeJS.ProcessEnv;

function run(command: string, args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: only(env), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const stackDatabaseUrl = () => (JSON.parse(readFileSync(join(dataDir, "runtime.json"), "utf8")) as { databaseUrl: string }).databaseUrl;

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const created: string[] = [];

/** A new, empty database on the e2e PostgreSQL. */
async function freshDatabase(): Promise<string> {
  const name = `switchboard_prod_${randomUUID().slice(0, 8)}`;
  await query(stackDatabaseUrl(), `CREATE DATABASE ${name}`);
  created.push(name);
  const url = new URL(stackDatabaseUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

const required = ["DATABASE_URL", "APP_URL", "CYCLR_API_URL", "CYCLR_SERVICE_URL", "CYCLR_CLIENT_ID", "CYCLR_CLIENT_SECRET", "ENCRYPTION_KEY", "AUTH_SECRET"];

test.describe("the production start", () => {
  let serve: ChildProcess | null = null;
  let serveOutput = "";

  test.afterAll(async () => {
    if (serve?.pid !== undefined && serve.exitCode === null) {
      const exited = new Promise((resolve) => serve!.once("exit", resolve));
      process.kill(-serve.pid, "SIGTERM"); // its process group: npm, tsx, the server
      const stopped = await Promise.race([exited.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 15_000))]);
      if (!stopped) process.kill(-serve.pid, "SIGKILL");
    }
    for (const name of created) {
      await query(stackDatabaseUrl(), `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  });

  test("npm run serve refuses to start without its settings, naming each one", async () => {
    const result = await run("npm", ["run", "--silent", "serve"], bare);
    expect(result.code).toBe(1);
    const output = result.stdout + result.stderr;
    const refusal = output.split("\n").find((line) => line.includes("Invalid configuration"));
    expect(refusal, output).toBeDefined();
    for (const name of required) expect(refusal).toContain(name);
    expect(refusal).not.toContain("localhost");
  });

  test("the standalone server started by hand refuses too", async () => {
    const result = await run(process.execPath, [".next/standalone/server.js"], { ...bare, PORT: String(servePort) });
    expect(result.code).toBe(1);
    const refusal = (result.stdout + result.stderr).split("\n").find((line) => line.includes('"level":"fatal"'));
    expect(refusal, result.stdout + result.stderr).toContain("Invalid configuration (NODE_ENV=production");
    for (const name of required) expect(refusal).toContain(name);
  });

  test("npm start with a real CYCLR_API_URL refuses the missing settings and generates no secrets", async () => {
    const dir = join(".data", `e2e-strict-${randomUUID().slice(0, 8)}`);
    try {
      const result = await run("npx", ["tsx", "--conditions=react-server", "tooling/local/start.ts"], {
        ...bare,
        CYCLR_API_URL: "https://api.cyclr.example",
        SWITCHBOARD_DATA_DIR: dir,
        SWITCHBOARD_PG_PORT: String(ports.postgres + 1),
      });
      expect(result.code).toBe(1);
      const refusal = result.stdout.split("\n").find((line) => line.includes("Invalid configuration"));
      expect(refusal, result.stdout + result.stderr).toContain("CYCLR_API_URL is set");
      for (const name of required.filter((name) => name !== "CYCLR_API_URL")) expect(refusal).toContain(name);
      expect(existsSync(join(dir, "secrets.json"))).toBe(false);
      expect(existsSync(join(dir, "postgres"))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("npm run db:deploy applies every migration to an empty database, then finds none pending", async () => {
    const url = await freshDatabase();
    const first = await run("npm", ["run", "--silent", "db:deploy"], { ...bare, DATABASE_URL: url });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`Applied ${migrations.length} migration(s):`);
    for (const name of migrations) expect(first.stdout).toContain(`  ${name}\n`);
    const rows = await query<{ migration_name: string }>(url, `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY 1`);
    expect(rows.map((row) => row.migration_name)).toEqual(migrations);

    const second = await run("npm", ["run", "--silent", "db:deploy"], { ...bare, DATABASE_URL: url });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout.trim()).toBe(`No pending migrations: all ${migrations.length} are applied.`);
  });

  test("npm run serve on a fresh database: migrations applied, the app served with its assets, and no demo data", async ({ page }) => {
    const url = await freshDatabase();
    const started = Date.now();
    serve = spawn("npm", ["run", "--silent", "serve"], {
      detached: true, // its own process group, stopped as one in afterAll
      stdio: ["ignore", "pipe", "pipe"],
      env: only({
        ...bare,
        DATABASE_URL: url,
        APP_URL: serveUrl,
        PORT: String(servePort),
        CYCLR_API_URL: cyclrApi,
        CYCLR_SERVICE_URL: cyclrService,
        CYCLR_CLIENT_ID: "switchboard-local",
        CYCLR_CLIENT_SECRET: "switchboard-local-secret",
        ENCRYPTION_KEY: randomBytes(32).toString("base64"),
        AUTH_SECRET: randomBytes(32).toString("base64url"),
        // The scheduled sync would import the emulator's accounts: Cyclr's data, not the demo's, but not what is checked here.
        SYNC_INTERVAL_MINUTES: "0",
        NEXT_TELEMETRY_DISABLED: "1",
      }),
    });
    const server = serve;
    server.stderr!.on("data", (chunk: Buffer) => (serveOutput += chunk.toString()));
    const lines: { msg?: string; applied?: string[]; readyMs?: number }[] = [];
    const serving = new Promise<void>((resolve, reject) => {
      let buffer = "";
      server.stdout!.on("data", (chunk: Buffer) => {
        serveOutput += chunk.toString();
        buffer += chunk.toString();
        for (let at = buffer.indexOf("\n"); at >= 0; at = buffer.indexOf("\n")) {
          const line = buffer.slice(0, at);
          buffer = buffer.slice(at + 1);
          if (!line.startsWith("{")) continue;
          const entry = JSON.parse(line) as (typeof lines)[number];
          lines.push(entry);
          if (entry.msg?.startsWith("Switchboard is serving")) resolve();
        }
      });
      server.once("exit", (code) => reject(new Error(`npm run serve exited with ${code}:\n${serveOutput}`)));
    });
    await serving;
    test.info().annotations.push({ type: "serve ready", description: `${Date.now() - started} ms after spawn` });

    expect(lines.find((line) => line.msg?.startsWith("applied"))?.applied).toEqual(migrations);
    const health = await fetch(`${serveUrl}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    const ready = await fetch(`${serveUrl}/api/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready", migrations: migrations.length });

    // The sign-in page, as a browser loads it: every asset it references answers 200.
    const assets: { url: string; status: number }[] = [];
    page.on("response", (response) => {
      if (new URL(response.url()).pathname.startsWith("/_next/static/")) assets.push({ url: response.url(), status: response.status() });
    });
    const response = await page.goto(`${serveUrl}/admin/sign-in`);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
    await expect(page.getByLabel("Email")).toBeVisible();
    expect(assets.some((asset) => asset.url.endsWith(".css"))).toBe(true);
    expect(assets.some((asset) => asset.url.endsWith(".js"))).toBe(true);
    for (const asset of assets) expect(asset, asset.url).toMatchObject({ status: 200 });
    // Styled: the stylesheet reached the page (Tailwind's reset removes the body's margin).
    expect(await page.evaluate(() => getComputedStyle(document.body).margin)).toBe("0px");

    const [counts] = await query<{ keys: number; admins: number; accounts: number }>(
      url,
      `SELECT (SELECT count(*)::int FROM "ApiKey") AS keys, (SELECT count(*)::int FROM "AdminUser") AS admins, (SELECT count(*)::int FROM "Account") AS accounts`,
    );
    expect(counts).toEqual({ keys: 0, admins: 0, accounts: 0 });
  });

  test("the production server refuses a server action body over 64 KB before the action runs", async () => {
    test.skip(serve === null || serve.exitCode !== null, "needs the server of the previous test");
    const manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")) as {
      node: Record<string, { exportedName?: string }>;
    };
    const id = Object.entries(manifest.node).find(([, entry]) => entry.exportedName === "submitCredentialsAction")?.[0];
    expect(id).toBeDefined();
    const call = (size: number) =>
      fetch(`${serveUrl}/connect/not-a-session`, {
        method: "POST",
        headers: { "next-action": id!, "content-type": "text/plain;charset=UTF-8", origin: serveUrl },
        body: JSON.stringify([{ token: "x".repeat(size) }]),
      });
    // A small body reaches the action, which answers with its own refusal...
    const small = await call(100);
    expect(small.status).toBe(200);
    expect(await small.text()).toContain('"code":"bad_request"');
    // ...one over the cap does not: Next refuses it (it answers 500, with no result of the action).
    const large = await call(70 * 1024);
    expect(large.status).toBe(500);
    expect(await large.text()).not.toContain('"code"');
  });

  test("SIGTERM to npm run serve stops the server (as a container stop sends it)", async () => {
    test.skip(serve === null || serve.exitCode !== null, "needs the server of the earlier test");
    const exited = new Promise<number | null>((resolve) => serve!.once("exit", resolve));
    serve!.kill("SIGTERM"); // npm alone, not its process group
    expect(await exited).toBe(0);
    await expect(fetch(`${serveUrl}/api/health`)).rejects.toThrow();
  });
});
