import { resolve } from "node:path";
import { startEmbeddedPostgres } from "@/tooling/db/embedded-postgres";
import { applyMigrations } from "@/tooling/db/migrate";
import { CLIENT_ID, CLIENT_SECRET, startEmulator } from "@/emulator/cyclr";
import { PODERO_CLIENT_ID, PODERO_CLIENT_SECRET, PODERO_ORG_ID, startPoderoEmulator } from "@/emulator/podero";
import { env, localSettings, provideSettings, strictRules } from "@/lib/env";
import { dataDir, localSecrets, runningStack } from "./state";

// The parts a local run needs besides the app: a database and (unless a real Cyclr is
// configured) the emulators, Cyclr's and Podero's. Shared by `npm start` and the CLI.

export type Stop = () => Promise<void>;

/** DATABASE_URL when set; else the running stack's database; else a freshly started embedded one. */
export async function localDatabase(): Promise<{ url: string; stop: Stop; embedded: boolean }> {
  const settings = localSettings();
  if (settings.DATABASE_URL) return { url: settings.DATABASE_URL, stop: async () => {}, embedded: false };
  const running = runningStack();
  if (running) return { url: running.databaseUrl, stop: async () => {}, embedded: true };
  const pg = await startEmbeddedPostgres({
    dataDir: resolve(dataDir(), "postgres"),
    port: settings.SWITCHBOARD_PG_PORT,
    database: "switchboard",
  });
  return { url: pg.url, stop: pg.stop, embedded: true };
}

/**
 * Database ready (migrated), and its URL and the local secrets provided to lib/env.ts. Under
 * strict rules (a real Cyclr, NODE_ENV=production) every setting comes from the environment:
 * no embedded database, no generated secrets.
 */
export async function prepareDatabase(): Promise<{ url: string; stop: Stop; embedded: boolean; applied: string[] }> {
  if (strictRules()) {
    const url = env().DATABASE_URL; // or a message naming every missing setting
    const { applied } = await applyMigrations(url);
    return { url, stop: async () => {}, embedded: false, applied };
  }
  const database = await localDatabase();
  const { applied } = await applyMigrations(database.url);
  const secrets = localSecrets();
  provideSettings({ DATABASE_URL: database.url, ENCRYPTION_KEY: secrets.encryptionKey, AUTH_SECRET: secrets.authSecret });
  return { ...database, applied };
}

export async function startLocalEmulator(): Promise<{ apiUrl: string; serviceUrl: string; stop: Stop } | null> {
  const settings = localSettings();
  if (settings.CYCLR_API_URL) return null;
  const emulator = await startEmulator({ apiPort: settings.EMULATOR_API_PORT, servicePort: settings.EMULATOR_SERVICE_PORT });
  // The demo's receivers (the demo host's, a developer's) live on this machine: allowed only
  // with the bundled emulator, and only where the environment does not say otherwise.
  provideSettings({
    CYCLR_API_URL: emulator.apiUrl,
    CYCLR_SERVICE_URL: emulator.serviceUrl,
    CYCLR_CLIENT_ID: CLIENT_ID,
    CYCLR_CLIENT_SECRET: CLIENT_SECRET,
    WEBHOOK_ALLOW_PRIVATE_RECEIVERS: "true",
  });
  return { apiUrl: emulator.apiUrl, serviceUrl: emulator.serviceUrl, stop: () => emulator.close() };
}

/**
 * The Podero emulator, with PODERO_* pointed at it, unless Podero is configured in the
 * environment (PODERO_CLIENT_ID or PODERO_API_URL set). Started beside the Cyclr emulator
 * only (a real Cyclr means real settings throughout).
 */
export async function startLocalPodero(): Promise<{ url: string; stop: Stop } | null> {
  const settings = localSettings();
  if (settings.PODERO_API_URL || settings.PODERO_CLIENT_ID) return null;
  const emulator = await startPoderoEmulator({ port: settings.EMULATOR_PODERO_PORT, host: "localhost" });
  provideSettings({
    PODERO_API_URL: emulator.url,
    PODERO_CLIENT_ID,
    PODERO_CLIENT_SECRET,
    PODERO_ORG_ID,
  });
  return { url: emulator.url, stop: () => emulator.close() };
}
