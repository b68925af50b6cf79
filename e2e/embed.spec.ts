import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "@playwright/test";
import { ports } from "../playwright.config";
import { createApiKey, expect, expireLink, test } from "./fixtures";

// A third origin plays the host SaaS: a real server on loopback whose page frames the
// widget given in its query string. "localhost", "127.0.0.1" and "host-app.test" (mapped to
// loopback in playwright.config.ts) are three origins, so the same server is an allowed
// same-site host, a stranger, and an allowed cross-site host (a third-party context, where
// third-party cookies are blocked).
let server: Server;
let host = "";
let stranger = "";
let crossSite = "";
let embedKey = "";

// The stranger's page: posts an "init" to the widget beside it as if it were the host, then
// tells the host page it has done so.
const strangerPage = `<!doctype html><title>Stranger</title><script>
addEventListener("message", (event) => {
  if (event.data !== "go") return;
  parent.frames[0].postMessage({ source: "switchboard-host", type: "init" }, "*");
  parent.postMessage("sent", "*");
});
</script>`;

// The host's page speaking the widget protocol by hand: waits for the widget's hello, lets the
// stranger send its forged init first, then sends its own and lists what the widget posts.
function rawHostPage(src: string, strangerUrl: string) {
  const app = new URL(src).origin;
  return `<!doctype html><title>Host</title><h1>Host app</h1>
<iframe title="Switchboard" src="${src.replace(/"/g, "&quot;")}" style="width:600px;height:400px"></iframe>
<iframe title="Stranger" src="${strangerUrl}" style="width:10px;height:10px"></iframe><ul id="events"></ul>
<script>
const widget = document.querySelector('iframe[title="Switchboard"]');
const stranger = document.querySelector('iframe[title="Stranger"]');
const log = (text) => { const li = document.createElement("li"); li.textContent = text; document.getElementById("events").appendChild(li); };
addEventListener("message", (event) => {
  if (event.source === widget.contentWindow && event.origin === ${JSON.stringify(app)}) {
    if (event.data.type === "hello") { log("hello"); stranger.contentWindow.postMessage("go", "*"); }
    else if (event.data.type !== "resize") log(event.data.type);
  }
  if (event.source === stranger.contentWindow && event.data === "sent") {
    log("stranger sent init");
    widget.contentWindow.postMessage({ source: "switchboard-host", type: "init" }, ${JSON.stringify(app)});
  }
});
</script>`;
}

