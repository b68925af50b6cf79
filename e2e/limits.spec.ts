import { readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import type { APIRequestContext, APIResponse } from "@playwright/test";
import { dataDir, ports } from "../playwright.config";
import { card, expect, test } from "./fixtures";

// Limits through the built app as `next start` serves it, with their defaults: 120 connect
// requests a minute per session token, 10 sign-in attempts per 15 minutes per email and per
// client address (the address read from the connection, since TRUST_PROXY is not set).

async function database<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const { databaseUrl } = JSON.parse(readFileSync(join(dataDir, "runtime.json"), "utf8")) as { databaseUrl: string };
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Ends every sign-in window, so this test starts from zero and leaves the suite's sign-ins alone. */
const clearSignInCounters = () => database((client) => client.query(`DELETE FROM "RateLimit" WHERE key LIKE 'sign_in_%'`));

test("over a session's limit a connect action says when to try again, and so does the page", async ({ page, account }) => {
  const name = await account.install("Mailchimp");
  const link = await account.connectLink();
  const token = new URL(link).pathname.split("/").at(-1)!;
  await page.goto(link);
  await page.getByRole("button", { name: `Connect ${name}` }).click();
  await page.getByLabel("API key").fill("mc-limited-key");

  // The rest of the session's minute, spent through one of its GET routes.
  let allowed = 0;
  let limited: APIResponse | null = null;
  while (!limited && allowed < 200) {
    const response = await page.request.get("/api/connect/apps", { headers: { "x-switchboard-session": token } });
    if (response.status() === 429) limited = response;
    else {
      expect(response.status()).toBe(200);
      allowed++;
    }
  }
  // 120 a minute, less the page load (and any status read of the page meanwhile).
  expect(allowed).toBeGreaterThan(110);
  expect(allowed).toBeLessThanOrEqual(119);
  const retryAfter = Number(limited!.headers()["retry-after"]);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(await limited!.json()).toEqual({
    error: { code: "rate_limited", message: expect.stringMatching(/^Too many requests\. Try again in \d+ seconds?\.$/) },
  });

  await page.getByRole("button", { name: "Save" }).click();
  await expect(card(page, name)).toContainText(/Too many requests\. Try again in \d+ seconds?\./);
  await expect(card(page, name).getByText("Not connected", { exact: true })).toBeVisible();

  await page.reload();
  await expect(page.getByRole("heading", { name: "Too many requests" })).toBeVisible();
  await expect(page.getByText(/^Too many requests, try again in \d+ seconds?\.$/)).toBeVisible();
  await expect(page.getByRole("article")).toHaveCount(0);
});

test("a spoofed X-Forwarded-For gets no password guess past the per-address limit; another address is counted apart", async ({ playwright }) => {
  await clearSignInCounters();
  const contexts: APIRequestContext[] = [];
  try {
    const from = async (origin: string) => {
      const context = await playwright.request.newContext({ baseURL: origin });
      contexts.push(context);
      return context;
    };
    /** A password sign-in as the console's form makes it; what the sign-in page would say. */
    const signIn = async (context: APIRequestContext, email: string, spoofed: string) => {
      const { csrfToken } = (await (await context.get("/api/auth/csrf")).json()) as { csrfToken: string };
      const response = await context.post("/api/auth/callback/credentials", {
        form: { email, password: "not the password", csrfToken, callbackUrl: "/admin", json: "true" },
        // Both what a client may claim to be and the header the server writes from the connection.
        headers: { "x-forwarded-for": spoofed, "x-switchboard-peer": spoofed },
      });
      const { url } = (await response.json()) as { url: string };
      return new URL(url).searchParams.get("error");
    };

    const ipv4 = await from(`http://127.0.0.1:${ports.app}`);
    for (let i = 0; i < 10; i++) expect(await signIn(ipv4, `guess-${i}@example.com`, `192.0.2.${i}`)).toBe("Wrong email or password.");
    expect(await signIn(ipv4, "guess-10@example.com", "192.0.2.10")).toMatch(/^Too many sign-in attempts\. Try again in \d+ minutes?\.$/);
    // The same server reached from another address (IPv6 loopback): a client of its own.
    const ipv6 = await from(`http://[::1]:${ports.app}`);
    expect(await signIn(ipv6, "guess-11@example.com", "192.0.2.10")).toBe("Wrong email or password.");
  } finally {
    await Promise.all(contexts.map((context) => context.dispose()));
    await clearSignInCounters();
  }
});
