import type { Page } from "@playwright/test";
import { card, cyclrApi, cyclrService, emulatorControl, expect, test } from "./fixtures";

const WAITING = "Waiting for you to authorize in the popup…";

async function openPopup(page: Page, connector: string) {
  const popupPromise = page.waitForEvent("popup");
  await page.getByRole("button", { name: `Connect ${connector}` }).click();
  const popup = await popupPromise;
  await popup.waitForURL(/\/connectorauth\/updateaccountconnectoroauth/);
  return popup;
}

test("connecting an OAuth app through the popup shows Connected, also after a reload", async ({ page, account }) => {
  const name = await account.install("Salesforce");
  await page.goto(await account.connectLink());
  await expect(card(page, name).getByText("Not connected", { exact: true })).toBeVisible();

  const popup = await openPopup(page, name);
  await expect(card(page, name).getByText(WAITING)).toBeVisible();
  const url = new URL(popup.url());
  expect(url.origin).toBe(cyclrService);
  expect(url.searchParams.get("targetOrigin")).toBe(new URL(page.url()).origin);
  await expect(popup.getByRole("heading", { name: `Authorize ${name}` })).toBeVisible();
  await popup.getByRole("button", { name: "Approve" }).click();

  await expect(card(page, name).getByText("Connected", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: `Disconnect ${name}` })).toBeVisible();
  await page.reload();
  await expect(card(page, name).getByText("Connected", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: `Reconnect ${name}` })).toBeVisible();
});

/** After the popup went away without an authorization: Not connected, and a second try connects. */
async function expectClosedThenRetry(page: Page, name: string) {
  await expect(card(page, name).getByText(/was closed before .* was connected/)).toBeVisible();
  await expect(card(page, name).getByText("Not connected", { exact: true })).toBeVisible();
  const retry = await openPopup(page, name);
  await retry.getByRole("button", { name: "Approve" }).click();
  await expect(card(page, name).getByText("Connected", { exact: true })).toBeVisible();
}

test("denying in the popup leaves the app Not connected and it can be tried again", async ({ page, account }) => {
  const name = await account.install("Salesforce");
  await page.goto(await account.connectLink());
  const popup = await openPopup(page, name);
  const closed = popup.waitForEvent("close");
  await popup.getByRole("button", { name: "Deny" }).click();
  await closed;
  await expectClosedThenRetry(page, name);
});

test("closing the popup leaves the app Not connected and a retry works", async ({ page, account }) => {
  const name = await account.install("Salesforce");
  await page.goto(await account.connectLink());
  const popup = await openPopup(page, name);
  await popup.close();
  await expectClosedThenRetry(page, name);
});

test("when the popup loses its opener (COOP) the page still ends Connected by polling", async ({ page, account }) => {
  const name = await account.install("Salesforce");
  await emulatorControl("scenario", { coop: true });
  try {
    await page.goto(await account.connectLink());
    const popup = await openPopup(page, name);
    expect(await popup.evaluate(() => window.opener === null)).toBe(true);
    await popup.getByRole("button", { name: "Approve" }).click();
    await expect(card(page, name).getByText("Connected", { exact: true })).toBeVisible({ timeout: 15_000 });
  } finally {
    await emulatorControl("scenario", { coop: false });
  }
});

test("a blocked popup offers the redirect flow, which returns to the list Connected", async ({ page, account }) => {
  const name = await account.install("Salesforce");
  await page.addInitScript(() => {
    window.open = () => null;
  });
  const link = await account.connectLink();
  await page.goto(link);
  await page.getByRole("button", { name: `Connect ${name}` }).click();
  await expect(card(page, name).getByRole("alert")).toContainText("blocked");
  await card(page, name).getByRole("button", { name: "Continue in this tab" }).click();

  await page.waitForURL(/\/connectorauth\/updateaccountconnectoroauth/);
  await page.getByRole("button", { name: "Approve" }).click();
  await page.waitForURL(link);
  await expect(card(page, name).getByText("Connected", { exact: true })).toBeVisible();
});

test("messages from another origin, another window or with the wrong payload change nothing", async ({ page, account }) => {
  const name = await account.install("Salesforce");
  await page.goto(await account.connectLink());
  const popup = await openPopup(page, name);
  const callbackMessage = new URL(popup.url()).searchParams.get("callbackMessage");
  expect(callbackMessage).toBeTruthy();
  const appOrigin = new URL(page.url()).origin;

  // Counts messages as they reach the page, so the checks below wait on delivery, not time.
  await page.evaluate(() => {
    (window as unknown as { seen: number }).seen = 0;
    window.addEventListener("message", () => (window as unknown as { seen: number }).seen++);
  });
  const delivered = async (count: number) => {
    await page.waitForFunction((n) => (window as unknown as { seen: number }).seen >= n, count);
    // Let React commit whatever the app's own listener did with it.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  };

  // Right origin and window, wrong payload.
  await popup.evaluate(([target]) => window.opener.postMessage("switchboard:forged", target), [appOrigin]);
  await delivered(1);
  await expect(card(page, name).getByText(WAITING)).toBeVisible();

  // Right payload from a window that is not our popup (the page itself).
  await page.evaluate(([message, target]) => window.postMessage(message, target!), [callbackMessage, appOrigin]);
  await delivered(2);
  await expect(card(page, name).getByText(WAITING)).toBeVisible();

  // Right payload and window, wrong origin: the popup moves to Cyclr's API origin.
  await popup.goto(`${cyclrApi}/__emulator/state`);
  await popup.evaluate(([message, target]) => window.opener.postMessage(message, target), [callbackMessage, appOrigin]);
  await delivered(3);
  await expect(card(page, name).getByText(WAITING)).toBeVisible();
  await expect(card(page, name).getByText("Not connected", { exact: true })).toBeVisible();
});

test("a connector whose name is an HTML injection string renders as plain text", async ({ page, account }) => {
  const name = await account.install(/<img/);
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(await account.connectLink());
  await expect(page.getByRole("heading", { name })).toHaveText(name);
  await expect(page.locator("main img[src='x']")).toHaveCount(0);
  // The window's load event comes after every image has loaded or failed: an injected
  // <img src=x onerror=alert(…)> would have raised its dialog by then.
  await page.evaluate(() => (document.readyState === "complete" ? null : new Promise((resolve) => window.addEventListener("load", resolve, { once: true }))));
  expect(dialogs).toEqual([]);
});
