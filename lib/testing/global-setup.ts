import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { startEmulator } from "@/emulator/index";
import { resetDatabase, startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { applyMigrations } from "@/lib/db/migrate";

// Integration tests run against a real PostgreSQL (embedded, its own data directory and
// port) and the Cyclr emulator on random ports, over HTTP. Settings reach the test workers
// through provide/inject (lib/testing/setup-env.ts).

declare module "vitest" {
  export interface ProvidedContext {
    testEnv: Record<string, string>;
  }
}

export default async function setup(project: TestProject) {
  const postgres = await startEmbeddedPostgres({ dataDir: ".data/test-postgres", port: 54329, database: "switchboard_test" });
  await resetDatabase(postgres.url);
  await applyMigrations(postgres.url);
  const emulator = await startEmulator({ apiPort: 0, servicePort: 0 });

  project.provide("testEnv", {
    NODE_ENV: "test",
    DATABASE_URL: postgres.url,
    CYCLR_API_URL: emulator.apiUrl,
    CYCLR_SERVICE_URL: emulator.serviceUrl,
    CYCLR_CLIENT_ID: "switchboard-local",
    CYCLR_CLIENT_SECRET: "switchboard-local-secret",
    CYCLR_TIMEOUT_MS: "5000",
    APP_URL: "http://localhost:3000",
    ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    ENCRYPTION_KEY_ID: "k1",
    AUTH_SECRET: randomBytes(32).toString("base64url"),
  });

  return async () => {
    await emulator.close();
    await postgres.stop();
  };
}
