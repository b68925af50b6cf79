import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { chromium, type Page } from "@playwright/test";
import { build } from "tsup";
import { createSwitchboard } from "../sdk/dist/server.js";
import { ports } from "../playwright.config";
import { createApiKey, expect, offerConnectors, test } from "./fixtures";

// The SDK package, built (sdk/dist), driven in Chromium from host pages on a third origin:
// the React component and hook (a small React app bundled here from e2e/sdk-host/), headless
// connect from the host's own button (the ESM browser build, served by the host), and the
// script-tag build's versioned path. "localhost" and "host-app.test" (cross-site, see
// playwright.config.ts) are allowed host origins; "127.0.0.1" is a stranger.

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "..");
const app = `http://localhost:${ports.app}`;

let server: Server;
let bundle = "";
let host = "";
let stranger = "";
let crossSite = "";
let hostKey = "";

const json = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");

function hostPage(kind: string, params: URLSearchParams): string {
  if (kind === "react") {
    const sessions = { embedUrls: params.getAll("embed"), url: params.get("url"), connector: params.get("connector") };
    return `<!doctype html><title>Host (React)</title><div id="root"></div><script type="application/json" id="sessions">${json(sessions)}</script><script src="/react-host.js"></script>`;
  }
  if (kind === "headless") {
    // The ESM browser build, from the host's own origin.
    return `<!doctype html><title>Host (headless)</title><h1>Host app</h1>
<button id="connect" type="button">Connect ${params.get("connector")}</button><ul id="events"></ul>
<script type="module">
import { connect } from "/sdk/index.js";
const start = () => connect({ url: ${json(params.get("url"))}, connector: ${json(params.get("connector"))}, onEvent(event) {
  const li = document.createElement("li");
  li.textContent = event.type + (event.connector ? ": " + event.connector.name : "") + (event.reason ? " (" + event.reason + ")" : "");
  document.getElementById("events").appendChild(li);
} });
document.getElementById("connect").addEventListener("click", start);
// Not in a click (what a host gets wrong by awaiting something first): as the page loads.
if (${json(params.get("auto") === "1")}) start();
</script>`;
  }
  // The script-tag build, from Switchboard's versioned path.
  return `<!doctype html><title>Host (script tag)</title><h1>Host app</h1><div id="widget"></div><ul id="events"></ul>
<script src="${app}/sdk/v1/switchboard.js"></script>
<script>
Switchboard.mount(document.getElementById("widget"), { url: ${json(params.get("embed"))}, timeoutMs: ${Number(params.get("timeout") ?? 15000)}, onEvent(event) {
  const li = document.createElement("li");
  li.textContent = event.type + (event.connector ? ": " + event.connector.name : "") + (event.reason ? " (" + event.reason + ")" : "");
  document.getElementById("events").appendChild(li);
} });
</script>`;
}

test.beforeAll(async () => {
  const out = await mkdtemp(join(tmpdir(), "switchboard-react-host-"));
  await build({
    config: false,
    entry: { "react-host": join(root, "e2e/sdk-host/react-host.tsx") },
    format: ["iife"],
    platform: "browser",
    target: "es2020",
    outDir: out,
    noExternal: [/.*/],
    define: { "process.env.NODE_ENV": '"production"' },
    silent: true,
  });
  bundle = await readFile(join(out, "react-host.global.js"), "utf8");
  await rm(out, { recursive: true, force: true });

  server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://x");
    if (url.pathname === "/react-host.js") return void response.writeHead(200, { "content-type": "text/javascript" }).end(bundle);
    if (/^\/sdk\/[\w-]+\.js$/.test(url.pathname)) {
      void readFile(join(root, "sdk/dist", url.pathname.slice("/sdk/".length))).then(
        (file) => response.writeHead(200, { "content-type": "text/javascript" }).end(file),
        () => response.writeHead(404).end(),
      );
      return;
    }
    response.writeHead(200, { "content-type": "text/html" }).end(hostPage(url.pathname.slice(1), url.searchParams));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  host = `http://localhost:${port}`;
  stranger = `http://127.0.0.1:${port}`;
  crossSite = `http://host-app.test:${port}`;
  hostKey = createApiKey([host, crossSite]);
});

