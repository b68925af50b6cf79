import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { resetEmulator, truncateAll } from "@/testing/db";
import { checkSessionAttempt, completeRedirect, startConnect } from "./attempts";
import { listConnectors, syncAccountConnectors } from "./connectors";
import { connectWithCredentials, disconnect } from "./credentials";
import { run } from "@/lib/result";
import { createConnectSession, requireSession, type ActiveSession } from "./sessions";

// Integration: real PostgreSQL, the Cyclr emulator over HTTP, no mocks.

const api = () => process.env.CYCLR_API_URL!;

async function control(path: string, body: unknown = {}) {
  const response = await fetch(`${api()}/__emulator/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.ok).toBe(true);
}

async function emulatorState(): Promise<{
  calls: Record<string, number>;
  accountConnectors: { Id: string | number; AccountId: string; Authenticated: boolean }[];
}> {
  return (await (await fetch(`${api()}/__emulator/state`)).json()) as never;
}

async function sessionFor(accountId = "acme-corp"): Promise<ActiveSession> {
  const { token } = await createConnectSession({ accountId, userId: "user-1" }, null);
  return requireSession(token);
}

async function connectorByAuthType(session: ActiveSession, authType: string) {
  await syncAccountConnectors(session.account);
  const connector = (await listConnectors(session.account.id)).find((c) => c.authType === authType && !c.name.includes("<"));
  if (!connector) throw new Error(`acme-corp has no ${authType} connector in the emulator's seed`);
  const row = await db().accountConnector.findUniqueOrThrow({ where: { id: connector.id } });
  return { ...connector, cyclrId: row.cyclrAccountConnectorId };
}

beforeEach(async () => {
  await truncateAll();
  await resetEmulator();
});

describe("connect sessions", () => {
  it("mints a 30-minute link whose token is stored only as a hash", async () => {
    const created = await createConnectSession({ accountId: "acme-corp", userId: "user-1" }, null);
    expect(created.url).toBe(`${process.env.APP_URL}/connect/${created.token}`);
    const minutes = (created.expiresAt.getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(29);
    expect(minutes).toBeLessThanOrEqual(30);
    const rows = await db().connectSession.findMany();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(created.token);
    expect((await requireSession(created.token)).account.cyclrAccountId).toBe("acme-corp");
  });

  it("refuses an account Cyclr does not know", async () => {
    const result = await run(() => createConnectSession({ accountId: "no-such-account", userId: "u" }, null));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe("not_found");
  });

  it("refuses unknown and expired tokens with different messages", async () => {
    await expect(requireSession("x".repeat(43))).rejects.toMatchObject({ code: "not_found" });
    const { token } = await createConnectSession({ accountId: "acme-corp", userId: "user-1" }, null);
    await db().connectSession.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(requireSession(token)).rejects.toMatchObject({ code: "expired" });
  });
});

describe("OAuth attempts", () => {
  it("builds a Cyclr URL whose single-use sign-in token survives encoding", async () => {
    const session = await sessionFor();
    const connector = await connectorByAuthType(session, "OAuth2");
    const started = await startConnect(session, connector.id, "POPUP");
    const url = new URL(started.url);
    expect(url.origin).toBe(process.env.CYCLR_SERVICE_URL);
    expect(url.pathname).toBe("/connectorauth/updateaccountconnectoroauth");
    expect(url.searchParams.get("id")).toBe(connector.cyclrId);
    expect(url.searchParams.get("targetOrigin")).toBe(process.env.APP_URL);
    expect(url.searchParams.get("callbackMessage")).toBe(started.callbackMessage);
    expect(url.searchParams.get("token")).toMatch(/[+/=]/);
    // The consent page accepts the token once (so it arrived intact), then refuses it.
    expect((await fetch(started.url)).status).toBe(200);
    expect((await fetch(started.url)).status).toBe(403);
  });

  it("succeeds only once Cyclr reports the connector authenticated", async () => {
    const session = await sessionFor();
    const connector = await connectorByAuthType(session, "OAuth2");
    const started = await startConnect(session, connector.id, "POPUP");

    const pending = await checkSessionAttempt(session, started.attemptId, "poll");
    expect(pending.status).toBe("PENDING");
    expect(pending.connector.status).toBe("NOT_CONNECTED");

    await control(`accounts/acme-corp/connectors/${connector.cyclrId}/authenticated`, { authenticated: true });
    const done = await checkSessionAttempt(session, started.attemptId, "closed");
    expect(done.status).toBe("SUCCEEDED");
    expect(done.connector.status).toBe("CONNECTED");
    const events = await db().event.findMany({ where: { attemptId: started.attemptId }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => e.type)).toEqual(["connect.started", "connect.succeeded"]);
  });

  it("a message without Cyclr's confirmation fails the attempt; a closed popup leaves it pending", async () => {
    const session = await sessionFor();
    const connector = await connectorByAuthType(session, "OAuth2");
    const first = await startConnect(session, connector.id, "POPUP");
    expect((await checkSessionAttempt(session, first.attemptId, "closed")).status).toBe("PENDING");
    expect((await checkSessionAttempt(session, first.attemptId, "message")).status).toBe("FAILED");
    const second = await startConnect(session, connector.id, "POPUP");
    const third = await startConnect(session, connector.id, "POPUP");
    const superseded = await db().connectAttempt.findUniqueOrThrow({ where: { id: second.attemptId } });
    expect(superseded.status).toBe("CANCELLED");
    expect((await checkSessionAttempt(session, third.attemptId, "poll")).status).toBe("PENDING");
  });

  it("does not let one account's session touch another account's connector", async () => {
    const acme = await sessionFor("acme-corp");
    const other = await sessionFor("globex");
    const connector = await connectorByAuthType(acme, "OAuth2");
    await expect(startConnect(other, connector.id, "POPUP")).rejects.toBeInstanceOf(AppError);
    const started = await startConnect(acme, connector.id, "POPUP");
    await expect(checkSessionAttempt(other, started.attemptId, "poll")).rejects.toMatchObject({ code: "not_found" });
  });

  it("the redirect flow checks the nonce before asking Cyclr", async () => {
    const session = await sessionFor();
    const connector = await connectorByAuthType(session, "OAuth2");
    const started = await startConnect(session, connector.id, "REDIRECT");
    const target = new URL(new URL(started.url).searchParams.get("targetOrigin")!);
    expect(new URL(started.url).searchParams.get("callbackMessage")).toBeNull();
    expect(target.pathname).toBe("/connect/return");
    await expect(completeRedirect(started.attemptId, "wrong-nonce")).rejects.toMatchObject({ code: "not_found" });
    await control(`accounts/acme-corp/connectors/${connector.cyclrId}/authenticated`, { authenticated: true });
    const done = await completeRedirect(target.searchParams.get("attempt")!, target.searchParams.get("nonce")!);
    expect(done.status).toBe("SUCCEEDED");
  });

  it("20 concurrent startConnect calls with an empty token cache make one token request", async () => {
    const session = await sessionFor();
    const connector = await connectorByAuthType(session, "OAuth2");
    await db().providerToken.deleteMany();
    await resetEmulator();
    const results = await Promise.all(Array.from({ length: 20 }, () => startConnect(session, connector.id, "POPUP")));
    expect(new Set(results.map((r) => r.attemptId)).size).toBe(20);
    const { calls } = await emulatorState();
    expect(calls["POST /oauth/token"]).toBe(1);
  });
});

describe("form connectors and disconnect", () => {
  it("connects an API-key connector without storing the key, and disconnects it at Cyclr", async () => {
    const session = await sessionFor();
    const connector = await connectorByAuthType(session, "ApiKey");
    const secret = `key-${randomUUID()}`;
    const connected = await connectWithCredentials(session, connector.id, { kind: "apiKey", apiKey: secret });
    expect(connected.status).toBe("CONNECTED");
    const dump = JSON.stringify([await db().accountConnector.findMany(), await db().connectAttempt.findMany(), await db().event.findMany()]);
    expect(dump).not.toContain(secret);

    const after = await disconnect({ accountId: session.account.id, cyclrAccountId: "acme-corp" }, connector.id, { actorType: "END_USER", actorId: "user-1" });
    expect(after.status).toBe("DISCONNECTED");
    const remote = (await emulatorState()).accountConnectors.find((c) => String(c.Id) === connector.cyclrId);
    expect(remote?.Authenticated).toBe(false);
  });

  it("marks the connector Failed when Cyclr refuses the credentials", async () => {
    const session = await sessionFor();
    const connector = await connectorByAuthType(session, "ApiKey");
    await expect(connectWithCredentials(session, connector.id, { kind: "apiKey", apiKey: "invalid" })).rejects.toMatchObject({ code: "bad_request" });
    expect((await db().accountConnector.findUniqueOrThrow({ where: { id: connector.id } })).status).toBe("FAILED");
  });

  it("connects a Basic connector with username and password", async () => {
    const session = await sessionFor();
    const connector = await connectorByAuthType(session, "Basic");
    const connected = await connectWithCredentials(session, connector.id, { kind: "basic", username: "ann", password: "s3cret" });
    expect(connected.status).toBe("CONNECTED");
  });

  it("records a connector deauthenticated at Cyclr as disconnected on the next sync", async () => {
    const session = await sessionFor();
    const connector = await connectorByAuthType(session, "ApiKey");
    await connectWithCredentials(session, connector.id, { kind: "apiKey", apiKey: "k" });
    await control(`accounts/acme-corp/connectors/${connector.cyclrId}/authenticated`, { authenticated: false });
    await syncAccountConnectors(session.account);
    expect((await db().accountConnector.findUniqueOrThrow({ where: { id: connector.id } })).status).toBe("DISCONNECTED");
  });
});
