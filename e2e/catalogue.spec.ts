import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import pg from "pg";
import { INJECTION_NAME } from "../emulator/cyclr/seed";
import { dataDir } from "../playwright.config";
import { createAdmin, cyclrApi, cyclrCall, emulatorControl, expect, signIn, test } from "./fixtures";
import type { Page } from "@playwright/test";

// The catalogue page and the CLI against the running stack. The catalogue is read from the
// emulator with the page's own Refresh button; catalogues other than the emulator's seed
// (a Draft connector, a long list, two connectors of one name) are Cyclr's answer replaced
// for one read through the emulator's faults.

const password = "correct horse battery staple";
const admin = "e2e-catalogue-admin@example.com";
const viewer = "e2e-catalogue-viewer@example.com";

type Entry = { Id: number; Name: string; Description: string | null; Status: string | null; AuthType: string; Categories: string[] };

test.beforeAll(() => {
  createAdmin(admin, "admin", password);
  createAdmin(viewer, "viewer", password);
});

test.afterEach(async () => {
  await fetch(`${cyclrApi}/__emulator/faults`, { method: "DELETE" });
});

const emulatorCatalogue = () => cyclrCall<Entry[]>("/v1.0/connectors?pageSize=1000");

/** Cyclr answers the next catalogue reads with these pages, one read each. */
async function cyclrLists(...pages: Entry[][]): Promise<void> {
  for (const body of pages) await emulatorControl("faults", { method: "GET", path: "/v1.0/connectors", status: 200, body, times: 1 });
}

/** Clicks Refresh from Cyclr and waits for its result and the page's new rows. */
async function refreshFromCyclr(page: Page, result: string | RegExp = /Read [\d,]+ connectors? from Cyclr/): Promise<void> {
  await page.getByRole("button", { name: "Refresh from Cyclr" }).click();
  await expect(page.getByRole("status").filter({ hasText: "from Cyclr" })).toContainText(result);
  await expect(page.getByRole("button", { name: "Refresh from Cyclr" })).toBeEnabled();
}

/** The stack's data outlives a run: a test that offers starts from "not offered", set as an admin would. */
async function notOffered(page: Page, name: string): Promise<void> {
  const response = await page.request.post(`/api/admin/catalogue/${await catalogueId(name)}/unoffer`, { headers: { origin: new URL(page.url()).origin } });
  expect(response.status()).toBe(200);
}

