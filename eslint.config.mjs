import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import tseslint from "typescript-eslint";
import boundaries from "./tooling/lint/boundaries.mjs";

// `npm run lint`. Next's rules (React, hooks, a11y, Next itself, typescript-eslint's
// recommended set), a few rules that need type information, and the import boundaries
// between the app, the local tooling, the emulators and the test harness.

// App code is these and lib/ (which has a stricter rule of its own below).
const appOutsideLib = ["app/**", "components/**", "proxy.ts", "instrumentation.ts"];
// Tests of app code live beside it and may use the harness and the emulators.
const tests = ["**/*.test.ts", "**/*.test.tsx"];
const notInApp = { folders: ["emulator", "tooling", "testing"], reason: "app code never imports the emulators, the local tooling or the test harness" };

const config = [
  {
    ignores: ["lib/generated/**", ".next/**", ".data/**", "node_modules/**", "test-results/**", "playwright-report/**", "next-env.d.ts"],
  },
  // The SDK's build output and generated types (sdk/build.ts).
  { ignores: ["sdk/dist/**", "sdk/src/generated/**", "public/sdk/**"] },
  ...nextVitals,
  ...nextTypescript,
  {
    // Type-aware: mistakes with promises and unions that the compiler lets through.
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      // A promise-returning handler in a JSX attribute (onClick={async () => …}) is how React is used.
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/no-unnecessary-type-assertion": "error",
      // A switch over a union names every member, or has a default that takes the rest.
      "@typescript-eslint/switch-exhaustiveness-check": ["error", { considerDefaultExhaustiveForUnions: true }],
      // `const { secret: _secret, ...rest } = value` is how a property is left out.
      "@typescript-eslint/no-unused-vars": ["warn", { ignoreRestSiblings: true }],
    },
  },
  {
    // No React here: Playwright's fixture callback `use` and test helpers named use… are not hooks.
    files: ["e2e/**", "emulator/**", "testing/**", "tooling/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    // Declaration files next to the .mjs plugin: TypeScript syntax, not in tsconfig's project.
    files: ["**/*.d.mts"],
    languageOptions: { parser: tseslint.parser },
  },
  {
    plugins: { boundaries },
    settings: { boundaries: { root: import.meta.dirname } },
    rules: { "boundaries/client-boundary": "error" },
  },
  {
    files: appOutsideLib,
    ignores: tests,
    rules: { "boundaries/import-boundary": ["error", notInApp] },
  },
  {
    files: ["lib/**"],
    ignores: tests,
    rules: {
      "boundaries/import-boundary": [
        "error",
        {
          folders: [...notInApp.folders, "app", "components"],
          reason: "lib/ never imports the emulators, the tooling, the test harness, the app or its components",
        },
      ],
    },
  },
  {
    files: ["sdk/**"],
    ignores: tests,
    rules: {
      "boundaries/import-boundary": [
        "error",
        { folders: [...notInApp.folders, "app", "components", "lib"], reason: "the SDK package is built and published on its own" },
      ],
    },
  },
];

export default config;
