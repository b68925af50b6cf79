import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import type { WebhookEvent } from "@/lib/contract/host-api";
import type { Account, AccountConnector, Device, Prisma } from "@/lib/generated/prisma/client";

// The webhook outbox. A connector or device status change writes one delivery row per
// receiving API key (every live key with a webhook URL), in the same transaction as the change
// (lib/sync/connector-writes.ts, lib/devices/writes.ts); lib/webhooks/dispatcher.ts sends them. The body is fixed here, so every
// retry sends the same bytes and the same event id (receivers de-duplicate on it).

export const connectorEventTypes = ["connector.installed", "connector.connected", "connector.disconnected", "connector.failed"] as const;
export type ConnectorEventType = (typeof connectorEventTypes)[number];

/** One event for the hosts: what happened to which connector (as written), or that an account was created. */
export type ConnectorEvent = { type: ConnectorEventType; connector: AccountConnector; error?: string | null };
export type AccountEvent = { type: "account.created"; account: Account };
export const deviceEventTypes = ["device.connected", "device.needs_attention", "device.disconnected"] as const;
export type DeviceEventType = (typeof deviceEventTypes)[number];
/** A Podero device's status changed; `hostUserId` is whose it is; `reason`: Podero's words for a device that needs attention. */
export type DeviceEvent = { type: DeviceEventType; device: Device; hostUserId: string; reason?: string | null };
export type HostEvent = ConnectorEvent | AccountEvent | DeviceEvent;

/** What a host receives (lib/contract/host-api.ts). Nothing secret: ids, names, status and a human-readable error. */
export type { WebhookEvent };

type AccountData = WebhookEvent["data"]["account"];

type Client = Prisma.TransactionClient;

/** A webhook event's id: the same for every key it goes to and every retry (receivers de-duplicate on it). */
export const newEventId = () => `evt_${randomUUID().replace(/-/g, "")}`;

const NUDGE = Symbol.for("switchboard.webhookNudge");
type Nudges = Set<() => void>;

/** The in-process dispatchers to wake when something was queued (they also poll). */
export function nudgeListeners(): Nudges {
  const store = globalThis as unknown as { [NUDGE]?: Nudges };
  store[NUDGE] ??= new Set();
  return store[NUDGE];
}

function nudge(): void {
  // After the current transaction has had a chance to commit; a missed nudge costs one poll.
  setTimeout(() => nudgeListeners().forEach((wake) => wake()), 20).unref?.();
}

const accountData = (account: Account): AccountData => ({ id: account.cyclrAccountId, name: account.name, tenantId: account.hostTenantId });

/** The delivery rows for some events: one per event and receiving key. */
export async function deliveryRows(changes: HostEvent[], client: Client = db(), now = new Date()): Promise<Prisma.WebhookDeliveryCreateManyInput[]> {
  if (changes.length === 0) return [];
  const keys = await client.apiKey.findMany({ where: { revokedAt: null, webhookUrl: { not: null } }, select: { id: true } });
  if (keys.length === 0) return [];
  const accountOf = (change: HostEvent) => ("connector" in change ? change.connector.accountId : "device" in change ? change.device.accountId : null);
  const accountIds = [...new Set(changes.flatMap((change) => accountOf(change) ?? []))];
  const accounts = new Map((await client.account.findMany({ where: { id: { in: accountIds } } })).map((account) => [account.id, account]));
  return changes.flatMap((change) => {
    const account = "account" in change ? change.account : accounts.get(accountOf(change)!);
    if (!account) return [];
    const event: WebhookEvent =
      "account" in change
        ? { id: newEventId(), type: change.type, createdAt: now.toISOString(), data: { account: accountData(account) } }
        : "device" in change
          ? {
              id: newEventId(),
              type: change.type,
              createdAt: now.toISOString(),
              data: {
                account: accountData(account),
                device: {
                  id: change.device.id,
                  provider: "Podero",
                  type: change.device.type,
                  typeName: change.device.typeName,
                  manufacturer: change.device.manufacturer,
                  model: change.device.model,
                  status: change.device.status,
                  userId: change.hostUserId,
                  poderoDeviceId: change.device.poderoDeviceId,
                },
                ...(change.reason ? { reason: change.reason } : {}),
              },
            }
          : {
              id: newEventId(),
              type: change.type,
              createdAt: now.toISOString(),
              data: {
                account: accountData(account),
                connector: {
                  id: change.connector.id,
                  name: change.connector.name,
                  connector: change.connector.connectorName,
                  cyclrAccountConnectorId: change.connector.cyclrAccountConnectorId,
                  status: change.connector.status,
                },
                ...(change.error ? { error: change.error } : {}),
              },
            };
    const body = JSON.stringify(event);
    return keys.map((key) => ({ eventId: event.id, eventType: event.type, apiKeyId: key.id, accountId: account.id, body, nextAttemptAt: now }));
  });
}

/** Queues host events inside the caller's transaction (the dispatchers are woken after it). */
export async function enqueueHostEvents(events: HostEvent[], tx: Client): Promise<void> {
  const rows = await deliveryRows(events, tx);
  if (rows.length === 0) return;
  await tx.webhookDelivery.createMany({ data: rows, skipDuplicates: true });
  nudge();
}

/** Wakes the dispatchers once rows were written (see deliveryRows). */
export function notifyQueued(): void {
  nudge();
}
