import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { systemActor } from "@/lib/events";
import { truncateAll } from "@/testing/db";
import { authenticateApiKey, createApiKey, revokeApiKeysNamed } from "./api-keys";

beforeEach(async () => {
  await truncateAll();
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
