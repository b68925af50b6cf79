import { createAdmin, expect, signIn, test } from "./fixtures";

// The console as an admin reads it: where they are, times in their own zone (and no
// hydration warnings for it), a question before Disconnect, and Switchboard's own 404.

const password = "correct horse battery staple";
const admin = "e2e-console@example.com";

test.beforeAll(() => createAdmin(admin, "admin", password));

// The admin's browser is in Tokyo, with British English: the console follows it.
test.use({ timezoneId: "Asia/Tokyo", locale: "en-GB" });

test("the navigation marks the current section, also under it", async ({ page }) => {
  await signIn(page, admin, password);
  await page.goto("/admin/accounts");
  const nav = page.getByRole("navigation", { name: "Admin" });
  await expect(nav.getByRole("link", { name: "Accounts" })).toHaveAttribute("aria-current", "page");
  await expect(nav.locator('[aria-current="page"]')).toHaveCount(1);
  await page.getByRole("row").nth(1).getByRole("link").first().click();
  await expect(page).toHaveURL(/\/admin\/accounts\/[0-9a-f-]+$/);
  await expect(nav.getByRole("link", { name: "Accounts" })).toHaveAttribute("aria-current", "page");
  await nav.getByRole("link", { name: "Overview" }).click();
  await expect(nav.getByRole("link", { name: "Overview" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "Accounts" })).not.toHaveAttribute("aria-current", "page");
});

test("times are in the admin's own time zone, without hydration warnings", async ({ page }) => {
  const warnings: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") warnings.push(message.text());
  });
  await signIn(page, admin, password);
  await page.goto("/admin/events");
  const first = page.locator("table time").first();
  await expect(first).toBeVisible();
  const iso = await first.getAttribute("datetime");
  const tokyo = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Tokyo" }).format(new Date(iso!));
  await expect(first).toHaveText(tokyo);
  expect(warnings.filter((text) => /hydrat|did not match/i.test(text))).toEqual([]);
});

test("Disconnect asks first: Esc and Cancel leave the connector connected, focus stays in the dialog", async ({ page, account, browser }) => {
  const name = await account.install("HubSpot");
  // Connected through the emulator, as an end user would.
  const user = await browser.newContext();
  const userPage = await user.newPage();
  await userPage.goto(await account.connectLink());
  const popupPromise = userPage.waitForEvent("popup");
  await userPage.getByRole("button", { name: `Connect ${name}` }).click();
  await (await popupPromise).getByRole("button", { name: "Approve" }).click();
  await expect(userPage.getByText("Connected", { exact: true })).toBeVisible();
  await user.close();

  await signIn(page, admin, password);
  await page.goto(`/admin/connectors?q=${encodeURIComponent(account.id)}`);
  const row = page.getByRole("row", { name: new RegExp(`^${name} of `) });
  await expect(row.getByText("Connected", { exact: true })).toBeVisible();
  const dialog = page.getByRole("alertdialog", { name: new RegExp(`^Disconnect ${name} of `) });

  await row.getByRole("button", { name: `Disconnect ${name}` }).click();
  await expect(dialog).toBeVisible();
  // Focus is trapped: tabbing goes round the dialog's own buttons.
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press("Tab");
    expect(await dialog.evaluate((element) => element.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(row.getByRole("button", { name: `Disconnect ${name}` })).toBeFocused();

  await row.getByRole("button", { name: `Disconnect ${name}` }).click();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await page.reload();
  await expect(row.getByText("Connected", { exact: true })).toBeVisible();

  await row.getByRole("button", { name: `Disconnect ${name}` }).click();
  await dialog.getByRole("button", { name: "Disconnect" }).click();
  await expect(dialog).toBeHidden();
  await expect(row.getByText("Disconnected", { exact: true })).toBeVisible();
});

test("an address Switchboard does not have is its own 404 page", async ({ page }) => {
  const response = await page.goto("/connect-typo/abc");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page).toHaveTitle("Page not found · Switchboard");
});
