import { useTranslations } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import { Suspense } from "react";
import type { ConnectApps, ConnectPage } from "@/lib/connect/page";
import { SESSION_LIFETIME_MS } from "@/lib/connect/sessions";
import { clientMessages } from "@/lib/i18n/catalogues";
import { localizeMessage } from "@/lib/i18n/failures";
import { AppsBoundary } from "./apps-boundary";
import { AppsSkeleton } from "./apps-skeleton";
import { ConnectSessionProvider } from "./connect-session";
import { ConnectorList } from "./connector-list";
import { HostBridge } from "./host-bridge";
import { MessagePage } from "./message-page";

type Translate = ReturnType<typeof useTranslations<"ConnectPage">>;

/** What a link that cannot be used says: unknown, expired, ended with its key, or over a limit for now. */
function notice(page: Exclude<ConnectPage, { kind: "ready" }>, embedded: boolean, t: Translate): { title: string; text: string } {
  if (page.kind === "limited") {
    return { title: t("limitedTitle"), text: t("limitedText", { seconds: page.retryAfter }) };
  }
  if (page.kind === "invalid") {
    return { title: t("invalidTitle"), text: t("invalidText") };
  }
  if (page.revoked) {
    return { title: t("invalidTitle"), text: embedded ? t("revokedTextEmbedded") : t("revokedText") };
  }
  return {
    title: t("expiredTitle"),
    text: embedded ? t("expiredTextEmbedded") : t("expiredText", { minutes: SESSION_LIFETIME_MS / 60_000 }),
  };
}

/** The connect page's content, as its own page or (embedded) without chrome inside an iframe. */
export function ConnectView({ page, token, embedded }: { page: ConnectPage; token: string; embedded: boolean }) {
  const t = useTranslations("ConnectPage");
  if (page.kind !== "ready") {
    const { title, text } = notice(page, embedded, t);
    return (
      <MessagePage title={title} compact={embedded}>
        {embedded && page.kind === "expired" && <HostBridge allowedOrigins={page.embedOrigins} initial="session-expired" />}
        <p>{text}</p>
      </MessagePage>
    );
  }
  return (
    <main className={embedded ? "px-3 py-4" : "mx-auto max-w-2xl px-4 py-10 sm:px-6"}>
      {!embedded && (
        <header>
          <p className="text-sm text-sb-fg-subtle">{page.accountName}</p>
          <h1 className="mt-1 text-2xl font-semibold">{t("title")}</h1>
          <p className="mt-2 text-sb-fg-muted">{t("intro")}</p>
        </header>
      )}
      {embedded && <h1 className="sr-only">{t("title")}</h1>}
      {embedded && <HostBridge allowedOrigins={page.embedOrigins} initial="ready" />}
      <AppsBoundary words={{ title: t("appsFailedTitle"), text: t("appsFailedText"), retry: t("tryAgain") }}>
        <Suspense fallback={<AppsSkeleton />}>
          <AppsSection apps={page.apps} token={token} serviceOrigin={page.serviceOrigin} embedded={embedded} />
        </Suspense>
      </AppsBoundary>
    </main>
  );
}

/** The list, once Cyclr has answered (or could not be reached): streamed into the page's shell. */
async function AppsSection({ apps, token, serviceOrigin, embedded }: { apps: Promise<ConnectApps>; token: string; serviceOrigin: string; embedded: boolean }) {
  const [{ syncWarning, connectors, moreOffered, appCount, categories }, t, locale] = await Promise.all([apps, getTranslations("ConnectPage"), getLocale()]);
  return (
    <>
      {syncWarning !== null && (
        <p role="status" className="mt-6 rounded-sb-card border border-sb-warn-line bg-sb-warn-bg px-4 py-3 text-sm text-sb-warn-fg">
          {t("syncWarning")} {localizeMessage(locale, syncWarning)}
        </p>
      )}
      <ConnectSessionProvider token={token} serviceOrigin={serviceOrigin} embedded={embedded} locale={locale} messages={clientMessages(locale)}>
        <ConnectorList connectors={connectors} moreOffered={moreOffered} appCount={appCount} categories={categories} />
      </ConnectSessionProvider>
    </>
  );
}
