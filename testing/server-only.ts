// Tests run lib modules outside Next: "server-only" resolves to nothing here (vitest.config.ts).
export {};
