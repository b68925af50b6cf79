import { useLocale, useTranslations } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import { Suspense } from "react";
import type { ConnectApps, ConnectPage } from "@/lib/connect/page";
import { SESSION_LIFETIME_MS } from "@/lib/connect/sessions";
import type { DevicesSection } from "@/lib/devices/page";
import { clientMessages } from "@/lib/i18n/catalogues";
import { localizeMessage } from "@/lib/i18n/failures";
import { ConnectSessionProvider } from "./connect-session";
import { ConnectorList } from "./connector-list";
import { DeviceList } from "./device-list";
import { HostBridge } from "./host-bridge";
import { ListSkeleton } from "./list-skeleton";
import { MessagePage } from "./message-page";
import { SectionBoundary } from "./section-boundary";

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
  const devicesT = useTranslations("Devices");
  const locale = useLocale();
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
      <ConnectSessionProvider token={token} serviceOrigin={page.serviceOrigin} embedded={embedded} locale={locale} messages={clientMessages(locale)}>
        <SectionBoundary words={{ title: t("appsFailedTitle"), text: t("appsFailedText"), retry: t("tryAgain") }} hostReason="The apps could not be loaded.">
          <Suspense fallback={<ListSkeleton label={t("loadingApps")} rows={3} testId="apps-skeleton" />}>
            <AppsSection apps={page.apps} />
          </Suspense>
        </SectionBoundary>
        {page.devices && (
          <SectionBoundary
            words={{ title: devicesT("loadFailedTitle"), text: t("appsFailedText"), retry: t("tryAgain") }}
            hostReason="The devices could not be loaded."
          >
            <Suspense fallback={<ListSkeleton label={devicesT("loading")} rows={1} testId="devices-skeleton" />}>
              <DevicesPart devices={page.devices} />
            </Suspense>
          </SectionBoundary>
        )}
      </ConnectSessionProvider>
    </main>
  );
}

/** The list, once Cyclr has answered (or could not be reached): streamed into the page's shell. */
async function AppsSection({ apps }: { apps: Promise<ConnectApps> }) {
  const [{ syncWarning, connectors, moreOffered, appCount, categories }, t, locale] = await Promise.all([apps, getTranslations("ConnectPage"), getLocale()]);
  return (
    <>
      {syncWarning !== null && (
        <p role="status" className="mt-6 rounded-sb-card border border-sb-warn-line bg-sb-warn-bg px-4 py-3 text-sm text-sb-warn-fg">
          {t("syncWarning")} {localizeMessage(locale, syncWarning)}
        </p>
      )}
      <ConnectorList connectors={connectors} moreOffered={moreOffered} appCount={appCount} categories={categories} />
    </>
  );
}

/** The Devices section, once the user's devices are known (Podero asked when they were stale): after the apps. */
async function DevicesPart({ devices }: { devices: Promise<DevicesSection | null> }) {
  const section = await devices;
  return section ? <DeviceList section={section} /> : null;
}
