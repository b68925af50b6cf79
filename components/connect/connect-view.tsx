import { Suspense } from "react";
import type { ConnectApps, ConnectPage } from "@/lib/connect/page";
import { AppsBoundary } from "./apps-boundary";
import { AppsSkeleton } from "./apps-skeleton";
import { ConnectSessionProvider } from "./connect-session";
import { ConnectorList } from "./connector-list";
import { HostBridge } from "./host-bridge";
import { MessagePage } from "./message-page";

/** What a link that cannot be used says: unknown, expired, ended with its key, or over a limit for now. */
function notice(page: Exclude<ConnectPage, { kind: "ready" }>, embedded: boolean): { title: string; text: string } {
  if (page.kind === "limited") {
    const seconds = `${page.retryAfter} second${page.retryAfter === 1 ? "" : "s"}`;
    return { title: "Too many requests", text: `Too many requests, try again in ${seconds}.` };
  }
  if (page.kind === "invalid") {
    return { title: "This link is not valid", text: "Check that you copied the whole link, or go back to the app and open the connections page again." };
  }
  if (page.revoked) {
    return {
      title: "This link is not valid",
      text: embedded
        ? "This connection session is no longer valid. Reload the page to start a new one."
        : "This link is no longer valid. Go back to the app and open the connections page again to get a new one.",
    };
  }
  return {
    title: "This link has expired",
    text: embedded
      ? "This connection session has expired. Reload the page to start a new one."
      : "Connect links are valid for 30 minutes. Go back to the app and open the connections page again to get a new one.",
  };
}

/** The connect page's content, as its own page or (embedded) without chrome inside an iframe. */
export function ConnectView({ page, token, embedded }: { page: ConnectPage; token: string; embedded: boolean }) {
  if (page.kind !== "ready") {
    const { title, text } = notice(page, embedded);
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
          <p className="text-sm text-slate-500">{page.accountName}</p>
          <h1 className="mt-1 text-2xl font-semibold">Connect your apps</h1>
          <p className="mt-2 text-slate-600">Choose an app and sign in to it. You can disconnect at any time.</p>
        </header>
      )}
      {embedded && <h1 className="sr-only">Connect your apps</h1>}
      {embedded && <HostBridge allowedOrigins={page.embedOrigins} initial="ready" />}
      <AppsBoundary>
        <Suspense fallback={<AppsSkeleton />}>
          <AppsSection apps={page.apps} token={token} serviceOrigin={page.serviceOrigin} embedded={embedded} />
        </Suspense>
      </AppsBoundary>
    </main>
  );
}

/** The list, once Cyclr has answered (or could not be reached): streamed into the page's shell. */
async function AppsSection({ apps, token, serviceOrigin, embedded }: { apps: Promise<ConnectApps>; token: string; serviceOrigin: string; embedded: boolean }) {
  const { syncWarning, connectors, moreOffered, appCount, categories } = await apps;
  return (
    <>
      {syncWarning !== null && (
        <p role="status" className="mt-6 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          We could not reach the integration service just now, so statuses may be out of date. {syncWarning}
        </p>
      )}
      <ConnectSessionProvider token={token} serviceOrigin={serviceOrigin} embedded={embedded}>
        <ConnectorList connectors={connectors} moreOffered={moreOffered} appCount={appCount} categories={categories} />
      </ConnectSessionProvider>
    </>
  );
}
