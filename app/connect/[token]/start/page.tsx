import type { Metadata } from "next";
import { headers } from "next/headers";
import { getLocale } from "next-intl/server";
import { HeadlessConnect } from "@/components/connect/headless-connect";
import { clientIp } from "@/lib/client-ip";
import { loadHeadlessStart } from "@/lib/connect/headless";
import { clientMessages } from "@/lib/i18n/catalogues";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Connect an app" };

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
  return <HeadlessConnect start={start} token={token} locale={locale} messages={clientMessages(locale)} />;
}
