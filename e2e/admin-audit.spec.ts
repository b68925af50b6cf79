import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { createAdmin, expect, signIn, test } from "./fixtures";

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
  const lines = readFileSync((await download.path())!, "utf8").trim().split("\r\n");
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

  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: `Revoke ${name}` }).click();
  await expect(page.getByRole("row", { name: new RegExp(name) }).getByText("revoked")).toBeVisible();
  const refused = await request.post("/api/v1/connect-sessions", { headers: { authorization: `Bearer ${key}` }, data: { accountId: "acme-corp", userId: "u" } });
  expect(refused.status()).toBe(401);
});

test("admin pages have no serious accessibility violations", async ({ page }) => {
  await signIn(page, admin, password);
  for (const path of ["/admin", "/admin/accounts", "/admin/connectors", "/admin/events", "/admin/api-keys"]) {
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
