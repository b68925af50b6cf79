import "server-only";
import { cyclr } from "@/lib/cyclr/client";
import { buildConnectorAuthUrl } from "@/lib/cyclr/urls";
import { hashToken, randomToken, safeEqual } from "@/lib/crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { connectAttempts } from "@/lib/metrics";
import { AppError } from "@/lib/errors";
import { recordEvent, type EventInput, type EventType } from "@/lib/events";
import type { AttemptStatus, ConnectAttempt } from "@/lib/generated/prisma/client";
import { writeConnectorChanges } from "@/lib/sync/connector-writes";
import { refreshConnector, toConnectorView, type ConnectorView } from "./connectors";
import { connectorForSession } from "./install";
import type { ActiveSession } from "./sessions";

// An attempt outlives Cyclr's 5-minute sign-in token: the user may take a while at the
// third party's consent screen after Cyclr's page has used the token.
export const ATTEMPT_LIFETIME_MS = 15 * 60 * 1000;
// How often a pending attempt may ask Cyclr whether the connector is authenticated.
const CHECK_INTERVAL_MS = 1500;

export type StartedConnect = { attemptId: string; url: string; callbackMessage: string; serviceOrigin: string; connector: ConnectorView };

export type AttemptView = { id: string; status: AttemptStatus; error: string | null; connector: ConnectorView };

export type CheckTrigger = "message" | "poll" | "closed" | "return";

function cyclrUsername(session: ActiveSession): string {
  return `host:${session.hostUserId}`;
}

/** Records a new OAuth attempt and returns Cyclr's authorization page URL for it. */
export async function startConnect(session: ActiveSession, connectorId: string, mode: "POPUP" | "REDIRECT"): Promise<StartedConnect> {
  const connector = await connectorForSession(session, connectorId);
  if (connector.authType !== "OAuth2") {
    throw new AppError("bad_request", `${connector.name} is connected with a form, not a popup.`);
  }
  const signIn = await cyclr().createSignInToken(session.account.cyclrAccountId, cyclrUsername(session));
  const nonce = randomToken(24);
  const callbackMessage = `switchboard:${randomToken(18)}`;
  const now = Date.now();

  let superseded = 0;
  const attempt = await db().$transaction(async (tx) => {
    // One live attempt per connector: an older pending one is superseded.
    ({ count: superseded } = await tx.connectAttempt.updateMany({
      where: { accountConnectorId: connector.id, status: "PENDING" },
      data: { status: "CANCELLED", completedAt: new Date(now), error: "Superseded by a newer attempt" },
    }));
    const created = await tx.connectAttempt.create({
      data: {
        accountConnectorId: connector.id,
        sessionId: session.id,
        mode,
        nonceHash: hashToken(nonce),
        callbackMessage,
        expiresAt: new Date(now + ATTEMPT_LIFETIME_MS),
      },
    });
    await recordEvent(
      {
        type: "connect.started",
        outcome: "info",
        actorType: "END_USER",
        actorId: session.hostUserId,
        accountId: session.account.id,
        accountConnectorId: connector.id,
        attemptId: created.id,
        data: { mode },
      },
      tx,
    );
    return created;
  });
  if (superseded) connectAttempts.inc({ outcome: "CANCELLED" }, superseded);

  const appOrigin = env().APP_URL;
  const url =
    mode === "POPUP"
      ? buildConnectorAuthUrl({
          serviceUrl: env().CYCLR_SERVICE_URL,
          accountConnectorId: connector.cyclrAccountConnectorId,
          signInToken: signIn.token,
          targetOrigin: appOrigin,
          callbackMessage,
        })
      : buildConnectorAuthUrl({
          serviceUrl: env().CYCLR_SERVICE_URL,
          accountConnectorId: connector.cyclrAccountConnectorId,
          signInToken: signIn.token,
          targetOrigin: `${appOrigin}/connect/return?${new URLSearchParams({ attempt: attempt.id, nonce })}`,
        });

  return { attemptId: attempt.id, url, callbackMessage, serviceOrigin: env().CYCLR_SERVICE_URL, connector: toConnectorView(connector) };
}

const outcomeEvent: Record<Exclude<AttemptStatus, "PENDING">, EventType> = {
  SUCCEEDED: "connect.succeeded",
  FAILED: "connect.failed",
  EXPIRED: "connect.expired",
  CANCELLED: "connect.cancelled",
};

