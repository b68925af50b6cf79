import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { eventRow, type Actor, type EventInput, type EventType } from "@/lib/events";
import type { Device, DeviceStatus, DeviceType, PoderoUserLink, Prisma } from "@/lib/generated/prisma/client";
import type { PoderoDevice } from "@/lib/podero/schemas";
import { deliveryRows, notifyQueued, type DeviceEvent, type DeviceEventType } from "@/lib/webhooks/outbox";
import { deviceName } from "./names";
import { DEVICE_TYPE_NAMES } from "./settings";

// The one way device rows change, like lib/sync/connector-writes.ts for connectors: what
// Podero reported about a user's devices (from a connect check, the page, the host API's
// refresh or the sync) is written with its audit events and webhooks in one transaction,
// under a lock per Podero user, so a status change is told once however many readers race.

export type DeviceChange =
  /**
   * Podero's devices of one user as read now, each with the type of the list it came from.
   * `completeTypes`: those types' lists are complete (read with include_deleted), so a known
   * device of such a type that Podero no longer lists at all is retired (and disconnected).
   */
  | { kind: "observed"; linkId: string; remote: { type: DeviceType; device: PoderoDevice }[]; completeTypes: DeviceType[] }
  /** Podero no longer has the user: every device of theirs is disconnected and retired. */
  | { kind: "user_gone"; linkId: string };

/** Connected only while Podero reads it (is_authenticated) and asks nothing of the user; deleted at Podero: disconnected. */
export function deviceStatus(remote: Pick<PoderoDevice, "isAuthenticated" | "actionNeeded" | "actions" | "deletedAt">): DeviceStatus {
  if (remote.deletedAt) return "DISCONNECTED";
  if (remote.isAuthenticated && !remote.actionNeeded && remote.actions.length === 0) return "CONNECTED";
  return "NEEDS_ATTENTION";
}

const webhookFor: Record<DeviceStatus, DeviceEventType> = {
  CONNECTED: "device.connected",
  NEEDS_ATTENTION: "device.needs_attention",
  DISCONNECTED: "device.disconnected",
};

const eventFor: Record<DeviceStatus, EventType> = webhookFor;

type NewRow = Omit<Device, "createdAt" | "updatedAt">;

export type DevicePlan = {
  creates: NewRow[];
  updates: Device[];
  checked: string[];
  events: EventInput[];
  webhooks: DeviceEvent[];
};

/** The columns Podero owns, as it reports them. */
function remoteColumns(type: DeviceType, remote: PoderoDevice) {
  return {
    type,
    typeName: remote.typeName ?? DEVICE_TYPE_NAMES[type],
    manufacturer: remote.manufacturer ?? "Unknown manufacturer",
    model: remote.model ?? "",
    status: deviceStatus(remote),
    isAuthenticated: remote.isAuthenticated,
    lifecycleState: remote.lifecycleState,
    lifecycleError: remote.lifecycleError,
    connectionStatus: remote.connectionStatus,
    actionNeeded: remote.actionNeeded,
    actions: remote.actions,
    deletedAt: remote.deletedAt,
  };
}

const COLUMNS = [
  "type",
  "typeName",
  "manufacturer",
  "model",
  "status",
  "isAuthenticated",
  "lifecycleState",
  "lifecycleError",
  "connectionStatus",
  "actionNeeded",
  "actions",
  "deletedAt",
  "connectedAt",
  "retiredAt",
] as const;
const same = (a: unknown, b: unknown) =>
  a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : Array.isArray(a) && Array.isArray(b) ? a.join("\n") === b.join("\n") : a === b;

