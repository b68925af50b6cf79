import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { MessagePage } from "@/components/connect/message-page";
import { ReturnToList } from "@/components/connect/return-to-list";
import { TellOpener } from "@/components/connect/tell-opener";
import { completeDeviceReturn } from "@/lib/devices/attempts";
import { localizeMessage } from "@/lib/i18n/failures";
import { run } from "@/lib/result";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("DeviceReturn"))("title") };
}

// Where Podero's page sends the browser back (success_url or cancel_url, with the attempt,
// its nonce and the outcome). The outcome is only a hint: Podero is asked whether the device
// is connected (object_id, is_authenticated). In the popup the page that opened it is told
// and this window closes; in the tab it goes back to the list it came from.
export default async function DeviceReturnPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const attemptId = typeof params.attempt === "string" ? params.attempt : "";
  const nonce = typeof params.nonce === "string" ? params.nonce : "";
  const outcome = params.outcome === "success" || params.outcome === "cancel" ? params.outcome : null;
  const result = z.uuid().safeParse(attemptId).success && nonce && outcome ? await run(() => completeDeviceReturn(attemptId, nonce, outcome)) : null;
  const t = await getTranslations("DeviceReturn");
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
  const { status, device, error } = result.data;
  const name = (device && [device.manufacturer, device.model].filter(Boolean).join(" ")) || t("theDevice");
  const [title, words] =
    status === "SUCCEEDED"
      ? [t("connectedTitle", { name }), t("allSet")]
      : status === "CANCELLED"
        ? [t("cancelledTitle"), t("cancelled")]
        : status === "EXPIRED"
          ? [t("expiredTitle"), `${localizeMessage(locale, error ?? "", "expired")}`]
          : status === "PENDING"
            ? [t("pendingTitle"), t("pending")]
            : [t("notConnectedTitle"), `${error ? localizeMessage(locale, error, "upstream") : t("notConfirmed")} ${t("tryAgain")}`];
  const back = (
    <ReturnToList
      attemptId={result.data.id}
      words={{ closePage: t("closeWindow"), takingBack: (await getTranslations("Return"))("takingBack"), backToApps: t("backToList") }}
    />
  );
  return (
    <MessagePage title={title}>
      <p>{words}</p>
      <TellOpener attemptId={result.data.id} status={status} closeWindow={t("closeWindow")} fallback={back} />
    </MessagePage>
  );
}