async function finish(
  attempt: ConnectAttempt,
  status: Exclude<AttemptStatus, "PENDING">,
  session: { accountId: string; hostUserId: string | null },
  detail: { error?: string; trigger: CheckTrigger | "expiry" },
): Promise<void> {
  const moved = await db().$transaction(async (tx) => {
    // Only a still-pending attempt moves on, so two triggers racing record one outcome.
    const { count } = await tx.connectAttempt.updateMany({
      where: { id: attempt.id, status: "PENDING" },
      data: { status, completedAt: new Date(), error: detail.error ?? null },
    });
    if (count === 0) return false;
    const event: EventInput = {
      type: outcomeEvent[status],
      outcome: status === "SUCCEEDED" ? "success" : "failure",
      actorType: "END_USER",
      actorId: session.hostUserId,
      accountId: session.accountId,
      accountConnectorId: attempt.accountConnectorId,
      attemptId: attempt.id,
      message: detail.error,
      data: { trigger: detail.trigger, durationMs: Date.now() - attempt.startedAt.getTime() },
    };
    // A failed authorization leaves the connector's status as Cyclr has it, and tells the host.
    const failed =
      status === "FAILED"
        ? [{ kind: "failed" as const, connectorId: attempt.accountConnectorId, error: detail.error ?? "The attempt failed", markFailed: false }]
        : [];
    await writeConnectorChanges(failed, { tx, events: [event] });
    return true;
  });
  if (moved) connectAttempts.inc({ outcome: status });
}

/**
 * Asks Cyclr whether the attempt's connector is now authenticated; the only way an attempt
 * succeeds. A message, a poll, a closed popup or a redirect back merely trigger the check.
 * A trigger that means "the user is done" (message, return) turns a negative answer into a
 * failure; a poll or a closed popup leaves the attempt pending (the popup may have lost its
 * opener and still be in progress) until it expires or a new attempt supersedes it.
 */
export async function checkAttempt(
  accountId: string,
  cyclrAccountId: string,
  hostUserId: string | null,
  attemptId: string,
  trigger: CheckTrigger,
): Promise<AttemptView> {
  let attempt = await db().connectAttempt.findFirst({
    where: { id: attemptId, accountConnector: { accountId } },
    include: { accountConnector: true },
  });
  if (!attempt) throw new AppError("not_found", "This connection attempt does not exist.");
  let connector = attempt.accountConnector;
  const who = { accountId, hostUserId };

  if (attempt.status === "PENDING") {
    const now = Date.now();
    const recentlyChecked = attempt.lastCheckedAt && now - attempt.lastCheckedAt.getTime() < CHECK_INTERVAL_MS;
    if (trigger !== "poll" || !recentlyChecked) {
      await db().connectAttempt.update({ where: { id: attempt.id }, data: { lastCheckedAt: new Date(now) } });
      connector = await refreshConnector(connector, cyclrAccountId);
      if (connector.status === "CONNECTED") {
        await finish(attempt, "SUCCEEDED", who, { trigger });
      } else if (attempt.expiresAt.getTime() <= now) {
        await finish(attempt, "EXPIRED", who, { trigger: "expiry", error: "The attempt expired before authorization finished" });
      } else if (trigger === "message" || trigger === "return") {
        await finish(attempt, "FAILED", who, { trigger, error: "Cyclr did not confirm the authorization" });
      }
    }
    attempt = await db().connectAttempt.findUniqueOrThrow({ where: { id: attempt.id }, include: { accountConnector: true } });
  }
  return { id: attempt.id, status: attempt.status, error: attempt.error, connector: toConnectorView(connector) };
}

export function checkSessionAttempt(session: ActiveSession, attemptId: string, trigger: CheckTrigger): Promise<AttemptView> {
  return checkAttempt(session.account.id, session.account.cyclrAccountId, session.hostUserId, attemptId, trigger);
}

/** The redirect flow's way back: the nonce proves the browser started this attempt. */
export async function completeRedirect(attemptId: string, nonce: string): Promise<AttemptView> {
  const attempt = await db().connectAttempt.findUnique({
    where: { id: attemptId },
    include: { accountConnector: { include: { account: true } }, session: true },
  });
  if (!attempt || attempt.mode !== "REDIRECT" || !safeEqual(attempt.nonceHash, hashToken(nonce))) {
    throw new AppError("not_found", "This return link is not valid.");
  }
  const account = attempt.accountConnector.account;
  return checkAttempt(account.id, account.cyclrAccountId, attempt.session?.hostUserId ?? null, attempt.id, "return");
}
