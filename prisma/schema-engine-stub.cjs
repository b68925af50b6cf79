#!/usr/bin/env node
// Prisma's CLI asks its native schema engine for its version before `generate`, `validate`
// and `format`, and downloads it when missing (a host we cannot reach). Those commands do
// not need the engine, so this stub answers `--version` and refuses everything else.
// Migrations are made by lib/cli/db-migrate.ts with the WebAssembly engine instead.
if (process.argv.includes("--version")) {
  process.stdout.write("schema-engine-cli d1b3f377ca835d73fd50954a5e22128b9ebdd6b8\n");
  process.exit(0);
}
process.stderr.write("The native Prisma schema engine is not available here; use npm run db:migrate.\n");
process.exit(1);