test.beforeAll(async () => {
  server = createServer((request, response) => {
    const params = new URL(request.url ?? "/", "http://x").searchParams;
    const src = params.get("embed") ?? "";
    response.writeHead(200, { "content-type": "text/html" });
    if (params.get("stranger")) return void response.end(strangerPage);
    if (params.get("raw")) return void response.end(rawHostPage(src, `${stranger}/?stranger=1`));
    if (params.get("sdk")) {
      // The documented way: the host script mounts the widget (twice, to prove it is idempotent).
      const app = new URL(src).origin;
      response.end(`<!doctype html><title>Host</title><h1>Host app</h1><div id="widget" style="width:600px"></div><ul id="events"></ul>
<script src="${app}/sdk/switchboard.js"></script>
<script>
const log = (e) => { const li = document.createElement("li"); li.textContent = e.type + (e.connector ? ": " + e.connector.name : ""); document.getElementById("events").appendChild(li); };
const mountIt = () => Switchboard.mount(document.getElementById("widget"), { url: ${JSON.stringify(src)}, onEvent: log });
mountIt();
window.widget = mountIt();
window.remount = () => { window.widget = mountIt(); };
</script>`);
      return;
    }
    response.end(
      `<!doctype html><title>Host</title><h1>Host app</h1><iframe title="Switchboard" src="${src.replace(/"/g, "&quot;")}" style="width:600px;height:800px"></iframe>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  host = `http://localhost:${port}`;
  stranger = `http://127.0.0.1:${port}`;
  crossSite = `http://host-app.test:${port}`;
  embedKey = createApiKey([host, crossSite]);
});

test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function hostPage(page: Page, origin: string, embedUrl: string, kind: "" | "sdk" | "raw" = "") {
  await page.goto(`${origin}/?${new URLSearchParams({ embed: embedUrl, ...(kind ? { [kind]: "1" } : {}) })}`);
}

test("a cross-site host embeds the widget with third-party cookies blocked, and a user connects through the popup from inside the iframe", async ({
  page,
  account,
}) => {
  const name = await account.install("Salesforce");
  const response = await account.mintSession(embedKey);
  expect(response.status).toBe(201);
  const { embedUrl } = (await response.json()) as { embedUrl: string };
  const headers = (await page.request.get(embedUrl)).headers();
  expect(headers["content-security-policy"]).toBe(`frame-ancestors ${host} ${crossSite}`);
  expect(headers["x-frame-options"]).toBeUndefined();
  expect(headers["set-cookie"]).toBeUndefined();

  await hostPage(page, crossSite, embedUrl);
  const frame = page.frameLocator('iframe[title="Switchboard"]');
  // The widget is a third-party frame here, and the browser refuses it any cookie.
  await expect(frame.getByRole("heading", { name: "Connect your apps" })).toBeVisible();
  const widget = page.frames().find((f) => f.url().startsWith(new URL(embedUrl).origin))!;
  const cookieSet = await widget.evaluate(() => {
    document.cookie = "probe=1; SameSite=None; Secure; Path=/";
    return document.cookie.includes("probe=1");
  });
  expect(cookieSet).toBe(false);
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
  await hostPage(page, crossSite, embedUrl, "sdk");
  const events = page.getByRole("listitem");
  await expect(events.first()).toHaveText("ready");
  await expect(page.locator("iframe")).toHaveCount(1);
  const frame = page.frameLocator('iframe[title="Connect your apps"]');
  await expect.poll(async () => (await page.locator("iframe").boundingBox())?.height).not.toBe(320);

  const popupPromise = page.waitForEvent("popup");
  await frame.getByRole("button", { name: `Connect ${name}` }).click();
  await (await popupPromise).getByRole("button", { name: "Approve" }).click();
  await expect(page.getByRole("listitem").filter({ hasText: "connected" })).toHaveText(`connected: ${name}`);

  // unmount removes the iframe and its listener; mounting again starts afresh.
  await page.evaluate(() => (window as unknown as { widget: { unmount(): void } }).widget.unmount());
  await expect(page.locator("iframe")).toHaveCount(0);
  await page.evaluate(() => (window as unknown as { remount(): void }).remount());
  await expect(page.locator("iframe")).toHaveCount(1);
  await expect(page.getByRole("listitem").filter({ hasText: /^ready$/ })).toHaveCount(2);

  await expireLink(embedUrl);
  await page.reload();
  await expect(page.getByRole("listitem").first()).toHaveText("session-expired");
});

test("a message to the widget from a foreign origin is ignored: the host's own init still gets through", async ({ page, account }) => {
  await account.install("Salesforce");
  const { embedUrl } = (await (await account.mintSession(embedKey)).json()) as { embedUrl: string };
  await hostPage(page, host, embedUrl, "raw");
  // Had the widget taken the stranger's init, it would have ignored the host's and never said ready.
  await expect(page.getByRole("listitem")).toHaveText(["hello", "stranger sent init", "ready"]);
});

test("with popups blocked, the widget offers a new tab and notices the connection made there", async ({ page, account }) => {
  const name = await account.install("Salesforce");
  const { embedUrl } = (await (await account.mintSession(embedKey)).json()) as { embedUrl: string };
  // Popups are blocked inside the iframe only; the new tab works as a top-level page.
  await page.context().addInitScript(() => {
    if (window.top !== window) window.open = () => null;
  });
  await hostPage(page, crossSite, embedUrl, "sdk");
  const frame = page.frameLocator('iframe[title="Connect your apps"]');
  const widgetCard = frame.getByRole("article", { name });
  await widgetCard.getByRole("button", { name: `Connect ${name}` }).click();
  await expect(widgetCard.getByRole("alert")).toContainText("blocked the sign-in window");

  const tabPromise = page.context().waitForEvent("page");
  await widgetCard.getByRole("link", { name: "Open in a new tab" }).click();
  const tab = await tabPromise;
  const waiting = widgetCard.getByText("Waiting for you to finish in the other tab");
  await expect(waiting).toBeVisible();
  const popupPromise = tab.waitForEvent("popup");
  await tab
    .getByRole("article", { name })
    .getByRole("button", { name: `Connect ${name}` })
    .click();
  await (await popupPromise).getByRole("button", { name: "Approve" }).click();
  await expect(tab.getByRole("article", { name }).getByText("Connected", { exact: true })).toBeVisible();

  await expect(widgetCard.getByText("Connected", { exact: true })).toBeVisible();
  await expect(waiting).toHaveCount(0);
  await expect(page.getByRole("listitem").filter({ hasText: "connected" })).toHaveText(`connected: ${name}`);
});

test("npm start's demo host embeds the widget through the host API; a connection reaches its page and, signed, its webhook receiver", async ({ page }) => {
  await page.goto(`http://localhost:${ports.demoHost}/`);
  await expect(page.getByRole("heading", { name: "Integrations" })).toBeVisible();
  const events = page.getByRole("list").first();
  await expect(events.getByRole("listitem").first()).toContainText("ready");
  const widget = page.frameLocator('iframe[title="Connect your apps"]').getByRole("article", { name: "Salesforce" });
  // The demo account is shared with people trying the demo: start from Not connected.
  const disconnect = widget.getByRole("button", { name: "Disconnect Salesforce" });
  await expect(widget.getByRole("button", { name: /^(Connect|Reconnect) Salesforce$/ })).toBeVisible();
  if (await disconnect.isVisible()) {
    await disconnect.click();
    await expect(widget.getByText("Disconnected", { exact: true })).toBeVisible();
  }

  const popupPromise = page.waitForEvent("popup");
  await widget.getByRole("button", { name: "Connect Salesforce" }).click();
  await (await popupPromise).getByRole("button", { name: "Approve" }).click();
  await expect(widget.getByText("Connected", { exact: true })).toBeVisible();
  await expect(events.getByRole("listitem").first()).toContainText("connected: Salesforce");
  const webhooks = page.getByRole("list").nth(1);
  await expect(webhooks.getByRole("listitem").filter({ hasText: "connector.connected: Salesforce" }).first()).toContainText("(signature verified)");
  await expect(webhooks).not.toContainText("BAD SIGNATURE");
});
