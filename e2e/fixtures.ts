import { execFileSync } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { test as base, expect, type Page } from "@playwright/test";
import { dataDir, ports } from "../playwright.config";

// Each test makes its own Cyclr account at the emulator through Cyclr's real API, installs
// the connectors it needs, and mints a connect link through Switchboard's host API with a
// key created by the CLI, exactly as a partner would.

export const cyclrApi = `http://localhost:${ports.cyclrApi}`;
export const cyclrService = `http://localhost:${ports.cyclrService}`;

type CatalogueEntry = { Id: string | number; Name: string; AuthType: string };

async function partnerToken(): Promise<string> {
  const response = await fetch(`${cyclrApi}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: "switchboard-local", client_secret: "switchboard-local-secret" }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

export async function cyclrCall<T>(path: string, init: { method?: string; body?: unknown; account?: string } = {}): Promise<T> {
  const response = await fetch(`${cyclrApi}${path}`, {
    method: init.method ?? "GET",
    headers: {
      authorization: `Bearer ${await partnerToken()}`,
      "content-type": "application/json",
      ...(init.account ? { "x-cyclr-account": init.account } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!response.ok) throw new Error(`${init.method ?? "GET"} ${path} → ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export async function emulatorControl(path: string, body?: unknown): Promise<void> {
  const response = await fetch(`${cyclrApi}/__emulator/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body ?? {}),
  });
  if (!response.ok) throw new Error(`control ${path} → ${response.status}`);
}

export type TestAccount = {
  id: string;
  install(catalogueName: string | RegExp, name?: string): Promise<string>;
  connectLink(userId?: string): Promise<string>;
  mintSession(apiKey: string, body?: Record<string, unknown>): Promise<Response>;
  /** Deletes the account at Cyclr (as the partner would in Cyclr's console). */
  removeAtCyclr(): Promise<void>;
};

/** Creates (or resets) an admin console user with the CLI, the password on stdin. */
export function createAdmin(email: string, role: "admin" | "viewer", password: string): void {
  execFileSync("npx", ["tsx", "--conditions=react-server", "tooling/cli/index.ts", "admin", "create", email, "--role", role], {
    env: { ...process.env, SWITCHBOARD_DATA_DIR: dataDir },
    input: `${password}\n`,
    encoding: "utf8",
  });
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/admin/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL(/\/admin$/);
}

export function createApiKey(origins: string[] = []): string {
  const output = execFileSync(
    "npx",
    ["tsx", "--conditions=react-server", "tooling/cli/index.ts", "api-key", "create", "e2e", ...origins.flatMap((o) => ["--origin", o])],
    {
      env: { ...process.env, SWITCHBOARD_DATA_DIR: dataDir },
      encoding: "utf8",
    },
  );
  const key = output.trim().split("\n").at(-1);
  if (!key) throw new Error("the CLI printed no key");
  return key;
}

export const test = base.extend<{ account: TestAccount }, { apiKey: string }>({
  apiKey: [async ({}, use) => use(createApiKey()), { scope: "worker" }],
  account: async ({ apiKey }, use) => {
    const created = await cyclrCall<{ Id: string }>("/v1.0/accounts", { method: "POST", body: { Name: `E2E ${randomUUID().slice(0, 8)}` } });
    const catalogue = await cyclrCall<CatalogueEntry[]>("/v1.0/connectors?pageSize=100");
    await use({
      id: created.Id,
      async install(catalogueName, name) {
        const entry = catalogue.find((c) => (typeof catalogueName === "string" ? c.Name === catalogueName : catalogueName.test(c.Name)));
        if (!entry) throw new Error(`no connector ${String(catalogueName)} in the emulator's catalogue`);
        await cyclrCall(`/v1.0/connectors/${entry.Id}/install`, { method: "POST", account: created.Id, body: { Name: name ?? entry.Name } });
        return name ?? entry.Name;
      },
      async removeAtCyclr() {
        await cyclrCall(`/v1.0/accounts/${encodeURIComponent(created.Id)}`, { method: "DELETE" });
      },
      mintSession(key, body = {}) {
        return fetch(`http://localhost:${ports.app}/api/v1/connect-sessions`, {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body: JSON.stringify({ accountId: created.Id, userId: "embed-user", ...body }),
        });
      },
      async connectLink(userId = "e2e-user") {
        const response = await fetch(`http://localhost:${ports.app}/api/v1/connect-sessions`, {
          method: "POST",
          headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
          body: JSON.stringify({ accountId: created.Id, userId }),
        });
        expect(response.status).toBe(201);
        return ((await response.json()) as { url: string }).url;
      },
    });
  },
});

export { expect };

export function card(page: Page, name: string) {
  return page.getByRole("article", { name });
}

/** Ages a connect link past its expiry, straight in the database of the running stack. */
export async function expireLink(url: string): Promise<void> {
  const token = new URL(url).pathname.split("/").at(-1)!;
  const { databaseUrl } = JSON.parse(readFileSync(join(dataDir, "runtime.json"), "utf8")) as { databaseUrl: string };
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const hash = createHash("sha256").update(token).digest("hex");
    const result = await client.query(`UPDATE "ConnectSession" SET "expiresAt" = now() - interval '1 minute' WHERE "tokenHash" = $1`, [hash]);
    expect(result.rowCount).toBe(1);
  } finally {
    await client.end();
  }
}

/** Offers catalogue connectors to end users (or stops), through the CLI as a partner would script it. */
export function offerConnectors(names: string[], offered: boolean): void {
  execFileSync("npx", ["tsx", "--conditions=react-server", "tooling/cli/index.ts", "catalogue", offered ? "offer" : "unoffer", ...names], {
    env: { ...process.env, SWITCHBOARD_DATA_DIR: dataDir },
    encoding: "utf8",
  });
}
