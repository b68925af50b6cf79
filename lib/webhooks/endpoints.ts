import "server-only";
import { z } from "zod";
import { byTimeFrom, keysetPage, timeCursor, type KeysetPage } from "@/lib/cursor";
import { seal, unseal } from "@/lib/crypto";
import { db } from "@/lib/db";
import { recordEvent, type Actor } from "@/lib/events";
import type { DeliveryStatus } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { filterText } from "@/lib/text";
import { newEventId, notifyQueued } from "./outbox";
import { checkReceiverUrl, parseReceiverUrl } from "./receiver-address";
import { newWebhookSecret } from "./signature";

// Where each host API key's webhooks go, and the log of what was sent. The signing secret
// is made here, returned once, and stored sealed (bound to its key's id); the one it
// replaced keeps signing for a day, so the host can switch over without a refused delivery.

// A key's signing secret is sealed bound to that key: copied onto another key, it does not open.
export const secretAad = (apiKeyId: string) => `webhook:${apiKeyId}`;
const sealWebhookSecret = (secret: string, apiKeyId: string) => seal(secret, secretAad(apiKeyId));
export const openWebhookSecret = (sealed: string, apiKeyId: string) => unseal(sealed, secretAad(apiKeyId));

/** How long a replaced signing secret goes on signing deliveries, beside the new one. */
export const PREVIOUS_SECRET_MS = 24 * 60 * 60 * 1000;

type SealedSecrets = { id: string; sealedWebhookSecret: string | null; sealedPreviousWebhookSecret: string | null; previousWebhookSecretUntil: Date | null };

/** The secrets a delivery is signed with now: the current one, and the one it replaced while that still signs. */
export function signingSecrets(key: SealedSecrets, now = new Date()): string[] {
  if (!key.sealedWebhookSecret) return [];
  const current = openWebhookSecret(key.sealedWebhookSecret, key.id);
  const previous =
    key.sealedPreviousWebhookSecret && key.previousWebhookSecretUntil && key.previousWebhookSecretUntil > now
      ? openWebhookSecret(key.sealedPreviousWebhookSecret, key.id)
      : null;
  return previous ? [current, previous] : [current];
}

/** A webhook URL's form only (no lookup): http(s), no credentials or fragment; https unless it is localhost. */
export function parseWebhookUrl(input: string): { ok: true; url: string } | { ok: false; message: string } {
  const parsed = parseReceiverUrl(input);
  return parsed.ok ? { ok: true, url: parsed.url.toString() } : parsed;
}

/**
 * A webhook URL as it may be saved: its form, and its host resolved to public internet
 * addresses only (unless WEBHOOK_ALLOW_PRIVATE_RECEIVERS); a delivery checks again.
 */
export async function checkWebhookUrl(
  input: string,
): Promise<{ ok: true; url: string } | { ok: false; reason: "invalid" | "refused" | "unresolvable"; message: string }> {
  const checked = await checkReceiverUrl(input, { allowPrivate: env().WEBHOOK_ALLOW_PRIVATE_RECEIVERS });
  return checked.ok ? { ok: true, url: checked.url.toString() } : checked;
}

/**
 * Sets a key's webhook URL. A new signing secret is made (and returned, only now) unless
 * `keepSecret` is asked for and the key already has one; then `secret` is null.
 */
export async function setWebhook(
  apiKeyId: string,
  input: string,
  actor: Actor,
  options: { keepSecret?: boolean } = {},
): Promise<{ url: string; secret: string | null }> {
  const parsed = await checkWebhookUrl(input);
  if (!parsed.ok) throw new AppError("bad_request", `Webhook URL: ${parsed.message}`, { webhookUrl: [parsed.message] });
  const key = await db().apiKey.findUnique({ where: { id: apiKeyId } });
  if (!key) throw new AppError("not_found", "No such API key.");
  if (key.revokedAt) throw new AppError("conflict", "This API key is revoked.");
  const keep = options.keepSecret === true && key.sealedWebhookSecret !== null;
  if (keep && key.webhookUrl === parsed.url) return { url: parsed.url, secret: null };
  const secret = keep ? null : newWebhookSecret();
  const now = new Date();
  // A new secret replaces the current one, which goes on signing for PREVIOUS_SECRET_MS.
  const rotation = secret
    ? {
        sealedWebhookSecret: sealWebhookSecret(secret, key.id),
        sealedPreviousWebhookSecret: key.sealedWebhookSecret,
        previousWebhookSecretUntil: key.sealedWebhookSecret ? new Date(now.getTime() + PREVIOUS_SECRET_MS) : null,
      }
    : {};
  await db().apiKey.update({ where: { id: key.id }, data: { webhookUrl: parsed.url, webhookSetAt: now, ...rotation } });
  await recordEvent({
    type: "webhook.set",
    outcome: "success",
    ...actor,
    message: `Webhook for "${key.name}" set to ${parsed.url}${secret ? " with a new signing secret" : ""}`,
  });
  return { url: parsed.url, secret };
}

