import type { ESLint } from "eslint";

declare const plugin: ESLint.Plugin & { rules: Record<"import-boundary" | "client-boundary", NonNullable<ESLint.Plugin["rules"]>[string]> };
export default plugin;