test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const sdk = () => createSwitchboard({ baseUrl: app, apiKey: hostKey });

async function session(accountId: string) {
  return sdk().createSession({ accountId, userId: "sdk-user" });
}

async function statusOf(accountId: string, name: string) {
  const { connectors } = await sdk().getConnectors(accountId);
  return connectors.find((connector) => connector.name === name)?.status;
}

async function open(page: Page, origin: string, kind: string, params: Record<string, string | string[]>) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) for (const one of [value].flat()) query.append(key, one);
  await page.goto(`${origin}/${kind}?${query}`);
}

test("a React host app mounts the widget with its appearance and locale, hears its events, and mounts a new one for a new url", async ({ page, account }) => {
  const name = await account.install("Salesforce");
  const [first, second] = [await session(account.id), await session(account.id)];
  await open(page, crossSite, "react", { embed: [first.embedUrl, second.embedUrl], url: first.url, connector: name });
  const events = page.getByRole("list", { name: "Events" });
  await expect(events.getByRole("listitem").first()).toHaveText("ready");
  const iframe = page.locator("iframe");
  await expect(iframe).toHaveCount(1);
  const src = new URL((await iframe.getAttribute("src"))!);
  expect(src.pathname).toBe(new URL(first.embedUrl).pathname);
  expect(Object.fromEntries(src.searchParams)).toEqual({ theme: "dark", accent: "#0f766e", radius: "12", locale: "de" });
  // The frame's color-scheme is the widget's (else a transparent dark widget gets an opaque backdrop).
  expect(await iframe.evaluate((element: HTMLIFrameElement) => element.style.colorScheme)).toBe("dark");

  // The widget speaks the locale it was mounted with.
  const frame = page.frameLocator('iframe[title="Connect your apps"]');
  await expect(frame.locator("html")).toHaveAttribute("lang", "de");
  const popupPromise = page.waitForEvent("popup");
  await frame.getByRole("button", { name: `${name} verbinden` }).click();
  await (await popupPromise).getByRole("button", { name: "Approve" }).click();
  await expect(events.getByRole("listitem").filter({ hasText: /^connected/ })).toHaveText(`connected: ${name}`);

  // A new url: the old widget is unmounted, one iframe on the new session, which says ready.
  await page.getByRole("button", { name: "Use another session" }).click();
  await expect.poll(async () => new URL((await iframe.getAttribute("src"))!).pathname).toBe(new URL(second.embedUrl).pathname);
  await expect(iframe).toHaveCount(1);
  await expect(events.getByRole("listitem").filter({ hasText: /^ready$/ })).toHaveCount(2);

  // The hook: the host's own button, the popup, the outcome as status and event.
  const headlessPopup = page.waitForEvent("popup");
  await page.getByRole("button", { name: `Connect ${name} from the host` }).click();
  const popup = await headlessPopup;
  await expect(page.getByRole("status")).toHaveText("Headless: connecting");
  await popup.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByRole("status")).toHaveText("Headless: connected");
  await expect(events.getByRole("listitem").last()).toHaveText(`connected: ${name} (headless)`);
  await expect.poll(() => popup.isClosed()).toBe(true);
});