export async function removeWebhook(apiKeyId: string, actor: Actor): Promise<void> {
  const key = await db().apiKey.findUnique({ where: { id: apiKeyId } });
  if (!key) throw new AppError("not_found", "No such API key.");
  if (!key.webhookUrl) return;
  await db().apiKey.update({
    where: { id: key.id },
    data: { webhookUrl: null, sealedWebhookSecret: null, webhookSetAt: null, sealedPreviousWebhookSecret: null, previousWebhookSecretUntil: null },
  });
  await recordEvent({ type: "webhook.removed", outcome: "success", ...actor, message: `Webhook for "${key.name}" removed` });
}

/** One delivery in the console's log: plain values, dates as ISO strings. */
export type DeliveryView = {
  id: string;
  eventId: string;
  eventType: string;
  keyName: string;
  url: string | null;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
};

/** Newest first; `next` (older) and `previous` (newer) are the cursors of the pages on either side. */
export type DeliveryPage = KeysetPage<DeliveryView>;

export const DELIVERY_PAGE = 50;

/** The log's filters as the URL carries them; anything else is ignored. */
export const deliveryFilter = z.object({
  status: z.enum(["PENDING", "DELIVERED", "FAILED"]).optional().catch(undefined),
  /** Older deliveries (the next page) start after this cursor; newer ones (the previous page) end before it. */
  after: filterText(200),
  before: filterText(200),
});
export type DeliveryFilter = z.infer<typeof deliveryFilter>;

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** One page of the delivery log, newest first, keyset-paged by (createdAt, id) both ways. */
export async function deliveryPage(filter: DeliveryFilter = {}): Promise<DeliveryPage> {
  return keysetPage(
    timeCursor,
    filter,
    DELIVERY_PAGE,
    (row) => ({ at: row.createdAt, id: row.id }),
    async (cursor, direction, take) => {
      const page = byTimeFrom(cursor, direction);
      const found = await db().webhookDelivery.findMany({
        where: { AND: [filter.status ? { status: filter.status } : {}, page.where] },
        orderBy: page.orderBy,
        take,
        include: { apiKey: { select: { name: true, webhookUrl: true } } },
      });
      return found.map((row): DeliveryView => ({
        id: row.id,
        eventId: row.eventId,
        eventType: row.eventType,
        keyName: row.apiKey.name,
        url: row.apiKey.webhookUrl,
        status: row.status,
        attempts: row.attempts,
        lastStatusCode: row.lastStatusCode,
        lastError: row.lastError,
        createdAt: row.createdAt.toISOString(),
        lastAttemptAt: iso(row.lastAttemptAt),
        nextAttemptAt: row.status === "PENDING" ? iso(row.nextAttemptAt) : null,
        deliveredAt: iso(row.deliveredAt),
      }));
    },
  );
}

/** Sends a failed delivery again (same event id and body), from a fresh set of attempts. */
export async function retryDelivery(id: string, actor: Actor): Promise<void> {
  const row = await db().webhookDelivery.findUnique({ where: { id } });
  if (!row) throw new AppError("not_found", "No such delivery.");
  if (row.status !== "FAILED") throw new AppError("conflict", "Only a failed delivery can be retried.");
  await db().webhookDelivery.update({ where: { id }, data: { status: "PENDING", attempts: 0, nextAttemptAt: new Date(), lockedUntil: null } });
  notifyQueued();
  await recordEvent({
    type: "webhook.retried",
    outcome: "info",
    ...actor,
    accountId: row.accountId,
    message: `Delivery of ${row.eventType} (${row.eventId}) queued again`,
  });
}

/** Queues a `webhook.test` event for one key, so a host can check its receiver and signature. */
export async function sendTestEvent(apiKeyId: string, actor: Actor): Promise<{ eventId: string }> {
  const key = await db().apiKey.findUnique({ where: { id: apiKeyId } });
  if (!key) throw new AppError("not_found", "No such API key.");
  if (key.revokedAt) throw new AppError("conflict", "This API key is revoked.");
  if (!key.webhookUrl) throw new AppError("bad_request", "Set a webhook URL first.");
  // Said at once (the delivery would be refused and recorded anyway); a name that does not
  // resolve now is left to the delivery and its retries.
  const receiver = await checkWebhookUrl(key.webhookUrl);
  if (!receiver.ok && receiver.reason !== "unresolvable") throw new AppError("bad_request", `Webhook URL: ${receiver.message}`);
  const eventId = newEventId();
  const body = JSON.stringify({
    id: eventId,
    type: "webhook.test",
    createdAt: new Date().toISOString(),
    data: { message: `A test event for the API key "${key.name}".` },
  });
  await db().webhookDelivery.create({ data: { eventId, eventType: "webhook.test", apiKeyId: key.id, body } });
  await recordEvent({ type: "webhook.test_sent", outcome: "info", ...actor, message: `Test event ${eventId} queued for "${key.name}"` });
  notifyQueued();
  return { eventId };
}