const rows = (page: Page) => page.locator("tbody tr");
/** The console lists 50 connectors a page. */
const firstPage = (count: number) => Math.min(count, 50);
/** The catalogue page searched for one connector (the emulator's catalogue is longer than a page). */
const searchFor = (page: Page, name: string) => page.goto(`/admin/catalogue?${new URLSearchParams({ q: name })}`);
const row = (page: Page, name: string) => page.getByRole("row", { name, exact: true });
const axeSerious = async (page: Page) =>
  (await new AxeBuilder({ page }).analyze()).violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.nodes.length})`);

/** A catalogue connector's id, read from the running stack's database. */
async function catalogueId(name: string): Promise<string> {
  const { databaseUrl } = JSON.parse(readFileSync(join(dataDir, "runtime.json"), "utf8")) as { databaseUrl: string };
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const found = await client.query<{ id: string }>(`SELECT id FROM "CatalogueConnector" WHERE name = $1 AND "retiredAt" IS NULL`, [name]);
    expect(found.rows).toHaveLength(1);
    return found.rows[0]!.id;
  } finally {
    await client.end();
  }
}

test("an admin reads the catalogue from Cyclr, searches it, filters it by category, offers a connector and stops offering it", async ({ page }) => {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const listed = (await emulatorCatalogue()).length;
  await signIn(page, admin, password);
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Catalogue" }).click();
  await expect(page.getByRole("heading", { name: "Catalogue" })).toBeVisible();
  await refreshFromCyclr(page, `Read ${listed} connectors from Cyclr`);
  await notOffered(page, "HubSpot");
  await page.reload();
  await expect(rows(page)).toHaveCount(firstPage(listed));
  await searchFor(page, "Salesforce");
  const salesforce = row(page, "Salesforce");
  await expect(salesforce).toContainText("OAuth2");
  await expect(salesforce).toContainText("CRM");
  await expect(salesforce).toContainText("Salesforce connector");
  await expect(salesforce.getByText("Not offered")).toBeVisible();
  await expect(salesforce.locator("img")).toHaveAttribute("src", /^data:image\/svg\+xml;base64,/);
  // Third-party text is text: the name that would run script shows as written.
  await searchFor(page, "Evil CRM");
  const evil = row(page, INJECTION_NAME);
  await expect(evil.getByRole("cell").first()).toContainText(INJECTION_NAME);
  await expect(evil.locator('img[src="x"]')).toHaveCount(0);
  expect(await axeSerious(page)).toEqual([]);

  await page.getByLabel("Search").fill("sheets");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/[?&]q=sheets/);
  await expect(rows(page)).toHaveCount(1);
  await expect(row(page, "Google Sheets")).toBeVisible();

  await page.getByLabel("Search").fill("");
  await page.getByLabel("Category").selectOption("Marketing");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/[?&]category=Marketing/);
  const marketing = (await emulatorCatalogue()).filter((entry) => entry.Categories.includes("Marketing")).length;
  await expect(rows(page)).toHaveCount(firstPage(marketing));
  await expect(row(page, "HubSpot")).toBeVisible();
  await expect(row(page, "Mailchimp")).toBeVisible();

  const hubspot = row(page, "HubSpot");
  await hubspot.getByRole("button", { name: "Offer HubSpot" }).click();
  await expect(page.getByRole("status").filter({ hasText: "HubSpot is offered to end users." })).toBeVisible();
  await expect(hubspot.getByText("Offered", { exact: true })).toBeVisible();
  await expect(hubspot.getByRole("button", { name: "Stop offering HubSpot" })).toBeVisible();
  await page.reload();
  await expect(hubspot.getByText("Offered", { exact: true })).toBeVisible();

  await page.getByLabel("Offered", { exact: true }).selectOption("Offered only");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(rows(page)).toHaveCount(1);
  await hubspot.getByRole("button", { name: "Stop offering HubSpot" }).click();
  await expect(page.getByRole("status").filter({ hasText: "HubSpot is no longer offered to end users." })).toBeVisible();
  // Offered only, and none is any more.
  await expect(page.getByRole("cell", { name: "No connectors in the catalogue match." })).toBeVisible();

  await page.goto(`/admin/events?type=catalogue.&actor=${encodeURIComponent(admin)}`);
  await expect(page.getByRole("row").filter({ hasText: "HubSpot (5002) offered to end users" }).first()).toContainText("catalogue.offered");
  await expect(page.getByRole("row").filter({ hasText: "HubSpot (5002) no longer offered to end users" }).first()).toContainText("catalogue.unoffered");
  await expect(page.getByRole("row").filter({ hasText: "Catalogue read from Cyclr" }).first()).toContainText("catalogue.refreshed");
  expect(dialogs).toEqual([]);
});

test("a Draft connector shows why it cannot be offered, and offering it anyway is refused", async ({ page }) => {
  // The emulator lists one Draft (unreleased) connector, as Cyclr's catalogue may.
  const draft = (await emulatorCatalogue()).find((entry) => entry.Status === "Draft")!;
  expect(draft).toBeDefined();

  await signIn(page, admin, password);
  await page.goto("/admin/catalogue");
  await refreshFromCyclr(page);
  await searchFor(page, "Zendesk");
  const zendesk = row(page, draft.Name);
  await expect(zendesk).toContainText("Its status at Cyclr is Draft: only released connectors can be offered.");
  await expect(zendesk.getByText("Not offered")).toBeVisible();
  await expect(zendesk.getByRole("button")).toHaveCount(0);

  const forced = await page.request.post(`/api/admin/catalogue/${await catalogueId(draft.Name)}/offer`, { headers: { origin: new URL(page.url()).origin } });
  expect(forced.status()).toBe(400);
  expect(((await forced.json()) as { error: { message: string } }).error.message).toContain("Draft");
  await page.reload();
  await expect(zendesk.getByText("Not offered")).toBeVisible();
});

test("a long catalogue is listed 50 connectors a page, by name, with Next and Previous page", async ({ page }) => {
  const seed = await emulatorCatalogue();
  const long = Array.from({ length: 120 }, (_, i) => ({ ...seed[0]!, Id: 7000 + i, Name: `Bulk ${String(i + 1).padStart(3, "0")}`, Categories: ["Bulk"] }));
  await cyclrLists(long.slice(0, 100), long.slice(100)); // Cyclr's two pages of 100

  await signIn(page, admin, password);
  await page.goto("/admin/catalogue");
  await refreshFromCyclr(page, `Read 120 connectors from Cyclr; ${seed.length} connectors no longer listed there.`);
  await expect(rows(page)).toHaveCount(50);
  await expect(rows(page).first()).toHaveAccessibleName("Bulk 001");
  await page.getByRole("link", { name: "Next page →" }).click();
  await expect(page).toHaveURL(/[?&]after=/);
  await expect(rows(page).first()).toHaveAccessibleName("Bulk 051");
  await expect(rows(page)).toHaveCount(50);
  await page.getByRole("link", { name: "Next page →" }).click();
  await expect(rows(page).first()).toHaveAccessibleName("Bulk 101");
  await expect(rows(page)).toHaveCount(20);
  await expect(page.getByRole("link", { name: "Next page →" })).toHaveCount(0);
  // And back: Previous page twice reaches the first page, which has no Previous.
  await page.getByRole("link", { name: "← Previous page" }).click();
  await expect(page).toHaveURL(/[?&]before=/);
  await expect(rows(page).first()).toHaveAccessibleName("Bulk 051");
  await expect(rows(page)).toHaveCount(50);
  await page.getByRole("link", { name: "← Previous page" }).click();
  await expect(rows(page).first()).toHaveAccessibleName("Bulk 001");
  await expect(rows(page)).toHaveCount(50);
  await expect(page.getByRole("link", { name: "← Previous page" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Next page →" })).toHaveCount(1);

  await page.goto("/admin/catalogue");
  await refreshFromCyclr(page, `Read ${seed.length} connectors from Cyclr; 120 connectors no longer listed there.`);
  await expect(rows(page)).toHaveCount(firstPage(seed.length));
});

test("a viewer sees what is offered but no buttons, and a forged offer or refresh is refused", async ({ page }) => {
  await signIn(page, admin, password);
  await page.goto("/admin/catalogue");
  await refreshFromCyclr(page);
  await notOffered(page, "Salesforce");
  await page.context().clearCookies();

  await signIn(page, viewer, password);
  await searchFor(page, "Salesforce");
  const salesforce = row(page, "Salesforce");
  await expect(salesforce.getByText("Not offered")).toBeVisible();
  await expect(page.getByRole("button", { name: /^(Offer|Stop offering) / })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Refresh from Cyclr" })).toHaveCount(0);
  expect(await axeSerious(page)).toEqual([]);

  const origin = new URL(page.url()).origin;
  const forged = await page.request.post(`/api/admin/catalogue/${await catalogueId("Salesforce")}/offer`, { headers: { origin } });
  expect(forged.status()).toBe(403);
  expect((await page.request.post("/api/admin/catalogue/refresh", { headers: { origin } })).status()).toBe(403);
  await page.reload();
  await expect(salesforce.getByText("Not offered")).toBeVisible();
});

/**
 * Runs the CLI against this stack: exit status, stdout, stderr. Not spawnSync: a blocked event
 * loop would keep idle keep-alive sockets to the emulator that it has closed meanwhile.
 */
function cli(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn("npx", ["tsx", "--conditions=react-server", "tooling/cli/index.ts", "catalogue", ...args], {
    env: { ...process.env, SWITCHBOARD_DATA_DIR: dataDir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

test("the CLI lists the catalogue and offers and unoffers by id or name, refusing an unknown or shared name", async () => {
  const seed = await emulatorCatalogue();
  const jira = seed.find((entry) => entry.Name === "Jira")!;
  await cyclrLists([...seed, { ...jira, Id: 5998, Name: "JIRA" }]);

  const listed = await cli("list", "--refresh");
  expect(listed.status).toBe(0);
  expect(listed.stderr).toContain(`Read ${seed.length + 1} connectors from Cyclr`);
  expect(listed.stderr).toContain("id\tname\tauth type\toffered\n");
  const lines = listed.stdout.trim().split("\n");
  expect(lines).toHaveLength(seed.length + 1);
  expect(lines).toContainEqual(expect.stringMatching(/^5001\tSalesforce\tOAuth2\t(yes|no)$/));
  expect(lines).toContain("5998\tJIRA\tBasic\tno");
  expect((await cli("unoffer", "5001", "5003", "5006")).status).toBe(0); // the stack's data outlives a run

  const shared = await cli("offer", "Salesforce", "jira", "Zendsk");
  expect(shared.status).toBe(2);
  expect(shared.stderr).toMatch(/"jira" names 2 connectors: .*Jira \(5006\)/);
  expect(shared.stderr).toContain("JIRA (5998)");
  expect(shared.stderr).toContain('No connector in the catalogue is called "Zendsk".');
  expect(shared.stderr).toContain("Nothing was changed.");
  expect(shared.stdout).toBe("");
  expect((await cli("list")).stdout).toContain("5001\tSalesforce\tOAuth2\tno");

  const offered = await cli("offer", "5006", "google sheets");
  expect(offered.status).toBe(0);
  expect(offered.stdout).toBe("Google Sheets (5003) is now offered to end users.\nJira (5006) is now offered to end users.\n");
  const after = await cli("list");
  expect(after.stdout).toContain("5006\tJira\tBasic\tyes");
  expect(after.stdout).toContain("5003\tGoogle Sheets\tOAuth2\tyes");
  expect(after.stdout).toContain("5998\tJIRA\tBasic\tno");

  expect((await cli("unoffer", "Jira", "5003")).status).toBe(2); // still two connectors' name
  const byId = await cli("unoffer", "5006", "5003", "5001");
  expect(byId.status).toBe(0);
  expect(byId.stdout).toBe("Google Sheets (5003) is no longer offered to end users.\nJira (5006) is no longer offered to end users.\n");
  expect(byId.stderr).toContain("Salesforce (5001) was not offered before: unchanged.");

  // Cyclr's own catalogue again.
  expect((await cli("list", "--refresh")).stderr).toContain(`Read ${seed.length} connectors from Cyclr; 1 no longer listed there.`);
});