test.describe("headless connect from the host's own button", () => {
  test("the popup opens in the click, signs in through Cyclr's page, closes, and the host hears connected", async ({ page, account }) => {
    const name = await account.install("Salesforce");
    const { url } = await session(account.id);
    await open(page, crossSite, "headless", { url, connector: name });
    const popupPromise = page.waitForEvent("popup");
    await page.getByRole("button", { name: `Connect ${name}` }).click();
    const popup = await popupPromise;
    // Cyclr's own consent page, in the popup the click opened.
    await expect(popup.getByRole("button", { name: "Approve" })).toBeVisible();
    expect(new URL(popup.url()).port).toBe(String(ports.cyclrService));
    const closed = popup.waitForEvent("close");
    await popup.getByRole("button", { name: "Approve" }).click();
    await closed;
    await expect(page.getByRole("listitem")).toHaveText([`connected: ${name}`]);
    expect(await statusOf(account.id, name)).toBe("CONNECTED");
  });

  test("a popup the user closes is reported as cancelled, and nothing is connected", async ({ page, account }) => {
    const name = await account.install("Salesforce");
    const { url } = await session(account.id);
    await open(page, host, "headless", { url, connector: name });
    const popupPromise = page.waitForEvent("popup");
    await page.getByRole("button", { name: `Connect ${name}` }).click();
    const popup = await popupPromise;
    await expect(popup.getByRole("button", { name: "Approve" })).toBeVisible();
    await popup.close();
    await expect(page.getByRole("listitem")).toHaveText([/^cancelled \(The window was closed/]);
    expect(await statusOf(account.id, name)).toBe("NOT_CONNECTED");
  });

  test("an API-key app shows its form in the popup; an offered app is installed by the click", async ({ page, account }) => {
    const name = await account.install("Mailchimp");
    const { url } = await session(account.id);
    await open(page, crossSite, "headless", { url, connector: "mailchimp" });
    let popupPromise = page.waitForEvent("popup");
    await page.getByRole("button", { name: "Connect mailchimp" }).click();
    let popup = await popupPromise;
    await popup.getByLabel("API key").fill("sdk-e2e-key");
    await popup.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("listitem")).toHaveText([`connected: ${name}`]);
    expect(await statusOf(account.id, name)).toBe("CONNECTED");

    // HubSpot is not installed in this account, only offered: named by its catalogue id.
    offerConnectors(["HubSpot"], true);
    try {
      await open(page, crossSite, "headless", { url, connector: "5002" });
      popupPromise = page.waitForEvent("popup");
      await page.getByRole("button", { name: "Connect 5002" }).click();
      popup = await popupPromise;
      await popup.getByRole("button", { name: "Approve" }).click();
      await expect(page.getByRole("listitem")).toHaveText(["connected: HubSpot"]);
      expect(await statusOf(account.id, "HubSpot")).toBe("CONNECTED");
    } finally {
      offerConnectors(["HubSpot"], false);
    }
  });

  test("with the browser's popup blocker on, the host's click opens the popup; a connect() outside a click is reported as blocked", async ({ account }) => {
    // Playwright turns Chromium's popup blocker off; this browser has it on, as users do.
    const { launchOptions } = test.info().project.use;
    const browser = await chromium.launch({ ...launchOptions, ignoreDefaultArgs: ["--disable-popup-blocking"] });
    try {
      const page = await browser.newPage();
      const name = await account.install("Salesforce");
      const { url } = await session(account.id);
      await open(page, crossSite, "headless", { url, connector: name, auto: "1" });
      await expect(page.getByRole("listitem")).toHaveText(["failed (The browser blocked the sign-in window. Allow popups for this site and try again.)"]);

      const popupPromise = page.waitForEvent("popup");
      await page.getByRole("button", { name: `Connect ${name}` }).click();
      const popup = await popupPromise;
      await popup.getByRole("button", { name: "Approve" }).click();
      await expect(page.getByRole("listitem").last()).toHaveText(`connected: ${name}`);
    } finally {
      await browser.close();
    }
  });

  test("a connector the session does not have is a failed event that says so", async ({ page, account }) => {
    await account.install("Salesforce");
    const { url } = await session(account.id);
    await open(page, host, "headless", { url, connector: "Nonexistent App" });
    await page.getByRole("button", { name: "Connect Nonexistent App" }).click();
    await expect(page.getByRole("listitem")).toHaveText([`failed ("Nonexistent App" is not one of the apps this account can connect.)`]);
  });

  test("an opener whose origin is not allowed hears nothing, and nothing is started", async ({ page, account }) => {
    const name = await account.install("Salesforce");
    const { url } = await session(account.id);
    await open(page, stranger, "headless", { url, connector: name });
    const popupPromise = page.waitForEvent("popup");
    await page.getByRole("button", { name: `Connect ${name}` }).click();
    const popup = await popupPromise;
    await expect(popup.getByRole("heading", { name: "This window cannot be used here" })).toBeVisible();
    expect(new URL(popup.url()).origin).toBe(app);
    await expect(page.getByRole("listitem")).toHaveCount(0);
    expect(await statusOf(account.id, name)).toBe("NOT_CONNECTED");
  });
});

