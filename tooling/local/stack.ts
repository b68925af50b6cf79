import { resolve } from "node:path";
import { startEmbeddedPostgres } from "@/tooling/db/embedded-postgres";
import { applyMigrations } from "@/tooling/db/migrate";
import { startEmulator } from "@/emulator/cyclr";
import { applyLocalEnv, dataDir, localSecrets, runningStack } from "./state";

// The parts a local run needs besides the app: a database and (unless a real Cyclr is
// configured) the emulator. Shared by `npm start` and the CLI.

export type Stop = () => Promise<void>;

function port(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0 || value > 65535) throw new Error(`${name} must be a port number`);
  return value;
}

/** DATABASE_URL when set; else the running stack's database; else a freshly started embedded one. */
export async function localDatabase(): Promise<{ url: string; stop: Stop; embedded: boolean }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => {}, embedded: false };
  const running = runningStack();
  if (running) return { url: running.databaseUrl, stop: async () => {}, embedded: true };
  const pg = await startEmbeddedPostgres({
    dataDir: resolve(dataDir(), "postgres"),
    port: port("SWITCHBOARD_PG_PORT", 54320),
    database: "switchboard",
  });
  return { url: pg.url, stop: pg.stop, embedded: true };
}

/** Database ready (migrated) and process.env filled for lib/env.ts. */
export async function prepareDatabase(): Promise<{ url: string; stop: Stop; embedded: boolean; applied: string[] }> {
  const database = await localDatabase();
  const { applied } = await applyMigrations(database.url);
  const secrets = localSecrets();
  applyLocalEnv({ DATABASE_URL: database.url, ENCRYPTION_KEY: secrets.encryptionKey, AUTH_SECRET: secrets.authSecret });
  return { ...database, applied };
}

export async function startLocalEmulator(): Promise<{ apiUrl: string; serviceUrl: string; stop: Stop } | null> {
  if (process.env.CYCLR_API_URL) return null;
  const emulator = await startEmulator({
    apiPort: port("EMULATOR_API_PORT", 4010),
    servicePort: port("EMULATOR_SERVICE_PORT", 4011),
  });
  applyLocalEnv({ CYCLR_API_URL: emulator.apiUrl, CYCLR_SERVICE_URL: emulator.serviceUrl });
  return { apiUrl: emulator.apiUrl, serviceUrl: emulator.serviceUrl, stop: () => emulator.close() };
}
