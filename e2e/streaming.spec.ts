import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import pg from "pg";
import { dataDir } from "../playwright.config";
import { card, createApiKey, cyclrApi, emulatorControl, expect, test } from "./fixtures";

// The connect page and the widget send their shell at once and fill in the apps when Cyclr
// answers: a slow Cyclr (a request the emulator holds until the test lets it go) shows the
// skeleton first, and a list that fails to load says so, in the page and to the host.

const holdConnectors = (account: string) => emulatorControl("faults", { method: "GET", path: "/v1.0/account/connectors", account, hold: true, times: 1 });
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36";

/** Lets the held request go; it must still have been held (not timed out by Switchboard meanwhile). */
async function release() {
  const response = await fetch(`${cyclrApi}/__emulator/release`, { method: "POST" });
  expect(await response.json()).toEqual({ released: 1 });
}

// The host of the last test: a real server on loopback, reached as host-app.test (a third
// origin; playwright.config.ts maps it to this machine), whose page frames the widget named in
// its query, speaks the widget protocol and lists what the widget posts.
let server: Server;
let host = "";
let hostKey = "";

const hostPage = (
  embedUrl: string,
) => `<!doctype html><title>Host</title><iframe title="Switchboard" src="${embedUrl.replace(/"/g, "&quot;")}"></iframe><ul id="events"></ul><script>
const widget = document.querySelector("iframe");
addEventListener("message", (event) => {
  if (event.source !== widget.contentWindow || event.origin !== ${JSON.stringify(new URL(embedUrl).origin)}) return;
  if (event.data.type === "hello") widget.contentWindow.postMessage({ source: "switchboard-host", type: "init" }, event.origin);
  else if (event.data.type !== "resize") {
    const li = document.createElement("li");
    li.textContent = event.data.type + (event.data.reason ? ": " + event.data.reason : "");
    document.getElementById("events").appendChild(li);
  }
});
</script>`;

test.beforeAll(async () => {
  server = createServer((request, response) => {
    const embed = new URL(request.url ?? "/", "http://x").searchParams.get("embed");
    if (!embed) return void response.writeHead(404).end();
    response.writeHead(200, { "content-type": "text/html" });
    response.end(hostPage(embed));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  host = `http://host-app.test:${(server.address() as AddressInfo).port}`;
  // Made before any request: the CLI runs synchronously, and sockets kept alive across it would be closed under us.
  hostKey = createApiKey([host]);
});

test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test.afterEach(async () => {
  await fetch(`${cyclrApi}/__emulator/faults`, { method: "DELETE" });
});

test("while Cyclr is slow the page shows its heading and a skeleton, then the apps", async ({ page, account }) => {
  const name = await account.install("Salesforce");
  const url = await account.connectLink();
  await holdConnectors(account.id);
  await page.goto(url, { waitUntil: "commit" });
  await expect(page.getByRole("heading", { name: "Connect your apps" })).toBeVisible();
  await expect(page.getByTestId("apps-skeleton")).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Loading your apps…" })).toBeAttached();
  await expect(card(page, name)).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath("skeleton.png") });

  await release();
  await expect(card(page, name).getByText("Not connected", { exact: true })).toBeVisible();
  await expect(page.getByTestId("apps-skeleton")).toHaveCount(0);
});

test("the shell is in the first bytes of the answer, before Cyclr has answered; the apps follow in the same answer", async ({ account }) => {
  const name = await account.install("HubSpot");
  const url = await account.connectLink();
  await holdConnectors(account.id);
  // As a browser asks (Next answers clients it takes for bots in one piece, not streamed).
  const response = await fetch(url, { headers: { accept: "text/html", "user-agent": BROWSER } });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let received = "";
  // Read until the skeleton has arrived: Cyclr is still held, so the apps cannot be in it.
  while (!received.includes('data-testid="apps-skeleton"')) {
    const { done, value } = await reader.read();
    if (done) throw new Error("the answer ended without the skeleton");
    received += decoder.decode(value, { stream: true });
  }
  expect(received).toContain("Connect your apps");
  expect(received).not.toContain(`Connect ${name}`);
  await release();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) received += decoder.decode(chunk.value, { stream: true });
  expect(received).toContain(name);
});

/**
 * Takes a table away (renames it) for the duration of `work`: a fault on Switchboard's side.
 * Without CatalogueConnector, which only the apps list reads, the list fails and the shell does not;
 * without PoderoUserLink, the Devices section does.
 */
async function withoutTable(table: "CatalogueConnector" | "ConnectSession" | "PoderoUserLink", work: () => Promise<void>) {
  const { databaseUrl } = JSON.parse(readFileSync(join(dataDir, "runtime.json"), "utf8")) as { databaseUrl: string };
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(`ALTER TABLE "${table}" RENAME TO "${table}Away"`);
  try {
    await work();
  } finally {
    await client.query(`ALTER TABLE "${table}Away" RENAME TO "${table}"`);
    await client.end();
  }
}

test("when the apps cannot be loaded, the page says so with a way to try again, and the widget tells its host", async ({ page, account }) => {
  const response = await account.mintSession(hostKey);
  const { url, embedUrl } = (await response.json()) as { url: string; embedUrl: string };
  await withoutTable("CatalogueConnector", async () => {
    await page.goto(url);
    const alert = page.getByRole("alert").filter({ hasText: "Your apps could not be loaded." });
    await expect(alert).toBeVisible();
    await expect(page.getByRole("heading", { name: "Connect your apps" })).toBeVisible();
    await expect(alert.getByRole("button", { name: "Try again" })).toBeVisible();

    await page.goto(`${host}/?${new URLSearchParams({ embed: embedUrl })}`);
    await expect(page.locator("#events li")).toHaveText(["ready", "failed: The apps could not be loaded."]);
    await expect(page.frameLocator("iframe").getByRole("alert").filter({ hasText: "Your apps could not be loaded." })).toBeVisible();
  });
});

test("when the devices cannot be loaded, their section says so and the apps stay; the widget tells its host", async ({ page, account }) => {
  await account.install("Salesforce");
  const response = await account.mintSession(hostKey, { user: { email: "streaming@example.com" } });
  const { url, embedUrl } = (await response.json()) as { url: string; embedUrl: string };
  await withoutTable("PoderoUserLink", async () => {
    await page.goto(url);
    const alert = page.getByRole("alert").filter({ hasText: "Your devices could not be loaded." });
    await expect(alert).toBeVisible();
    await expect(alert.getByRole("button", { name: "Try again" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Connect Salesforce" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Devices" })).toHaveCount(0);

    await page.goto(`${host}/?${new URLSearchParams({ embed: embedUrl })}`);
    await expect(page.locator("#events li")).toHaveText(["ready", "failed: The devices could not be loaded."]);
  });
  await page.goto(url);
  await expect(page.getByRole("region", { name: "Devices" }).getByRole("button", { name: "Connect an electric vehicle" })).toBeEnabled();
});

test("a fault on Switchboard's side is its own error page, with a reference and Try again, not a link that is not valid", async ({ page, account }) => {
  const url = await account.connectLink();
  await withoutTable("ConnectSession", async () => {
    const response = await page.goto(url);
    expect(response?.status()).toBe(500);
    const notice = page.getByRole("alert").filter({ hasText: "Something went wrong" });
    await expect(notice).toBeVisible();
    await expect(notice.getByText(/^Reference: \S+$/)).toBeVisible();
    await expect(page.getByText("This link is not valid")).toHaveCount(0);
  });
  await page.getByRole("button", { name: "Try again" }).click();
  await expect(page.getByRole("heading", { name: "Connect your apps" })).toBeVisible();
});
