import "server-only";
import { listConnectors, syncAccountConnectors } from "@/lib/connect/connectors";
import { sessionOrigins } from "@/lib/connect/embed-policy";
import { run } from "@/lib/result";
import { requireSession } from "@/lib/connect/sessions";
import { env } from "@/lib/env";
import { ConnectorList } from "./connector-list";
import { HostBridge } from "./host-bridge";
import { MessagePage } from "./message-page";

/** The connect page's content, as its own page or (embedded) without chrome inside an iframe. */
export async function ConnectView({ token, embedded }: { token: string; embedded: boolean }) {
  const session = await run(() => requireSession(token));
  const origins = embedded ? await sessionOrigins(token) : [];
  if (!session.ok) {
    const expired = session.error.code === "expired";
    return (
      <MessagePage title={expired ? "This link has expired" : "This link is not valid"} compact={embedded}>
        {embedded && expired && <HostBridge allowedOrigins={origins} initial="session-expired" />}
        <p>
          {expired
            ? embedded
              ? "This connection session has expired. Reload the page to start a new one."
              : "Connect links are valid for 30 minutes. Go back to the app and open the connections page again to get a new one."
            : "Check that you copied the whole link, or go back to the app and open the connections page again."}
        </p>
      </MessagePage>
    );
  }
  const { account } = session.data;
  // Fresh from Cyclr when it answers; otherwise what we last knew, with a warning.
  const synced = await run(() => syncAccountConnectors(account));
  const connectors = await listConnectors(account.id);

  return (
    <main className={embedded ? "px-3 py-4" : "mx-auto max-w-2xl px-4 py-10 sm:px-6"}>
      {!embedded && (
        <header>
          <p className="text-sm text-slate-500">{account.name}</p>
          <h1 className="mt-1 text-2xl font-semibold">Connect your apps</h1>
          <p className="mt-2 text-slate-600">Choose an app and sign in to it. You can disconnect at any time.</p>
        </header>
      )}
      {embedded && <h1 className="sr-only">Connect your apps</h1>}
      {embedded && <HostBridge allowedOrigins={origins} initial="ready" />}
      {!synced.ok && (
        <p role="status" className="mt-6 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          We could not reach the integration service just now, so statuses may be out of date. {synced.error.message}
        </p>
      )}
      <ConnectorList token={token} connectors={connectors} serviceOrigin={env().CYCLR_SERVICE_URL} embedded={embedded} />
    </main>
  );
}
