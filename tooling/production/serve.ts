// `npm run serve`: the production start, after `npm run build`. Checks every setting under
// production rules (one message naming each missing one), applies pending migrations under
// their advisory lock, then runs Next's standalone server on PORT and HOSTNAME. It creates no
// data, admin, API key or secret and starts no emulator: those are the demo's (`npm start`).
// Its own lines are JSON, like the app's.
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import { env, productionSettings } from "@/lib/env";
import { errorFields, log } from "@/lib/log";
import { applyMigrations } from "@/tooling/db/migrate";
import { standaloneServer } from "./standalone";

async function waitForHealth(url: string, exited: () => boolean): Promise<boolean> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && !exited()) {
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

async function main(): Promise<void> {
  const began = performance.now();
  // Production rules whatever the shell says (the standalone server sets the same).
  Object.assign(process.env, { NODE_ENV: "production" });
  let settings: ReturnType<typeof env>;
  let server: ReturnType<typeof productionSettings>;
  let entry: string;
  try {
    settings = env();
    server = productionSettings();
    entry = standaloneServer();
  } catch (error) {
    log.fatal(errorFields(error), "Switchboard cannot start");
    process.exit(1);
  }

  const { applied } = await applyMigrations(settings.DATABASE_URL);
  log.info({ applied }, applied.length ? `applied ${applied.length} migration(s)` : "no pending migrations");

  const app = spawn(process.execPath, [entry], {
    env: { ...process.env, NODE_ENV: "production", PORT: String(server.PORT), HOSTNAME: server.HOSTNAME },
    stdio: ["ignore", "inherit", "inherit"],
  });
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      stopping = true;
      app.kill(signal);
    });
  }
  app.once("exit", (code, signal) => {
    if (!stopping) log.error({ code, signal }, "the server stopped");
    process.exit(stopping ? 0 : (code ?? 1));
  });

  const host = ["0.0.0.0", "::"].includes(server.HOSTNAME) ? "127.0.0.1" : server.HOSTNAME.includes(":") ? `[${server.HOSTNAME}]` : server.HOSTNAME;
  if (await waitForHealth(`http://${host}:${server.PORT}/api/health`, () => app.exitCode !== null || app.signalCode !== null)) {
    log.info(
      { url: settings.APP_URL, hostname: server.HOSTNAME, port: server.PORT, readyMs: Math.round(performance.now() - began) },
      `Switchboard is serving ${settings.APP_URL}`,
    );
  } else if (app.exitCode === null) {
    log.warn({ port: server.PORT }, "the server does not answer /api/health yet");
  }
}

main().catch((error: unknown) => {
  log.fatal(errorFields(error), "Switchboard cannot start");
  process.exit(1);
});
