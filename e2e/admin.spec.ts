import { card, createAdmin, expect, signIn, test } from "./fixtures";

const password = "correct horse battery staple";
const admin = "e2e-admin@example.com";
const viewer = "e2e-viewer@example.com";

test.beforeAll(() => {
  createAdmin(admin, "admin", password);
  createAdmin(viewer, "viewer", password);
});

test("signed-out visits to the console go to sign-in, and a wrong password is refused clearly", async ({ page }) => {
  await page.goto("/admin/connectors");
  await expect(page).toHaveURL(/\/admin\/sign-in\?callbackUrl=%2Fadmin%2Fconnectors/);
  createAdmin("e2e-wrong@example.com", "admin", password);
  await page.getByLabel("Email").fill("e2e-wrong@example.com");
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByText("Wrong email or password.")).toBeVisible();
  await expect(page).toHaveURL(/\/admin\/sign-in/);

  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/connectors$/);
  await expect(page.getByRole("heading", { name: "Connectors" })).toBeVisible();
});

test("the admin's table shows an end user's connection live, and the admin can disconnect it", async ({ page, browser, account }) => {
  const name = await account.install("Salesforce");
  const link = await account.connectLink();

  const user = await browser.newContext();
  const userPage = await user.newPage();
  await userPage.goto(link);
  await expect(card(userPage, name).getByText("Not connected", { exact: true })).toBeVisible();

  await signIn(page, admin, password);
  await page.goto(`/admin/connectors?q=${encodeURIComponent(account.id)}`);
  const row = page.getByRole("row", { name: new RegExp(`^${name} of `) });
  await expect(row.getByText("Not connected")).toBeVisible();

  const popupPromise = userPage.waitForEvent("popup");
  await userPage.getByRole("button", { name: `Connect ${name}` }).click();
  const popup = await popupPromise;
  await popup.getByRole("button", { name: "Approve" }).click();
  await expect(card(userPage, name).getByText("Connected", { exact: true })).toBeVisible();

  // No reload: the table polls.
  await expect(row.getByText("Connected", { exact: true })).toBeVisible({ timeout: 5000 });

  await row.getByRole("button", { name: `Disconnect ${name}` }).click();
  await page
    .getByRole("alertdialog", { name: new RegExp(`^Disconnect ${name} of `) })
    .getByRole("button", { name: "Disconnect" })
    .click();
  await expect(row.getByText("Disconnected", { exact: true })).toBeVisible();
  await userPage.reload();
  await expect(card(userPage, name).getByText("Not connected", { exact: true })).toBeVisible();
  await user.close();
});

test("an account's connectors table pages with Next and Previous page", async ({ page, account }) => {
  for (let i = 1; i <= 27; i++) await account.install("Salesforce", `App ${String(i).padStart(2, "0")}`);
  // The connect page's load reads the account's connectors from Cyclr into Switchboard.
  const user = await page.context().browser()!.newContext();
  const userPage = await user.newPage();
  await userPage.goto(await account.connectLink());
  await expect(card(userPage, "App 27")).toBeVisible();
  await user.close();

  await signIn(page, admin, password);
  await page.goto(`/admin/accounts?q=${encodeURIComponent(account.id)}`);
  await page.getByRole("link", { name: /^E2E / }).click();
  const table = page.getByRole("region", { name: "Connectors" });
  const row = (n: string) => table.getByRole("row", { name: new RegExp(`^App ${n} of `) });
  await expect(row("01")).toBeVisible();
  await expect(row("26")).toHaveCount(0);
  await table.getByRole("link", { name: "Next page →" }).click();
  await expect(row("26")).toBeVisible();
  await expect(row("27")).toBeVisible();
  await expect(row("01")).toHaveCount(0);
  await table.getByRole("link", { name: "← Previous page" }).click();
  await expect(row("01")).toBeVisible();
  await expect(row("26")).toHaveCount(0);
});

test("a viewer sees no Disconnect button and a forged disconnect is refused", async ({ page, account }) => {
  const name = await account.install("Mailchimp");
  const link = await account.connectLink();
  await page.goto(link);
  await page.getByRole("button", { name: `Connect ${name}` }).click();
  await page.getByLabel("API key").fill("viewer-test-key");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(card(page, name).getByText("Connected", { exact: true })).toBeVisible();

  await signIn(page, viewer, password);
  await page.goto(`/admin/connectors?q=${encodeURIComponent(account.id)}`);
  const row = page.getByRole("row", { name: new RegExp(`^${name} of `) });
  await expect(row.getByText("Connected", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: /Disconnect/ })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Sync now" })).toHaveCount(0);

  const list = await page.request.get(`/api/admin/connectors?q=${encodeURIComponent(account.id)}`);
  const connectorId = ((await list.json()) as { rows: { id: string }[] }).rows[0]!.id;
  const origin = new URL(page.url()).origin;
  const forged = await page.request.post(`/api/admin/connectors/${connectorId}/disconnect`, { headers: { origin } });
  expect(forged.status()).toBe(403);
  await page.reload();
  await expect(row.getByText("Connected", { exact: true })).toBeVisible();
});

test("admin routes refuse requests without a session or from another origin", async ({ page, request }) => {
  expect((await request.get("/api/admin/connectors")).status()).toBe(401);
  await signIn(page, admin, password);
  const crossSite = await page.request.post("/api/admin/sync", { headers: { origin: "http://evil.example" } });
  expect(crossSite.status()).toBe(403);
});
