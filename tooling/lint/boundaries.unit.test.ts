import { RuleTester } from "eslint";
import tseslint from "typescript-eslint";
import { describe, it } from "vitest";
import boundaries from "./boundaries.mjs";

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const root = "/repo";
const tester = new RuleTester({
  languageOptions: { parser: tseslint.parser, ecmaVersion: "latest", sourceType: "module" },
  settings: { boundaries: { root } },
});

const client = (code: string) => `"use client";\n${code}`;

tester.run("client-boundary", boundaries.rules["client-boundary"], {
  valid: [
    // Type-only imports from lib/, in every spelling.
    { filename: `${root}/components/a.tsx`, code: client(`import type { ConnectorView } from "@/lib/connect/connectors";`) },
    { filename: `${root}/components/a.tsx`, code: client(`import { type ConnectorView, type AttemptView } from "@/lib/connect/attempts";`) },
    { filename: `${root}/components/admin/a.tsx`, code: client(`import type { Row } from "../../lib/admin/queries";`) },
    { filename: `${root}/components/a.tsx`, code: client(`export type { ConnectorView } from "@/lib/connect/connectors";`) },
    // Server actions, packages, siblings.
    { filename: `${root}/components/a.tsx`, code: client(`import { startConnectAction } from "@/app/connect/actions";`) },
    { filename: `${root}/components/a.tsx`, code: client(`import { useState } from "react";\nimport { sessionGet } from "./session-fetch";`) },
    // A folder named lib that is not the project's lib/.
    { filename: `${root}/components/a.tsx`, code: client(`import { x } from "./lib/x";`) },
    // Not a client component: a server component may import lib/ freely.
    { filename: `${root}/app/page.tsx`, code: `import { db } from "@/lib/db";` },
    // "use client" that is not the first statement is not the directive.
    { filename: `${root}/app/page.tsx`, code: `import { db } from "@/lib/db";\n"use client";` },
  ],
  invalid: [
    {
      filename: `${root}/components/a.tsx`,
      code: client(`import { env } from "@/lib/env";`),
      errors: [{ messageId: "value", data: { specifier: "@/lib/env" } }],
    },
    { filename: `${root}/components/a.tsx`, code: `'use client';\nimport { env } from "@/lib/env";`, errors: [{ messageId: "value" }] },
    // One value among types is still a value.
    { filename: `${root}/components/a.tsx`, code: client(`import { type Env, env } from "@/lib/env";`), errors: [{ messageId: "value" }] },
    // A side-effect import runs the module.
    { filename: `${root}/components/a.tsx`, code: client(`import "@/lib/db";`), errors: [{ messageId: "value" }] },
    // Relative spellings, and lib/ itself.
    {
      filename: `${root}/components/admin/a.tsx`,
      code: client(`import { db } from "../../lib/db";`),
      errors: [{ messageId: "value", data: { specifier: "../../lib/db" } }],
    },
    { filename: `${root}/lib/connect/a.ts`, code: client(`import { db } from "../db";`), errors: [{ messageId: "value" }] },
    // Re-exports and dynamic imports.
    { filename: `${root}/components/a.tsx`, code: client(`export { env } from "@/lib/env";`), errors: [{ messageId: "value" }] },
    { filename: `${root}/components/a.tsx`, code: client(`export * from "@/lib/env";`), errors: [{ messageId: "value" }] },
    { filename: `${root}/components/a.tsx`, code: client(`const lib = () => import("@/lib/env");`), errors: [{ messageId: "value" }] },
  ],
});

const notInApp = { folders: ["emulator", "tooling", "testing"], reason: "app code never imports them" };

tester.run("import-boundary", boundaries.rules["import-boundary"], {
  valid: [
    { filename: `${root}/app/page.tsx`, code: `import { db } from "@/lib/db";\nimport Link from "next/link";`, options: [notInApp] },
    { filename: `${root}/lib/connect/a.ts`, code: `import { db } from "../db";\nimport { x } from "./testing";`, options: [notInApp] },
    // A package whose name merely contains a folder's name.
    { filename: `${root}/lib/a.ts`, code: `import { x } from "tooling";\nimport { y } from "@/toolingx/y";`, options: [notInApp] },
  ],
  invalid: [
    {
      filename: `${root}/lib/a.ts`,
      code: `import { startEmulator } from "@/emulator/cyclr";`,
      options: [notInApp],
      errors: [{ messageId: "forbidden", data: { specifier: "@/emulator/cyclr", folder: "emulator", reason: "app code never imports them" } }],
    },
    // Types count too: the harness's types belong to the harness.
    { filename: `${root}/app/a.ts`, code: `import type { TestEnv } from "@/testing/global-setup";`, options: [notInApp], errors: [{ messageId: "forbidden" }] },
    {
      filename: `${root}/lib/cyclr/a.ts`,
      code: `import { runningStack } from "../../tooling/local/state";`,
      options: [notInApp],
      errors: [{ messageId: "forbidden" }],
    },
    { filename: `${root}/proxy.ts`, code: `export * from "./testing/db";`, options: [notInApp], errors: [{ messageId: "forbidden" }] },
    {
      filename: `${root}/lib/a.ts`,
      code: `import { Badge } from "@/components/admin/status-badge";\nconst page = import("../app/page");`,
      options: [{ folders: ["app", "components"] }],
      errors: [
        { messageId: "forbidden", data: { specifier: "@/components/admin/status-badge", folder: "components", reason: "this folder may not import it" } },
        { messageId: "forbidden", data: { specifier: "../app/page", folder: "app", reason: "this folder may not import it" } },
      ],
    },
  ],
});
