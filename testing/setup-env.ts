import { inject } from "vitest";

// Runs in each test worker before a test file imports anything that reads settings
// (lib/env.ts parses process.env on first use); the values come from global-setup.ts.
Object.assign(process.env, inject("testEnv"));
