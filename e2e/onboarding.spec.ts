import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { card, cyclrApi, expect, offerConnectors, test } from "./fixtures";

// A customer from nothing, as a host would onboard one: PUT the account, mint a session,
// and the end user connects an app the partner offers, installed by that very click.

type EmulatorState = { calls: Record<string, number>; accountConnectors: { AccountId: string; Name: string; Authenticated: boolean }[] };
const emulator = async () => (await (await fetch(`${cyclrApi}/__emulator/state`)).json()) as EmulatorState;
const INSTALL = "POST /v1.0/connectors/{id}/install";
const CREATE = "POST /v1.0/accounts";
const SIGN_IN = "POST /v1.0/accounts/{id}/signintoken";

async function newCustomer(page: Page, apiKey: string, name = "Brand New Ltd"): Promise<{ id: string; url: string }> {
  const id = `tenant-${randomUUID().slice(0, 8)}`;
  const headers = { authorization: `Bearer ${apiKey}` };
  const created = await page.request.put(`/api/v1/accounts/${id}`, { headers, data: { name } });
  expect(created.status()).toBe(201);
  expect(await created.json()).toEqual({ account: { id, name } });
  const again = await page.request.put(`/api/v1/accounts/${id}`, { headers, data: { name } });
  expect(again.status()).toBe(200);
  const session = await page.request.post("/api/v1/connect-sessions", { headers, data: { accountId: id, userId: "new-user" } });
  expect(session.status()).toBe(201);
  return { id, url: ((await session.json()) as { url: string }).url };
}

test("PUT refuses an account id Cyclr would not take, saying which rule it breaks", async ({ page, apiKey }) => {
  const headers = { authorization: `Bearer ${apiKey}` };
  const spaced = await page.request.put(`/api/v1/accounts/${encodeURIComponent("has space")}`, { headers, data: { name: "X" } });
  expect(spaced.status()).toBe(400);
  expect(await spaced.json()).toEqual({ error: { code: "bad_request", message: "accountId may hold only letters, digits and . _ : @ -" } });
  const nameless = await page.request.put("/api/v1/accounts/tenant-nameless", { headers, data: {} });
  expect(nameless.status()).toBe(400);
  expect(await nameless.json()).toMatchObject({ error: { code: "bad_request", fields: { name: ["name is required"] } } });
  expect((await page.request.put("/api/v1/accounts/tenant-x", { data: { name: "X" } })).status()).toBe(401);
});

test.describe("onboarding a new customer", () => {
  test.beforeAll(() => offerConnectors(["Salesforce", "Mailchimp"], true));
  test.afterAll(() => offerConnectors(["Salesforce", "Mailchimp"], false));

  test("PUT the account, mint a session, Connect an offered OAuth app: one account and one install at Cyclr", async ({ page, apiKey }) => {
    const before = (await emulator()).calls;
    const { id, url } = await newCustomer(page, apiKey);
    await page.goto(url);
    await expect(card(page, "Salesforce").getByText("Not connected", { exact: true })).toBeVisible();
    await expect(card(page, "Mailchimp").getByText("Not connected", { exact: true })).toBeVisible();

    const popupPromise = page.waitForEvent("popup");
    await page.getByRole("button", { name: "Connect Salesforce" }).click();
    const popup = await popupPromise;
    await popup.waitForURL(/\/connectorauth\/updateaccountconnectoroauth/);
    await popup.getByRole("button", { name: "Approve" }).click();
    await expect(card(page, "Salesforce").getByText("Connected", { exact: true })).toBeVisible();
    await page.reload();
    await expect(card(page, "Salesforce").getByText("Connected", { exact: true })).toBeVisible();

    const after = await emulator();
    expect((after.calls[INSTALL] ?? 0) - (before[INSTALL] ?? 0)).toBe(1);
    expect((after.calls[CREATE] ?? 0) - (before[CREATE] ?? 0)).toBe(1);
    expect(after.accountConnectors.filter((connector) => connector.AccountId === id)).toEqual([
      expect.objectContaining({ Name: "Salesforce", Authenticated: true }),
    ]);
  });

  test("an offered API-key app is installed and connected through its form", async ({ page, apiKey }) => {
    const { id, url } = await newCustomer(page, apiKey, "Form First Ltd");
    await page.goto(url);
    await page.getByRole("button", { name: "Connect Mailchimp" }).click();
    await page.getByLabel("API key").fill("mc-new-customer-key");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(card(page, "Mailchimp").getByText("Connected", { exact: true })).toBeVisible();
    await page.reload();
    await expect(card(page, "Mailchimp").getByText("Connected", { exact: true })).toBeVisible();
    expect((await emulator()).accountConnectors.filter((connector) => connector.AccountId === id).map((connector) => connector.Name)).toEqual(["Mailchimp"]);
  });

  test("two tabs clicking Connect on the same not-installed app at once install it once", async ({ context, page, apiKey }) => {
    const { id, url } = await newCustomer(page, apiKey, "Two Tabs Ltd");
    const other = await context.newPage();
    await Promise.all([page.goto(url), other.goto(url)]);
    const before = (await emulator()).calls;
    const popups = Promise.all([page.waitForEvent("popup"), other.waitForEvent("popup")]);
    await Promise.all([page.getByRole("button", { name: "Connect Salesforce" }).click(), other.getByRole("button", { name: "Connect Salesforce" }).click()]);
    await popups;
    // Both clicks went through to Cyclr's page (a sign-in token each; the second attempt
    // supersedes the first, whose popup then closes), on one installed connector.
    await expect.poll(async () => ((await emulator()).calls[SIGN_IN] ?? 0) - (before[SIGN_IN] ?? 0)).toBe(2);
    expect(((await emulator()).calls[INSTALL] ?? 0) - (before[INSTALL] ?? 0)).toBe(1);
    expect((await emulator()).accountConnectors.filter((connector) => connector.AccountId === id).map((connector) => connector.Name)).toEqual(["Salesforce"]);
  });

  test("with more than eight apps the page can be searched and filtered by category, and says when nothing matches", async ({ page, apiKey }) => {
    const more = ["HubSpot", "Google Sheets", "Stripe", "Jira", "Asana", "Airtable", "Adyen"];
    offerConnectors(more, true);
    try {
      const { url } = await newCustomer(page, apiKey, "Many Apps Ltd");
      await page.goto(url);
      const apps = page.getByRole("list", { name: "Apps" }).getByRole("article");
      await expect(apps).toHaveCount(9);
      await page.getByLabel("Search apps").fill("sheets");
      await expect(apps).toHaveCount(1);
      await expect(card(page, "Google Sheets")).toBeVisible();
      await page.getByLabel("Search apps").fill("");
      await page.getByRole("group", { name: "Categories" }).getByRole("button", { name: "Payments" }).click();
      await expect(card(page, "Stripe")).toBeVisible();
      await expect(card(page, "Salesforce")).toHaveCount(0);
      await page.getByLabel("Search apps").fill("no such app at all");
      await expect(page.getByRole("status").filter({ hasText: "No apps match" })).toContainText("No apps match “no such app at all” in Payments.");
      await expect(apps).toHaveCount(0);
    } finally {
      offerConnectors(more, false);
    }
  });
});
