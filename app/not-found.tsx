import type { Metadata } from "next";
import { useTranslations } from "next-intl";
import { getTranslations } from "next-intl/server";
import { MessagePage } from "@/components/connect/message-page";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("NotFound"))("title") };
}

// Any address Switchboard does not have (a mistyped or truncated link, an old bookmark); in
// the language of the page asked for (English outside /connect and /embed).
export default function NotFound() {
  const t = useTranslations("NotFound");
  return (
    <MessagePage title={t("title")}>
      <p>{t("text")}</p>
    </MessagePage>
  );
}
