import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import AxeBuilder from "@axe-core/playwright";
import { Webhook } from "standardwebhooks";
import { card, createAdmin, cyclrApi, emulatorControl, expect, signIn, test } from "./fixtures";

const password = "correct horse battery staple";
const admin = "e2e-auditor@example.com";

test.beforeAll(() => createAdmin(admin, "admin", password));

test("the audit trail filters by account and exports the filtered rows as CSV", async ({ page, account }) => {
  await account.install("Salesforce");
  await account.connectLink("audited-user");
  await signIn(page, admin, password);
  await page.goto("/admin/events");
  await page.getByLabel("Account").fill(account.id);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByRole("cell", { name: "session.created", exact: true })).toBeVisible();
  const rows = page.locator("tbody tr");
  await expect(rows).toHaveCount(1);

  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^switchboard-events-\d{4}-\d\d-\d\d\.csv$/);
  const lines = readFileSync(await download.path(), "utf8")
    .trim()
    .split("\r\n");
  expect(lines[0]).toBe("time,type,outcome,actor_type,actor,account,connector,message");
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain("session.created");
  expect(lines[1]).toContain(account.id);
});

test("an admin creates an API key (shown once) and revokes it, after which the host API refuses it", async ({ page, request }) => {
  await signIn(page, admin, password);
  await page.goto("/admin/api-keys");
  const name = `e2e-${Date.now()}`;
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create API key" }).click();
  const key = await page.getByLabel("New API key").inputValue();
  expect(key).toMatch(/^sb_/);

  const ok = await request.post("/api/v1/connect-sessions", { headers: { authorization: `Bearer ${key}` }, data: { accountId: "acme-corp", userId: "u" } });
  expect(ok.status()).toBe(201);

  await page.getByRole("button", { name: `Revoke ${name}` }).click();
  await page
    .getByRole("alertdialog", { name: `Revoke the key “${name}”?` })
    .getByRole("button", { name: "Revoke key" })
    .click();
  await expect(page.getByRole("row", { name: new RegExp(name) }).getByText("revoked")).toBeVisible();
  const refused = await request.post("/api/v1/connect-sessions", {
    headers: { authorization: `Bearer ${key}` },
    data: { accountId: "acme-corp", userId: "u" },
  });
  expect(refused.status()).toBe(401);
});

