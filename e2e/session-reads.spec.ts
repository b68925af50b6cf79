import { createHash } from "node:crypto";
import { expect, test } from "@playwright/test";
import { ports } from "../playwright.config";
import { apiKey, deployment, freshDatabase, instancePorts, raw, startInstance, withDb, type Instance } from "./instances";
import { statementLog, type StatementLog } from "./pg-statements";

// How often one connect page load reads its session, counted on the wire between the app and
// PostgreSQL: the page (is the link valid?), its look (the session's appearance) and its
// language (the session's locale, for <html lang> in the layout) share one read per request,
// also when the link has expired (its notice is still drawn in the session's look and
// language). /embed/… is two requests' worth: proxy.ts reads the session's allowed origins
// for frame-ancestors before the page is rendered.

test.describe.configure({ mode: "serial" });

let log: StatementLog;
let solo: Instance;
let key: string;
let databaseUrl: string;
const account = `reads-${Date.now().toString(36)}`;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  databaseUrl = await freshDatabase("switchboard_session_reads");
  log = await statementLog(ports.postgres);
  const relayed = new URL(databaseUrl);
  relayed.port = String(log.port);
  const settings = deployment(relayed.toString(), `http://localhost:${instancePorts.solo}`, { SYNC_INTERVAL_MINUTES: "0" });
  key = await apiKey(settings);
  solo = await startInstance(instancePorts.solo, settings);
  const put = await fetch(`${solo.url}/api/v1/accounts/${account}`, {
    method: "PUT",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "Session reads" }),
  });
  expect(put.status).toBe(201);
});

test.afterAll(async () => {
  await solo?.stop();
  await log?.close();
});

async function mint(): Promise<string> {
  const minted = await fetch(`${solo.url}/api/v1/connect-sessions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ accountId: account, userId: "reader", locale: "de", appearance: { theme: "dark", accent: "#0f766e" } }),
  });
  expect(minted.status).toBe(201);
  return ((await minted.json()) as { token: string }).token;
}

/** Loads a page whole (its streamed parts included) and returns it with the session reads it made. */
async function load(path: string): Promise<{ status: number; body: string; sessionReads: string[] }> {
  log.clear();
  const page = await raw(solo.url, { path });
  const statements = log.statements();
  const sessionReads = statements.filter((sql) => sql.includes('"ConnectSession"'));
  test.info().annotations.push({
    type: "statements",
    description: `${path.split("/")[1]}: ${sessionReads.length} session reads, ${statements.length} statements in all`,
  });
  return { status: page.status, body: page.body, sessionReads };
}

test("a connect page load reads its session once: for the page, its look and its language", async () => {
  const token = await mint();
  // The first load also brings the account's connectors in from Cyclr.
  expect((await load(`/connect/${token}`)).status).toBe(200);

  const page = await load(`/connect/${token}`);
  expect(page.status).toBe(200);
  expect(page.body).toContain('<html lang="de"');
  expect(page.body).toContain('data-sb-theme="dark"');
  expect(page.body).toContain("--sb-host-accent:#0f766e");
  expect(page.sessionReads, page.sessionReads.join("\n")).toHaveLength(1);
});

test("an expired link's page reads its session once too, and still speaks its language in its look", async () => {
  const token = await mint();
  const hash = createHash("sha256").update(token).digest("hex");
  await withDb(databaseUrl, (client) => client.query(`UPDATE "ConnectSession" SET "expiresAt" = now() - interval '1 minute' WHERE "tokenHash" = $1`, [hash]));

  const page = await load(`/connect/${token}`);
  expect(page.status).toBe(200);
  expect(page.body).toContain("Dieser Link ist abgelaufen");
  expect(page.body).toContain('data-sb-theme="dark"');
  expect(page.sessionReads, page.sessionReads.join("\n")).toHaveLength(1);

  // Embedded: proxy.ts's read for frame-ancestors, then the page's one (which also tells the host frame).
  const embedded = await load(`/embed/${token}`);
  expect(embedded.status).toBe(200);
  expect(embedded.body).toContain("Diese Verbindungssitzung ist abgelaufen");
  expect(embedded.sessionReads, embedded.sessionReads.join("\n")).toHaveLength(2);
});
