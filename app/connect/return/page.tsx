import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { MessagePage } from "@/components/connect/message-page";
import { ReturnToList } from "@/components/connect/return-to-list";
import { completeRedirect } from "@/lib/connect/attempts";
import { localizeMessage } from "@/lib/i18n/failures";
import { run } from "@/lib/result";
import { z } from "zod";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("Return"))("title") };
}

// Where Cyclr sends the browser back in the redirect flow. The attempt id and its nonce are
// checked, Cyclr is asked whether the connector is now authenticated, and the browser goes
// back to the list it came from (remembered in sessionStorage before it left).
export default async function ReturnPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const attemptId = typeof params.attempt === "string" ? params.attempt : "";
  const nonce = typeof params.nonce === "string" ? params.nonce : "";
  const result = z.uuid().safeParse(attemptId).success && nonce ? await run(() => completeRedirect(attemptId, nonce)) : null;
  const t = await getTranslations("Return");
  const locale = await getLocale();

  if (!result || !result.ok) {
    const reason =
      result && !result.ok ? localizeMessage(locale, result.error.message, result.error.code) : (await getTranslations("Errors"))("returnLinkInvalid");
    return (
      <MessagePage title={t("failedTitle")}>
        <p>
          {reason} {t("goBack")}
        </p>
      </MessagePage>
    );
  }
  const { connector, status } = result.data;
  const succeeded = status === "SUCCEEDED";
  return (
    <MessagePage title={succeeded ? t("connectedTitle", { name: connector.name }) : t("notConnectedTitle", { name: connector.name })}>
      <p>{succeeded ? t("allSet") : t("didNotComplete")}</p>
      <ReturnToList attemptId={result.data.id} words={{ closePage: t("closePage"), takingBack: t("takingBack"), backToApps: t("backToApps") }} />
    </MessagePage>
  );
}
