import { readFileSync } from "node:fs";
import type { Browser, Page } from "@playwright/test";
import { card, expect, expireLink, test, type TestAccount } from "./fixtures";

// The connect page in the end user's language: chosen from the session's locale, the
// browser's Accept-Language, or the embed URL's ?locale= (the SDK's mount option), with no
// English left on the page, <html lang> to match and dates written the way the locale writes
// them; a language Switchboard does not have falls back to English.

type Tree = { [key: string]: string | Tree };
const english = JSON.parse(readFileSync("lib/i18n/messages/en.json", "utf8")) as Tree;

/** English's words as they can appear on a page: each message's text around its placeholders, and inside its plural branches. */
function englishFragments(tree: Tree): string[] {
  const out = new Set<string>();
  const literal = (text: string) => {
    let depth = 0;
    let chunk = "";
    for (const char of text) {
      if (char === "{") {
        if (depth === 0) out.add(chunk);
        chunk = "";
        depth++;
      } else if (char === "}") {
        depth--;
        if (depth === 0) chunk = "";
      } else if (depth === 0) chunk += char;
    }
    out.add(chunk);
    // Plural branches: "{count, plural, one {# app} other {# apps}}" → "app", "apps".
    for (const branch of text.matchAll(/(?:one|other|=\d+)\s*\{([^{}]*)\}/g)) out.add(branch[1]!.replace("#", ""));
  };
  const walk = (node: Tree) => Object.values(node).forEach((value) => (typeof value === "string" ? literal(value) : walk(value)));
  walk(tree);
  return [...out]
    .map((fragment) =>
      fragment
        .trim()
        .replace(/^[.,:;·)(“”]+|[.,:;·)(“”]+$/g, "")
        .trim(),
    )
    .filter((fragment) => /[A-Za-z]{2}/.test(fragment));
}

/** English words that are also another language's own (German "Apps" and "Wallbox", French "minute(s)"). Kept tiny on purpose. */
const sameInEveryLanguage = new Set(["Apps", "Wallbox", "minute", "minutes"]);
const fragments = englishFragments(english).filter((fragment) => !sameInEveryLanguage.has(fragment));

/** The English fragments found in the page's visible text: whole words, case as written. */
async function englishLeft(page: Page): Promise<string[]> {
  const visible = await page.locator("body").innerText();
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return fragments.filter((fragment) => new RegExp(`(?<![\\p{L}])${escape(fragment)}(?![\\p{L}])`, "u").test(visible));
}

const timeZone = "Europe/Paris";
const connectedOn: Record<string, (date: string) => string> = {
  de: (date) => `Verbunden am ${date}`,
  fr: (date) => `Connecté le ${date}`,
  es: (date) => `Conectado el ${date}`,
};
const words = {
  de: {
    connect: "verbinden",
    apiKey: "API-Schlüssel",
    save: "Speichern",
    connected: "Verbunden",
    refused: "hat diese Zugangsdaten nicht akzeptiert",
    title: "Verbinden Sie Ihre Apps",
    count: "9 Apps",
  },
  fr: {
    connect: "Connecter",
    apiKey: "Clé API",
    save: "Enregistrer",
    connected: "Connecté",
    refused: "n’a pas accepté ces identifiants",
    title: "Connectez vos applications",
    count: "9 applications",
  },
  es: {
    connect: "Conectar",
    apiKey: "Clave de API",
    save: "Guardar",
    connected: "Conectado",
    refused: "no ha aceptado estas credenciales",
    title: "Conecta tus aplicaciones",
    count: "9 aplicaciones",
  },
} as const;
type Language = keyof typeof words;

/** Nine apps (so the search and its count show): Mailchimp and eight more. */
async function nineApps(account: TestAccount): Promise<void> {
  await account.install("Mailchimp");
  for (let i = 1; i <= 8; i++) await account.install(i % 2 ? "Salesforce" : "HubSpot", `${i % 2 ? "Salesforce" : "HubSpot"} ${i}`);
}

async function contextPage(browser: Browser, locale: string) {
  const context = await browser.newContext({ locale, timezoneId: timeZone });
  return { context, page: await context.newPage() };
}