test("an admin sets a key's embedding origins and webhook; a connection is delivered signed and shows in the delivery log", async ({
  page,
  browser,
  account,
}) => {
  // The host's webhook receiver: a real server on this machine.
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      response.end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;

  try {
    await signIn(page, admin, password);
    await page.goto("/admin/api-keys");
    const name = `hooks-${Date.now()}`;
    const create = page.getByRole("form", { name: "Create an API key" });
    // Bad input is refused with a reason, and no key is made.
    await create.getByLabel("Name").fill(`${name}-bad`);
    await create.getByLabel("Webhook URL (optional)").fill("http://example.com/hooks");
    await create.getByRole("button", { name: "Create API key" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Webhook URL" })).toContainText("Use https");
    await create.getByLabel("Webhook URL (optional)").fill("");
    await create.getByLabel("Origins allowed to embed (one per line)").fill("https://*.example.com");
    await create.getByRole("button", { name: "Create API key" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Allowed origins" })).toContainText("wildcards are not allowed");
    await expect(page.getByRole("row", { name: new RegExp(`${name}-bad`) })).toHaveCount(0);

    await create.getByLabel("Name").fill(name);
    await create.getByLabel("Origins allowed to embed (one per line)").fill("https://app.example.com");
    await create.getByLabel("Webhook URL (optional)").fill(hookUrl);
    await create.getByRole("button", { name: "Create API key" }).click();
    const key = await page.getByLabel("New API key").inputValue();
    const secret = await page.getByLabel("Webhook signing secret").inputValue();
    expect(secret).toMatch(/^whsec_/);
    const row = page.getByRole("row", { name: new RegExp(name) });
    await expect(row).toContainText("https://app.example.com");
    await expect(row).toContainText(hookUrl);

    // Edit the origins: a session may now ask for the new one.
    await row.getByText("Settings").click();
    const settings = page.getByRole("form", { name: `Settings for ${name}` });
    await settings.getByLabel("Origins allowed to embed (one per line)").fill("https://app.example.com\nhttps://staging.example.com");
    await settings.getByRole("button", { name: "Save" }).click();
    await expect(settings.getByText("Saved.")).toBeVisible();
    // The settings are a modal dialog: the table is out of reach until it is closed.
    await page
      .getByRole("dialog", { name: `Settings for “${name}”` })
      .getByRole("button", { name: "Close" })
      .click();
    await expect(row).toContainText("https://staging.example.com");
    expect((await account.mintSession(key, { allowedOrigins: ["https://staging.example.com"] })).status).toBe(201);
    const bad = await account.mintSession(key, { allowedOrigins: ["https://evil.example.com"] });
    expect(bad.status).toBe(400);

    // An end user connects with a link minted by this key; the webhook arrives, signed.
    const salesforce = await account.install("Salesforce");
    const { url } = (await (await account.mintSession(key)).json()) as { url: string };
    const user = await browser.newPage();
    await user.goto(url);
    const popupPromise = user.waitForEvent("popup");
    await card(user, salesforce)
      .getByRole("button", { name: `Connect ${salesforce}` })
      .click();
    await (await popupPromise).getByRole("button", { name: "Approve" }).click();
    await expect(card(user, salesforce).getByText("Connected", { exact: true })).toBeVisible();
    await user.close();

    await expect.poll(() => received.length).toBe(1);
    const [hook] = received;
    expect(new Webhook(secret).verify(hook!.body, hook!.headers as Record<string, string>)).toBeTruthy();
    expect(JSON.parse(hook!.body)).toMatchObject({ type: "connector.connected", data: { account: { id: account.id }, connector: { name: salesforce } } });

    await page.goto("/admin/webhooks");
    const delivery = page.getByRole("row").filter({ hasText: name });
    await expect(delivery).toContainText("connector.connected");
    await expect(delivery).toContainText("Delivered");

    // A test event on request, signed like the rest.
    await page.goto("/admin/api-keys");
    await row.getByText("Settings").click();
    await settings.getByRole("button", { name: "Send test event" }).click();
    await expect(settings.getByText("Test event queued")).toBeVisible();
    await expect.poll(() => received.length).toBe(2);
    expect(JSON.parse(received[1]!.body)).toMatchObject({ type: "webhook.test" });
    expect(new Webhook(secret).verify(received[1]!.body, received[1]!.headers as Record<string, string>)).toBeTruthy();
  } finally {
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
});

test("admin pages have no serious accessibility violations", async ({ page }) => {
  await signIn(page, admin, password);
  for (const path of ["/admin", "/admin/accounts", "/admin/connectors", "/admin/events", "/admin/api-keys", "/admin/webhooks"]) {
    await page.goto(path);
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => `${path}: ${v.id} (${v.nodes.length})`)).toEqual([]);
  }
  await page.context().clearCookies();
  await page.goto("/admin/sign-in");
  const signInResults = await new AxeBuilder({ page }).analyze();
  expect(signInResults.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
});

test("Sync now runs in the background, shows its progress and its result; the audit trail records it", async ({ page }) => {
  await signIn(page, admin, password);
  // Cyclr is slow today: the first account connector lists take 1.5 s each, so progress shows.
  await emulatorControl("faults", { method: "GET", path: "/v1.0/account/connectors", latencyMs: 1500, times: 16 });
  await page.getByRole("button", { name: "Sync now" }).click();
  const status = page.getByRole("status").filter({ hasText: /Sync/ });
  await expect(status).toContainText(/Syncing with Cyclr: [\d,]+ accounts? so far/);
  await expect(page.getByRole("button", { name: "Syncing…" })).toBeDisabled();
  await fetch(`${cyclrApi}/__emulator/faults`, { method: "DELETE" }); // the rest of the sync at full speed
  await expect(status).toContainText(/Synced [\d,]+ accounts in [\d.]+ s\./, { timeout: 30_000 });
  await expect(page.getByRole("button", { name: "Sync now" })).toBeEnabled();
  await page.goto("/admin/events?type=sync.completed");
  await expect(page.getByRole("cell", { name: "sync.completed", exact: true }).first()).toBeVisible();
});

test("an account deleted at Cyclr is retired by the next sync and listed under Retired accounts", async ({ page, account }) => {
  await account.install("Salesforce");
  await account.connectLink(); // Switchboard knows the account now
  await account.removeAtCyclr();
  await signIn(page, admin, password);
  await page.getByRole("button", { name: "Sync now" }).click();
  await expect(page.getByRole("status").filter({ hasText: /Sync/ })).toContainText(
    /Synced [\d,]+ accounts in [\d.]+ s; retired [\d,]+ that Cyclr no longer lists\./,
    { timeout: 30_000 },
  );

  await page.goto(`/admin/accounts?q=${encodeURIComponent(account.id)}`);
  await expect(page.getByRole("cell", { name: account.id })).toHaveCount(0);
  await page.getByRole("link", { name: "Retired accounts" }).click();
  await expect(page.getByRole("heading", { name: "Retired accounts" })).toBeVisible();
  await page.getByLabel("Search").fill(account.id);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/retired=1/);
  await page.getByRole("link", { name: /^E2E / }).first().click();
  await expect(page.getByRole("note")).toContainText("Cyclr no longer lists this account");
});
