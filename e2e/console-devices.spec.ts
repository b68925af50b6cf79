import AxeBuilder from "@axe-core/playwright";
import { ports } from "../playwright.config";
import { createAdmin, expect, signIn, test, type TestAccount } from "./fixtures";
import type { Page } from "@playwright/test";

// Podero devices as an admin sees them: an account's Devices section with their statuses and
// Podero's action, the connectors list's Provider column and filter, a device that lapses at
// Podero showing Needs attention after the sync without a reload, and device events in the
// audit trail. The device is connected through the real flow (Podero's page, Approve, the
// return page); a second one is seeded at the Podero emulator and read by the host API's refresh.

const password = "correct horse battery staple";
const admin = "e2e-console-devices@example.com";
const app = `http://localhost:${ports.app}`;
const poderoUrl = `http://localhost:${ports.podero}`;
const shots = "test-results/console-devices";

test.beforeAll(() => createAdmin(admin, "admin", password));

const axeSerious = async (page: Page) =>
  (await new AxeBuilder({ page }).analyze()).violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.nodes.length})`);

async function podero<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${poderoUrl}/__podero/${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`podero ${path} → ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

type PoderoState = { users: { id: string; external_user_id: string | null }[]; devices: { id: string; user_id: string }[] };

/** A user of the account connects an electric vehicle through Podero's page, as the connect page's tab flow does; returns their Podero user id and the device's. */
async function connectEv(page: Page, account: TestAccount, apiKey: string, userId: string) {
  const minted = await account.mintSession(apiKey, { userId, user: { email: `${userId}@example.com`, firstName: "Ada" } });
  expect(minted.status).toBe(201);
  const { token } = (await minted.json()) as { token: string };
  const started = await fetch(`${app}/api/connect/devices/attempts`, {
    method: "POST",
    headers: { "x-switchboard-session": token, "content-type": "application/json" },
    body: JSON.stringify({ type: "ev", mode: "REDIRECT" }),
  });
  expect(started.status).toBe(201);
  const { attemptId, url } = (await started.json()) as { attemptId: string; url: string };
  await page.goto(url);
  await page.getByRole("button", { name: "Approve" }).click();
  await page.waitForURL(/\/connect\//);
  await expect
    .poll(async () => {
      const polled = await fetch(`${app}/api/connect/devices/attempts/${attemptId}`, { headers: { "x-switchboard-session": token } });
      return ((await polled.json()) as { status: string }).status;
    })
    .toBe("SUCCEEDED");
  const state = await podero<PoderoState>("state");
  const user = state.users.find((one) => one.external_user_id === `${account.id}/${userId}`)!;
  const ev = state.devices.find((one) => one.user_id === user.id)!;
  return { poderoUserId: user.id, evId: ev.id };
}

test("an account's devices, the connectors list's provider column and filter, a lapse seen after the sync", async ({ page, account, apiKey, browser }) => {
  const crm = await account.install("HubSpot");
  const user = await browser.newPage();
  const { poderoUserId, evId } = await connectEv(user, account, apiKey, "driver-1");
  await user.close();
  // A heat pump the same user has at Podero; the host API's refresh reads it into Switchboard.
  await podero("devices", { user_id: poderoUserId, device_type: "hp", brand: "daikin" });
  const refreshed = await fetch(`${app}/api/v1/accounts/${encodeURIComponent(account.id)}/connectors?refresh=true`, {
    headers: { authorization: `Bearer ${apiKey}` },
  });
  expect(((await refreshed.json()) as { devices: unknown[] }).devices).toHaveLength(2);

  await signIn(page, admin, password);
  // The connectors list: the account's connector and its devices, each with its provider.
  await page.goto(`/admin/connectors?q=${encodeURIComponent(account.id)}`);
  const table = page.getByRole("table");
  await expect(table.getByRole("columnheader", { name: "Provider" })).toBeVisible();
  const tesla = table.getByRole("row", { name: /^Tesla Model 3 of / });
  const daikin = table.getByRole("row", { name: /^Daikin Altherma 3 H HT of / });
  const hubspot = table.getByRole("row", { name: new RegExp(`^${crm} of `) });
  await expect(tesla.getByRole("cell", { name: "Podero", exact: true })).toBeVisible();
  await expect(tesla.getByText("Electric vehicle · user driver-1")).toBeVisible();
  await expect(tesla.getByText("Connected", { exact: true })).toBeVisible();
  await expect(daikin.getByRole("cell", { name: "Podero", exact: true })).toBeVisible();
  await expect(hubspot.getByRole("cell", { name: "Cyclr", exact: true })).toBeVisible();
  await expect(table.getByRole("row")).toHaveCount(4);
  await page.screenshot({ path: `${shots}/connectors-all.png`, fullPage: true });

  // The Podero filter: only devices (and it stays in the address); the Cyclr filter: only connectors.
  await page.getByLabel("Provider").selectOption({ label: "Podero" });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/provider=podero/);
  await expect(table.getByRole("row")).toHaveCount(3);
  await expect(tesla).toBeVisible();
  await expect(daikin).toBeVisible();
  await expect(hubspot).toHaveCount(0);
  await expect(page.getByLabel("Provider")).toHaveValue("podero");
  await page.screenshot({ path: `${shots}/connectors-podero.png`, fullPage: true });
  await page.getByLabel("Provider").selectOption({ label: "Cyclr" });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/provider=cyclr/);
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(hubspot).toBeVisible();
  await expect(tesla).toHaveCount(0);

  // The account page: its Devices, with their users and statuses.
  await page.goto(`/admin/connectors?q=${encodeURIComponent(account.id)}`);
  await hubspot.getByRole("link").click();
  await expect(page).toHaveURL(/\/admin\/accounts\/[0-9a-f-]+$/);
  const devices = page.getByRole("region", { name: "Devices" });
  const accountTesla = devices.getByRole("row", { name: "Tesla Model 3 of driver-1" });
  const accountDaikin = devices.getByRole("row", { name: "Daikin Altherma 3 H HT of driver-1" });
  await expect(accountTesla.getByText("Connected", { exact: true })).toBeVisible();
  await expect(accountTesla.getByText("driver-1@example.com")).toBeVisible();
  await expect(accountTesla.getByText("succeeded", { exact: true })).toBeVisible();
  await expect(accountDaikin.getByText("Heat pump")).toBeVisible();
  await expect(accountDaikin.getByText("Connected", { exact: true })).toBeVisible();
  // The account's connectors table holds its Cyclr connectors only.
  await expect(page.getByRole("region", { name: "Connectors" }).getByRole("row")).toHaveCount(2);
  await page.screenshot({ path: `${shots}/account-connected.png`, fullPage: true });

  // The EV lapses at Podero; Sync now (from another tab) finds it, and this page shows it without a reload.
  await podero(`devices/${evId}/lapse`, {});
  const overview = await page.context().newPage();
  await overview.goto("/admin");
  // The overview counts connectors: its counts link to the connectors list's Cyclr rows.
  await expect(overview.locator('a[href^="/admin/connectors?status=CONNECTED"]')).toHaveAttribute("href", "/admin/connectors?status=CONNECTED&provider=cyclr");
  await overview.getByRole("button", { name: "Sync now" }).click();
  await expect(overview.getByText(/^Synced /)).toBeVisible({ timeout: 30_000 });
  await overview.close();
  await expect(accountTesla.getByText("Needs attention", { exact: true })).toBeVisible();
  await expect(accountTesla.getByText("Podero asks: reauthenticate")).toBeVisible();
  await expect(accountTesla.getByText("State at Podero: authentication expired")).toBeVisible();
  await expect(accountDaikin.getByText("Connected", { exact: true })).toBeVisible();
  await page.reload();
  await expect(accountTesla.getByText("Needs attention", { exact: true })).toBeVisible();
  // Its timeline tells it, naming the device.
  const told = page.getByRole("region", { name: "Timeline" }).getByRole("listitem").filter({ hasText: "device.needs_attention" });
  await expect(told.getByText("Tesla Model 3", { exact: true })).toBeVisible();
  await page.screenshot({ path: `${shots}/account-lapsed.png`, fullPage: true });
  expect(await axeSerious(page)).toEqual([]);

  // The connectors list's status filter: Needs attention is the lapsed device alone.
  await page.goto(`/admin/connectors?q=${encodeURIComponent(account.id)}&status=NEEDS_ATTENTION`);
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(tesla.getByText("Needs attention", { exact: true })).toBeVisible();
  await expect(tesla.getByText("Podero asks: reauthenticate")).toBeVisible();
  await page.screenshot({ path: `${shots}/connectors-needs-attention.png`, fullPage: true });
  expect(await axeSerious(page)).toEqual([]);

  // The audit trail: the device events, named by their device.
  await page.goto(`/admin/events?account=${encodeURIComponent(account.id)}&type=device.`);
  const events = page.getByRole("table");
  await expect(events.getByRole("columnheader", { name: "Connector or device" })).toBeVisible();
  const lapsed = events.getByRole("row").filter({ hasText: "device.needs_attention" });
  await expect(lapsed.getByRole("cell", { name: "Tesla Model 3", exact: true })).toBeVisible();
  await expect(lapsed.getByText("Podero reports Tesla Model 3 needs attention")).toBeVisible();
  await expect(events.getByRole("row").filter({ hasText: "device.connected" })).toHaveCount(2);
  await page.screenshot({ path: `${shots}/events-devices.png`, fullPage: true });
});

test("an account without devices says so", async ({ page, account, apiKey }) => {
  await account.install("HubSpot");
  // The account reaches Switchboard through the host API's read (an account it has not seen is read from Cyclr).
  const read = await fetch(`${app}/api/v1/accounts/${encodeURIComponent(account.id)}/connectors`, { headers: { authorization: `Bearer ${apiKey}` } });
  expect(read.status).toBe(200);
  await signIn(page, admin, password);
  await page.goto(`/admin/connectors?q=${encodeURIComponent(account.id)}`);
  await page.getByRole("row").nth(1).getByRole("link").click();
  await expect(page).toHaveURL(/\/admin\/accounts\/[0-9a-f-]+$/);
  await expect(
    page.getByRole("region", { name: "Devices" }).getByText("No devices yet: none of this account's users has connected one through Podero."),
  ).toBeVisible();
  await page.screenshot({ path: `${shots}/account-no-devices.png`, fullPage: true });
});
