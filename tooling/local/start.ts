// `npm start`: the embedded PostgreSQL (or DATABASE_URL), migrations, the Cyclr and Podero
// emulators (unless CYCLR_API_URL points at a real Cyclr), the app, and a demo connect link.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync } from "node:fs";
import { join } from "node:path";
import { createAdminUser } from "@/lib/admin/users";
import { createApiKey, revokeApiKeysNamed } from "@/lib/api-keys";
import { syncAll } from "@/lib/sync/cyclr-sync";
import { setWebhook } from "@/lib/webhooks/endpoints";
import { disconnectDb } from "@/lib/db";
import { env, localSettings, provideSettings, settingsSource } from "@/lib/env";
import { startOidcIssuer } from "@/emulator/oidc";
import { demoHostWebhookUrl, startDemoHost } from "@/emulator/host";
import { clearRuntime, writeRuntime } from "./state";
import { prepareDatabase, startLocalEmulator, startLocalPodero, type Stop } from "./stack";
import { catalogueDecisions, resolveCatalogue, setOffered } from "@/lib/catalogue";
import { standaloneServer } from "@/tooling/production/standalone";
import { systemActor, type Actor } from "@/lib/events";

const dev = process.argv.includes("--dev");
const stops: Stop[] = [];
let app: ChildProcess | null = null;
let stopping = false;

function log(message: string) {
  process.stdout.write(`${message}\n`);
}

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  log("\nStopping Switchboard…");
  if (app && app.exitCode === null) {
    const exited = new Promise((resolve) => app!.once("exit", resolve));
    app.kill("SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (app.exitCode === null) app.kill("SIGKILL");
  }
  await disconnectDb().catch(() => {});
  for (const stop of stops.reverse()) await stop().catch((error: unknown) => log(`  (while stopping: ${String(error)})`));
  clearRuntime();
  log("Stopped.");
  process.exit(code);
}

