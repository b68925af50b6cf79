import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "@playwright/test";
import { ports } from "../playwright.config";
import { createApiKey, expect, test, type TestAccount } from "./fixtures";

// Podero devices on the connect page: the Devices section after the apps, Podero's own page
// in a popup (the emulator's, on its own origin), and what the user sees afterwards. The
// host mints each session with the user's email, as README says it must.

const podero = `http://localhost:${ports.podero}`;
const app = `http://localhost:${ports.app}`;

type PoderoState = {
  users: { id: string; external_user_id: string | null; email: string }[];
  devices: { id: string; user_id: string; is_authenticated: boolean; device_model: { device_type: { short_name: string } } }[];
};

async function poderoState(): Promise<PoderoState> {
  const response = await fetch(`${podero}/__podero/state`);
  expect(response.status).toBe(200);
  return (await response.json()) as PoderoState;
}

/** The Podero devices of a host user (external_user_id `<Cyclr account id>/<user id>`). */
async function poderoDevicesOf(account: TestAccount, userId: string) {
  const state = await poderoState();
  const user = state.users.find((candidate) => candidate.external_user_id === `${account.id}/${userId}`);
  return { user, devices: state.devices.filter((device) => device.user_id === user?.id) };
}

async function hostStatus(apiKey: string, account: TestAccount, refresh = false) {
  const response = await fetch(`${app}/api/v1/accounts/${encodeURIComponent(account.id)}/connectors${refresh ? "?refresh=true" : ""}`, {
    headers: { authorization: `Bearer ${apiKey}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as {
    devices?: { id: string; type: string; manufacturer: string; model: string; status: string; provider: string; userId: string }[];
  };
}

async function openLink(account: TestAccount, apiKey: string, userId: string, user?: Record<string, string>): Promise<string> {
  const response = await account.mintSession(apiKey, { userId, ...(user ? { user } : {}) });
  expect(response.status).toBe(201);
  return ((await response.json()) as { url: string }).url;
}

const devices = (page: Page) => page.getByRole("region", { name: "Devices" });
const deviceCard = (page: Page, name: string) => devices(page).getByRole("article", { name });

/** Connects an EV through Podero's popup (Tesla, the first brand), from `page`'s Devices section. */
async function connectEv(page: Page) {
  const popupPromise = page.waitForEvent("popup");
  await devices(page).getByRole("button", { name: "Connect an electric vehicle" }).click();
  const popup = await popupPromise;
  await expect(popup.getByRole("heading", { level: 1 })).toBeVisible();
  expect(new URL(popup.url()).origin).toBe(podero);
  await popup.getByLabel("Electric vehicle").check();
  await popup.getByLabel("Tesla").check();
  const closed = popup.waitForEvent("close");
  await popup.getByRole("button", { name: "Approve" }).click();
  // Switchboard's return page tells this page and closes the popup.
  await closed;
}

test("an electric vehicle connected through Podero's popup is Connected, and still after a reload", async ({ page, account, apiKey }) => {
  const link = await openLink(account, apiKey, "ev-driver", { email: "ev-driver@example.com", firstName: "Eva" });
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Connect your apps" })).toBeVisible();
  // One card per offered type; nothing connected yet.
  for (const type of ["Electric vehicle", "Heat pump", "Battery inverter", "Wallbox"]) {
    await expect(deviceCard(page, type).getByText("Not connected", { exact: true })).toBeVisible();
  }
  await connectEv(page);
  const tesla = deviceCard(page, "Tesla Model 3");
  await expect(tesla.getByText("Connected", { exact: true })).toBeVisible();
  await expect(deviceCard(page, "Electric vehicle").getByText("Tesla Model 3 is connected.")).toBeVisible();
  await expect(devices(page).getByRole("button", { name: "Connect another electric vehicle" })).toBeEnabled();

  await page.reload();
  await expect(deviceCard(page, "Tesla Model 3").getByText("Connected", { exact: true })).toBeVisible();
  await expect(deviceCard(page, "Tesla Model 3")).toContainText("Electric vehicle · through Podero");

  // Podero has the user (by external_user_id) and the authenticated device; the host API lists it.
  const { user, devices: atPodero } = await poderoDevicesOf(account, "ev-driver");
  expect(user?.email).toBe("ev-driver@example.com");
  expect(atPodero.map((device) => [device.device_model.device_type.short_name, device.is_authenticated])).toEqual([["ev", true]]);
  expect((await hostStatus(apiKey, account)).devices).toEqual([
    expect.objectContaining({ provider: "Podero", userId: "ev-driver", type: "ev", manufacturer: "Tesla", model: "Model 3", status: "CONNECTED" }),
  ]);
});

test("Cancel on Podero's page leaves the type Not connected, with a way to try again", async ({ page, account, apiKey }) => {
  await page.goto(await openLink(account, apiKey, "hp-owner", { email: "hp-owner@example.com" }));
  const heatPump = deviceCard(page, "Heat pump");
  const popupPromise = page.waitForEvent("popup");
  await heatPump.getByRole("button", { name: "Connect a heat pump" }).click();
  const popup = await popupPromise;
  const closed = popup.waitForEvent("close");
  await popup.getByRole("button", { name: "Cancel" }).click();
  await closed;
  await expect(heatPump.getByText("No device was connected: you cancelled on Podero's page. You can try again.")).toBeVisible();
  await expect(heatPump.getByText("Not connected", { exact: true })).toBeVisible();
  await expect(heatPump.getByRole("button", { name: "Connect a heat pump" })).toBeEnabled();
  expect((await poderoDevicesOf(account, "hp-owner")).devices).toEqual([]);
  expect((await hostStatus(apiKey, account)).devices).toEqual([]);
});

test("a device that lapses at Podero shows Needs attention, and Reconnect makes it Connected again", async ({ page, account, apiKey }) => {
  await page.goto(await openLink(account, apiKey, "lapsing", { email: "lapsing@example.com" }));
  await connectEv(page);
  await expect(deviceCard(page, "Tesla Model 3").getByText("Connected", { exact: true })).toBeVisible();

  const [device] = (await poderoDevicesOf(account, "lapsing")).devices;
  const lapsed = await fetch(`${podero}/__podero/devices/${device!.id}/lapse`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  expect(lapsed.status).toBe(200);
  // The host's backend asks for fresh statuses (Podero sends no webhooks); the page shows what Switchboard now knows.
  expect((await hostStatus(apiKey, account, true)).devices).toEqual([expect.objectContaining({ status: "NEEDS_ATTENTION" })]);
  await page.reload();
  const tesla = deviceCard(page, "Tesla Model 3");
  await expect(tesla.getByText("Needs attention", { exact: true })).toBeVisible();
  await expect(tesla).toContainText("Podero needs you to sign in to Tesla Model 3 again.");

  const popupPromise = page.waitForEvent("popup");
  await tesla.getByRole("button", { name: "Reconnect Tesla Model 3" }).click();
  const popup = await popupPromise;
  const closed = popup.waitForEvent("close");
  await popup.getByRole("button", { name: "Approve" }).click();
  await closed;
  await expect(tesla.getByText("Connected", { exact: true })).toBeVisible();
  await expect(tesla.getByRole("button", { name: "Reconnect Tesla Model 3" })).toHaveCount(0);
  // The same device, signed in again: not a second one.
  expect((await poderoDevicesOf(account, "lapsing")).devices).toEqual([expect.objectContaining({ id: device!.id, is_authenticated: true })]);
  expect((await hostStatus(apiKey, account)).devices).toEqual([expect.objectContaining({ status: "CONNECTED" })]);
});

test("Podero's page expiring before the user finishes says so on the card", async ({ page, account, apiKey }) => {
  await page.goto(await openLink(account, apiKey, "slow-user", { email: "slow-user@example.com" }));
  const inverter = deviceCard(page, "Battery inverter");
  const popupPromise = page.waitForEvent("popup");
  await inverter.getByRole("button", { name: "Connect a battery inverter" }).click();
  const popup = await popupPromise;
  await expect(popup.getByRole("button", { name: "Approve" })).toBeVisible();
  const { user } = await poderoDevicesOf(account, "slow-user");
  const { onboardings } = (await (await fetch(`${podero}/__podero/state`)).json()) as { onboardings: { id: string; user_id: string }[] };
  const onboarding = onboardings.find((candidate) => candidate.user_id === user?.id);
  // The page's next poll finds the attempt expired at Podero, closes the popup and says so.
  const closed = popup.waitForEvent("close");
  expect((await fetch(`${podero}/__podero/onboarding/${onboarding!.id}/expire`, { method: "POST" })).status).toBe(200);
  await closed;
  await expect(inverter.getByText("Podero's page expired before the device was connected. You can try again.")).toBeVisible();
  await expect(inverter.getByRole("button", { name: "Connect a battery inverter" })).toBeEnabled();
});

test("without the user's email the device cards say the app must provide it", async ({ page, account, apiKey }) => {
  await page.goto(await openLink(account, apiKey, "anonymous"));
  const section = devices(page);
  await expect(section).toContainText("To connect a device, the app you came from must provide your email address.");
  for (const name of ["Connect an electric vehicle", "Connect a heat pump", "Connect a battery inverter", "Connect a wallbox"]) {
    await expect(section.getByRole("button", { name })).toBeDisabled();
  }
  expect((await poderoDevicesOf(account, "anonymous")).user).toBeUndefined();
});

test("with popups blocked, the device connects in the same tab and the tab comes back to the list", async ({ page, account, apiKey }) => {
  await page.addInitScript(() => {
    window.open = () => null;
  });
  const link = await openLink(account, apiKey, "no-popups", { email: "no-popups@example.com" });
  await page.goto(link);
  const wallbox = deviceCard(page, "Wallbox");
  await wallbox.getByRole("button", { name: "Connect a wallbox" }).click();
  await expect(wallbox.getByRole("alert")).toContainText("blocked");
  await wallbox.getByRole("button", { name: "Continue in this tab" }).click();
  await page.waitForURL((url) => url.origin === podero);
  await page.getByLabel("Easee").check();
  await page.getByRole("button", { name: "Approve" }).click();
  await page.waitForURL(link);
  await expect(deviceCard(page, "Easee Home").getByText("Connected", { exact: true })).toBeVisible();
});

test.describe("in the widget on a third origin", () => {
  let server: Server;
  let hostOrigin = "";
  let embedKey = "";

  test.beforeAll(async () => {
    // The host's page: mounts the widget with the SDK's script tag and lists the events it hears.
    server = createServer((request, response) => {
      const src = new URL(request.url ?? "/", "http://x").searchParams.get("embed");
      if (!src) return void response.writeHead(404).end();
      response.writeHead(200, { "content-type": "text/html" });
      response.end(`<!doctype html><title>Energy host</title><h1>Energy host</h1><div id="widget" style="width:600px"></div><ul id="events"></ul>
<script src="${new URL(src).origin}/sdk/switchboard.js"></script>
<script>
const log = (e) => { const li = document.createElement("li"); li.textContent = e.type + (e.device ? ": " + e.device.type + " " + e.device.name : ""); document.getElementById("events").appendChild(li); };
Switchboard.mount(document.getElementById("widget"), { url: ${JSON.stringify(src)}, onEvent: log });
</script>`);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    hostOrigin = `http://host-app.test:${(server.address() as AddressInfo).port}`;
    embedKey = createApiKey([hostOrigin]);
  });
  test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test("connects an electric vehicle through the popup from inside the iframe, and the host hears it", async ({ page, account }) => {
    const response = await account.mintSession(embedKey, { userId: "widget-driver", user: { email: "widget-driver@example.com" } });
    expect(response.status).toBe(201);
    const { embedUrl } = (await response.json()) as { embedUrl: string };
    await page.goto(`${hostOrigin}/?${new URLSearchParams({ embed: embedUrl })}`);
    const frame = page.frameLocator("iframe");
    const section = frame.getByRole("region", { name: "Devices" });
    await expect(section.getByRole("article", { name: "Electric vehicle" }).getByText("Not connected", { exact: true })).toBeVisible();
    const popupPromise = page.waitForEvent("popup");
    await section.getByRole("button", { name: "Connect an electric vehicle" }).click();
    const popup = await popupPromise;
    await popup.getByLabel("Volkswagen").check();
    await popup.getByRole("button", { name: "Approve" }).click();
    await expect(section.getByRole("article", { name: "Volkswagen ID.4" }).getByText("Connected", { exact: true })).toBeVisible();
    await expect(page.locator("#events")).toContainText("connected: ev Volkswagen ID.4");
  });

  test("with popups blocked in the frame, a new tab connects the device and the widget notices", async ({ page, account }) => {
    await page.addInitScript(() => {
      if (window.top !== window) window.open = () => null;
    });
    const response = await account.mintSession(embedKey, { userId: "new-tab-user", user: { email: "new-tab-user@example.com" } });
    const { embedUrl } = (await response.json()) as { embedUrl: string };
    await page.goto(`${hostOrigin}/?${new URLSearchParams({ embed: embedUrl })}`);
    const section = page.frameLocator("iframe").getByRole("region", { name: "Devices" });
    const heatPump = section.getByRole("article", { name: "Heat pump" });
    await heatPump.getByRole("button", { name: "Connect a heat pump" }).click();
    await expect(heatPump.getByRole("alert")).toContainText("blocked the sign-in window");
    const tabPromise = page.context().waitForEvent("page");
    await heatPump.getByRole("link", { name: "Open in a new tab" }).click();
    const tab = await tabPromise;
    await expect(heatPump.getByText("Waiting for you to finish in the other tab")).toBeVisible();
    // The new tab is the connect page of its own, where the popup is allowed.
    const popupPromise = tab.waitForEvent("popup");
    await tab.getByRole("region", { name: "Devices" }).getByRole("button", { name: "Connect a heat pump" }).click();
    const popup = await popupPromise;
    await popup.getByLabel("Daikin").check();
    await popup.getByRole("button", { name: "Approve" }).click();
    await expect(tab.getByRole("article", { name: "Daikin Altherma 3 H HT" }).getByText("Connected", { exact: true })).toBeVisible();
    await expect(section.getByRole("article", { name: "Daikin Altherma 3 H HT" }).getByText("Connected", { exact: true })).toBeVisible();
    await expect(heatPump.getByText("Waiting for you to finish in the other tab")).toHaveCount(0);
    await expect(page.locator("#events")).toContainText("connected: hp Daikin Altherma 3 H HT");
  });
});
