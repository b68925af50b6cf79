import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApiKey, revokeApiKey } from "@/lib/api-keys";
import { listConnectors, refreshConnector, syncAccountConnectors } from "@/lib/connect/connectors";
import { connectWithCredentials, disconnect } from "@/lib/connect/credentials";
import { createConnectSession, requireSession, type ActiveSession } from "@/lib/connect/sessions";
import { db } from "@/lib/db";
import { emulatorCall, resetEmulator, truncateAll } from "@/testing/db";
import { deliverDue, startDispatcher, type DispatchOptions } from "./dispatcher";
import { deliveryPage, retryDelivery, sendTestEvent, setWebhook } from "./endpoints";
import type { WebhookEvent } from "./outbox";
import { Webhook } from "standardwebhooks";

// Integration: real PostgreSQL, the Cyclr emulator and a real HTTP receiver; no mocks.

type Received = { headers: IncomingHttpHeaders; body: string; status: number; at: number };

/** A webhook receiver answering each request with the next status of its script (then 200). */
async function receiver(script: number[] = []) {
  const requests: Received[] = [];
  const waiters: (() => void)[] = [];
  let hold: (() => void) | null = null;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const status = script.shift() ?? 200;
      requests.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8"), status, at: Date.now() });
      waiters.splice(0).forEach((wake) => wake());
      if (status === 0) {
        hold = () => response.destroy(); // 0: never answer (the sender goes away first)
        return;
      }
      response.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "ok" : "receiver is down");
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    requests,
    /** Resolves once `count` requests have arrived. */
    async received(count: number): Promise<void> {
      while (requests.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
    },
    close: () =>
      new Promise<void>((resolve) => {
        hold?.();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const fast: DispatchOptions = { baseDelayMs: 100, maxAttempts: 5, timeoutMs: 5000, leaseMs: 10_000, batchSize: 20 };

/** Waits for a delivery row to satisfy `check`, polling the database (no fixed sleeps). */
async function deliveryWhere(check: (row: { status: string; attempts: number }) => boolean, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await db().webhookDelivery.findFirst({ orderBy: { createdAt: "asc" } });
    if (row && check(row)) return row;
    if (Date.now() > deadline) throw new Error(`No delivery reached the expected state; last: ${JSON.stringify(row)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function sessionWithApiKeyConnector(): Promise<{ session: ActiveSession; connectorId: string }> {
  const { token } = await createConnectSession({ accountId: "acme-corp", userId: "user-1" }, null);
  const session = await requireSession(token);
  await syncAccountConnectors(session.account);
  const connector = (await listConnectors(session.account.id)).find((c) => c.authType === "ApiKey" && !c.name.includes("<"));
  if (!connector) throw new Error("acme-corp has no ApiKey connector in the emulator's seed");
  return { session, connectorId: connector.id };
}

async function keyWithWebhook(url: string) {
  const { key, apiKey } = await createApiKey("host backend");
  const { secret } = await setWebhook(apiKey.id, url, { actorType: "SYSTEM", actorId: null });
  if (!secret) throw new Error("a new webhook comes with a new secret");
  return { key, apiKey, secret };
}

const cleanups: (() => Promise<void> | void)[] = [];

beforeEach(async () => {
  await truncateAll();
  await resetEmulator();
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("webhooks", () => {
  it("delivers a signed connector.connected that verifies, with no secrets in it; a tampered body does not verify", async () => {
    const hooks = await receiver();
    cleanups.push(hooks.close);
    const { key, secret } = await keyWithWebhook(hooks.url);
    const { session, connectorId } = await sessionWithApiKeyConnector();
    await connectWithCredentials(session, connectorId, { kind: "apiKey", apiKey: "the-third-party-key" });

    expect(await deliverDue(fast)).toMatchObject({ claimed: 1, delivered: 1 });
    const [request] = hooks.requests;
    expect(request).toBeDefined();
    expect(new Webhook(secret).verify(request!.body, request!.headers as Record<string, string>)).toEqual(JSON.parse(request!.body));
    const event = JSON.parse(request!.body) as WebhookEvent;
    expect(event).toMatchObject({
      type: "connector.connected",
      data: { account: { id: "acme-corp" }, connector: { id: connectorId, status: "CONNECTED" } },
    });
    expect(event.id).toMatch(/^evt_[0-9a-f]{32}$/);
    expect(request!.headers["switchboard-event-id"]).toBe(event.id);
    expect(Date.parse(event.createdAt)).not.toBeNaN();
    for (const secretValue of [secret, key, "the-third-party-key"]) expect(request!.body).not.toContain(secretValue);

    const tampered = request!.body.replace("connector.connected", "connector.disconnected");
    expect(() => new Webhook(secret).verify(tampered, request!.headers as Record<string, string>)).toThrow("No matching signature found");
    // The secret is stored sealed, never as itself.
    expect(JSON.stringify(await db().apiKey.findMany())).not.toContain(secret);
  });

  it("queues connected, disconnected and failed, each once, and nothing without a webhook URL", async () => {
    const { session, connectorId } = await sessionWithApiKeyConnector();
    await connectWithCredentials(session, connectorId, { kind: "apiKey", apiKey: "k" });
    expect(await db().webhookDelivery.count()).toBe(0);

    const hooks = await receiver();
    cleanups.push(hooks.close);
    await keyWithWebhook(hooks.url);
    const who = { accountId: session.account.id, cyclrAccountId: "acme-corp" };
    await disconnect(who, connectorId, { actorType: "END_USER", actorId: "user-1" });
    await connectWithCredentials(session, connectorId, { kind: "apiKey", apiKey: "invalid" }).catch(() => {});
    await connectWithCredentials(session, connectorId, { kind: "apiKey", apiKey: "k2" });
    // Reconnected, then deauthenticated at Cyclr: the sync finds the drift.
    const row = await db().accountConnector.findUniqueOrThrow({ where: { id: connectorId } });
    await emulatorCall(`accounts/acme-corp/connectors/${row.cyclrAccountConnectorId}/authenticated`, { body: { authenticated: false } });
    await syncAccountConnectors(session.account);
    await syncAccountConnectors(session.account); // no change, no event

    const queued = await db().webhookDelivery.findMany({ orderBy: { createdAt: "asc" } });
    expect(queued.map((delivery) => delivery.eventType)).toEqual([
      "connector.disconnected",
      "connector.failed",
      "connector.connected",
      "connector.disconnected",
    ]);
    const failed = JSON.parse(queued[1]!.body) as WebhookEvent;
    expect(failed).toMatchObject({ type: "connector.failed", data: { error: expect.stringMatching(/did not accept these credentials/) } });
  });

  it("retries after the receiver answers 500 twice, with growing delays, then delivers the same event once", async () => {
    const hooks = await receiver([500, 500]);
    cleanups.push(hooks.close);
    const { secret } = await keyWithWebhook(hooks.url);
    const { session, connectorId } = await sessionWithApiKeyConnector();
    await connectWithCredentials(session, connectorId, { kind: "apiKey", apiKey: "k" });

    const dispatcher = startDispatcher({ ...fast, pollMs: 20 });
    cleanups.push(() => dispatcher.stop());
    const delivered = await deliveryWhere((row) => row.status === "DELIVERED");
    expect(delivered).toMatchObject({ attempts: 3, lastStatusCode: 200, lastError: null });
    expect(hooks.requests.map((request) => request.status)).toEqual([500, 500, 200]);
    expect(new Set(hooks.requests.map((request) => request.body)).size).toBe(1);
    for (const request of hooks.requests) expect(new Webhook(secret).verify(request.body, request.headers as Record<string, string>)).toBeTruthy();
    const [first, second, third] = hooks.requests.map((request) => request.at);
    expect(second! - first!).toBeGreaterThanOrEqual(90); // 100 ms ± 10%
    expect(third! - second!).toBeGreaterThanOrEqual(180); // then 200 ms ± 10%

    const [logged] = (await deliveryPage()).rows;
    expect(logged).toMatchObject({ eventType: "connector.connected", keyName: "host backend", status: "DELIVERED", attempts: 3 });
  });

  it("gives up after the last attempt, shows why in the log, and an admin's retry sends it again", async () => {
    const hooks = await receiver([503, 503]);
    cleanups.push(hooks.close);
    await keyWithWebhook(hooks.url);
    const { session, connectorId } = await sessionWithApiKeyConnector();
    await connectWithCredentials(session, connectorId, { kind: "apiKey", apiKey: "k" });

    const dispatcher = startDispatcher({ ...fast, maxAttempts: 2, pollMs: 20 });
    cleanups.push(() => dispatcher.stop());
    const failed = await deliveryWhere((row) => row.status === "FAILED");
    expect(failed).toMatchObject({ attempts: 2, lastStatusCode: 503, lastError: "HTTP 503: receiver is down" });
    expect((await deliveryPage({ status: "FAILED" })).rows.map((row) => row.id)).toEqual([failed.id]);

    await retryDelivery(failed.id, { actorType: "ADMIN", actorId: "admin@example.com" });
    await deliveryWhere((row) => row.status === "DELIVERED");
    expect(hooks.requests.map((request) => request.status)).toEqual([503, 503, 200]);
    await expect(retryDelivery(failed.id, { actorType: "ADMIN", actorId: "admin@example.com" })).rejects.toMatchObject({ code: "conflict" });
  });

  it("checks racing on one connector (a message and a poll) queue its connector.connected once", async () => {
    const hooks = await receiver();
    cleanups.push(hooks.close);
    await keyWithWebhook(hooks.url);
    const { session } = await sessionWithApiKeyConnector();
    const oauth = await db().accountConnector.findFirstOrThrow({ where: { accountId: session.account.id, authType: "OAuth2", status: "NOT_CONNECTED" } });
    await emulatorCall(`accounts/acme-corp/connectors/${oauth.cyclrAccountConnectorId}/authenticated`, { body: { authenticated: true } });

    const rows = await Promise.all(Array.from({ length: 5 }, () => refreshConnector(oauth, "acme-corp")));
    expect(rows.every((row) => row.status === "CONNECTED")).toBe(true);
    expect(await db().webhookDelivery.count({ where: { eventType: "connector.connected" } })).toBe(1);
  });

  it("two dispatchers working at once send each delivery once", async () => {
    const hooks = await receiver();
    cleanups.push(hooks.close);
    await keyWithWebhook(hooks.url);
    await keyWithWebhook(hooks.url); // a second key: two rows for the one change
    const { session, connectorId } = await sessionWithApiKeyConnector();
    await connectWithCredentials(session, connectorId, { kind: "apiKey", apiKey: "k" });

    const rounds = await Promise.all([deliverDue(fast), deliverDue(fast), deliverDue(fast)]);
    expect(rounds.reduce((sum, round) => sum + round.delivered, 0)).toBe(2);
    expect(hooks.requests).toHaveLength(2);
    expect(new Set(hooks.requests.map((request) => request.headers["switchboard-event-id"])).size).toBe(1);
  });

  it("after a new signing secret, deliveries verify with the old one and the new one for 24 hours, then with the new one only", async () => {
    const hooks = await receiver();
    cleanups.push(hooks.close);
    const { apiKey, secret: old } = await keyWithWebhook(hooks.url);
    const { secret: next } = await setWebhook(apiKey.id, hooks.url, { actorType: "SYSTEM", actorId: null });
    expect(next).not.toBe(old);
    const { session, connectorId } = await sessionWithApiKeyConnector();
    await connectWithCredentials(session, connectorId, { kind: "apiKey", apiKey: "k" });
    expect(await deliverDue(fast)).toMatchObject({ delivered: 1 });
    const during = hooks.requests[0]!;
    expect(new Webhook(old).verify(during.body, during.headers as Record<string, string>)).toBeTruthy();
    expect(new Webhook(next!).verify(during.body, during.headers as Record<string, string>)).toBeTruthy();
    const until = (await db().apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).previousWebhookSecretUntil!;
    expect(until.getTime() - Date.now()).toBeGreaterThan(23.9 * 3600_000);
    expect(until.getTime() - Date.now()).toBeLessThanOrEqual(24 * 3600_000);

    // A day later (the end of the overlap moved to the past): the old secret no longer signs.
    await db().apiKey.update({ where: { id: apiKey.id }, data: { previousWebhookSecretUntil: new Date(Date.now() - 1000) } });
    await disconnect({ accountId: session.account.id, cyclrAccountId: "acme-corp" }, connectorId, { actorType: "SYSTEM", actorId: null });
    expect(await deliverDue(fast)).toMatchObject({ delivered: 1 });
    const after = hooks.requests[1]!;
    expect(new Webhook(next!).verify(after.body, after.headers as Record<string, string>)).toBeTruthy();
    expect(() => new Webhook(old).verify(after.body, after.headers as Record<string, string>)).toThrow("No matching signature found");
  });

  it("a signing secret that cannot be opened fails the delivery with the reason, without sending", async () => {
    const hooks = await receiver();
    cleanups.push(hooks.close);
    await keyWithWebhook(hooks.url);
    const { session, connectorId } = await sessionWithApiKeyConnector();
    await connectWithCredentials(session, connectorId, { kind: "apiKey", apiKey: "k" });
    // The sealed secret no longer opens (tampered with, or sealed with a key since removed).
    const key = await db().apiKey.findFirstOrThrow({ where: { webhookUrl: { not: null } } });
    await db().apiKey.update({ where: { id: key.id }, data: { sealedWebhookSecret: key.sealedWebhookSecret!.replace(/\.[^.]+$/, ".AAAAAAAAAAAAAAAAAAAAAA") } });
    expect(await deliverDue(fast)).toMatchObject({ claimed: 1, failed: 1 });
    expect(hooks.requests).toHaveLength(0);
    expect((await deliveryPage()).rows[0]).toMatchObject({ status: "FAILED", lastError: expect.stringContaining("ENCRYPTION_KEY") });
  });

  it("reads only the start of a receiver's error answer: one that never ends still fails at once, with its first words", async () => {
    // An error page that streams forever: the whole of it would never arrive.
    const server = createServer((_request, response) => {
      response.writeHead(500, { "content-type": "text/plain" });
      response.write(`${"overloaded ".repeat(20)}`);
      const timer = setInterval(() => response.write("x".repeat(1024)), 5);
      response.on("close", () => clearInterval(timer));
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    cleanups.push(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));
    await keyWithWebhook(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`);
    const { session, connectorId } = await sessionWithApiKeyConnector();
    await connectWithCredentials(session, connectorId, { kind: "apiKey", apiKey: "k" });

    expect(await deliverDue(fast)).toMatchObject({ claimed: 1, retrying: 1 });
    const [row] = (await deliveryPage()).rows;
    expect(row!.lastError).toMatch(/^HTTP 500: overloaded overloaded/);
    expect(row!.lastError!.length).toBeLessThanOrEqual(210);
  });

  it("does not send for a revoked key, and says so in the log", async () => {
    const hooks = await receiver();
    cleanups.push(hooks.close);
    const { apiKey } = await keyWithWebhook(hooks.url);
    const { session, connectorId } = await sessionWithApiKeyConnector();
    await connectWithCredentials(session, connectorId, { kind: "apiKey", apiKey: "k" });
    await revokeApiKey(apiKey.id, { actorType: "SYSTEM", actorId: null });

    expect(await deliverDue(fast)).toMatchObject({ claimed: 1, failed: 1 });
    expect(hooks.requests).toHaveLength(0);
    expect((await deliveryPage()).rows[0]).toMatchObject({ status: "FAILED", lastError: "The API key was revoked" });
  });

  it("sends a signed webhook.test to one key on request, and refuses it for a key without a URL", async () => {
    const hooks = await receiver();
    cleanups.push(hooks.close);
    const { apiKey, secret } = await keyWithWebhook(hooks.url);
    const other = await createApiKey("no webhook");
    const actor = { actorType: "ADMIN" as const, actorId: "admin@example.com" };
    const { eventId } = await sendTestEvent(apiKey.id, actor);
    await expect(sendTestEvent(other.apiKey.id, actor)).rejects.toMatchObject({ code: "bad_request" });
    expect(await deliverDue(fast)).toMatchObject({ claimed: 1, delivered: 1 });
    const [request] = hooks.requests;
    expect(JSON.parse(request!.body)).toMatchObject({ id: eventId, type: "webhook.test" });
    expect(new Webhook(secret).verify(request!.body, request!.headers as Record<string, string>)).toBeTruthy();
  });

  it("lists deliveries newest first, 50 a page, older and back to newer", async () => {
    const { apiKey } = await createApiKey("k");
    const start = Date.now() - 3600_000;
    await db().webhookDelivery.createMany({
      data: Array.from({ length: 120 }, (_, n) => ({
        eventId: `evt_${String(n).padStart(3, "0")}`,
        eventType: "connector.connected",
        apiKeyId: apiKey.id,
        body: "{}",
        status: "DELIVERED" as const,
        createdAt: new Date(start + n * 1000),
      })),
    });
    const ids = (page: { rows: { eventId: string }[] }) => page.rows.map((row) => row.eventId);
    const newest = Array.from({ length: 120 }, (_, n) => `evt_${String(119 - n).padStart(3, "0")}`);
    const first = await deliveryPage();
    expect(ids(first)).toEqual(newest.slice(0, 50));
    expect(first.previous).toBeNull();
    const second = await deliveryPage({ after: first.next! });
    expect(ids(second)).toEqual(newest.slice(50, 100));
    const third = await deliveryPage({ after: second.next! });
    expect(ids(third)).toEqual(newest.slice(100));
    expect(third.next).toBeNull();
    expect(ids(await deliveryPage({ before: third.previous! }))).toEqual(newest.slice(50, 100));
    const back = await deliveryPage({ before: second.previous! });
    expect(ids(back)).toEqual(newest.slice(0, 50));
    expect(back.previous).toBeNull();
  });

  it("refuses webhook URLs that are not http(s), carry credentials, or use plain http off this machine", async () => {
    const { apiKey } = await createApiKey("k");
    const actor = { actorType: "SYSTEM" as const, actorId: null };
    for (const url of ["ftp://example.com/x", "https://user:pw@example.com/x", "http://example.com/hooks", "not a url"]) {
      await expect(setWebhook(apiKey.id, url, actor)).rejects.toMatchObject({ code: "bad_request" });
    }
    await expect(setWebhook(apiKey.id, "https://93.184.216.34/hooks", actor)).resolves.toMatchObject({ url: "https://93.184.216.34/hooks" });
  });
});

