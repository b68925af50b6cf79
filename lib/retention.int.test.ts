import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { pruneOlderThan } from "@/lib/retention";
import { truncateAll } from "@/testing/db";

// Retention: what is older than the setting goes, what is newer or still pending stays, and
// the latest sync run stays whatever its age (the schedule is decided from it).

const DAY = 24 * 60 * 60 * 1000;
const now = new Date("2026-06-01T12:00:00Z");
const ago = (days: number) => new Date(now.getTime() - days * DAY);

beforeEach(truncateAll);

async function fixtures() {
  const account = await db().account.create({ data: { cyclrAccountId: "retention", name: "Retention Ltd" } });
  const connector = await db().accountConnector.create({
    data: { accountId: account.id, cyclrAccountConnectorId: "1", name: "CRM", connectorId: "5001", connectorName: "Salesforce", authType: "OAuth2" },
  });
  const apiKey = await db().apiKey.create({ data: { name: "k", keyHash: "h", prefix: "sb_" } });
  const session = (tokenHash: string, expiresAt: Date) =>
    db().connectSession.create({ data: { accountId: account.id, hostUserId: "u", tokenHash, allowedOrigins: [], expiresAt } });
  const oldSession = await session("old", ago(40));
  await session("recent", ago(5));
  const attempt = (status: "PENDING" | "SUCCEEDED" | "FAILED", startedAt: Date) =>
    db().connectAttempt.create({
      data: {
        accountConnectorId: connector.id,
        sessionId: oldSession.id,
        mode: "POPUP",
        status,
        nonceHash: "n",
        callbackMessage: "c",
        startedAt,
        expiresAt: startedAt,
      },
    });
  await attempt("SUCCEEDED", ago(40));
  await attempt("FAILED", ago(31));
  await attempt("PENDING", ago(40)); // never pruned: it is still open
  await attempt("SUCCEEDED", ago(2));
  const link = await db().poderoUserLink.create({
    data: { accountId: account.id, hostUserId: "u", poderoUserId: "p-1", externalUserId: "retention/u", email: "u@example.com" },
  });
  const deviceAttempt = (status: "PENDING" | "CANCELLED", startedAt: Date) =>
    db().deviceAttempt.create({
      data: {
        accountId: account.id,
        linkId: link.id,
        deviceType: "ev",
        poderoOnboardingId: "o",
        mode: "POPUP",
        status,
        nonceHash: "n",
        startedAt,
        expiresAt: startedAt,
      },
    });
  await deviceAttempt("CANCELLED", ago(40));
  await deviceAttempt("PENDING", ago(40));
  await deviceAttempt("CANCELLED", ago(3));
  await db().event.createMany({
    data: [ago(45), ago(31), ago(29), ago(0)].map((createdAt) => ({ type: "connector.connected", outcome: "success", actorType: "SYSTEM", createdAt })),
  });
  const delivery = (eventId: string, status: "PENDING" | "DELIVERED" | "FAILED", createdAt: Date) =>
    db().webhookDelivery.create({ data: { eventId, eventType: "connector.connected", apiKeyId: apiKey.id, body: "{}", status, createdAt } });
  await delivery("a", "DELIVERED", ago(60));
  await delivery("b", "FAILED", ago(35));
  await delivery("c", "PENDING", ago(60)); // still to send
  await delivery("d", "DELIVERED", ago(1));
  await db().syncRun.createMany({
    data: [ago(50), ago(40)].map((startedAt) => ({ status: "SUCCEEDED" as const, actorType: "SYSTEM" as const, startedAt, finishedAt: startedAt })),
  });
}

describe("retention", () => {
  it("deletes what is older than the retention, keeping anything pending and the latest sync run", async () => {
    await fixtures();
    const report = await pruneOlderThan(30, now);
    expect(report).toEqual({ events: 2, attempts: 2, deviceAttempts: 1, sessions: 1, deliveries: 2, syncRuns: 1 });
    expect((await db().deviceAttempt.findMany({ orderBy: { startedAt: "asc" } })).map((attempt) => [attempt.status, attempt.startedAt])).toEqual([
      ["PENDING", ago(40)],
      ["CANCELLED", ago(3)],
    ]);

    expect((await db().event.findMany({ orderBy: { createdAt: "asc" } })).map((event) => event.createdAt)).toEqual([ago(29), ago(0)]);
    expect((await db().connectAttempt.findMany({ orderBy: { startedAt: "asc" } })).map((attempt) => [attempt.status, attempt.startedAt])).toEqual([
      ["PENDING", ago(40)],
      ["SUCCEEDED", ago(2)],
    ]);
    // The pending attempt outlives its session (the link is long expired).
    expect((await db().connectSession.findMany()).map((session) => session.tokenHash)).toEqual(["recent"]);
    expect((await db().webhookDelivery.findMany({ orderBy: { eventId: "asc" } })).map((delivery) => delivery.eventId)).toEqual(["c", "d"]);
    expect((await db().syncRun.findMany()).map((run) => run.startedAt)).toEqual([ago(40)]);

    // Nothing more to do the second time.
    expect(await pruneOlderThan(30, now)).toEqual({ events: 0, attempts: 0, deviceAttempts: 0, sessions: 0, deliveries: 0, syncRuns: 0 });
  });

  it("deletes in batches until nothing old is left", async () => {
    await db().event.createMany({
      data: Array.from({ length: 12_001 }, (_, i) => ({
        type: "connector.checked",
        outcome: "success",
        actorType: "SYSTEM" as const,
        createdAt: ago(100 + (i % 7)),
      })),
    });
    await db().event.create({ data: { type: "connector.checked", outcome: "success", actorType: "SYSTEM", createdAt: ago(1) } });
    expect((await pruneOlderThan(30, now)).events).toBe(12_001);
    expect(await db().event.count()).toBe(1);
  });
});
