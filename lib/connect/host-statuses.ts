import "server-only";
import { db } from "@/lib/db";
import type { AccountConnectors } from "@/lib/contract/host-api";
import { accountDevices } from "@/lib/devices/queries";
import { AppError } from "@/lib/errors";
import { syncAccountConnectors } from "./connectors";
import { accountFromCyclr } from "./accounts";

// What the host's backend reads over the host API: one account's connectors and statuses,
// and (with Podero configured) its users' devices. From Postgres by default (fast, as fresh
// as the last check); `refresh` asks Cyclr (and Podero) first.

export async function accountStatuses(cyclrAccountId: string, options: { refresh?: boolean } = {}): Promise<AccountConnectors> {
  const unknown = new AppError("not_found", `No account with id "${cyclrAccountId}".`);
  let account = await db().account.findUnique({ where: { cyclrAccountId } });
  const refresh = options.refresh === true || !account || account.lastSyncedAt === null;
  if (refresh) {
    // Unknown here (or asked for): Cyclr says whether the account exists, then what it has.
    account = await accountFromCyclr(cyclrAccountId).catch((error: unknown) => {
      throw AppError.is(error) && error.code === "not_found" ? unknown : error;
    });
    await syncAccountConnectors(account);
  }
  if (!account || account.retiredAt) throw unknown;
  const rows = await db().accountConnector.findMany({ where: { accountId: account.id, retiredAt: null }, orderBy: [{ name: "asc" }, { id: "asc" }] });
  const devices = await accountDevices(account.id, { refresh: options.refresh === true });
  return {
    account: { id: account.cyclrAccountId, name: account.name },
    refreshed: refresh,
    connectors: rows.map((row) => ({
      id: row.id,
      provider: "Cyclr" as const,
      name: row.name,
      connector: row.connectorName,
      authType: row.authType,
      status: row.status,
      authenticatedAt: row.authenticatedAt?.toISOString() ?? null,
      lastCheckedAt: row.lastCheckedAt?.toISOString() ?? null,
    })),
    ...(devices ? { devices } : {}),
  };
}