describe("webhooks across a restart", () => {
  const workers: ChildProcess[] = [];

  async function worker(options: DispatchOptions & { pollMs: number }): Promise<ChildProcess> {
    // One process (node with tsx's loader, not the tsx CLI, which would run a second one): SIGKILL ends it all.
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "testing/webhook-worker.ts", JSON.stringify(options)], {
      env: process.env,
      stdio: ["ignore", "pipe", "inherit"],
    });
    workers.push(child);
    const [chunk] = (await once(child.stdout, "data")) as [Buffer];
    expect(chunk.toString()).toContain("ready");
    return child;
  }

  async function kill(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, "exit");
    child.kill("SIGKILL");
    await exited;
  }

  afterEach(async () => {
    for (const child of workers.splice(0)) await kill(child);
  });

  it("a dispatcher killed while a retry is pending leaves it to the next process, which delivers it once", async () => {
    const hooks = await receiver([500]);
    cleanups.push(hooks.close);
    await keyWithWebhook(hooks.url);
    const { session, connectorId } = await sessionWithApiKeyConnector();
    await connectWithCredentials(session, connectorId, { kind: "apiKey", apiKey: "k" });

    // The first process gets a 500 and schedules the retry 1.5 s later, then dies.
    const first = await worker({ ...fast, baseDelayMs: 1500, pollMs: 50 });
    await hooks.received(1);
    await deliveryWhere((row) => row.status === "PENDING" && row.attempts === 1);
    await kill(first);

    const second = await worker({ ...fast, baseDelayMs: 1500, pollMs: 50 });
    const delivered = await deliveryWhere((row) => row.status === "DELIVERED");
    await kill(second);
    expect(delivered.attempts).toBe(2);
    expect(hooks.requests.map((request) => request.status)).toEqual([500, 200]);
    // Nothing is left to send: another round claims nothing and the receiver hears nothing more.
    expect(await deliverDue(fast)).toMatchObject({ claimed: 0 });
    expect(hooks.requests).toHaveLength(2);
  });

  it("a dispatcher killed in the middle of sending a retry: the next one waits out its lease and delivers", async () => {
    const hooks = await receiver([500, 0]); // the retry is never answered: its sender dies first
    cleanups.push(hooks.close);
    await keyWithWebhook(hooks.url);
    const { session, connectorId } = await sessionWithApiKeyConnector();
    await connectWithCredentials(session, connectorId, { kind: "apiKey", apiKey: "k" });

    const options = { ...fast, baseDelayMs: 100, leaseMs: 2000, pollMs: 50 };
    const first = await worker(options);
    await hooks.received(2); // the retry is in flight
    await kill(first);

    await worker(options);
    const delivered = await deliveryWhere((row) => row.status === "DELIVERED");
    expect(hooks.requests.map((request) => request.status)).toEqual([500, 0, 200]);
    // Not before the dead process's 2 s lease (taken just before its send) ran out.
    expect(hooks.requests[2]!.at - hooks.requests[1]!.at).toBeGreaterThanOrEqual(1800);
    expect(delivered.attempts).toBe(2); // the unanswered send was never recorded as an attempt
    expect(new Set(hooks.requests.map((request) => request.headers["switchboard-event-id"])).size).toBe(1);
  });
});
