import "server-only";
import { z } from "zod";
import { cyclr } from "@/lib/cyclr/client";
import { hashToken, randomToken } from "@/lib/crypto";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { connectAttempts } from "@/lib/metrics";
import { recordEvent, type Actor, type EventInput } from "@/lib/events";
import { ProviderError } from "@/lib/providers/errors";
import { writeConnectorChanges } from "@/lib/sync/connector-writes";
import { requireConnector, toConnectorView, type ConnectorView } from "./connectors";
import { connectorForSession } from "./install";
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
    username: z
      .string()
      .min(1, "Enter the username")
      .max(512)
      .refine((v) => !v.includes(":"), "A username cannot contain ':'"),
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
  const connector = await connectorForSession(session, connectorId);
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
  const about = {
    actorType: "END_USER" as const,
    actorId: session.hostUserId,
    accountId: session.account.id,
    accountConnectorId: connector.id,
    attemptId: attempt.id,
  };
  await recordEvent({ ...about, type: "connect.started", outcome: "info", data: { mode: "FORM" } });

  try {
    const remote = await cyclr().setAuthValue(session.account.cyclrAccountId, connector.cyclrAccountConnectorId, authValue);
    if (!remote.authenticated) throw new ProviderError("Cyclr", "bad_request", `${connector.name} did not accept these credentials.`);
  } catch (error) {
    if (!ProviderError.is(error)) throw error;
    // Refused credentials fail the connector (and tell the host); Cyclr being down fails only the attempt.
    const rejected = error.code === "bad_request";
    const message = rejected ? `${connector.name} did not accept these credentials. Check them and try again.` : error.message;
    await db().$transaction(async (tx) => {
      await tx.connectAttempt.update({ where: { id: attempt.id }, data: { status: "FAILED", completedAt: new Date(), error: message } });
      const failed: EventInput = { ...about, type: "connect.failed", outcome: "failure", message };
      await writeConnectorChanges(rejected ? [{ kind: "failed", connectorId: connector.id, error: message, markFailed: true }] : [], { tx, events: [failed] });
    });
    connectAttempts.inc({ outcome: "FAILED" });
    throw new AppError(rejected ? "bad_request" : "upstream", message);
  }

  const [row] = await db().$transaction(async (tx) => {
    const now = new Date();
    await tx.connectAttempt.update({ where: { id: attempt.id }, data: { status: "SUCCEEDED", completedAt: now } });
    const succeeded: EventInput = { ...about, type: "connect.succeeded", outcome: "success", data: { durationMs: now.getTime() - started.getTime() } };
    return writeConnectorChanges([{ kind: "connected", connectorId: connector.id }], { tx, events: [succeeded] });
  });
  connectAttempts.inc({ outcome: "SUCCEEDED" });
  return toConnectorView(row!);
}

/** De-authenticates a connector at Cyclr, then records it: by the end user of a session, or by an admin. */
export async function disconnect(account: { accountId: string; cyclrAccountId: string }, connectorId: string, actor: Actor): Promise<ConnectorView> {
  const connector = await requireConnector(account.accountId, connectorId);
  await cyclr().deauthenticate(account.cyclrAccountId, connector.cyclrAccountConnectorId);
  const [row] = await writeConnectorChanges([{ kind: "disconnected", connectorId: connector.id }], {
    events: [
      {
        ...actor,
        type: "connector.disconnected",
        outcome: "success",
        accountId: account.accountId,
        accountConnectorId: connector.id,
        message: `${connector.name} disconnected`,
      },
    ],
  });
  return toConnectorView(row!);
}
