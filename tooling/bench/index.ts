// `npm run bench`: at 50 and at 50,000 connectors (10,000 accounts), on a real embedded
// PostgreSQL, the server time of the admin console's pages (the built app's standalone server,
// requests with a signed-in admin's cookie, timed to the last byte of the HTML) and of the
// list queries behind them; then, against the Cyclr emulator, two ratios measured in the
// same run: the host API's session minting against /api/health (throughput, 16 clients),
// and the connect page with 2,000 offered apps against 20; and the first-load JavaScript of
// the embedded widget against the sign-in page's. Reports medians of repeated runs; a
// measurement, not a test.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { resetDatabase, startEmbeddedPostgres } from "@/tooling/db/embedded-postgres";
import { applyMigrations } from "@/tooling/db/migrate";
import { CLIENT_ID, CLIENT_SECRET, startEmulator } from "@/emulator/cyclr";
import { standaloneServer } from "@/tooling/production/standalone";
import { localSettings, provideSettings, settingsSource } from "@/lib/env";

const RUNS = 25;
const PAGE_RUNS = 15;
const APP_PORT = localSettings().BENCH_APP_PORT;
const APP = `http://localhost:${APP_PORT}`;

/** The built app on the bench database, talking to the Cyclr emulator the bench runs. */
async function startApp(env: Record<string, string>): Promise<ChildProcess> {
  if (!existsSync(".next/BUILD_ID")) {
    process.stderr.write("Building the app first (npx next build)…\n");
    await new Promise<void>((done, fail) => {
      const build = spawn(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: ["ignore", "ignore", "inherit"] });
      build.once("exit", (code) => (code === 0 ? done() : fail(new Error(`next build exited with ${code}`))));
    });
  }
  // The standalone server, as `npm run serve` runs it.
  const app = spawn(process.execPath, [standaloneServer()], {
    env: {
      ...settingsSource(),
      NODE_ENV: "production",
      PORT: String(APP_PORT),
      HOSTNAME: "::",
      APP_URL: APP,
      SYNC_INTERVAL_MINUTES: "0",
      NEXT_TELEMETRY_DISABLED: "1",
      // The bench is one client measuring throughput: limits too high to reach, but counted as
      // in production (one upsert in PostgreSQL a request), so their cost is in the figures.
      RATE_LIMIT_HOST_API: "100000000",
      RATE_LIMIT_CONNECT_SESSION: "100000000",
      RATE_LIMIT_CONNECT_IP: "100000000",
      RATE_LIMIT_SIGN_IN: "100000000",
      ...env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (app.exitCode !== null) throw new Error(`the app exited with ${app.exitCode}`);
    const up = await fetch(`${APP}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return app;
    if (Date.now() > deadline) throw new Error("the app did not start within a minute");
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Signs in through next-auth's credentials endpoint, as the sign-in form does; returns the cookie header. */
async function signIn(email: string, password: string): Promise<string> {
  const csrf = await fetch(`${APP}/api/auth/csrf`);
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const at = pair!.indexOf("=");
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
  };
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = () => [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
  const signedIn = await fetch(`${APP}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie(), origin: APP },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  keep(signedIn);
  if (![...jar.keys()].some((name) => name.endsWith("next-auth.session-token"))) throw new Error(`sign-in failed (HTTP ${signedIn.status})`);
  return cookie();
}

async function page(path: string, cookie: string): Promise<void> {
  const response = await fetch(`${APP}${path}`, { headers: { cookie }, redirect: "manual" });
  const body = await response.text();
  if (response.status !== 200 || !body.includes("Switchboard")) throw new Error(`${path} answered ${response.status}`);
}
const statuses = ["NOT_CONNECTED", "CONNECTED", "FAILED", "DISCONNECTED"] as const;
const kinds = ["Salesforce", "HubSpot", "Mailchimp", "Stripe", "Jira"];

async function main() {
  // The bench empties and fills its database: always its own, never one the environment names.
  if (localSettings().DATABASE_URL) {
    throw new Error("DATABASE_URL is set, but the bench uses a database of its own (embedded, .data/bench-postgres): unset it.");
  }
  const pg = await startEmbeddedPostgres({ dataDir: resolve(".data/bench-postgres"), port: 54360, database: "switchboard_bench" });
  try {
    const url = await resetDatabase(pg.url);
    await applyMigrations(url);
    const cyclr = await startEmulator({ apiPort: 0, servicePort: 0 });
    const settings = {
      DATABASE_URL: url,
      ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      AUTH_SECRET: randomBytes(24).toString("base64url"),
      CYCLR_API_URL: cyclr.apiUrl,
      CYCLR_SERVICE_URL: cyclr.serviceUrl,
      CYCLR_CLIENT_ID: CLIENT_ID,
      CYCLR_CLIENT_SECRET: CLIENT_SECRET,
    };
    provideSettings(settings);
    const { db, disconnectDb } = await import("@/lib/db");
    const { connectorNames, listConnectorRows, listAccountRows } = await import("@/lib/admin/queries");
    const { createAdminUser } = await import("@/lib/admin/users");

    async function fill(accounts: number, perAccount: number) {
      await db().$executeRawUnsafe('TRUNCATE "Account" CASCADE');
      for (let start = 0; start < accounts; start += 1000) {
        const batch = Array.from({ length: Math.min(1000, accounts - start) }, (_, i) => ({
          id: randomUUID(),
          cyclrAccountId: `bench-${start + i}`,
          name: `Bench Account ${start + i}`,
        }));
        await db().account.createMany({ data: batch });
        await db().accountConnector.createMany({
          data: batch.flatMap((account, a) =>
            Array.from({ length: perAccount }, (_, c) => ({
              accountId: account.id,
              cyclrAccountConnectorId: String((start + a) * 10 + c),
              name: kinds[c % kinds.length]!,
              connectorId: String(c),
              connectorName: kinds[c % kinds.length]!,
              authType: "OAuth2",
              status: statuses[(start + a + c) % statuses.length]!,
            })),
          ),
        });
      }
      await db().$executeRawUnsafe('ANALYZE "Account"; ');
      await db().$executeRawUnsafe('ANALYZE "AccountConnector"');
    }

    async function median(work: () => Promise<unknown>, runs = RUNS): Promise<number> {
      await work();
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const started = performance.now();
        await work();
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      return times[Math.floor(times.length / 2)]!;
    }

    const password = randomBytes(18).toString("base64url");
    await createAdminUser("bench@example.com", password, "admin");
    const app = await startApp(settings);
    try {
      const cookie = await signIn("bench@example.com", password);
      const pages: [string, string][] = [
        ["page /admin/connectors", "/admin/connectors"],
        ["page /admin/connectors?q=Account 77", "/admin/connectors?q=Account+77"],
        ["page /admin/connectors?status=FAILED", "/admin/connectors?status=FAILED"],
        ["page /admin/accounts", "/admin/accounts"],
        ["page /admin (overview)", "/admin"],
      ];
      const cases: [string, () => Promise<unknown>][] = [
        ["query: connectors first page", () => listConnectorRows({})],
        ['query: connectors search "Account 77"', () => listConnectorRows({ q: "Account 77" })],
        ["query: connectors status=FAILED", () => listConnectorRows({ status: "FAILED" })],
        ["query: accounts first page", () => listAccountRows({})],
        ["query: connector names (filter)", () => connectorNames()],
      ];
      const results: Record<string, number[]> = {};
      for (const [accounts, per] of [
        [10, 5],
        [10_000, 5],
      ] as const) {
        const started = performance.now();
        await fill(accounts, per);
        process.stderr.write(`Filled ${accounts * per} connectors in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
        for (const [name, path] of pages) (results[name] ??= []).push(await median(() => page(path, cookie), PAGE_RUNS));
        for (const [name, work] of cases) (results[name] ??= []).push(await median(work));
      }
      process.stdout.write(`\nMedian milliseconds: pages over HTTP to the last byte (${PAGE_RUNS} runs), queries alone (${RUNS} runs):\n\n`);
      process.stdout.write(`| measured | 50 connectors | 50,000 connectors |\n| --- | ---: | ---: |\n`);
      for (const [name, [small, large]] of Object.entries(results)) process.stdout.write(`| ${name} | ${small!.toFixed(1)} | ${large!.toFixed(1)} |\n`);
      await onboardingRatios(db);
      await firstLoadRatio();
    } finally {
      app.kill("SIGTERM");
    }
    await disconnectDb();
    await cyclr.close();
  } finally {
    await pg.stop();
  }
}

/** Requests completed by `clients` loops calling `request` for `ms`; each request must succeed. */
async function throughput(request: () => Promise<Response>, clients = 16, ms = 10_000): Promise<number> {
  const deadline = performance.now() + ms;
  let done = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        const response = await request();
        if (!response.ok) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
        await response.arrayBuffer();
        done++;
      }
    }),
  );
  return done / (ms / 1000);
}

type Db = Awaited<typeof import("@/lib/db")>["db"];

/** The two onboarding ratios, each measured within this one run. */
async function onboardingRatios(db: Db) {
  const { createApiKey } = await import("@/lib/api-keys");
  const { provisionAccount } = await import("@/lib/connect/accounts");
  const { createConnectSession } = await import("@/lib/connect/sessions");
  const { systemActor } = await import("@/lib/events");
  const actor = systemActor("bench");
  const { key } = await createApiKey("bench", actor);
  await provisionAccount("bench-onboarding", { name: "Bench Onboarding" }, actor);

  // A known account: minting needs no call to Cyclr.
  const mint = () =>
    fetch(`${APP}/api/v1/connect-sessions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ accountId: "bench-onboarding", userId: "bench-user" }),
    });
  const health = await throughput(() => fetch(`${APP}/api/health`));
  const minted = await throughput(mint);

  // 2,000 catalogue connectors, all offered.
  await db().catalogueConnector.deleteMany();
  const icon = `data:image/svg+xml;base64,${Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40"><rect width="40" height="40" rx="8" fill="#4f46e5"/></svg>').toString("base64")}`;
  await db().catalogueConnector.createMany({
    data: Array.from({ length: 2000 }, (_, i) => ({
      cyclrConnectorId: String(90_000 + i),
      name: `Bench App ${String(i).padStart(4, "0")}`,
      description: "A connector of the bench's catalogue",
      status: "Approved",
      authType: i % 3 === 0 ? "ApiKey" : "OAuth2",
      icon,
      categories: [["CRM", "Marketing", "Support", "Payments"][i % 4]!],
      offered: true,
    })),
  });
  // Both pages in turn (so drift in the machine's load falls on both): one session narrowed to
  // 20 of the offered apps, one that shows all 2,000.
  const narrowed = await createConnectSession(
    { accountId: "bench-onboarding", userId: "bench-user", connectors: Array.from({ length: 20 }, (_, i) => String(90_000 + i)) },
    null,
  );
  const everything = await createConnectSession({ accountId: "bench-onboarding", userId: "bench-user" }, null);
  const timed = async (token: string) => {
    const started = performance.now();
    await fetch(`${APP}/connect/${token}`).then((response) => response.arrayBuffer());
    return performance.now() - started;
  };
  const times: { twenty: number[]; all: number[] } = { twenty: [], all: [] };
  await timed(narrowed.token);
  await timed(everything.token);
  for (let i = 0; i < PAGE_RUNS; i++) {
    times.twenty.push(await timed(narrowed.token));
    times.all.push(await timed(everything.token));
  }
  const middle = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const twenty = middle(times.twenty);
  const twoThousand = middle(times.all);

  process.stdout.write(`\nOnboarding, measured in this run against the Cyclr emulator:\n\n| measured | value |\n| --- | ---: |\n`);
  process.stdout.write(`| /api/health, requests per second (16 clients, 10 s) | ${health.toFixed(0)} |\n`);
  process.stdout.write(`| POST /api/v1/connect-sessions for a known account, requests per second | ${minted.toFixed(0)} |\n`);
  process.stdout.write(`| mint ÷ health throughput | ${(minted / health).toFixed(2)} |\n`);
  process.stdout.write(`| connect page, 20 offered apps (median ms) | ${twenty.toFixed(1)} |\n`);
  process.stdout.write(`| connect page, 2,000 offered apps (median ms) | ${twoThousand.toFixed(1)} |\n`);
  process.stdout.write(`| 2,000 ÷ 20 offered apps | ${(twoThousand / twenty).toFixed(2)} |\n`);
}

/** The bytes (uncompressed) of every script a page's HTML loads or preloads; not the nomodule polyfills old browsers fetch. */
async function firstLoadJs(path: string): Promise<number> {
  const html = await (await fetch(`${APP}${path}`)).text();
  const scripts = new Set<string>();
  for (const [tag, src] of html.matchAll(/<script\b[^>]*\bsrc="([^"]+\.js)"[^>]*>/g)) if (!/\bnomodule\b/i.test(tag)) scripts.add(src!);
  for (const [, href] of html.matchAll(/<link\b[^>]*\bhref="([^"]+\.js)"[^>]*>/g)) scripts.add(href!);
  if (scripts.size === 0) throw new Error(`${path} loads no script`);
  let bytes = 0;
  for (const src of scripts) bytes += (await (await fetch(new URL(src, APP))).arrayBuffer()).byteLength;
  return bytes;
}

/** The widget's first-load JavaScript against the sign-in page's, in the same build (themes and languages must not swell it). */
async function firstLoadRatio() {
  const { createConnectSession } = await import("@/lib/connect/sessions");
  const session = await createConnectSession({ accountId: "bench-onboarding", userId: "bench-user", locale: "de" }, null);
  const embed = await firstLoadJs(`/embed/${session.token}`);
  const signIn = await firstLoadJs("/admin/sign-in");
  const kb = (bytes: number) => (bytes / 1000).toFixed(1);
  process.stdout.write(`\nFirst-load JavaScript (uncompressed, every script the HTML references):\n\n| measured | value |\n| --- | ---: |\n`);
  process.stdout.write(`| /embed/<token> first-load JS (kB) | ${kb(embed)} |\n`);
  process.stdout.write(`| /admin/sign-in first-load JS (kB) | ${kb(signIn)} |\n`);
  process.stdout.write(`| embed first-load JS ÷ sign-in first-load JS | ${(embed / signIn).toFixed(2)} |\n`);
}

main()
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
