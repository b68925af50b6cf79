import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

// Three kinds of test, told apart by their file names:
// - unit (*.unit.test.ts): pure modules, no database, no server; files run in parallel;
// - emulator (emulator/**/*.test.ts): each file starts the emulators it needs over HTTP;
// - integration (*.int.test.ts): a real PostgreSQL and the emulators, started once by
//   testing/global-setup.ts and shared, so files run one at a time.
// `npx vitest run --project unit` runs the quick ones alone.
export default defineConfig({
  resolve: {
    alias: {
      "@": root.replace(/\/$/, ""),
      // lib/'s server modules start with `import "server-only"`, which throws unless resolved
      // with React's "react-server" condition, as Next resolves server code: tests get that
      // entry (an empty module), in every project.
      "server-only": `${root}node_modules/server-only/empty.js`,
    },
  },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: "unit", include: ["{lib,components,tooling,testing,sdk}/**/*.unit.test.ts"] } },
      { extends: true, test: { name: "emulator", include: ["emulator/**/*.test.ts"] } },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["**/*.int.test.ts"],
          exclude: ["node_modules/**", ".data/**"],
          globalSetup: ["testing/global-setup.ts"],
          setupFiles: ["testing/setup-env.ts"],
          pool: "forks",
          fileParallelism: false,
        },
      },
    ],
  },
});