/** Connects Mailchimp through its form in the page's language: a refused key first, then a good one. */
async function connectMailchimp(page: Page, language: Language) {
  const w = words[language];
  const mailchimp = card(page, "Mailchimp");
  const connect = mailchimp.getByRole("button", { name: language === "de" ? `Mailchimp ${w.connect}` : `${w.connect} Mailchimp` });
  await connect.click();
  await mailchimp.getByLabel(w.apiKey).fill("invalid");
  await mailchimp.getByRole("button", { name: w.save }).click();
  await expect(mailchimp.getByRole("alert")).toContainText(`Mailchimp ${w.refused}`);
  await mailchimp.getByLabel(w.apiKey).fill("mc-good-key");
  await mailchimp.getByRole("button", { name: w.save }).click();
  await expect(mailchimp.getByText(w.connected, { exact: true })).toBeVisible();
  const date = new Intl.DateTimeFormat(language, { dateStyle: "long", timeZone }).format(new Date());
  await expect(mailchimp.getByText(connectedOn[language]!(date), { exact: true })).toBeVisible();
}

for (const [language, sessionLocale] of [
  ["de", "de-AT"],
  ["fr", "fr-CA"],
  ["es", "es"],
] as const) {
  test(`a session minted with locale ${sessionLocale} shows the page in ${language}, with no English left`, async ({ browser, account, apiKey }, testInfo) => {
    await nineApps(account);
    const minted = await account.mintSession(apiKey, { locale: sessionLocale });
    expect(minted.status).toBe(201);
    const { url } = (await minted.json()) as { url: string };
    // The browser asks for English: the host's choice wins.
    const { context, page } = await contextPage(browser, "en-US");
    await page.goto(url);
    await expect(page.locator("html")).toHaveAttribute("lang", language);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(words[language].title);
    await expect(page).toHaveTitle(`${words[language].title} · Switchboard`);
    await expect(page.getByText(words[language].count, { exact: true })).toBeVisible();
    await connectMailchimp(page, language);
    expect(await englishLeft(page)).toEqual([]);
    await page.screenshot({ path: testInfo.outputPath(`connect-${language}.png`), fullPage: true });

    // The link's dead end speaks the language too.
    await expireLink(url);
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("lang", language);
    expect(await englishLeft(page)).toEqual([]);
    await context.close();
  });
}

test("without a session locale the browser's Accept-Language chooses, by its q-values", async ({ browser, account }) => {
  await account.install("Mailchimp");
  const url = await account.connectLink();
  const { context, page } = await contextPage(browser, "it-IT");
  // A list with weights, as browsers send it (Playwright's locale sends one tag).
  await page.route(/\/connect\//, (route) => route.continue({ headers: { ...route.request().headers(), "accept-language": "it-IT,es;q=0.8,fr;q=0.5" } }));
  await page.goto(url);
  await expect(page.locator("html")).toHaveAttribute("lang", "es");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(words.es.title);
  expect(await englishLeft(page)).toEqual([]);
  await context.close();
});

test("the embed URL's ?locale= wins over the session's, and junk in it is ignored", async ({ browser, account, apiKey }, testInfo) => {
  await account.install("Mailchimp");
  const { embedUrl } = (await (await account.mintSession(apiKey, { locale: "de" })).json()) as { embedUrl: string };
  const { context, page } = await contextPage(browser, "en-US");
  await page.goto(`${embedUrl}?locale=es-MX`);
  await expect(page.locator("html")).toHaveAttribute("lang", "es");
  await connectMailchimp(page, "es");
  expect(await englishLeft(page)).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath("embed-es.png"), fullPage: true });

  await page.goto(`${embedUrl}?locale=%3Cscript%3E`);
  await expect(page.locator("html")).toHaveAttribute("lang", "de");
  await context.close();
});

test("a locale Switchboard does not have shows English, whatever the browser asks for", async ({ browser, account, apiKey }) => {
  await account.install("Mailchimp");
  const { url } = (await (await account.mintSession(apiKey, { locale: "xx" })).json()) as { url: string };
  const { context, page } = await contextPage(browser, "de-DE");
  await page.goto(url);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { name: "Connect your apps" })).toBeVisible();
  await expect(card(page, "Mailchimp").getByRole("button", { name: "Connect Mailchimp" })).toBeVisible();
  await context.close();
});

test("the admin console stays English whatever the browser asks for", async ({ browser }) => {
  const { context, page } = await contextPage(browser, "de-DE");
  await page.goto("/admin/sign-in");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
  await page.goto("/connect/no-such/page");
  await expect(page.locator("html")).toHaveAttribute("lang", "de");
  await expect(page.getByRole("heading", { name: "Seite nicht gefunden" })).toBeVisible();
  await context.close();
});