/** What a batch of changes does to the rows it concerns (read, locked): pure, so every rule about statuses and webhooks is in one place. */
export function planDeviceChanges(links: PoderoUserLink[], rows: Device[], changes: DeviceChange[], actor: Actor, now: Date): DevicePlan {
  const plan: DevicePlan = { creates: [], updates: [], checked: [], events: [], webhooks: [] };
  const linkById = new Map(links.map((link) => [link.id, link]));
  const before = new Map(rows.map((row) => [row.id, row]));
  const working = new Map(rows.map((row) => [row.id, { ...row }]));
  const byRemote = new Map(rows.map((row) => [`${row.poderoUserId}/${row.poderoDeviceId}`, row.id]));
  const told = (link: PoderoUserLink, device: Device, previous: DeviceStatus | null) => {
    if (previous === device.status || (previous === null && device.status === "DISCONNECTED")) return;
    const reason = device.status === "NEEDS_ATTENTION" ? (device.lifecycleError ?? null) : null;
    plan.webhooks.push({ type: webhookFor[device.status], device: { ...device, updatedAt: now }, hostUserId: link.hostUserId, reason });
    plan.events.push({
      ...actor,
      type: eventFor[device.status],
      outcome: device.status === "CONNECTED" ? "success" : "info",
      accountId: device.accountId,
      deviceId: device.id,
      message:
        device.status === "CONNECTED"
          ? `${deviceName(device)} connected`
          : device.status === "NEEDS_ATTENTION"
            ? `Podero reports ${deviceName(device)} needs attention${reason ? `: ${reason}` : ""}`
            : `${deviceName(device)} is no longer connected at Podero`,
      data: { hostUserId: link.hostUserId, type: device.type, poderoDeviceId: device.poderoDeviceId, previous },
    });
  };

  for (const change of changes) {
    const link = linkById.get(change.linkId);
    if (!link) continue;
    if (change.kind === "user_gone") {
      for (const row of working.values()) {
        if (row.linkId !== link.id || row.retiredAt) continue;
        const previous = row.status;
        Object.assign(row, { status: "DISCONNECTED", retiredAt: now, lastCheckedAt: now });
        told(link, row, previous);
      }
      continue;
    }
    const listed = new Set<string>();
    for (const { type, device: remote } of change.remote) {
      const id = byRemote.get(`${link.poderoUserId}/${remote.id}`);
      const row = id ? working.get(id) : undefined;
      const columns = remoteColumns(type, remote);
      if (!row) {
        const created: NewRow = {
          id: randomUUID(),
          accountId: link.accountId,
          linkId: link.id,
          poderoUserId: link.poderoUserId,
          poderoDeviceId: remote.id,
          ...columns,
          connectedAt: columns.status === "CONNECTED" ? now : null,
          lastCheckedAt: now,
          retiredAt: null,
        };
        plan.creates.push(created);
        byRemote.set(`${link.poderoUserId}/${remote.id}`, created.id);
        const asRow = { ...created, createdAt: now, updatedAt: now };
        working.set(created.id, asRow);
        listed.add(created.id);
        told(link, asRow, null);
        continue;
      }
      listed.add(row.id);
      const previous = row.status;
      Object.assign(row, columns, {
        connectedAt: columns.status === "CONNECTED" && previous !== "CONNECTED" ? now : row.connectedAt,
        lastCheckedAt: now,
        retiredAt: null,
      });
      told(link, row, previous);
    }
    for (const row of working.values()) {
      if (row.linkId !== link.id || listed.has(row.id) || row.retiredAt || !change.completeTypes.includes(row.type)) continue;
      const previous = row.status;
      Object.assign(row, { status: "DISCONNECTED", retiredAt: now, lastCheckedAt: now });
      told(link, row, previous);
    }
  }

  const created = new Set(plan.creates.map((row) => row.id));
  for (const [id, row] of working) {
    if (created.has(id)) continue;
    const original = before.get(id)!;
    if (COLUMNS.some((column) => !same(row[column], original[column]))) plan.updates.push({ ...row, updatedAt: now });
    else if (!same(row.lastCheckedAt, original.lastCheckedAt)) plan.checked.push(id);
  }
  return plan;
}

type Tx = Prisma.TransactionClient;

async function write(tx: Tx, changes: DeviceChange[], actor: Actor, events: EventInput[]): Promise<{ rows: Device[]; queued: number }> {
  const now = new Date();
  const linkIds = [...new Set(changes.map((change) => change.linkId))].sort();
  // One writer per Podero user at a time (in one order, so batches cannot deadlock): two
  // checks racing see a change once.
  if (linkIds.length) {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('switchboard:podero-devices'), hashtext(l)) FROM unnest(${linkIds}::text[]) AS l ORDER BY l`;
  }
  const links = await tx.poderoUserLink.findMany({ where: { id: { in: linkIds } } });
  const rows = await tx.device.findMany({ where: { linkId: { in: linkIds } } });
  const plan = planDeviceChanges(links, rows, changes, actor, now);
  if (plan.creates.length) await tx.device.createMany({ data: plan.creates.map((row) => ({ ...row, createdAt: now, updatedAt: now })), skipDuplicates: true });
  for (const row of plan.updates) {
    const { id, accountId: _a, linkId: _l, poderoUserId: _u, poderoDeviceId: _d, createdAt: _c, ...columns } = row;
    await tx.device.update({ where: { id }, data: columns });
  }
  // Only checked: raw SQL, since Prisma would move updatedAt too.
  if (plan.checked.length) await tx.$executeRaw`UPDATE "Device" SET "lastCheckedAt" = ${now} WHERE id = ANY(${plan.checked}::uuid[])`;
  const eventRows = [...plan.events, ...events].map(eventRow);
  if (eventRows.length) await tx.event.createMany({ data: eventRows });
  const deliveries = await deliveryRows(plan.webhooks, tx, now);
  if (deliveries.length) await tx.webhookDelivery.createMany({ data: deliveries, skipDuplicates: true });
  const after = await tx.device.findMany({ where: { linkId: { in: linkIds } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return { rows: after, queued: deliveries.length };
}

/**
 * Writes what Podero reported about some users' devices, with extra audit `events`, in one
 * transaction (the caller's, when given). Returns those users' device rows after the change.
 */
export async function writeDeviceChanges(changes: DeviceChange[], actor: Actor, options: { events?: EventInput[]; tx?: Tx } = {}): Promise<Device[]> {
  const events = options.events ?? [];
  if (changes.length === 0 && events.length === 0) return [];
  const result = options.tx
    ? await write(options.tx, changes, actor, events)
    : await db().$transaction((tx) => write(tx, changes, actor, events), { timeout: 60_000, maxWait: 30_000 });
  if (result.queued) notifyQueued();
  return result.rows;
}
