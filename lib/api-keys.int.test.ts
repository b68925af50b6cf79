import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { systemActor } from "@/lib/events";
import { resetEmulator, truncateAll } from "@/testing/db";
import { authenticateApiKey, createApiKey, revokeApiKey, revokeApiKeysNamed, setApiKeyOrigins } from "./api-keys";
import { sessionOrigins } from "./connect/embed-policy";
import { loadConnectPage } from "./connect/page";
import { createConnectSession, requireSession, REVOKED_SESSION } from "./connect/sessions";

beforeEach(async () => {
  await truncateAll();
  await resetEmulator();
});

describe("npm start's demo key", () => {
  it("replaces the previous run's (and older runs' timestamped ones), leaving other keys alone", async () => {
    const previous = await createApiKey("demo");
    const older = await createApiKey("demo 2026-11-30T10:00:00");
    const production = await createApiKey("production");
    const demoHost = await createApiKey("demo host");
    expect(await revokeApiKeysNamed("demo", systemActor("npm start"), { prefix: "demo 20" })).toBe(2);
    expect(await authenticateApiKey(`Bearer ${previous.key}`)).toBeNull();
    expect(await authenticateApiKey(`Bearer ${older.key}`)).toBeNull();
    expect(await authenticateApiKey(`Bearer ${production.key}`)).toMatchObject({ name: "production" });
    expect(await authenticateApiKey(`Bearer ${demoHost.key}`)).toMatchObject({ name: "demo host" });
    expect(await db().event.count({ where: { type: "api_key.revoked" } })).toBe(2);
  });
});

describe("a key's live sessions", () => {
  it("end when the key is revoked, saying the link is no longer valid", async () => {
    const { apiKey } = await createApiKey("host");
    const { token } = await createConnectSession({ accountId: "globex", userId: "u1" }, apiKey);
    await expect(requireSession(token)).resolves.toMatchObject({ hostUserId: "u1" });
    await revokeApiKey(apiKey.id, systemActor());
    await expect(requireSession(token)).rejects.toMatchObject({ code: "expired", message: REVOKED_SESSION });
    const page = await loadConnectPage(token, { embedded: true, ip: "127.0.0.1" });
    expect(page).toMatchObject({ kind: "expired", revoked: true });
  });

  it("follow the key's embedding origins: a removed origin can no longer frame them, a new one can where nothing was narrowed", async () => {
    const { apiKey } = await createApiKey("host", systemActor(), ["https://a.example", "https://b.example"]);
    const whole = await createConnectSession({ accountId: "globex", userId: "u1" }, apiKey);
    const narrowed = await createConnectSession({ accountId: "globex", userId: "u2", allowedOrigins: ["https://a.example"] }, apiKey);
    await setApiKeyOrigins(apiKey.id, ["https://b.example", "https://c.example"], systemActor());
    expect(await sessionOrigins(whole.token)).toEqual(["https://b.example", "https://c.example"]);
    expect(await sessionOrigins(narrowed.token)).toEqual([]);
  });
});