/** The app's output (JSON log lines) as it would print, and also in <data dir>/app.log, new each start. */
function teeAppOutput(child: ChildProcess, dataDir: string): void {
  mkdirSync(dataDir, { recursive: true });
  const file = createWriteStream(join(dataDir, "app.log"), { flags: "w" });
  child.stdout?.on("data", (chunk: Buffer) => {
    process.stdout.write(chunk);
    file.write(chunk);
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    process.stderr.write(chunk);
    file.write(chunk);
  });
  child.once("exit", () => file.end());
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The app exited with code ${child.exitCode} before it was ready.`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("The app did not become ready within 2 minutes.");
}

async function demoLink(apiKey: string, accountId: string): Promise<string | null> {
  const response = await fetch(`${env().APP_URL}/api/v1/connect-sessions`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    // With the user's email, so devices can be connected through Podero.
    body: JSON.stringify({ accountId, userId: "demo-user", user: { email: "demo-user@example.com", firstName: "Demo", lastName: "User" } }),
  });
  if (response.status !== 201) {
    log(`  Could not create a demo link (HTTP ${response.status}): ${await response.text()}`);
    return null;
  }
  return ((await response.json()) as { url: string }).url;
}

/** The demo's own host API key, replacing the previous run's (and those of older runs, named "demo <time>"). */
async function demoKey(): Promise<string> {
  const actor = systemActor("npm start");
  await revokeApiKeysNamed("demo", actor, { prefix: "demo 20" });
  return (await createApiKey("demo", actor)).key;
}

/** The demo's account with nothing installed (emulator/cyclr/seed.ts). */
const NEW_CUSTOMER = "new-customer";

/** On the demo's first start (no admin has offered or withdrawn anything yet), offers a handful of catalogue connectors. */
async function offerDemoConnectors(names: string, actor: Actor): Promise<string[]> {
  if (names === "none" || (await catalogueDecisions()) > 0) return [];
  const entries = await resolveCatalogue(
    names
      .split(",")
      .map((name) => name.trim())
      .filter(Boolean),
  );
  await setOffered(
    entries.map((entry) => entry.id),
    true,
    actor,
  );
  return entries.map((entry) => entry.name);
}

async function main() {
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  log("Starting Switchboard…");
  const local = localSettings(); // the local stack's own settings (ports, data directory, demo)
  const database = await prepareDatabase();
  stops.push(database.stop);
  log(
    `  Database: ${database.embedded ? "embedded PostgreSQL" : "DATABASE_URL"}${database.applied.length ? ` (applied ${database.applied.length} migration(s))` : ""}`,
  );

  const emulator = await startLocalEmulator();
  if (emulator) {
    stops.push(emulator.stop);
    log(`  Cyclr emulator: API ${emulator.apiUrl}, Service Domain ${emulator.serviceUrl}`);
  } else {
    log(`  Cyclr: ${local.CYCLR_API_URL}`);
  }
  const poderoEmulator = emulator ? await startLocalPodero() : null;
  if (poderoEmulator) {
    stops.push(poderoEmulator.stop);
    log(`  Podero emulator: ${poderoEmulator.url}`);
  }
  const appUrl = local.APP_URL ?? `http://localhost:${local.PORT}`;
  provideSettings({ APP_URL: appUrl });
  // The demo admin; with the emulator, a demo identity provider offers single sign-on too.
  const demoAdmin = emulator ? { email: "admin@example.com", password: local.DEMO_ADMIN_PASSWORD ?? randomBytes(12).toString("base64url") } : null;
  let demoSso: string | null = null;
  if (demoAdmin && !local.AUTH_OIDC_ISSUER) {
    const clientSecret = randomBytes(24).toString("base64url");
    const idp = await startOidcIssuer({
      port: local.DEMO_OIDC_PORT,
      clientId: "switchboard-admin",
      clientSecret,
      redirectUris: [`${appUrl}/api/auth/callback/oidc`],
      // The second user is known to the identity provider but is not an admin: refused.
      users: [demoAdmin, { email: "visitor@example.com", password: demoAdmin.password }],
    });
    stops.push(idp.close);
    provideSettings({
      AUTH_OIDC_ISSUER: idp.issuer,
      AUTH_OIDC_CLIENT_ID: "switchboard-admin",
      AUTH_OIDC_CLIENT_SECRET: clientSecret,
      AUTH_OIDC_NAME: "Demo SSO",
    });
    demoSso = idp.issuer;
  }
  const settings = env(); // fails fast, with a readable message, on a bad setting

  const next = new URL("../../node_modules/next/dist/bin/next", import.meta.url).pathname;
  // The app reads the same settings: the environment's, and what was decided above. The
  // built app is the standalone server production runs (`npm run serve`), on every interface.
  const command = dev ? [next, "dev", "-p", String(local.PORT)] : [standaloneServer()];
  app = spawn(process.execPath, command, {
    env: { ...settingsSource(), NODE_ENV: dev ? "development" : "production", PORT: String(local.PORT), HOSTNAME: "::" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  teeAppOutput(app, local.SWITCHBOARD_DATA_DIR);
  app.once("exit", (code) => {
    if (!stopping) {
      log(`The app stopped unexpectedly (exit code ${code}).`);
      void shutdown(1);
    }
  });
  await waitForHealth(settings.APP_URL, app);
  writeRuntime({
    pid: process.pid,
    databaseUrl: settings.DATABASE_URL,
    appUrl: settings.APP_URL,
    cyclrApiUrl: settings.CYCLR_API_URL,
    cyclrServiceUrl: settings.CYCLR_SERVICE_URL,
  });

  // A host API key only for the demo on the bundled emulator: one live at a time, the last
  // run's revoked (its value was printed to a log). With a real Cyclr, keys are made with the CLI.
  const key = emulator ? await demoKey() : null;
  const link = key ? await demoLink(key, local.DEMO_ACCOUNT_ID) : null;
  let demoHost: string | null = null;
  let newCustomerLink: string | null = null;
  if (emulator) {
    // The embedded experience: a host SaaS on a third origin, allowed to frame the widget.
    const hostPort = local.DEMO_HOST_PORT;
    const actor = systemActor("npm start");
    // A new key each run; the last run's key (whose webhook secret is gone) is revoked.
    await revokeApiKeysNamed("demo host", actor);
    const hostKey = await createApiKey("demo host", actor, [`http://localhost:${hostPort}`]);
    // Its server also receives the webhooks (and checks their signatures with this secret).
    const hook = await setWebhook(hostKey.apiKey.id, demoHostWebhookUrl(hostPort), actor);
    const host = await startDemoHost({
      port: hostPort,
      appUrl: settings.APP_URL,
      apiKey: hostKey.key,
      accountId: local.DEMO_ACCOUNT_ID,
      webhookSecret: hook.secret,
    });
    stops.push(host.stop);
    demoHost = host.url;
    // Demo data for the console: everything the emulator holds, and an admin to see it.
    await createAdminUser(demoAdmin!.email, demoAdmin!.password, "admin");
    const sync = await syncAll(systemActor());
    if (sync.ran)
      log(
        `  Synced ${sync.accounts} accounts from the emulator${sync.retired ? ` (retired ${sync.retired} it no longer has, e.g. seeded before a restart)` : ""}.`,
      );
    const offered = await offerDemoConnectors(local.DEMO_OFFERED_CONNECTORS, actor);
    if (offered.length) log(`  Offered to end users: ${offered.join(", ")} (Admin → Catalogue changes that).`);
    newCustomerLink = key ? await demoLink(key, NEW_CUSTOMER) : null;
  }
  log("");
  log(`Switchboard is running on ${settings.APP_URL}`);
  if (link) {
    log("");
    log("  Demo connect link (valid 30 minutes), as your backend would send a user:");
    log(`    ${link}`);
    log("");
    log("  Open it, click “Connect Salesforce”, then Approve in the popup: the card turns Connected.");
    log("  Try “Connect Mailchimp” with any API key (the key `invalid` is refused).");
    if (settings.PODERO_CLIENT_ID) log("  Devices: “Connect an electric vehicle” opens Podero's page; Approve, and the device is Connected.");
  }
  if (newCustomerLink) {
    log("");
    log("  A new customer with nothing installed yet (New Customer Ltd): the offered apps, installed by Connect:");
    log(`    ${newCustomerLink}`);
  }
  if (demoHost) {
    log("");
    log(`  Embedded in a host app (third origin, with the SDK: the widget and a headless Connect button): ${demoHost}`);
  }
  if (demoAdmin) {
    log("");
    log(`  Admin console: ${settings.APP_URL}/admin`);
    log(`    email ${demoAdmin.email}, password ${demoAdmin.password}${local.DEMO_ADMIN_PASSWORD ? "" : " (new each start)"}`);
    if (demoSso) log(`    or "Sign in with Demo SSO": a demo identity provider on ${demoSso} with the same email and password`);
  }
  log("");
  if (!key) {
    log("  Create a host API key with: npm run --silent cli -- api-key create <name>");
    log("");
    log("Press Ctrl-C to stop.");
    return;
  }
  log("  Host API key for this run (shown once; the previous run's is revoked):");
  log(`    ${key}`);
  log("  Onboard a customer of yours (creates its Cyclr account once), then mint its link:");
  log(`    curl -s -X PUT ${settings.APP_URL}/api/v1/accounts/your-tenant-42 -H "Authorization: Bearer <key>" \\`);
  log(`      -H "Content-Type: application/json" -d '{"name":"Your Customer Inc"}'`);
  log("  Mint another link:");
  log(`    curl -s -X POST ${settings.APP_URL}/api/v1/connect-sessions -H "Authorization: Bearer <key>" \\`);
  log(`      -H "Content-Type: application/json" -d '{"accountId":"acme-corp","userId":"u1"}'`);
  log("  Read an account's connector statuses:");
  log(`    curl -s ${settings.APP_URL}/api/v1/accounts/acme-corp/connectors -H "Authorization: Bearer <key>"`);
  log("");
  log("Press Ctrl-C to stop.");
}

main().catch((error: unknown) => {
  log(`\nSwitchboard could not start: ${error instanceof Error ? error.message : String(error)}`);
  void shutdown(1);
});