test("npm start's demo host uses the built package from its own origin: the widget, and its own Connect Salesforce button", async ({ page }) => {
  const esm = page.waitForResponse((response) => response.url() === `http://localhost:${ports.demoHost}/sdk/index.js`);
  await page.goto(`http://localhost:${ports.demoHost}/`);
  expect((await esm).status()).toBe(200);
  const events = page.getByRole("list").first();
  await expect(events.getByRole("listitem").first()).toContainText("ready");
  const popupPromise = page.waitForEvent("popup");
  await page.getByRole("button", { name: "Connect Salesforce" }).click();
  await (await popupPromise).getByRole("button", { name: "Approve" }).click();
  await expect(page.getByRole("status")).toHaveText("connected");
  await expect(events.getByRole("listitem").first()).toContainText("connected: Salesforce (headless)");
});

test("the script-tag build is served at /sdk/v1/ and /sdk/, and the widget tells the host when it failed to load", async ({ page, request, account }) => {
  const built = await readFile(join(root, "sdk/dist/switchboard.js"), "utf8");
  for (const path of ["/sdk/switchboard.js", "/sdk/v1/switchboard.js"]) {
    const response = await request.get(`${app}${path}`);
    expect(response.status()).toBe(200);
    expect(await response.text()).toBe(built);
  }
  expect((await request.get(`${app}/sdk/v1/switchboard.d.ts`)).status()).toBe(200);

  // Nothing answers there: no hello within the timeout.
  await open(page, host, "script", { embed: "http://127.0.0.1:9/embed/aaaaaaaaaaaaaaaaaaaaaaaa", timeout: "1500" });
  await expect(page.getByRole("listitem")).toHaveText(["failed (The widget did not load within 1.5 seconds.)"]);

  // A host origin the session does not allow: the browser refuses the frame, the host hears failed.
  await account.install("Salesforce");
  const { embedUrl } = await session(account.id);
  await open(page, stranger, "script", { embed: embedUrl, timeout: "3000" });
  await expect(page.getByRole("listitem")).toHaveText(["failed (The widget did not load within 3 seconds.)"]);
});

