import { z } from "zod";
import { cyclr } from "@/lib/cyclr/client";
import { CyclrError } from "@/lib/cyclr/errors";
import { hashToken, randomToken } from "@/lib/crypto";
import { db } from "@/lib/db";
import { recordEvent } from "@/lib/events";
import { AppError } from "@/lib/result";
import { enqueueConnectorEvents } from "@/lib/webhooks/outbox";
import { requireConnector, statusChange, toConnectorView, type ConnectorView } from "./connectors";
import type { ActiveSession } from "./sessions";

// ApiKey and Basic connectors: the value goes straight to Cyclr as AuthValue and is never
// stored, logged or echoed back by Switchboard.

export const credentialsInput = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("apiKey"),
    apiKey: z.string().trim().min(1, "Enter the API key").max(4096, "That key is too long"),
  }),
  z.object({
    kind: z.literal("basic"),
    username: z.string().min(1, "Enter the username").max(512).refine((v) => !v.includes(":"), "A username cannot contain ':'"),
    password: z.string().min(1, "Enter the password").max(4096),
  }),
]);

export type CredentialsInput = z.infer<typeof credentialsInput>;

function authValueFor(authType: string, input: CredentialsInput): string {
  if (authType === "ApiKey" && input.kind === "apiKey") return input.apiKey;
  if (authType === "Basic" && input.kind === "basic") {
    return Buffer.from(`${input.username}:${input.password}`, "utf8").toString("base64");
  }
  throw new AppError("bad_request", "These credentials do not fit this connector.");
}

export async function connectWithCredentials(session: ActiveSession, connectorId: string, input: CredentialsInput): Promise<ConnectorView> {
  const connector = await requireConnector(session.account.id, connectorId);
  const authValue = authValueFor(connector.authType, input);
  const started = new Date();
  const attempt = await db().connectAttempt.create({
    data: {
      accountConnectorId: connector.id,
      sessionId: session.id,
      mode: "FORM",
      nonceHash: hashToken(randomToken(16)),
      callbackMessage: "",
      expiresAt: new Date(started.getTime() + 60_000),
    },
  });
  const actor = { actorType: "END_USER" as const, actorId: session.hostUserId, accountId: session.account.id, accountConnectorId: connector.id, attemptId: attempt.id };
  await recordEvent({ ...actor, type: "connect.started", outcome: "info", data: { mode: "FORM" } });

  try {
    const remote = await cyclr().setAuthValue(session.account.cyclrAccountId, connector.cyclrAccountConnectorId, authValue);
    if (!remote.authenticated) throw new CyclrError("bad_request", `${connector.name} did not accept these credentials.`);
  } catch (error) {
    if (!CyclrError.is(error)) throw error;
    const rejected = error.code === "bad_request";
    const message = rejected ? `${connector.name} did not accept these credentials. Check them and try again.` : error.message;
    await db().$transaction(async (tx) => {
      await tx.connectAttempt.update({ where: { id: attempt.id }, data: { status: "FAILED", completedAt: new Date(), error: message } });
      if (!rejected) return;
      const row = await tx.accountConnector.update({ where: { id: connector.id }, data: { status: "FAILED", lastCheckedAt: new Date() } });
      await enqueueConnectorEvents([{ type: "connector.failed", connector: row, error: message }], tx);
    });
    await recordEvent({ ...actor, type: "connect.failed", outcome: "failure", message });
    throw new AppError(rejected ? "bad_request" : "upstream", message);
  }

  const now = new Date();
  const row = await db().$transaction(async (tx) => {
    await tx.connectAttempt.update({ where: { id: attempt.id }, data: { status: "SUCCEEDED", completedAt: now } });
    const updated = await tx.accountConnector.update({
      where: { id: connector.id },
      data: { status: "CONNECTED", authenticatedAt: now, lastCheckedAt: now },
    });
    const change = statusChange(connector.status, updated);
    if (change) await enqueueConnectorEvents([change], tx);
    return updated;
  });
  await recordEvent({ ...actor, type: "connect.succeeded", outcome: "success", data: { durationMs: now.getTime() - started.getTime() } });
  return toConnectorView(row);
}

export async function disconnect(
  session: { accountId: string; cyclrAccountId: string },
  connectorId: string,
  actor: { actorType: "END_USER" | "ADMIN"; actorId: string | null },
): Promise<ConnectorView> {
  const connector = await requireConnector(session.accountId, connectorId);
  await cyclr().deauthenticate(session.cyclrAccountId, connector.cyclrAccountConnectorId);
  const row = await db().$transaction(async (tx) => {
    const updated = await tx.accountConnector.update({
      where: { id: connector.id },
      data: { status: "DISCONNECTED", lastCheckedAt: new Date() },
    });
    const change = statusChange(connector.status, updated);
    if (change) await enqueueConnectorEvents([change], tx);
    return updated;
  });
  await recordEvent({
    ...actor,
    type: "connector.disconnected",
    outcome: "success",
    accountId: session.accountId,
    accountConnectorId: connector.id,
    message: `${connector.name} disconnected`,
  });
  return toConnectorView(row);
}
