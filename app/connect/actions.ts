"use server";

import "server-only";
import { z } from "zod";
import { checkSessionAttempt, startConnect, type AttemptView, type StartedConnect } from "@/lib/connect/attempts";
import type { ConnectorView } from "@/lib/connect/connectors";
import { connectWithCredentials, credentialsInput, disconnect } from "@/lib/connect/credentials";
import { run } from "@/lib/connect/run";
import { requireSession } from "@/lib/connect/sessions";
import { fail, type Result } from "@/lib/result";

// Server actions are public endpoints: each one parses its input and re-checks the session
// token it is given before touching anything. The token is the only credential end users have.

const token = z.string().min(1).max(200);
const id = z.uuid();

export async function startConnectAction(input: { token: string; connectorId: string; mode: "POPUP" | "REDIRECT" }): Promise<Result<StartedConnect>> {
  const parsed = z.object({ token, connectorId: id, mode: z.enum(["POPUP", "REDIRECT"]) }).safeParse(input);
  if (!parsed.success) return fail("bad_request", "That request was not valid.");
  return run(async () => startConnect(await requireSession(parsed.data.token), parsed.data.connectorId, parsed.data.mode));
}

export async function completeConnectAction(input: { token: string; attemptId: string; trigger: "message" | "closed" }): Promise<Result<AttemptView>> {
  const parsed = z.object({ token, attemptId: id, trigger: z.enum(["message", "closed"]) }).safeParse(input);
  if (!parsed.success) return fail("bad_request", "That request was not valid.");
  return run(async () => checkSessionAttempt(await requireSession(parsed.data.token), parsed.data.attemptId, parsed.data.trigger));
}

export async function submitCredentialsAction(input: { token: string; connectorId: string; credentials: unknown }): Promise<Result<ConnectorView>> {
  const base = z.object({ token, connectorId: id }).safeParse(input);
  if (!base.success) return fail("bad_request", "That request was not valid.");
  const credentials = credentialsInput.safeParse(input.credentials);
  if (!credentials.success) {
    return fail("bad_request", "Check the highlighted fields.", z.flattenError(credentials.error).fieldErrors as Record<string, string[]>);
  }
  return run(async () => connectWithCredentials(await requireSession(base.data.token), base.data.connectorId, credentials.data));
}

export async function disconnectAction(input: { token: string; connectorId: string }): Promise<Result<ConnectorView>> {
  const parsed = z.object({ token, connectorId: id }).safeParse(input);
  if (!parsed.success) return fail("bad_request", "That request was not valid.");
  return run(async () => {
    const session = await requireSession(parsed.data.token);
    return disconnect(
      { accountId: session.account.id, cyclrAccountId: session.account.cyclrAccountId },
      parsed.data.connectorId,
      { actorType: "END_USER", actorId: session.hostUserId },
    );
  });
}
