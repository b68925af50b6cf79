import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { ErrorNoticeWordsProvider } from "@/components/ui/error-notice";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Switchboard", template: "%s · Switchboard" },
  description: "Connect your apps.",
  referrer: "no-referrer",
  robots: { index: false, follow: false },
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // The end-user pages speak their user's language (lib/i18n/page-locale.ts); the rest English.
  const locale = await getLocale();
  const t = await getTranslations("ErrorNotice");
  const errorWords = { title: t("title"), text: t("text"), retry: t("retry"), reference: t("reference", { digest: "{digest}" }) };
  return (
    <html lang={locale}>
      <body className="min-h-screen">
        <ErrorNoticeWordsProvider words={errorWords}>{children}</ErrorNoticeWordsProvider>
      </body>
    </html>
  );
}
