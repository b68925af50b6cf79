import { defineConfig } from "tsup";

// The package's three entry points (ESM with type declarations) and the script-tag build.
// `npm run sdk:build` at the repository's root (sdk/build.ts) generates the API types first
// and copies the script-tag build into public/sdk/.

const common = { outDir: "dist", tsconfig: "tsconfig.build.json", sourcemap: false, clean: false, silent: true } as const;

export default defineConfig([
  {
    ...common,
    // The browser and React entries share their code; React stays the host's own copy.
    entry: { index: "src/index.ts", react: "src/react.tsx" },
    format: "esm",
    platform: "browser",
    target: "es2020",
    // One declaration build for the package's entries (one TypeScript program, not two).
    dts: { entry: { index: "src/index.ts", react: "src/react.tsx", server: "src/server.ts" } },
    splitting: true,
    external: ["react", "react/jsx-runtime"],
    // For React server components hosts (Next's app router): these run in the browser only.
    banner: { js: '"use client";' },
  },
  {
    ...common,
    entry: { server: "src/server.ts" },
    format: "esm",
    platform: "node",
    target: "node18",
    external: ["standardwebhooks"],
  },
  {
    ...common,
    // /sdk/switchboard.js: window.Switchboard, no dependencies.
    entry: { switchboard: "src/global.ts" },
    format: "iife",
    platform: "browser",
    target: "es2017",
    minify: true,
    // Its declarations stand alone (served beside it), so they get their own build.
    dts: true,
    outExtension: () => ({ js: ".js", dts: ".d.ts" }),
    banner: {
      js: "/*! Switchboard host script: mount() frames the connect widget, connect() connects one app from your own button. Types: switchboard.d.ts */",
    },
  },
]);
