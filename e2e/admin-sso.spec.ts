import { demoAdminPassword, ports } from "../playwright.config";
import { expect, test } from "./fixtures";

// Single sign-on through an OpenID Connect issuer: npm start's demo identity provider, on
// its own origin, knows the demo admin and a visitor who is not an admin.

async function ssoSignIn(page: import("@playwright/test").Page, email: string) {
  await page.goto("/admin/sign-in");
  await page.getByRole("button", { name: "Sign in with Demo SSO" }).click();
  await page.waitForURL(`http://127.0.0.1:${ports.demoOidc}/authorize?**`);
  await expect(page.getByRole("heading", { name: "Demo identity provider" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(demoAdminPassword);
  await page.getByRole("button", { name: "Continue" }).click();
}

test("an admin signs in through the OpenID Connect issuer and lands in the console with their role", async ({ page }) => {
  await ssoSignIn(page, "admin@example.com");
  await page.waitForURL(/\/admin$/);
  await expect(page.getByRole("navigation", { name: "Admin" })).toContainText("admin@example.com");
  await page.goto("/admin/events?type=admin.sign_in");
  await expect(page.getByText("admin@example.com signed in with single sign-on").first()).toBeVisible();
});

test("someone the issuer knows but who is not an admin is refused with a clear message", async ({ page }) => {
  await ssoSignIn(page, "visitor@example.com");
  await page.waitForURL(/\/admin\/sign-in\?error=sso_no_access/);
  await expect(page.getByRole("alert").filter({ hasText: "has no access to the admin console" })).toBeVisible();
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/admin\/sign-in/);
});

test("a forged error text in the sign-in URL is not shown", async ({ page }) => {
  await page.goto("/admin/sign-in?error=Your+account+is+locked.+Call+555-0100");
  await expect(page.getByRole("heading", { name: "Switchboard admin" })).toBeVisible();
  await expect(page.getByText("Call 555-0100")).toHaveCount(0);
});
