import type { Page } from "@playwright/test";
import { card, expect, expireLink, test, type TestAccount } from "./fixtures";

/** Opens a fresh link to a new Mailchimp (ApiKey) connector and submits `key` in its form. */
async function submitApiKey(page: Page, account: TestAccount, key: string): Promise<string> {
  const name = await account.install("Mailchimp");
  await page.goto(await account.connectLink());
  await page.getByRole("button", { name: `Connect ${name}` }).click();
  await page.getByLabel("API key").fill(key);
  await page.getByRole("button", { name: "Save" }).click();
  return name;
}

test("an API-key app connects with the form and can be disconnected", async ({ page, account }) => {
  const name = await submitApiKey(page, account, "mc-test-key-123");
  await expect(card(page, name).getByText("Connected", { exact: true })).toBeVisible();

  await page.reload();
  await expect(card(page, name).getByText("Connected", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: `Disconnect ${name}` }).click();
  await expect(card(page, name).getByText("Not connected", { exact: true })).toBeVisible();
  await page.reload();
  await expect(card(page, name).getByText("Not connected", { exact: true })).toBeVisible();
});

test("a key the app refuses shows Failed with a message", async ({ page, account }) => {
  const name = await submitApiKey(page, account, "invalid");
  await expect(card(page, name).getByRole("alert")).toContainText("did not accept these credentials");
  await page.reload();
  await expect(card(page, name).getByText("Failed", { exact: true })).toBeVisible();
});

test("unknown and expired links show a clear page", async ({ page, account }) => {
  await page.goto("/connect/this-token-does-not-exist-at-all");
  await expect(page.getByRole("heading", { name: "This link is not valid" })).toBeVisible();

  const link = await account.connectLink();
  await expireLink(link);
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "This link has expired" })).toBeVisible();
  await expect(page.getByText("open the connections page again")).toBeVisible();
});