test("npm pack makes a tarball that installs in a new project: its server client talks to Switchboard and its browser build loads", async ({ account }) => {
  test.setTimeout(180_000);
  const work = await mkdtemp(join(tmpdir(), "switchboard-pack-"));
  try {
    const started = Date.now();
    await run("npm", ["run", "--silent", "sdk:build"], { cwd: root });
    const packed = await run("npm", ["pack", "./sdk", "--pack-destination", work, "--json"], { cwd: root });
    const [{ filename, files }] = JSON.parse(packed.stdout) as [{ filename: string; files: { path: string }[] }];
    const paths = files.map((file) => file.path).sort();
    expect(paths).toEqual(
      expect.arrayContaining(["package.json", "dist/index.js", "dist/index.d.ts", "dist/react.js", "dist/react.d.ts", "dist/server.js", "dist/server.d.ts"]),
    );
    expect(paths.filter((path) => path.startsWith("src/") || (path.endsWith(".ts") && !path.endsWith(".d.ts")))).toEqual([]);

    const project = join(work, "host");
    await run("mkdir", ["-p", project]);
    await writeFile(join(project, "package.json"), JSON.stringify({ name: "host", private: true, type: "module" }));
    await run("npm", ["install", join(work, filename), "--no-audit", "--no-fund", "--loglevel=error"], { cwd: project });
    const installed = await readdir(join(project, "node_modules/@switchboard/sdk/dist"));
    expect(installed).toEqual(expect.arrayContaining(["index.js", "server.js", "react.js"]));

    // The host's backend, with only the tarball installed: upsert, mint, read.
    await writeFile(
      join(project, "host.mjs"),
      `import { createSwitchboard, SwitchboardError, verifyWebhook } from "@switchboard/sdk/server";
import * as browser from "@switchboard/sdk";
const sb = createSwitchboard({ baseUrl: process.env.APP, apiKey: process.env.KEY });
const upserted = await sb.upsertAccount(process.env.ACCOUNT, { name: "Packed Ltd" });
const session = await sb.createSession({ accountId: process.env.ACCOUNT, userId: "packed-user" });
const { connectors } = await sb.getConnectors(process.env.ACCOUNT);
let refused = null;
try { await sb.createSession({ accountId: process.env.ACCOUNT, userId: "" }); } catch (error) { refused = error instanceof SwitchboardError ? { status: error.status, code: error.code, fields: Object.keys(error.fields ?? {}) } : String(error); }
let unauthorized = null;
try { await createSwitchboard({ baseUrl: process.env.APP, apiKey: "sb_wrong" }).getConnectors(process.env.ACCOUNT); } catch (error) { unauthorized = { status: error.status, code: error.code }; }
console.log(JSON.stringify({ created: upserted.created, account: upserted.account, url: session.url, connectors: connectors.map((c) => c.name), refused, unauthorized,
  browser: Object.keys(browser).sort(), verifyWebhook: typeof verifyWebhook }));
`,
    );
    const output = await run(process.execPath, ["host.mjs"], { cwd: project, env: { ...process.env, APP: app, KEY: hostKey, ACCOUNT: account.id } });
    const result = JSON.parse(output.stdout) as Record<string, unknown>;
    expect(result).toEqual({
      created: false,
      account: { id: account.id, name: "Packed Ltd" },
      url: expect.stringMatching(new RegExp(`^${app}/connect/[A-Za-z0-9_-]+$`)),
      connectors: [],
      refused: { status: 400, code: "bad_request", fields: ["userId"] },
      unauthorized: { status: 401, code: "unauthorized" },
      browser: ["connect", "mount"],
      verifyWebhook: "function",
    });

    // The declarations type a host's TypeScript against the installed package.
    await writeFile(
      join(project, "check.ts"),
      `import { createSwitchboard, type AccountConnectors } from "@switchboard/sdk/server";
import { connect, mount, type SwitchboardEvent } from "@switchboard/sdk";
const sb = createSwitchboard({ baseUrl: "https://switchboard.example.com", apiKey: "key" });
export const statuses: Promise<AccountConnectors["connectors"][number]["status"][]> = sb.getConnectors("acme").then((r) => r.connectors.map((c) => c.status));
export const types: SwitchboardEvent["type"][] = ["ready", "failed"];
export const fns = [connect, mount];
// @ts-expect-error: userId is required by the contract
void sb.createSession({ accountId: "acme" });
`,
    );
    await writeFile(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: "nodenext",
          moduleResolution: "nodenext",
          target: "es2022",
          lib: ["es2022", "dom"],
          noEmit: true,
          skipLibCheck: false,
          types: [],
        },
        files: ["check.ts"],
      }),
    );
    await run(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", project]);
    test.info().annotations.push({ type: "pack", description: `build, pack, install, run and type-check: ${((Date.now() - started) / 1000).toFixed(1)} s` });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});
