import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "@playwright/test";
import { ports } from "../playwright.config";
import { createApiKey, expect, expireLink, test } from "./fixtures";

// A third origin plays the host SaaS: a real server on loopback whose page frames the
// widget given in its query string. "localhost" and "127.0.0.1" are two origins, so the
// same server is an allowed host under one name and a stranger under the other.
let server: Server;
let host = "";
let stranger = "";
let embedKey = "";

test.beforeAll(async () => {
  server = createServer((request, response) => {
    const params = new URL(request.url ?? "/", "http://x").searchParams;
    const src = params.get("embed") ?? "";
    response.writeHead(200, { "content-type": "text/html" });
    if (params.get("sdk")) {
      // The documented way: the host script mounts the widget (twice, to prove it is idempotent).
      const app = new URL(src).origin;
      response.end(`<!doctype html><title>Host</title><h1>Host app</h1><div id="widget" style="width:600px"></div><ul id="events"></ul>
<script src="${app}/sdk/switchboard.js"></script>
<script>
const log = (e) => { const li = document.createElement("li"); li.textContent = e.type + (e.connector ? ": " + e.connector.name : ""); document.getElementById("events").appendChild(li); };
Switchboard.mount(document.getElementById("widget"), { url: ${JSON.stringify(src)}, onEvent: log });
Switchboard.mount(document.getElementById("widget"), { url: ${JSON.stringify(src)}, onEvent: log });
</script>`);
      return;
    }
    response.end(`<!doctype html><title>Host</title><h1>Host app</h1><iframe title="Switchboard" src="${src.replace(/"/g, "&quot;")}" style="width:600px;height:800px"></iframe>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  host = `http://localhost:${port}`;
  stranger = `http://127.0.0.1:${port}`;
  embedKey = createApiKey([host]);
});

test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function hostPage(page: Page, origin: string, embedUrl: string, sdk = false) {
  await page.goto(`${origin}/?${new URLSearchParams({ embed: embedUrl, ...(sdk ? { sdk: "1" } : {}) })}`);
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

test("the host script mounts the widget once, resizes it and reports ready, connected and session-expired", async ({ page, account }) => {
  const name = await account.install("Salesforce");
  const { embedUrl } = (await (await account.mintSession(embedKey)).json()) as { embedUrl: string };
  await hostPage(page, host, embedUrl, true);
  const events = page.getByRole("listitem");
  await expect(events.first()).toHaveText("ready");
  await expect(page.locator("iframe")).toHaveCount(1);
  const frame = page.frameLocator('iframe[title="Connect your apps"]');
  await expect.poll(async () => (await page.locator("iframe").boundingBox())?.height).not.toBe(320);

  const popupPromise = page.waitForEvent("popup");
  await frame.getByRole("button", { name: `Connect ${name}` }).click();
  await (await popupPromise).getByRole("button", { name: "Approve" }).click();
  await expect(page.getByRole("listitem").filter({ hasText: "connected" })).toHaveText(`connected: ${name}`);

  await expireLink(embedUrl);
  await page.reload();
  await expect(page.getByRole("listitem").first()).toHaveText("session-expired");
});

test("npm start's demo host on its own origin embeds the widget through the host API and the host script", async ({ page }) => {
  await page.goto(`http://localhost:${ports.demoHost}/`);
  await expect(page.getByRole("heading", { name: "Integrations" })).toBeVisible();
  await expect(page.getByRole("listitem").first()).toContainText("ready");
  const frame = page.frameLocator('iframe[title="Connect your apps"]');
  await expect(frame.getByRole("button", { name: "Connect Salesforce" }).or(frame.getByRole("button", { name: "Reconnect Salesforce" }))).toBeVisible();
});
