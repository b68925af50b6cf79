import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import AxeBuilder from "@axe-core/playwright";
import type { FrameLocator, Locator, Page } from "@playwright/test";
import { card, createApiKey, expect, expireLink, test, type TestAccount } from "./fixtures";

// The widget in the host's look: an appearance minted with the session or given in the embed
// URL (the SDK's mount options), drawn by CSS variables on the server's first HTML.

// A host SaaS on a third origin (host-app.test, cross-site to the app): its page, in its own
// colour, frames the widget given in its query string. `scheme` is the iframe element's
// color-scheme, which must match the widget's for a transparent widget to show the page.
let server: Server;
let crossSite = "";
let embedKey = "";
const HOST_COLOUR = "#fde68a";

test.beforeAll(async () => {
  server = createServer((request, response) => {
    const params = new URL(request.url ?? "/", "http://x").searchParams;
    const src = (params.get("embed") ?? "").replace(/"/g, "&quot;");
    const scheme = params.get("scheme") === "dark" ? "dark" : "normal";
    const height = Number(params.get("height") ?? 900);
    response.writeHead(200, { "content-type": "text/html" });
    response.end(`<!doctype html><html lang="en"><title>Host</title><body style="margin:0;background:${HOST_COLOUR}">
<header><h1 style="margin:0;height:40px;font-size:20px">Host app</h1></header><section aria-label="Integrations">
<iframe title="Switchboard" src="${src}" style="display:block;width:640px;height:${height}px;border:0;color-scheme:${scheme}"></iframe></section></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  crossSite = `http://host-app.test:${(server.address() as AddressInfo).port}`;
  embedKey = createApiKey([crossSite]);
});

test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

type Rgba = [number, number, number, number];
const rgba = (hex: string): Rgba => [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16), 255];
/** Tailwind 4's colours (oklch) as Chromium draws them in sRGB. */
const SLATE_50: Rgba = [248, 250, 252, 255];
const SLATE_900: Rgba = [15, 23, 43, 255];
const SLATE_950: Rgba = [2, 6, 24, 255];
const NEAR_BLACK = rgba("#111827");

/** A computed colour of an element, as the sRGB bytes a canvas paints it with (whatever notation CSS computed). */
function colour(target: Locator, property: string): Promise<Rgba> {
  return target.evaluate((element, name) => {
    const context = document.createElement("canvas").getContext("2d")!;
    context.fillStyle = getComputedStyle(element).getPropertyValue(name);
    context.fillRect(0, 0, 1, 1);
    return [...context.getImageData(0, 0, 1, 1).data] as Rgba;
  }, property);
}

/** Each channel within 2 of the expected (colour conversions round). */
function near(actual: Rgba, expected: Rgba) {
  expect(
    actual.every((channel, i) => Math.abs(channel - expected[i]!) <= 2),
    `${actual.join(",")} ≈ ${expected.join(",")}`,
  ).toBe(true);
}

const style = (target: Locator, property: string) => target.evaluate((element, name) => getComputedStyle(element).getPropertyValue(name), property);

/** What the screen shows at one point of the page, read back from a screenshot. */
async function pixel(page: Page, x: number, y: number): Promise<Rgba> {
  const shot = await page.screenshot({ clip: { x, y, width: 1, height: 1 } });
  return page.evaluate(async (png) => {
    const image = new Image();
    image.src = `data:image/png;base64,${png}`;
    await image.decode();
    const context = document.createElement("canvas").getContext("2d")!;
    context.drawImage(image, 0, 0);
    return [...context.getImageData(0, 0, 1, 1).data] as Rgba;
  }, shot.toString("base64"));
}

async function mint(account: TestAccount, key: string, body: Record<string, unknown> = {}) {
  const response = await account.mintSession(key, body);
  expect(response.status).toBe(201);
  return (await response.json()) as { url: string; embedUrl: string };
}

const withQuery = (url: string, query: Record<string, string>) => `${url}?${new URLSearchParams(query)}`;

test("a session minted dark with an accent and a radius is drawn so, its colours in the server's first HTML without JavaScript", async ({
  browser,
  page,
  account,
  apiKey,
}, testInfo) => {
  const name = await account.install("Salesforce");
  const { url } = await mint(account, apiKey, { appearance: { theme: "dark", accent: "#F97316", radius: 10 } });

  // Without JavaScript, the shell (what the server sends before the list streams in) is already dark, with the accent.
  const noScript = await browser.newContext({ javaScriptEnabled: false });
  const bare = await noScript.newPage();
  await bare.goto(url);
  await expect(bare.getByRole("heading", { name: "Connect your apps" })).toBeVisible();
  near(await colour(bare.locator("body"), "background-color"), SLATE_950);
  expect(await style(bare.locator("html"), "color-scheme")).toBe("dark");
  expect(await style(bare.locator("html"), "--sb-accent")).toBe("#f97316");
  expect(await style(bare.locator("html"), "--sb-radius")).toBe("10px");
  await noScript.close();

  await page.goto(url);
  const connect = card(page, name).getByRole("button", { name: `Connect ${name}` });
  await expect(connect).toBeVisible();
  near(await colour(page.locator("body"), "background-color"), SLATE_950);
  near(await colour(card(page, name), "background-color"), SLATE_900);
  // Orange is too light for white text (2.8:1): the text on it is near-black.
  near(await colour(connect, "background-color"), rgba("#f97316"));
  near(await colour(connect, "color"), NEAR_BLACK);
  expect(await style(connect, "border-radius")).toBe("10px");
  expect(await style(card(page, name), "border-radius")).toBe("20px");
  const path = testInfo.outputPath("connect-dark.png");
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach("connect-dark", { path, contentType: "image/png" });

  // Query parameters the schema refuses are ignored: the page still answers, in the session's look.
  await page.goto(withQuery(url, { theme: "neon", accent: "orange", radius: "99", background: "transparent" }));
  await expect(connect).toBeVisible();
  near(await colour(connect, "background-color"), rgba("#f97316"));
  expect(await style(connect, "border-radius")).toBe("10px");
  // ...and a transparent background is for frames only: the connect page keeps its own.
  near(await colour(page.locator("body"), "background-color"), SLATE_950);
  // A query value the schema takes overrides the session's.
  await page.goto(withQuery(url, { theme: "light", accent: "#1d4ed8" }));
  await expect(connect).toBeVisible();
  near(await colour(page.locator("body"), "background-color"), SLATE_50);
  near(await colour(connect, "background-color"), rgba("#1d4ed8"));
  near(await colour(connect, "color"), rgba("#ffffff"));

  // An expired link's notice keeps the session's look.
  await expireLink(url);
  await page.goto(url);
  const expired = page.getByRole("heading", { name: "This link has expired" });
  await expect(expired).toBeVisible();
  near(await colour(page.locator("body"), "background-color"), SLATE_950);
  near(await colour(expired.locator(".."), "background-color"), SLATE_900);
});

test("the embed URL's query parameters theme the widget a host frames from a third origin, and a transparent one shows the host's page", async ({
  page,
  account,
}, testInfo) => {
  const name = await account.install("Salesforce");
  // The session asks for one look; the mount options (the URL) override it field by field.
  const { embedUrl } = await mint(account, embedKey, { appearance: { theme: "light", accent: "#111111", radius: 20 } });
  const src = withQuery(embedUrl, { theme: "dark", accent: "#0ea5e9", radius: "0", background: "transparent" });
  await page.goto(`${crossSite}/?${new URLSearchParams({ embed: src, scheme: "dark" })}`);
  const frame = page.frameLocator('iframe[title="Switchboard"]');
  const connect = frame.getByRole("button", { name: `Connect ${name}` });
  await expect(connect).toBeVisible();
  expect(await colour(frame.locator("body"), "background-color")).toEqual([0, 0, 0, 0]);
  expect(await style(frame.locator("html"), "color-scheme")).toBe("dark");
  near(await colour(connect, "background-color"), rgba("#0ea5e9"));
  near(await colour(connect, "color"), NEAR_BLACK);
  expect(await style(connect, "border-radius")).toBe("0px");
  // The cards keep the dark surface; between them, the host's own colour shows through.
  near(await colour(frame.getByRole("article", { name }), "background-color"), SLATE_900);
  const box = (await page.locator("iframe").boundingBox())!;
  near(await pixel(page, box.x + 4, box.y + 4), rgba(HOST_COLOUR));
  const path = testInfo.outputPath("widget-dark-transparent.png");
  await page.screenshot({ path, clip: { x: 0, y: 0, width: 680, height: 240 } });
  await testInfo.attach("widget-dark-transparent", { path, contentType: "image/png" });

  // The same widget without the override is the session's light look, on its own page colour.
  await page.goto(`${crossSite}/?${new URLSearchParams({ embed: embedUrl })}`);
  await expect(connect).toBeVisible();
  near(await colour(frame.locator("body"), "background-color"), SLATE_50);
  near(await colour(connect, "background-color"), rgba("#111111"));
  expect(await style(connect, "border-radius")).toBe("20px");
  near(await pixel(page, box.x + 4, box.y + 4), SLATE_50);
});

test("theme auto follows the browser's colour scheme", async ({ page, account, apiKey }) => {
  const name = await account.install("Salesforce");
  const { url } = await mint(account, apiKey, { appearance: { theme: "auto" } });
  const complaints: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") complaints.push(message.text());
  });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto(url);
  const body = page.locator("body");
  await expect(card(page, name)).toBeVisible();
  near(await colour(body, "background-color"), SLATE_950);
  near(await colour(card(page, name), "background-color"), SLATE_900);
  await page.emulateMedia({ colorScheme: "light" });
  near(await colour(body, "background-color"), SLATE_50);
  near(await colour(card(page, name), "background-color"), [255, 255, 255, 255]);
  await page.emulateMedia({ colorScheme: "dark" });
  near(await colour(body, "background-color"), SLATE_950);
  // The themed root hydrates like any other markup: no warning.
  expect(complaints).toEqual([]);
});

// Every state the widget's colours appear in at once: search and the category chips (one
// selected), the three statuses, and a credentials form open with an error under it.
async function everyState(frame: FrameLocator) {
  await expect(frame.getByRole("group", { name: "Categories" }).getByRole("button", { name: "All" })).toHaveAttribute("aria-pressed", "true");
  await expect(frame.getByRole("article", { name: "Mailchimp" }).getByText("Connected", { exact: true })).toBeVisible();
  await expect(frame.getByRole("article", { name: "Salesforce" }).getByText("Not connected", { exact: true })).toBeVisible();
  const newsletter = frame.getByRole("article", { name: "Newsletter" });
  await expect(newsletter.getByText("Failed", { exact: true })).toBeVisible();
  await submitKey(newsletter, "Newsletter", "invalid");
  await expect(newsletter.getByRole("alert")).toContainText("did not accept these credentials");
}

async function submitKey(widgetCard: Locator, name: string, key: string) {
  await widgetCard.getByRole("button", { name: `Connect ${name}` }).click();
  await widgetCard.getByLabel("API key").fill(key);
  await widgetCard.getByRole("button", { name: "Save" }).click();
}

test("axe finds nothing on the widget in light and dark, with Switchboard's accent and the host's; screenshots of each", async ({
  page,
  account,
}, testInfo) => {
  for (const app of ["Salesforce", "HubSpot", "Google Sheets", "Stripe", "Jira", "Asana", "Airtable", "Adyen"]) await account.install(app);
  await account.install("Mailchimp");
  await account.install("Mailchimp", "Newsletter");
  const { embedUrl } = await mint(account, embedKey);
  // Mailchimp connected and Newsletter refused once, beforehand, on the widget itself.
  await page.goto(`${crossSite}/?${new URLSearchParams({ embed: embedUrl })}`);
  const widget = page.frameLocator('iframe[title="Switchboard"]');
  await submitKey(widget.getByRole("article", { name: "Mailchimp" }), "Mailchimp", "mc-test-key-123");
  await expect(widget.getByRole("article", { name: "Mailchimp" }).getByText("Connected", { exact: true })).toBeVisible();
  await submitKey(widget.getByRole("article", { name: "Newsletter" }), "Newsletter", "invalid");
  await expect(widget.getByRole("article", { name: "Newsletter" }).getByRole("alert")).toBeVisible();

  // The whole widget on screen: a cross-site frame is only painted where the viewport is.
  await page.setViewportSize({ width: 680, height: 1960 });
  const looks: { name: string; query: Record<string, string> }[] = [
    { name: "light", query: { theme: "light" } },
    { name: "dark", query: { theme: "dark" } },
    { name: "light-yellow", query: { theme: "light", accent: "#facc15", radius: "12" } },
    { name: "dark-navy", query: { theme: "dark", accent: "#1e3a8a", radius: "2" } },
  ];
  for (const look of looks) {
    const scheme = look.query.theme === "dark" ? "dark" : "normal";
    await page.goto(`${crossSite}/?${new URLSearchParams({ embed: withQuery(embedUrl, look.query), scheme, height: "1900" })}`);
    await everyState(page.frameLocator('iframe[title="Switchboard"]'));
    const results = await new AxeBuilder({ page }).analyze();
    expect(
      results.violations.map((violation) => `${look.name}: ${violation.id} ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`),
      look.name,
    ).toEqual([]);
    // color-contrast did run, on the widget's text inside its frame (a node there has a frame selector first).
    const contrast = results.passes.find((rule) => rule.id === "color-contrast");
    expect(contrast?.nodes.filter((node) => node.target.length > 1).length ?? 0).toBeGreaterThan(20);
    const path = testInfo.outputPath(`widget-${look.name}.png`);
    await page.locator("iframe").screenshot({ path });
    await testInfo.attach(`widget-${look.name}`, { path, contentType: "image/png" });
  }
});
