import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "@playwright/test";
import { createApiKey, expect, test } from "./fixtures";

// A third origin plays the host SaaS: a real server on loopback whose page frames the
// widget given in its query string. "localhost" and "127.0.0.1" are two origins, so the
// same server is an allowed host under one name and a stranger under the other.
let server: Server;
let host = "";
let stranger = "";
let embedKey = "";

test.beforeAll(async () => {
  server = createServer((request, response) => {
    const src = new URL(request.url ?? "/", "http://x").searchParams.get("embed") ?? "";
    response.writeHead(200, { "content-type": "text/html" });
    response.end(`<!doctype html><title>Host</title><h1>Host app</h1><iframe title="Switchboard" src="${src.replace(/"/g, "&quot;")}" style="width:600px;height:800px"></iframe>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  host = `http://localhost:${port}`;
  stranger = `http://127.0.0.1:${port}`;
  embedKey = createApiKey([host]);
});

test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function hostPage(page: Page, origin: string, embedUrl: string) {
  await page.goto(`${origin}/?${new URLSearchParams({ embed: embedUrl })}`);
}

test("a host on an allowed origin embeds the widget, and a user connects through the popup from inside the iframe", async ({ page, account }) => {
  const name = await account.install("Salesforce");
  const response = await account.mintSession(embedKey);
  expect(response.status).toBe(201);
  const { embedUrl } = (await response.json()) as { embedUrl: string };
  const headers = (await page.request.get(embedUrl)).headers();
  expect(headers["content-security-policy"]).toBe(`frame-ancestors ${host}`);
  expect(headers["x-frame-options"]).toBeUndefined();

  await hostPage(page, host, embedUrl);
  const frame = page.frameLocator('iframe[title="Switchboard"]');
  await expect(frame.getByRole("article", { name }).getByText("Not connected", { exact: true })).toBeVisible();
  const popupPromise = page.waitForEvent("popup");
  await frame.getByRole("button", { name: `Connect ${name}` }).click();
  const popup = await popupPromise;
  await popup.getByRole("button", { name: "Approve" }).click();
  await expect(frame.getByRole("article", { name }).getByText("Connected", { exact: true })).toBeVisible();
});

test("a page on an origin that is not allowed cannot frame the widget", async ({ page, account }) => {
  await account.install("Salesforce");
  const { embedUrl } = (await (await account.mintSession(embedKey)).json()) as { embedUrl: string };
  const refused = page.waitForEvent("console", (message) => message.text().includes("frame-ancestors"));
  await hostPage(page, stranger, embedUrl);
  await refused;
  const frame = page.frames().find((f) => f !== page.mainFrame());
  expect(frame).toBeTruthy();
  await expect(page.frameLocator('iframe[title="Switchboard"]').getByRole("heading", { name: "Connect your apps" })).toHaveCount(0);
});

test("a session narrows its key's origins but cannot widen them; other pages are never framed", async ({ page, account }) => {
  const narrowed = await account.mintSession(embedKey, { allowedOrigins: [host] });
  expect(narrowed.status).toBe(201);
  const widened = await account.mintSession(embedKey, { allowedOrigins: [stranger] });
  expect(widened.status).toBe(400);
  const body = (await widened.json()) as { error: { fields: { allowedOrigins: string[] } } };
  expect(body.error.fields.allowedOrigins[0]).toContain("not among this API key's allowed origins");
  const wildcard = await account.mintSession(embedKey, { allowedOrigins: ["https://*.example.com"] });
  expect(wildcard.status).toBe(400);

  const { url } = (await narrowed.json()) as { url: string };
  expect((await page.request.get(url)).headers()["content-security-policy"]).toBe("frame-ancestors 'none'");
  const unknown = await page.request.get("/embed/this-token-does-not-exist-at-all");
  expect(unknown.headers()["content-security-policy"]).toBe("frame-ancestors 'none'");
});
