import { cyclr } from "@/lib/cyclr/client";
import type { CyclrAccountConnector } from "@/lib/cyclr/schemas";
import { db } from "@/lib/db";
import { recordEvent } from "@/lib/events";
import type { AccountConnector, ConnectorStatus } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/result";

/** What the browser gets for one connector: never a Prisma row. */
export type ConnectorView = {
  id: string;
  name: string;
  connectorName: string;
  icon: string | null;
  authType: string;
  status: ConnectorStatus;
  authenticatedAt: string | null;
};

// Icons are third-party data: only inline raster/SVG images are rendered, and only in <img>,
// where SVG cannot run script.
const SAFE_ICON = /^data:image\/(png|jpeg|gif|webp|svg\+xml)(;base64)?,[A-Za-z0-9+/=%._~-]*$/;

export function toConnectorView(row: AccountConnector): ConnectorView {
  return {
    id: row.id,
    name: row.name,
    connectorName: row.connectorName,
    icon: row.connectorIcon && SAFE_ICON.test(row.connectorIcon) ? row.connectorIcon : null,
    authType: row.authType,
    status: row.status,
    authenticatedAt: row.authenticatedAt?.toISOString() ?? null,
  };
}

/** Status after Cyclr reports `authenticated`, and whether that is a drift worth recording. */
export function reconcileStatus(current: ConnectorStatus, authenticated: boolean): { status: ConnectorStatus; drifted: boolean } {
  if (authenticated) return { status: "CONNECTED", drifted: false };
  if (current === "CONNECTED") return { status: "DISCONNECTED", drifted: true };
  return { status: current, drifted: false };
}

async function upsertFromCyclr(accountId: string, remote: CyclrAccountConnector): Promise<AccountConnector> {
  const key = { accountId_cyclrAccountConnectorId: { accountId, cyclrAccountConnectorId: remote.id } };
  const existing = await db().accountConnector.findUnique({ where: key });
  const now = new Date();
  const fields = {
    name: remote.name,
    connectorId: remote.connector.id,
    connectorName: remote.connector.name,
    connectorIcon: remote.connector.icon ?? null,
    authType: remote.connector.authType,
    lastCheckedAt: now,
    retiredAt: null,
  };
  if (!existing) {
    return db().accountConnector.create({
      data: {
        accountId,
        cyclrAccountConnectorId: remote.id,
        ...fields,
        status: remote.authenticated ? "CONNECTED" : "NOT_CONNECTED",
        authenticatedAt: remote.authenticated ? now : null,
      },
    });
  }
  const { status, drifted } = reconcileStatus(existing.status, remote.authenticated);
  const row = await db().accountConnector.update({
    where: { id: existing.id },
    data: {
      ...fields,
      status,
      authenticatedAt: remote.authenticated ? existing.authenticatedAt ?? now : existing.authenticatedAt,
    },
  });
  if (drifted) {
    await recordEvent({
      type: "connector.disconnected",
      outcome: "info",
      actorType: "SYSTEM",
      accountId,
      accountConnectorId: existing.id,
      message: `Cyclr reports ${remote.name} is no longer authenticated`,
    });
  }
  return row;
}

/** Refreshes one account's connectors from Cyclr into Postgres. */
export async function syncAccountConnectors(account: { id: string; cyclrAccountId: string }): Promise<void> {
  const remote = await cyclr().listAllAccountConnectors(account.cyclrAccountId);
  const seen = new Set<string>();
  for (const connector of remote) {
    await upsertFromCyclr(account.id, connector);
    seen.add(connector.id);
  }
  await db().accountConnector.updateMany({
    where: { accountId: account.id, retiredAt: null, cyclrAccountConnectorId: { notIn: [...seen] } },
    data: { retiredAt: new Date() },
  });
  await db().account.update({ where: { id: account.id }, data: { lastSyncedAt: new Date() } });
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

/** Reads one connector from Cyclr and stores what it says. */
export async function refreshConnector(row: AccountConnector, cyclrAccountId: string): Promise<AccountConnector> {
  const remote = await cyclr().getAccountConnector(cyclrAccountId, row.cyclrAccountConnectorId);
  return upsertFromCyclr(row.accountId, remote);
}
