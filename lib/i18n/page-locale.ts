import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { z } from "zod";
import { db } from "@/lib/db";
import { errorFields, log } from "@/lib/log";
import { storedSession } from "@/lib/connect/sessions";
import { defaultLocale, resolveLocale, type Locale } from "./locales";
import { PAGE_URL_HEADER } from "./page-url";

/**
 * The language of an end-user page (/connect/…, /embed/…): its `?locale=`, its session's
 * locale (the token in the path, or for /connect/return the attempt's session), the
 * browser's Accept-Language, English. Everything else (the admin console, the API) is English.
 * Once per request, shared by the layout's <html lang> and the page.
 */
export const pageLocale = cache(async (): Promise<Locale> => {
  const given = await headers();
  const page = given.get(PAGE_URL_HEADER);
  if (!page) return defaultLocale;
  let url: URL;
  try {
    url = new URL(page, "http://switchboard.invalid");
  } catch {
    return defaultLocale;
  }
  const [, area, segment] = url.pathname.split("/");
  if (area !== "connect" && area !== "embed") return defaultLocale;
  const session = area === "connect" && segment === "return" ? await attemptLocale(url.searchParams.get("attempt")) : await sessionLocale(segment);
  return resolveLocale({ query: url.searchParams.getAll("locale"), session, acceptLanguage: given.get("accept-language") });
});

/**
 * The locale a session was minted with; null when there is none, the token names nothing, or
 * the database cannot say. The page's own read of the session (storedSession, once per request).
 */
async function sessionLocale(token: string | undefined): Promise<string | null> {
  if (!token) return null;
  return quietly(async () => (await storedSession(token))?.locale ?? null);
}

async function attemptLocale(attemptId: string | null): Promise<string | null> {
  if (!z.uuid().safeParse(attemptId).success) return null;
  return quietly(async () => {
    const attempt = await db().connectAttempt.findUnique({ where: { id: attemptId! }, select: { session: { select: { locale: true } } } });
    return attempt?.session?.locale ?? null;
  });
}

// The language is a nicety: a database that fails here fails the page itself, with its own words.
async function quietly(read: () => Promise<string | null>): Promise<string | null> {
  try {
    return await read();
  } catch (error) {
    log.warn(errorFields(error), "the page's locale could not be read from its session");
    return null;
  }
}
