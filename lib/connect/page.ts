import "server-only";
import { offeredConnectors, safeIcon } from "@/lib/catalogue";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { run } from "@/lib/result";
import { listConnectors, syncAccountConnectors, type ConnectorView } from "./connectors";
import { sessionOrigins } from "./embed-policy";
import { requireSession, type ActiveSession } from "./sessions";

/** What the connect page (or its embedded variant) shows for a token, as plain data. */
export type ConnectPage =
  | { kind: "invalid" }
  /** embedOrigins: who may hear "session-expired" (embedded only, else empty). */
  | { kind: "expired"; embedOrigins: string[] }
  | {
      kind: "ready";
      accountName: string;
      connectors: ConnectorView[];
      /** Why the statuses may be stale: Cyclr could not be reached to refresh them. */
      syncWarning: string | null;
      /** Cyclr's service origin, the only one whose popup messages are listened to. */
      serviceOrigin: string;
      embedOrigins: string[];
    };

export async function loadConnectPage(token: string, { embedded }: { embedded: boolean }): Promise<ConnectPage> {
  const session = await run(() => requireSession(token));
  const embedOrigins = embedded ? await sessionOrigins(token) : [];
  if (!session.ok) return session.error.code === "expired" ? { kind: "expired", embedOrigins } : { kind: "invalid" };
  const { account } = session.data;
  // Fresh from Cyclr when it answers; otherwise what we last knew, with a warning.
  const synced = await run(() => syncAccountConnectors(account));
  const connectors = await pageConnectors(session.data);
  return {
    kind: "ready",
    accountName: account.name,
    connectors,
    syncWarning: synced.ok ? null : synced.error.message,
    serviceOrigin: env().CYCLR_SERVICE_URL,
    embedOrigins,
  };
}

/**
 * What a session's page lists: the account's installed connectors, and every offered
 * catalogue connector it does not have yet (Not connected; Connect installs it), by name,
 * narrowed to the session's connectors when the host asked for that.
 */
async function pageConnectors(session: ActiveSession): Promise<ConnectorView[]> {
  const [installed, offered] = await Promise.all([listConnectors(session.account.id), offeredConnectors()]);
  const ids = new Map(await installedCatalogueIds(session.account.id));
  const catalogue = await db().catalogueConnector.findMany({
    where: { cyclrConnectorId: { in: [...new Set(ids.values())] } },
    select: { cyclrConnectorId: true, categories: true },
  });
  const categories = new Map(catalogue.map((entry) => [entry.cyclrConnectorId, entry.categories]));
  const have = new Set(ids.values());
  const shown = (cyclrConnectorId: string | undefined) =>
    session.connectorIds.length === 0 || (cyclrConnectorId !== undefined && session.connectorIds.includes(cyclrConnectorId));
  const views: ConnectorView[] = [
    ...installed.filter((view) => shown(ids.get(view.id))).map((view) => ({ ...view, categories: categories.get(ids.get(view.id) ?? "") ?? [] })),
    ...offered
      .filter((entry) => !have.has(entry.cyclrConnectorId) && shown(entry.cyclrConnectorId))
      .map((entry) => ({
        id: entry.id,
        name: entry.name,
        connectorName: entry.name,
        icon: safeIcon(entry.icon),
        authType: entry.authType,
        status: "NOT_CONNECTED" as const,
        authenticatedAt: null,
        installed: false,
        categories: entry.categories,
      })),
  ];
  return views.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

async function installedCatalogueIds(accountId: string): Promise<[string, string][]> {
  const rows = await db().accountConnector.findMany({ where: { accountId, retiredAt: null }, select: { id: true, connectorId: true } });
  return rows.map((row) => [row.id, row.connectorId]);
}
