import { inject } from "vitest";

// Runs in each test worker before test files import anything that reads settings.
Object.assign(process.env, inject("testEnv"));
