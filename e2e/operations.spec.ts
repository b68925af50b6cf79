import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { dataDir, ports } from "../playwright.config";
import { card, cyclrApi, expect, test } from "./fixtures";

// Operations, as an operator sees them: request ids on every response and in the log, and a
// log (the app's own output, at debug level: tooling/local/start.ts keeps it in
// <data dir>/app.log) that holds none of the secrets a full connect handles.

const app = `http://localhost:${ports.app}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type LogLine = { level?: string; msg?: string; requestId?: string; route?: string; method?: string; status?: number; durationMs?: number };

const readLog = () => readFileSync(join(dataDir, "app.log"), "utf8");
const logLines = (): LogLine[] =>
  readLog()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as LogLine);

test("every response carries a request id: the client's own when it is sane, else a new one", async ({ page }) => {
  const mine = `ops-${randomUUID()}`;
  expect((await fetch(`${app}/api/health`, { headers: { "x-request-id": mine } })).headers.get("x-request-id")).toBe(mine);
  for (const bad of ["has spaces", "x".repeat(129), "caf\u00e9"]) {
    const response = await fetch(`${app}/api/health`, { headers: { "x-request-id": bad } });
    expect(response.headers.get("x-request-id")).toMatch(UUID);
  }
  // The API's routes set it themselves (the proxy does not run for /api), refusals included.
  const refused = await fetch(`${app}/api/v1/connect-sessions`, { method: "POST", headers: { "x-request-id": mine } });
  expect(refused.status).toBe(401);
  expect(refused.headers.get("x-request-id")).toBe(mine);
  const signIn = await page.goto("/admin/sign-in");
  expect(signIn?.headers()["x-request-id"]).toMatch(UUID);
  // The console still sends signed-out browsers to sign-in, with an id.
  const redirect = await fetch(`${app}/admin/accounts`, { redirect: "manual" });
  expect(redirect.status).toBe(307);
  expect(redirect.headers.get("location")).toContain("/admin/sign-in");
  expect(redirect.headers.get("x-request-id")).toMatch(UUID);
});

test("a full connect logs its requests with their ids, and no key, token, secret or typed credential", async ({ page, account, apiKey }) => {
  const oauth = await account.install("Salesforce");
  const form = await account.install("Mailchimp");

  // The host's backend mints a session, with its own request id.
  const mintId = `ops-mint-${randomUUID()}`;
  const minted = await fetch(`${app}/api/v1/connect-sessions`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json", "x-request-id": mintId },
    body: JSON.stringify({ accountId: account.id, userId: "ops-user" }),
  });
  expect(minted.status).toBe(201);
  expect(minted.headers.get("x-request-id")).toBe(mintId);
  const session = (await minted.json()) as { token: string; url: string };

  // The connect page's server actions: their lines are the ones logged from here on (the
  // proxy does not run for actions, whose bodies it would hold: no id on their answers).
  const logged = logLines().length;
  let actions = 0;
  page.on("response", (response) => {
    if (response.request().method() === "POST" && response.request().headers()["next-action"]) actions++;
  });
  await page.goto(session.url);

  // OAuth through the popup.
  const popupPromise = page.waitForEvent("popup");
  await page.getByRole("button", { name: `Connect ${oauth}` }).click();
  const popup = await popupPromise;
  await popup.getByRole("button", { name: "Approve" }).click();
  await expect(card(page, oauth).getByText("Connected", { exact: true })).toBeVisible();

  // An API key typed into the form, sent to Cyclr as the AuthValue.
  const authValue = `mc-${randomUUID()}-us21`;
  await page.getByRole("button", { name: `Connect ${form}` }).click();
  await page.getByLabel("API key").fill(authValue);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(card(page, form).getByText("Connected", { exact: true })).toBeVisible();
  expect(actions).toBeGreaterThanOrEqual(2);

  // Every secret of the flow: the host's key, the session token, the typed key, every token
  // the emulator issued (partner and account access tokens, refresh and sign-in tokens), the
  // stack's ENCRYPTION_KEY and AUTH_SECRET.
  const issued = (await (await fetch(`${cyclrApi}/__emulator/issued-tokens`)).json()) as { access: string[]; refresh: string[]; signIn: string[] };
  expect(issued.access.length).toBeGreaterThan(0);
  expect(issued.signIn.length).toBeGreaterThan(0);
  const stack = JSON.parse(readFileSync(join(dataDir, "secrets.json"), "utf8")) as { encryptionKey: string; authSecret: string };
  const secrets: [string, string][] = [
    ["host API key", apiKey],
    ["session token", session.token],
    ["typed AuthValue", authValue],
    ["ENCRYPTION_KEY", stack.encryptionKey],
    ["AUTH_SECRET", stack.authSecret],
    ...issued.access.map((token): [string, string] => ["Cyclr access token", token]),
    ...issued.refresh.map((token): [string, string] => ["Cyclr refresh token", token]),
    ...issued.signIn.map((token): [string, string] => ["Cyclr sign-in token", token]),
  ];

  // The log has the lines of those requests (so it is not empty, nor filtered)...
  const actionLines = () =>
    logLines()
      .slice(logged)
      .filter((line) => line.msg === "request" && line.route?.startsWith("action:"));
  await expect.poll(() => actionLines().length).toBeGreaterThanOrEqual(actions);
  for (const line of actionLines()) expect(line.requestId).toMatch(UUID);
  const lines = logLines();
  expect(lines.find((line) => line.requestId === mintId && line.msg === "request")).toMatchObject({
    level: "info",
    method: "POST",
    route: "/api/v1/connect-sessions",
    status: 201,
  });
  expect(actionLines().map((line) => `${line.route} ${line.status}`)).toEqual(
    expect.arrayContaining(["action:startConnect 200", "action:submitCredentials 200"]),
  );
  expect(lines.some((line) => line.level === "debug" && line.msg === "provider call")).toBe(true);
  // ...and the route patterns, never a raw path with a token or an id in it.
  expect(lines.filter((line) => line.msg === "request").every((line) => !line.route?.includes(account.id))).toBe(true);

  // ...and none of the secrets, as they are or URL-encoded.
  const log = readLog();
  for (const [what, value] of secrets) {
    expect(value.length, what).toBeGreaterThan(15);
    expect(log.includes(value) || log.includes(encodeURIComponent(value)), `${what} is in app.log`).toBe(false);
  }
});
