import "server-only";
import { refreshConnector, toConnectorView, type ConnectorView } from "@/lib/connect/connectors";
import { disconnect } from "@/lib/connect/credentials";
import { createConnectSession, type CreatedSession } from "@/lib/connect/sessions";
import { db } from "@/lib/db";
import { adminActor, recordEvent } from "@/lib/events";
import { AppError } from "@/lib/errors";
import type { AdminIdentity } from "./users";

// What admins can do to connectors and accounts. Callers have checked the role.

async function connectorWithAccount(connectorId: string) {
  const row = await db().accountConnector.findFirst({ where: { id: connectorId, retiredAt: null }, include: { account: true } });
  if (!row) throw new AppError("not_found", "No such connector.");
  return row;
}

export async function adminDisconnect(admin: AdminIdentity, connectorId: string): Promise<ConnectorView> {
  const row = await connectorWithAccount(connectorId);
  return disconnect({ accountId: row.accountId, cyclrAccountId: row.account.cyclrAccountId }, row.id, adminActor(admin));
}

export async function adminRecheck(admin: AdminIdentity, connectorId: string): Promise<ConnectorView> {
  const row = await connectorWithAccount(connectorId);
  const updated = await refreshConnector(row, row.account.cyclrAccountId, (remote) => [
    {
      ...adminActor(admin),
      type: "connector.rechecked",
      outcome: "info",
      accountId: row.accountId,
      accountConnectorId: row.id,
      message: `Cyclr says ${row.name} is ${remote.authenticated ? "authenticated" : "not authenticated"}`,
    },
  ]);
  return toConnectorView(updated);
}

export async function adminCreateLink(admin: AdminIdentity, accountId: string): Promise<CreatedSession> {
  const account = await db().account.findUnique({ where: { id: accountId } });
  if (!account) throw new AppError("not_found", "No such account.");
  const created = await createConnectSession({ accountId: account.cyclrAccountId, userId: `admin:${admin.email}` }, null);
  await recordEvent({ ...adminActor(admin), type: "session.created_by_admin", outcome: "success", accountId, message: "Connect link created" });
  return created;
}
