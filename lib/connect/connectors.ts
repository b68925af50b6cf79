import "server-only";
import { safeIcon } from "@/lib/catalogue";
import { cyclr } from "@/lib/cyclr/client";
import type { CyclrAccountConnector } from "@/lib/cyclr/schemas";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { EventInput } from "@/lib/events";
import type { AccountConnector, CatalogueConnector, ConnectorStatus } from "@/lib/generated/prisma/client";
import { writeConnectorChanges } from "@/lib/sync/connector-writes";

/** What the browser gets for one connector: never a Prisma row. */
export type ConnectorView = {
  id: string;
  name: string;
  connectorName: string;
  icon: string | null;
  authType: string;
  status: ConnectorStatus;
  authenticatedAt: string | null;
  /** False for an offered catalogue connector the account does not have yet: Connect installs it. */
  installed: boolean;
  categories: string[];
};

export function toConnectorView(row: AccountConnector): ConnectorView {
  return {
    id: row.id,
    name: row.name,
    connectorName: row.connectorName,
    icon: safeIcon(row.connectorIcon),
    authType: row.authType,
    status: row.status,
    authenticatedAt: row.authenticatedAt?.toISOString() ?? null,
    installed: true,
    categories: [],
  };
}

/** An offered catalogue connector the account does not have yet, as the page shows it: Not connected, and Connect installs it. */
export function offeredView(entry: Pick<CatalogueConnector, "id" | "name" | "icon" | "authType" | "categories">): ConnectorView {
  return {
    id: entry.id,
    name: entry.name,
    connectorName: entry.name,
    icon: safeIcon(entry.icon),
    authType: entry.authType,
    status: "NOT_CONNECTED",
    authenticatedAt: null,
    installed: false,
    categories: entry.categories,
  };
}

/**
 * Refreshes one account's connectors from Cyclr into Postgres: every page is read first,
 * then written as one complete listing, so a Cyclr error leaves the account as it was.
 */
export async function syncAccountConnectors(account: { id: string; cyclrAccountId: string }): Promise<void> {
  const remote = await cyclr().listAllAccountConnectors(account.cyclrAccountId);
  await writeConnectorChanges([{ kind: "observed", accountId: account.id, remote, complete: true }]);
}

export async function listConnectors(accountId: string): Promise<ConnectorView[]> {
  const rows = await db().accountConnector.findMany({
    where: { accountId, retiredAt: null },
    orderBy: [{ name: "asc" }, { id: "asc" }],
  });
  return rows.map(toConnectorView);
}

/** A connector that belongs to the given account, or not_found. */
export async function requireConnector(accountId: string, connectorId: string): Promise<AccountConnector> {
  const row = await db().accountConnector.findFirst({ where: { id: connectorId, accountId, retiredAt: null } });
  if (!row) throw new AppError("not_found", "This connector is not part of your account.");
  return row;
}

/** Reads one connector from Cyclr and stores what it says, with the events `about` it makes of Cyclr's answer. */
export async function refreshConnector(
  row: AccountConnector,
  cyclrAccountId: string,
  about: (remote: CyclrAccountConnector) => EventInput[] = () => [],
): Promise<AccountConnector> {
  const remote = await cyclr().getAccountConnector(cyclrAccountId, row.cyclrAccountConnectorId);
  const written = await writeConnectorChanges([{ kind: "observed", accountId: row.accountId, remote: [remote], complete: false }], { events: about(remote) });
  const after = written.find((candidate) => candidate.accountId === row.accountId && candidate.cyclrAccountConnectorId === remote.id);
  if (!after) throw new Error("The checked connector was not written");
  return after;
}
