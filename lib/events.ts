import "server-only";
import { db } from "@/lib/db";
import type { ActorType, Prisma } from "@/lib/generated/prisma/client";

// The audit trail: one row per thing that happened, written in the same transaction as the
// change it describes.

export const eventTypes = [
  "account.created",
  "account.renamed",
  "account.retired",
  "admin.sign_in",
  "admin.user_saved",
  "api_key.created",
  "api_key.origins_changed",
  "api_key.revoked",
  "catalogue.offered",
  "catalogue.unoffered",
  "catalogue.refreshed",
  "connect.started",
  "connect.succeeded",
  "connect.failed",
  "connect.expired",
  "connect.cancelled",
  "connector.installed",
  "connector.install_failed",
  "connector.disconnected",
  "connector.rechecked",
  "device.onboarding_started",
  "device.onboarding_succeeded",
  "device.onboarding_failed",
  "device.onboarding_cancelled",
  "device.onboarding_expired",
  "device.connected",
  "device.needs_attention",
  "device.disconnected",
  "device.user_linked",
  "events.exported",
  "session.created",
  "session.created_by_admin",
  "sync.completed",
  "webhook.set",
  "webhook.removed",
  "webhook.retried",
  "webhook.test_sent",
] as const;

export type EventType = (typeof eventTypes)[number];

/** Who did something: an end user (host user id), an admin (email), a host API key (id), or Switchboard. */
export type Actor = { actorType: ActorType; actorId: string | null };

export const systemActor = (actorId: string | null = null): Actor => ({ actorType: "SYSTEM", actorId });
export const adminActor = (admin: { email: string }): Actor => ({ actorType: "ADMIN", actorId: admin.email });

export type EventInput = {
  type: EventType;
  actorType: ActorType;
  actorId?: string | null;
  outcome: "success" | "failure" | "info";
  accountId?: string | null;
  accountConnectorId?: string | null;
  attemptId?: string | null;
  /** A Podero device (lib/devices). */
  deviceId?: string | null;
  message?: string | null;
  data?: Prisma.InputJsonValue;
};

export function eventRow(input: EventInput): Prisma.EventCreateManyInput {
  return {
    type: input.type,
    outcome: input.outcome,
    actorType: input.actorType,
    actorId: input.actorId ?? null,
    accountId: input.accountId ?? null,
    accountConnectorId: input.accountConnectorId ?? null,
    attemptId: input.attemptId ?? null,
    deviceId: input.deviceId ?? null,
    message: input.message ?? null,
    data: input.data,
  };
}

/** Records events, inside the caller's transaction when given one. */
export async function recordEvents(inputs: EventInput[], tx: Prisma.TransactionClient = db()): Promise<void> {
  if (inputs.length) await tx.event.createMany({ data: inputs.map(eventRow) });
}

export async function recordEvent(input: EventInput, tx: Prisma.TransactionClient = db()): Promise<void> {
  await recordEvents([input], tx);
}
