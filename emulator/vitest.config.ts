import { defineConfig } from "vitest/config";

// The emulator's own tests, without the repo's global setup (database, shared emulator):
// npx vitest run emulator --config emulator/vitest.config.ts
export default defineConfig({
  test: {
    include: ["emulator/**/*.test.ts"],
    testTimeout: 15_000,
  },
});
