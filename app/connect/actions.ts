"use server";

import { z } from "zod";
import { checkSessionAttempt, startConnect } from "@/lib/connect/attempts";
import { connectWithCredentials, credentialsInput, disconnect } from "@/lib/connect/credentials";
import { sessionAction } from "@/lib/entry/connect";

// The connect page's server actions. Each is a public endpoint: sessionAction parses its
// input and re-checks the session token (the only credential end users have) first.

const id = z.uuid();

export const startConnectAction = sessionAction(
  z.object({ connectorId: id, mode: z.enum(["POPUP", "REDIRECT"]) }),
  (session, input) => startConnect(session, input.connectorId, input.mode),
  { name: "startConnect" },
);

export const completeConnectAction = sessionAction(
  z.object({ attemptId: id, trigger: z.enum(["message", "closed"]) }),
  (session, input) => checkSessionAttempt(session, input.attemptId, input.trigger),
  { name: "completeConnect" },
);

export const submitCredentialsAction = sessionAction(
  z.object({ connectorId: id, credentials: credentialsInput }),
  (session, input) => connectWithCredentials(session, input.connectorId, input.credentials),
  { form: "credentials", name: "submitCredentials" },
);

export const disconnectAction = sessionAction(
  z.object({ connectorId: id }),
  (session, input) =>
    disconnect({ accountId: session.account.id, cyclrAccountId: session.account.cyclrAccountId }, input.connectorId, {
      actorType: "END_USER",
      actorId: session.hostUserId,
    }),
  { name: "disconnect" },
);
