import { defineConfig } from "prisma/config";

// The datasource URL is only needed by CLI commands that touch a database; Switchboard
// applies migrations itself (tooling/db/migrate.ts), so a placeholder is fine here.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/switchboard" },
});
