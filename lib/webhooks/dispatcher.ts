import "server-only";
import { backoffDelay } from "@/lib/backoff";
import { readAtMost } from "@/lib/bounded-read";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { signingSecrets } from "./endpoints";
import { nudgeListeners } from "./outbox";
import { signatureHeaders } from "./signature";
import { errorFields, log } from "@/lib/log";
import { webhookDeliveries } from "@/lib/metrics";
import { checkReceiverUrl, sendToReceiver, type ReceiverRequest, type Resolver } from "./receiver-address";

// Sends what the outbox holds. Each round claims due rows with a lease (FOR UPDATE SKIP
// LOCKED, then lockedUntil), so any number of instances, or one restarted mid-retry, never
// send the same row at the same time; each outcome is written only while the lease is still
// ours. A 2xx marks a delivery done; anything else schedules a retry with exponential
// backoff, until the last attempt marks it failed. A process that dies after sending but
// before recording leaves the lease to expire and the row to be sent again: delivery is at
// least once, and receivers de-duplicate on the event id. Before each send the receiver's
// host is resolved and checked (public addresses only, unless WEBHOOK_ALLOW_PRIVATE_RECEIVERS)
// and the request goes to exactly those addresses; a refused one fails at once, unsent.

export type DispatchOptions = {
  /** Delay after the first failure; doubles after each one (with ±10% jitter). */
  baseDelayMs: number;
  maxAttempts: number;
  timeoutMs: number;
  /** How long a claimed row stays ours; longer than timeoutMs. */
  leaseMs: number;
  batchSize: number;
  /** How receivers' host names are resolved (dns.lookup unless given). */
  resolve?: Resolver;
};

export function dispatchOptionsFromEnv(): DispatchOptions {
  const settings = env();
  return {
    baseDelayMs: settings.WEBHOOK_RETRY_BASE_SECONDS * 1000,
    maxAttempts: settings.WEBHOOK_MAX_ATTEMPTS,
    timeoutMs: settings.WEBHOOK_TIMEOUT_MS,
    leaseMs: settings.WEBHOOK_TIMEOUT_MS + 30_000,
    batchSize: 20,
  };
}

const MAX_DELAY_MS = 6 * 60 * 60 * 1000;

/** When the next attempt may run after `attempts` failed ones: doubling, ±10%. */
export function retryAfterMs(attempts: number, baseDelayMs: number, random?: () => number): number {
  return Math.round(backoffDelay({ baseMs: baseDelayMs, maxMs: MAX_DELAY_MS, spread: [0.9, 1.1] }, attempts, random));
}

type Outcome = { ok: true; status: number } | { ok: false; status: number | null; error: string };

async function post(target: Parameters<typeof sendToReceiver>[0], request: ReceiverRequest, timeoutMs: number): Promise<Outcome> {
  try {
    // A redirect is not followed: its 3xx is the answer (a failure).
    return await sendToReceiver(target, request, timeoutMs, async (response): Promise<Outcome> => {
      if (response.status >= 200 && response.status < 300) {
        await response.body?.cancel();
        return { ok: true, status: response.status };
      }
      // Only the start of the answer is read: a receiver's error page may be large, or endless.
      const start = await readAtMost(response.body, 4096).catch(() => ({ bytes: Buffer.alloc(0) }));
      const text = new TextDecoder().decode(start.bytes).replace(/\s+/g, " ").trim().slice(0, 200);
      return { ok: false, status: response.status, error: `HTTP ${response.status}${text ? `: ${text}` : ""}` };
    });
  } catch (error) {
    if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
      return { ok: false, status: null, error: `No answer within ${Math.round(timeoutMs / 1000)} s` };
    }
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { ok: false, status: null, error: `Could not reach the webhook URL (${cause?.code ?? cause?.message ?? "network error"})` };
  }
}

/** `refused` (receivers on non-public addresses) are counted in `failed` too. */
export type RoundResult = { claimed: number; delivered: number; retrying: number; failed: number; refused: number };

