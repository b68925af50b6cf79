import "server-only";
import { db } from "@/lib/db";
import type { HostDevice } from "@/lib/contract/host-api";
import { Prisma, type DeviceStatus, type DeviceType } from "@/lib/generated/prisma/client";
import { errorFields, log } from "@/lib/log";
import { ProviderError } from "@/lib/providers/errors";
import { atMost } from "@/lib/queue";
import { refreshLinkDevices, toDeviceView } from "./devices";
import { deviceName } from "./names";
import { deviceSettings } from "./settings";

// Devices for the host API and the admin console (plain DTOs; no Podero call unless asked).

const byUserThenType: Prisma.DeviceOrderByWithRelationInput[] = [{ link: { hostUserId: "asc" } }, { type: "asc" }, { createdAt: "asc" }, { id: "asc" }];

/**
 * The host API's devices of one account (its users' devices, retired ones left out), or
 * undefined when Podero is not configured. `refresh` reads each linked user's devices from
 * Podero first; a user Podero could not be read for keeps what was last known.
 */
export async function accountDevices(accountId: string, options: { refresh?: boolean } = {}): Promise<HostDevice[] | undefined> {
  const settings = deviceSettings();
  if (!settings) return undefined;
  if (options.refresh) {
    const links = await db().poderoUserLink.findMany({ where: { accountId, goneAt: null } });
    const limited = atMost(4);
    await Promise.all(
      links.map((link) =>
        limited(() => refreshLinkDevices(link, settings.types)).catch((error: unknown) => {
          if (!ProviderError.is(error)) throw error;
          log.warn({ ...errorFields(error), accountId }, "could not refresh a user's devices from Podero");
        }),
      ),
    );
  }
  const rows = await db().device.findMany({
    where: { accountId, retiredAt: null },
    include: { link: { select: { hostUserId: true } } },
    orderBy: byUserThenType,
  });
  return rows.map((row) => ({ ...toDeviceView(row), provider: "Podero" as const, userId: row.link.hostUserId }));
}

/** A device as the console lists it: with its user, Podero's own words for its state, and its latest attempt. */
export type DeviceRow = {
  id: string;
  provider: "Podero";
  /** What the console calls it: manufacturer and model, else the type's name (deviceNameSql says the same in SQL). */
  name: string;
  type: DeviceType;
  typeName: string;
  manufacturer: string;
  model: string;
  status: DeviceStatus;
  hostUserId: string;
  email: string;
  poderoDeviceId: string;
  lifecycleState: string | null;
  lifecycleError: string | null;
  connectionStatus: string | null;
  actions: string[];
  connectedAt: string | null;
  lastCheckedAt: string | null;
  retired: boolean;
  account: { id: string; name: string; cyclrAccountId: string };
  lastAttempt: { status: string; startedAt: string } | null;
  updatedAt: string;
};

const rowInclude = {
  link: { select: { hostUserId: true, email: true } },
  account: { select: { id: true, name: true, cyclrAccountId: true } },
  attempts: { orderBy: { startedAt: "desc" }, take: 1, select: { status: true, startedAt: true } },
} satisfies Prisma.DeviceInclude;

function toDeviceRow(row: Prisma.DeviceGetPayload<{ include: typeof rowInclude }>): DeviceRow {
  return {
    id: row.id,
    provider: "Podero",
    name: deviceName(row),
    type: row.type,
    typeName: row.typeName,
    manufacturer: row.manufacturer,
    model: row.model,
    status: row.status,
    hostUserId: row.link.hostUserId,
    email: row.link.email,
    poderoDeviceId: row.poderoDeviceId,
    lifecycleState: row.lifecycleState,
    lifecycleError: row.lifecycleError,
    connectionStatus: row.connectionStatus,
    actions: row.actions,
    connectedAt: row.connectedAt?.toISOString() ?? null,
    lastCheckedAt: row.lastCheckedAt?.toISOString() ?? null,
    retired: row.retiredAt !== null,
    account: row.account,
    lastAttempt: row.attempts[0] ? { status: row.attempts[0].status, startedAt: row.attempts[0].startedAt.toISOString() } : null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The console's rows of these devices (the connectors list reads their ids first), in no particular order. */
export async function deviceRowsByIds(ids: string[]): Promise<DeviceRow[]> {
  if (ids.length === 0) return [];
  return (await db().device.findMany({ where: { id: { in: ids } }, include: rowInclude })).map(toDeviceRow);
}

export const ACCOUNT_DEVICES_SHOWN = 100;

/**
 * An account's devices as its console page shows them: by user, then type, then age; the
 * first ACCOUNT_DEVICES_SHOWN, and whether there are more (the connectors list pages them all).
 */
export async function accountDeviceRows(accountId: string): Promise<{ rows: DeviceRow[]; more: boolean }> {
  const rows = await db().device.findMany({
    where: { accountId, retiredAt: null },
    include: rowInclude,
    orderBy: byUserThenType,
    take: ACCOUNT_DEVICES_SHOWN + 1,
  });
  return { rows: rows.slice(0, ACCOUNT_DEVICES_SHOWN).map(toDeviceRow), more: rows.length > ACCOUNT_DEVICES_SHOWN };
}
