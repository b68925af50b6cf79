import type { Metadata } from "next";
import { headers } from "next/headers";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import { HeadlessConnect } from "@/components/connect/headless-connect";
import { clientIp } from "@/lib/client-ip";
import { loadHeadlessStart } from "@/lib/connect/headless";
import { headlessMessages } from "@/lib/i18n/catalogues";
import { localizeMessage } from "@/lib/i18n/failures";

export const dynamic = "force-dynamic";
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("Headless"))("title") };
}

// The popup of the SDK's headless connect() (?connector=<catalogue name or id, or the host
// API's connector id>): it connects that one app for its opener, if the opener is on one of
// the session's allowed origins, and posts the outcome back to it.
export default async function HeadlessStartPage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ token }, query] = await Promise.all([params, searchParams]);
  const connector = typeof query.connector === "string" ? query.connector : null;
  const [start, locale] = await Promise.all([loadHeadlessStart(token, connector, { ip: clientIp(await headers()) }), getLocale()]);
  const messages = headlessMessages(locale);
  // The host hears why in English (its developers read it); the user reads it in the page's language.
  const shown =
    start.kind === "expired" || start.kind === "unknown" ? localizeMessage(locale, start.message, start.kind === "expired" ? "expired" : "not_found") : null;
  return (
    <NextIntlClientProvider locale={locale} messages={messages} timeZone="UTC">
      <HeadlessConnect start={start} shown={shown} token={token} locale={locale} messages={messages} />
    </NextIntlClientProvider>
  );
}