/** One round: claims up to batchSize due deliveries and sends them. */
export async function deliverDue(options: DispatchOptions): Promise<RoundResult> {
  const lease = new Date(Date.now() + options.leaseMs);
  const claimed = await db().$queryRaw<{ id: string }[]>`
    UPDATE "WebhookDelivery" SET "lockedUntil" = ${lease}
    WHERE id IN (
      SELECT id FROM "WebhookDelivery"
      WHERE status = 'PENDING' AND "nextAttemptAt" <= now() AND ("lockedUntil" IS NULL OR "lockedUntil" < now())
      ORDER BY "nextAttemptAt"
      LIMIT ${options.batchSize}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id`;
  const result: RoundResult = { claimed: claimed.length, delivered: 0, retrying: 0, failed: 0, refused: 0 };
  if (claimed.length === 0) return result;
  const rows = await db().webhookDelivery.findMany({ where: { id: { in: claimed.map((row) => row.id) } }, include: { apiKey: true } });
  const allowPrivate = env().WEBHOOK_ALLOW_PRIVATE_RECEIVERS;

  await Promise.all(
    rows.map(async (row) => {
      const ours = { id: row.id, lockedUntil: lease };
      const key = row.apiKey;
      // Failures no retry can mend: recorded at once, with the reason.
      const giveUp = async (reason: string) => {
        await db().webhookDelivery.updateMany({ where: ours, data: { status: "FAILED", lockedUntil: null, lastError: reason } });
        result.failed++;
      };
      if (key.revokedAt || !key.webhookUrl || !key.sealedWebhookSecret) {
        return giveUp(key.revokedAt ? "The API key was revoked" : "The webhook was removed");
      }
      let secrets: string[];
      try {
        secrets = signingSecrets(key);
      } catch {
        // Only setting the webhook again (a new secret) helps.
        return giveUp("The signing secret cannot be opened (was ENCRYPTION_KEY changed?): set the webhook again");
      }
      // Resolved and checked now (a URL saved earlier, or a name since pointed elsewhere, is
      // refused here); the request then goes only to the addresses checked.
      const target = await checkReceiverUrl(key.webhookUrl, { allowPrivate, resolve: options.resolve, timeoutMs: options.timeoutMs });
      if (!target.ok && target.reason !== "unresolvable") {
        // Sending again would be refused again: failed at once, with the reason, until the URL changes.
        const now = new Date();
        await db().webhookDelivery.updateMany({
          where: ours,
          data: { status: "FAILED", lastAttemptAt: now, lastStatusCode: null, lastError: `Not sent: ${target.message}`, lockedUntil: null },
        });
        webhookDeliveries.inc({ outcome: "refused" });
        result.failed++;
        result.refused++;
        return;
      }
      const headers = {
        "content-type": "application/json",
        "user-agent": "Switchboard-Webhooks/1",
        "switchboard-event-type": row.eventType,
        // Kept for receivers written before Standard Webhooks (the same as webhook-id).
        "switchboard-event-id": row.eventId,
        ...signatureHeaders(row.eventId, row.body, secrets),
      };
      // A name that does not resolve now is a failure like an unreachable host: retried.
      const outcome = target.ok
        ? await post(target, { method: "POST", body: row.body, headers }, options.timeoutMs)
        : ({ ok: false, status: null, error: `Could not reach the webhook URL: ${target.message}` } as const);
      const attempts = row.attempts + 1;
      const now = new Date();
      if (outcome.ok) {
        await db().webhookDelivery.updateMany({
          where: ours,
          data: { status: "DELIVERED", attempts, lastAttemptAt: now, lastStatusCode: outcome.status, lastError: null, deliveredAt: now, lockedUntil: null },
        });
        result.delivered++;
        return;
      }
      const last = attempts >= options.maxAttempts;
      await db().webhookDelivery.updateMany({
        where: ours,
        data: {
          status: last ? "FAILED" : "PENDING",
          attempts,
          lastAttemptAt: now,
          lastStatusCode: outcome.status,
          lastError: outcome.error,
          nextAttemptAt: last ? row.nextAttemptAt : new Date(now.getTime() + retryAfterMs(attempts, options.baseDelayMs)),
          lockedUntil: null,
        },
      });
      if (last) result.failed++;
      else result.retrying++;
    }),
  );
  countOutcomes(result);
  return result;
}

function countOutcomes(result: RoundResult): void {
  if (result.delivered) webhookDeliveries.inc({ outcome: "delivered" }, result.delivered);
  if (result.retrying) webhookDeliveries.inc({ outcome: "retry" }, result.retrying);
  // Refusals are in `failed` too, and were counted as "refused" when they happened.
  if (result.failed > result.refused) webhookDeliveries.inc({ outcome: "failed" }, result.failed - result.refused);
}

export type Dispatcher = { stop(): Promise<void>; wake(): void };

/**
 * Runs rounds until stopped: at once when woken (something was queued in this process),
 * otherwise every pollMs, and back to back while rounds come back full.
 */
export function startDispatcher(options: DispatchOptions & { pollMs: number }): Dispatcher {
  let stopped = false;
  let woken = false;
  let wakeUp: (() => void) | null = null;
  const wake = () => {
    woken = true;
    wakeUp?.();
  };
  nudgeListeners().add(wake);

  // Finished deliveries are pruned with the rest of the history (lib/retention.ts).
  const loop = (async () => {
    while (!stopped) {
      woken = false;
      let full = false;
      try {
        const round = await deliverDue(options);
        full = round.claimed === options.batchSize;
      } catch (error) {
        log.error(errorFields(error), "webhook delivery round failed");
      }
      if (stopped || full || woken) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.pollMs);
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeUp = null;
    }
  })();

  return {
    wake,
    async stop() {
      stopped = true;
      nudgeListeners().delete(wake);
      wake();
      await loop;
    },
  };
}
