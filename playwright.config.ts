import { defineConfig } from "@playwright/test";

// End-to-end tests run against the same stack `npm start` runs (built app, embedded
// PostgreSQL, Cyclr and Podero emulators), on their own ports and data directory so they never touch a
// local demo stack. Chromium comes from Debian (`apt-get install chromium`).
// TEST_PORT_OFFSET moves every port, so two checkouts can run their suites side by side.
const offset = Number(process.env.TEST_PORT_OFFSET ?? 0);
export const ports = {
  app: 3200 + offset,
  cyclrApi: 4210 + offset,
  cyclrService: 4211 + offset,
  postgres: 54340 + offset,
  demoHost: 3300 + offset,
  demoOidc: 4212 + offset,
  podero: 4213 + offset,
};
/** The demo admin's password in this stack (npm start makes a random one). */
export const demoAdminPassword = "e2e-demo-admin-password";
export const dataDir = ".data/e2e";

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  // One worker: some emulator scenarios (COOP) are global to the emulator.
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: `http://localhost:${ports.app}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        // A third site for embedding tests: host-app.test is this machine, and cross-site
        // to localhost, so the widget runs as a third-party frame...
        "--host-resolver-rules=MAP host-app.test 127.0.0.1",
        // ...with third-party cookies blocked, as Chrome is heading (e2e/embed.spec.ts checks).
        "--test-third-party-cookie-phaseout",
      ],
    },
  },
  webServer: {
    command: "npx next build && npx tsx --conditions=react-server tooling/local/start.ts",
    url: `http://localhost:${ports.app}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    // The app's log lines land in <dataDir>/app.log (tooling/local/start.ts), at debug level
    // so that e2e/operations.spec.ts can check nothing secret is ever logged.
    stdout: "ignore",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    env: {
      PORT: String(ports.app),
      EMULATOR_API_PORT: String(ports.cyclrApi),
      EMULATOR_SERVICE_PORT: String(ports.cyclrService),
      SWITCHBOARD_PG_PORT: String(ports.postgres),
      DEMO_HOST_PORT: String(ports.demoHost),
      DEMO_OIDC_PORT: String(ports.demoOidc),
      EMULATOR_PODERO_PORT: String(ports.podero),
      DEMO_ADMIN_PASSWORD: demoAdminPassword,
      // Tests offer what they need themselves (e2e/onboarding.spec.ts), then withdraw it.
      DEMO_OFFERED_CONNECTORS: "none",
      SWITCHBOARD_DATA_DIR: dataDir,
      NEXT_TELEMETRY_DISABLED: "1",
      LOG_LEVEL: "debug",
      // Every request of the suite comes from this machine with one worker-wide key: those two
      // limits are generous here. Per session and sign-in keep their defaults (e2e/limits.spec.ts).
      RATE_LIMIT_HOST_API: "100000",
      RATE_LIMIT_CONNECT_IP: "100000",
    },
  },
});
