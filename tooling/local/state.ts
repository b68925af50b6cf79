import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { localSettings } from "@/lib/env";
import { alive } from "@/tooling/processes";

// Local runs keep their state under .data/ (or SWITCHBOARD_DATA_DIR): the embedded
// PostgreSQL, secrets generated once, and a note of the running stack for the CLI.

export function dataDir(): string {
  const dir = resolve(localSettings().SWITCHBOARD_DATA_DIR);
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  return dir;
}

type LocalSecrets = { encryptionKey: string; authSecret: string };

/** Secrets for local runs, generated on first use and kept (mode 600) so data stays readable. */
export function localSecrets(): LocalSecrets {
  const file = resolve(dataDir(), "secrets.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as LocalSecrets;
  const secrets = { encryptionKey: randomBytes(32).toString("base64"), authSecret: randomBytes(32).toString("base64url") };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

type Runtime = { pid: number; databaseUrl: string; appUrl: string; cyclrApiUrl: string; cyclrServiceUrl: string };

const runtimeFile = () => resolve(dataDir(), "runtime.json");

export function writeRuntime(runtime: Runtime): void {
  writeFileSync(runtimeFile(), JSON.stringify(runtime, null, 2), { mode: 0o600 });
}

export function clearRuntime(): void {
  rmSync(runtimeFile(), { force: true });
}

/** The stack `npm start` is running right now, if any. */
export function runningStack(): Runtime | null {
  if (!existsSync(runtimeFile())) return null;
  const runtime = JSON.parse(readFileSync(runtimeFile(), "utf8")) as Runtime;
  return alive(runtime.pid) ? runtime : null;
}
