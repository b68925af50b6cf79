import { randomBytes } from "node:crypto";
import { resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { startEmulator } from "@/emulator/cyclr";
import { PODERO_CLIENT_ID, PODERO_CLIENT_SECRET, PODERO_ORG_ID, startPoderoEmulator } from "@/emulator/podero";
import { POSTGRES_IN_USE, resetDatabase, startEmbeddedPostgres, type RunningPostgres } from "@/tooling/db/embedded-postgres";
import { applyMigrations } from "@/tooling/db/migrate";

// Integration tests run against a real PostgreSQL (embedded, with its own data directory
// and port, so a local `npm start` is not disturbed) and the Cyclr emulator on random
// ports, over HTTP. The settings reach the test workers through provide/inject
// (testing/setup-env.ts copies them into process.env).

export type TestEnv = {
  NODE_ENV: "test";
  DATABASE_URL: string;
  CYCLR_API_URL: string;
  CYCLR_SERVICE_URL: string;
  CYCLR_CLIENT_ID: string;
  CYCLR_CLIENT_SECRET: string;
  CYCLR_TIMEOUT_MS: string;
  APP_URL: string;
  ENCRYPTION_KEY: string;
  ENCRYPTION_KEY_ID: string;
  AUTH_SECRET: string;
  PODERO_API_URL: string;
  PODERO_CLIENT_ID: string;
  PODERO_CLIENT_SECRET: string;
  PODERO_ORG_ID: string;
  WEBHOOK_ALLOW_PRIVATE_RECEIVERS: "true" | "false";
  RATE_LIMIT_HOST_API: string;
  RATE_LIMIT_CONNECT_SESSION: string;
  RATE_LIMIT_CONNECT_IP: string;
  RATE_LIMIT_SIGN_IN: string;
};

declare module "vitest" {
  export interface ProvidedContext {
    testEnv: TestEnv;
  }
}

const dataDir = resolve(import.meta.dirname, "../.data/test-postgres");

/**
 * Another test run in the same checkout holds the test PostgreSQL (and would reset its
 * database under us): wait for it to finish rather than fail or take it over.
 */
async function startTestPostgres(): Promise<RunningPostgres> {
  const deadline = Date.now() + 10 * 60_000;
  for (let waiting = false; ; waiting = true) {
    try {
      return await startEmbeddedPostgres({ dataDir, port: 54329 + Number(process.env.TEST_PORT_OFFSET ?? 0), database: "switchboard_test" });
    } catch (error) {
      const owner = (error as { code?: string; ownerPid?: number }).code === POSTGRES_IN_USE ? (error as { ownerPid: number }).ownerPid : null;
      if (owner === null || owner === process.pid || Date.now() > deadline) throw error;
      if (!waiting) console.error(`Another test run (pid ${owner}) is using the test database; waiting for it to finish...`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

export default async function setup(project: TestProject) {
  const stops: (() => Promise<void>)[] = [];
  const teardown = async () => {
    // Stop what started, last first, even if one of them fails.
    for (const stop of stops.splice(0).reverse()) await stop().catch((error: unknown) => console.error(error));
  };
  try {
    const postgres = await startTestPostgres();
    stops.push(postgres.stop);
    const url = await resetDatabase(postgres.url);
    await applyMigrations(url);
    const emulator = await startEmulator({ apiPort: 0, servicePort: 0 });
    stops.push(() => emulator.close());
    const poderoEmulator = await startPoderoEmulator();
    stops.push(() => poderoEmulator.close());

    project.provide("testEnv", {
      NODE_ENV: "test",
      DATABASE_URL: url,
      CYCLR_API_URL: emulator.apiUrl,
      CYCLR_SERVICE_URL: emulator.serviceUrl,
      CYCLR_CLIENT_ID: "switchboard-local",
      CYCLR_CLIENT_SECRET: "switchboard-local-secret",
      CYCLR_TIMEOUT_MS: "5000",
      APP_URL: "http://localhost:3000",
      ENCRYPTION_KEY: randomBytes(32).toString("base64"), // fresh per run: nothing sealed outlives it
      ENCRYPTION_KEY_ID: "k1",
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      PODERO_API_URL: poderoEmulator.url,
      PODERO_CLIENT_ID: PODERO_CLIENT_ID,
      PODERO_CLIENT_SECRET: PODERO_CLIENT_SECRET,
      PODERO_ORG_ID: PODERO_ORG_ID,
      // The tests' webhook receivers listen on this machine; lib/webhooks/receiver-guard.int.test.ts turns it off.
      WEBHOOK_ALLOW_PRIVATE_RECEIVERS: "true",
      // Tests make many requests with one key, session or (no peer address: "unknown") client;
      // the limits' own tests (lib/rate-limit.int.test.ts, lib/admin/sign-in.int.test.ts) set real ones.
      RATE_LIMIT_HOST_API: "100000",
      RATE_LIMIT_CONNECT_SESSION: "100000",
      RATE_LIMIT_CONNECT_IP: "100000",
      RATE_LIMIT_SIGN_IN: "1000",
    });
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
