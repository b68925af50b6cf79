import "server-only";
import { randomUUID } from "node:crypto";
import { hashToken, randomToken, safeEqual } from "@/lib/crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { recordEvent, type Actor, type EventInput, type EventType } from "@/lib/events";
import type { AttemptStatus, Device, DeviceAttempt, DeviceType, PoderoUserLink } from "@/lib/generated/prisma/client";
import { log, errorFields } from "@/lib/log";
import { connectAttempts } from "@/lib/metrics";
import { podero } from "@/lib/podero/client";
import type { PoderoDevice, PoderoOnboarding } from "@/lib/podero/schemas";
import { ProviderError } from "@/lib/providers/errors";
import type { ActiveSession } from "@/lib/connect/sessions";
import { toDeviceView, type DeviceView } from "./devices";
import { DEVICE_TYPE_NAMES, deviceSettings, poderoLanguage, type DeviceSettings } from "./settings";
import { ensurePoderoUser, findPoderoUser, markPoderoUserGone, poderoUserIsGone } from "./users";
import { writeDeviceChanges } from "./writes";

// Connecting a device: Podero's onboarding page opened for the session's Podero user, and the
// way back. The return to success_url is only a hint, like Cyclr's message: an attempt
// succeeds only after Switchboard has read the onboarding session's object_id from Podero and
// that device with is_authenticated true. Podero sends no webhooks, so a pending attempt is
// checked when the page polls (at most every few seconds), when the browser comes back, and
// when the popup closes.

/** How often a pending attempt may ask Podero. */
export const DEVICE_CHECK_INTERVAL_MS = 3000;

export const NOT_OFFERED = "Devices are not offered here.";
export const EXPIRED_MESSAGE = "The device connection page expired before the device was connected. Try again.";
const NOT_CONFIRMED = "Podero has not confirmed that the device is connected.";

export type DeviceAttemptTrigger = "poll" | "closed" | "success" | "cancel";

export type DeviceAttemptView = {
  id: string;
  status: AttemptStatus;
  /** Why it did not succeed, in words. */
  error: string | null;
  type: DeviceType;
  /** The device, once Podero has named it (object_id) or when reconnecting one. */
  device: DeviceView | null;
  expiresAt: string;
};

export type StartedDeviceConnect = { attemptId: string; url: string; expiresAt: string };

export type StartDeviceInput = {
  /** The type to connect; or `deviceId`, a device of the session's user to reconnect (its type). */
  type?: DeviceType;
  deviceId?: string;
  /** POPUP (the default) or REDIRECT (the popup was blocked: the same tab goes to Podero). */
  mode?: "POPUP" | "REDIRECT";
  /** The page's language, when the session names none (BCP 47). */
  locale?: string;
};

function requireSettings(): DeviceSettings {
  const settings = deviceSettings();
  if (!settings) throw new AppError("not_found", NOT_OFFERED);
  return settings;
}

const endUser = (session: Pick<ActiveSession, "hostUserId">): Actor => ({ actorType: "END_USER", actorId: session.hostUserId });

/** Where Podero sends the browser back: Switchboard's return page with the attempt, its nonce and the outcome. */
function returnUrl(attemptId: string, nonce: string, outcome: "success" | "cancel"): string {
  return `${env().APP_URL}/connect/devices/return?${new URLSearchParams({ attempt: attemptId, nonce, outcome })}`;
}

/**
 * Starts connecting a device (or reconnecting one that needs attention): the session's user
 * becomes a Podero user if need be, Podero makes an onboarding session, and the attempt is
 * recorded. Returns Podero's page for the popup (or the tab) to go to.
 */
export async function startDeviceConnect(session: ActiveSession, input: StartDeviceInput): Promise<StartedDeviceConnect> {
  const settings = requireSettings();
  let reconnecting: Device | null = null;
  if (input.deviceId) {
    const link = await findPoderoUser(session);
    reconnecting = link ? await db().device.findFirst({ where: { id: input.deviceId, linkId: link.id, retiredAt: null } }) : null;
    if (!reconnecting) throw new AppError("not_found", "This device does not exist.");
  }
  const type = reconnecting?.type ?? input.type;
  if (!type) throw new AppError("bad_request", "Say which type of device to connect.");
  if (!settings.types.includes(type)) throw new AppError("bad_request", `${DEVICE_TYPE_NAMES[type]}s are not offered here.`);

  const attemptId = randomUUID();
  const nonce = randomToken(24);
  const mode = input.mode ?? "POPUP";
  const language = poderoLanguage(session.locale ?? input.locale, settings.language);
  const open = (link: PoderoUserLink) =>
    podero().createDeviceOnboarding({
      userId: link.poderoUserId,
      successUrl: returnUrl(attemptId, nonce, "success"),
      cancelUrl: returnUrl(attemptId, nonce, "cancel"),
      language,
      priceZone: settings.priceZone,
      deviceType: type,
    });

  let link: PoderoUserLink;
  let onboarding: PoderoOnboarding;
  try {
    link = await ensurePoderoUser(session);
    try {
      onboarding = await open(link);
    } catch (error) {
      // Podero lost the user (the 404 is the user's, confirmed): the link goes, a new user is made, once.
      if (!(ProviderError.is(error) && error.code === "not_found" && (await poderoUserIsGone(link)))) throw error;
      await markPoderoUserGone(link);
      link = await ensurePoderoUser(session);
      onboarding = await open(link);
      if (reconnecting) reconnecting = null; // the device went with the old user
    }
  } catch (error) {
    if (AppError.is(error) || ProviderError.is(error)) {
      await recordEvent({
        ...endUser(session),
        type: "device.onboarding_failed",
        outcome: "failure",
        accountId: session.account.id,
        deviceId: reconnecting?.id ?? null,
        message: error.message,
        data: { type, stage: "start" },
      });
    }
    throw error;
  }

  let superseded = 0;
  await db().$transaction(async (tx) => {
    // One live attempt per user and type: an older pending one is superseded (under a lock, so two starts racing leave one).
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('switchboard:device-attempt'), hashtext(${`${link.id}/${type}`}))`;
    ({ count: superseded } = await tx.deviceAttempt.updateMany({
      where: { linkId: link.id, deviceType: type, status: "PENDING" },
      data: { status: "CANCELLED", completedAt: new Date(), error: "Superseded by a newer attempt" },
    }));
    await tx.deviceAttempt.create({
      data: {
        id: attemptId,
        accountId: session.account.id,
        sessionId: session.id,
        linkId: link.id,
        deviceType: type,
        deviceId: reconnecting?.id ?? null,
        poderoOnboardingId: onboarding.id,
        mode,
        nonceHash: hashToken(nonce),
        expiresAt: onboarding.expiresAt,
      },
    });
    await recordEvent(
      {
        ...endUser(session),
        type: "device.onboarding_started",
        outcome: "info",
        accountId: session.account.id,
        attemptId,
        deviceId: reconnecting?.id ?? null,
        data: { type, mode, language, reconnect: Boolean(reconnecting), poderoOnboardingId: onboarding.id },
      },
      tx,
    );
  });
  if (superseded) connectAttempts.inc({ outcome: "CANCELLED" }, superseded);
  return { attemptId, url: onboarding.authenticationUrl, expiresAt: onboarding.expiresAt.toISOString() };
}

const outcomeEvent: Record<Exclude<AttemptStatus, "PENDING">, EventType> = {
  SUCCEEDED: "device.onboarding_succeeded",
  FAILED: "device.onboarding_failed",
  EXPIRED: "device.onboarding_expired",
  CANCELLED: "device.onboarding_cancelled",
};

/** Moves a still-pending attempt to its outcome (two triggers racing record one), with its audit event. */
async function finish(
  attempt: DeviceAttempt,
  status: Exclude<AttemptStatus, "PENDING">,
  actor: Actor,
  detail: { error?: string; deviceId?: string | null; trigger: DeviceAttemptTrigger | "expiry" },
): Promise<void> {
  const moved = await db().$transaction(async (tx) => {
    const { count } = await tx.deviceAttempt.updateMany({
      where: { id: attempt.id, status: "PENDING" },
      data: { status, completedAt: new Date(), error: detail.error ?? null, ...(detail.deviceId ? { deviceId: detail.deviceId } : {}) },
    });
    if (count === 0) return false;
    // The device's own change (device.connected, its webhook) is written by lib/devices/writes.ts.
    const event: EventInput = {
      ...actor,
      type: outcomeEvent[status],
      outcome: status === "SUCCEEDED" ? "success" : "failure",
      accountId: attempt.accountId,
      attemptId: attempt.id,
      deviceId: detail.deviceId ?? attempt.deviceId,
      message: detail.error ?? (status === "SUCCEEDED" ? "Podero confirmed the device" : null),
      data: { trigger: detail.trigger, status, type: attempt.deviceType, durationMs: Date.now() - attempt.startedAt.getTime() },
    };
    await recordEvent(event, tx);
    return true;
  });
  if (moved) connectAttempts.inc({ outcome: status });
}

/** The device Podero names, read from the attempt's type's list first (then the others), deleted ones included; null when none has it. */
async function readNamedDevice(
  link: PoderoUserLink,
  type: DeviceType,
  deviceId: string,
  types: DeviceType[],
): Promise<{ type: DeviceType; device: PoderoDevice } | null> {
  for (const candidate of [type, ...types.filter((other) => other !== type)]) {
    try {
      return { type: candidate, device: await podero().getDevice(link.poderoUserId, candidate, deviceId, { includeDeleted: true }) };
    } catch (error) {
      if (!(ProviderError.is(error) && error.code === "not_found")) throw error;
    }
  }
  return null;
}

async function view(attemptId: string): Promise<DeviceAttemptView> {
  const attempt = await db().deviceAttempt.findUniqueOrThrow({ where: { id: attemptId }, include: { device: true } });
  return {
    id: attempt.id,
    status: attempt.status,
    error: attempt.error,
    type: attempt.deviceType,
    device: attempt.device ? toDeviceView(attempt.device) : null,
    expiresAt: attempt.expiresAt.toISOString(),
  };
}

/**
 * Asks Podero how a pending attempt stands, the only way it succeeds. `success` (the browser
 * came back to success_url) turns a negative answer into a failure; `cancel` (cancel_url)
 * into a cancellation; a poll or a closed popup leaves it pending until Podero's page expires.
 * A poll asks Podero at most every DEVICE_CHECK_INTERVAL_MS.
 */
export async function checkDeviceAttempt(
  accountId: string,
  attemptId: string,
  trigger: DeviceAttemptTrigger,
  /** A session's own user: another user's attempt (devices are per user) is not found. */
  hostUserId?: string,
): Promise<DeviceAttemptView> {
  const attempt = await db().deviceAttempt.findFirst({
    where: { id: attemptId, accountId, ...(hostUserId === undefined ? {} : { link: { hostUserId } }) },
    include: { link: true },
  });
  if (!attempt) throw new AppError("not_found", "This device connection attempt does not exist.");
  if (attempt.status !== "PENDING") return view(attempt.id);
  const now = Date.now();
  const recentlyChecked = attempt.lastCheckedAt && now - attempt.lastCheckedAt.getTime() < DEVICE_CHECK_INTERVAL_MS;
  if (trigger === "poll" && recentlyChecked) return view(attempt.id);
  await db().deviceAttempt.update({ where: { id: attempt.id }, data: { lastCheckedAt: new Date(now) } });
  const actor: Actor = { actorType: "END_USER", actorId: attempt.link.hostUserId };
  try {
    await settle(attempt, attempt.link, trigger, actor);
  } catch (error) {
    // A poll that cannot reach Podero leaves the attempt as it was; the user's own return says why.
    if (!ProviderError.is(error) || trigger === "success" || trigger === "cancel") throw error;
    log.warn({ ...errorFields(error), attemptId: attempt.id }, "could not check a device attempt with Podero");
  }
  return view(attempt.id);
}

async function settle(attempt: DeviceAttempt, link: PoderoUserLink, trigger: DeviceAttemptTrigger, actor: Actor): Promise<void> {
  let onboarding: PoderoOnboarding;
  try {
    onboarding = await podero().getDeviceOnboarding(attempt.poderoOnboardingId);
  } catch (error) {
    if (!(ProviderError.is(error) && error.code === "not_found")) throw error;
    await finish(attempt, "FAILED", actor, { trigger, error: "Podero no longer knows this device connection. Try again." });
    return;
  }
  if (onboarding.objectId) {
    const types = deviceSettings()?.types ?? [attempt.deviceType];
    const named = await readNamedDevice(link, attempt.deviceType, onboarding.objectId, types);
    if (named) {
      const rows = await writeDeviceChanges([{ kind: "observed", linkId: link.id, remote: [named], completeTypes: [] }], actor);
      const row = rows.find((candidate) => candidate.poderoDeviceId === named.device.id) ?? null;
      if (row?.status === "CONNECTED") {
        await finish(attempt, "SUCCEEDED", actor, { trigger, deviceId: row.id });
        return;
      }
      if (trigger === "success" || trigger === "cancel") {
        const why = named.device.lifecycleError ?? (named.device.deletedAt ? "The device was removed at Podero." : null);
        await finish(attempt, "FAILED", actor, { trigger, deviceId: row?.id, error: why ? `${NOT_CONFIRMED} ${why}` : NOT_CONFIRMED });
        return;
      }
    } else if (trigger === "success" || trigger === "cancel") {
      await finish(attempt, "FAILED", actor, { trigger, error: NOT_CONFIRMED });
      return;
    }
  }
  if (!onboarding.objectId) {
    if (trigger === "cancel") {
      await finish(attempt, "CANCELLED", actor, { trigger, error: "Cancelled on Podero's page" });
      return;
    }
    if (onboarding.expiresAt.getTime() <= Date.now() || attempt.expiresAt.getTime() <= Date.now()) {
      await finish(attempt, "EXPIRED", actor, { trigger: "expiry", error: EXPIRED_MESSAGE });
      return;
    }
    if (trigger === "success") await finish(attempt, "FAILED", actor, { trigger, error: NOT_CONFIRMED });
  }
}

/** A session's attempt, checked (the connect page's poll and its popup's close). */
export function checkSessionDeviceAttempt(session: ActiveSession, attemptId: string, trigger: "poll" | "closed"): Promise<DeviceAttemptView> {
  return checkDeviceAttempt(session.account.id, attemptId, trigger, session.hostUserId);
}

/** The way back from Podero's page: the nonce proves the browser started this attempt; the outcome is only a hint. */
export async function completeDeviceReturn(attemptId: string, nonce: string, outcome: "success" | "cancel"): Promise<DeviceAttemptView> {
  const attempt = await db().deviceAttempt.findUnique({ where: { id: attemptId }, select: { id: true, accountId: true, nonceHash: true } });
  if (!attempt || !safeEqual(attempt.nonceHash, hashToken(nonce))) throw new AppError("not_found", "This return link is not valid.");
  return checkDeviceAttempt(attempt.accountId, attempt.id, outcome);
}

/** Pending attempts whose Podero page has expired become EXPIRED (the sync calls it). */
export async function expireDeviceAttempts(now = new Date()): Promise<number> {
  const stale = await db().deviceAttempt.findMany({ where: { status: "PENDING", expiresAt: { lte: now } }, include: { link: true }, take: 1000 });
  for (const attempt of stale) {
    await finish(attempt, "EXPIRED", { actorType: "SYSTEM", actorId: null }, { trigger: "expiry", error: EXPIRED_MESSAGE }).catch((error: unknown) =>
      log.warn({ ...errorFields(error), attemptId: attempt.id }, "could not expire a device attempt"),
    );
  }
  return stale.length;
}
