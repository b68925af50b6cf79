import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createApiKey } from "@/lib/api-keys";
import { seal, SealError, sealedKeyId, unseal } from "@/lib/crypto";
import { db } from "@/lib/db";
import { parseEnv, provideSettings } from "@/lib/env";
import { systemActor } from "@/lib/events";
import { refreshAad } from "@/lib/providers/tokens";
import { resealAll } from "@/lib/sealed-values";
import { openWebhookSecret, setWebhook } from "@/lib/webhooks/endpoints";
import { truncateAll } from "@/testing/db";

// Rotating ENCRYPTION_KEY: values sealed with the old key still open while it is listed in
// ENCRYPTION_KEYS_PREVIOUS, `keys reseal` moves them all to the new key, and afterwards the
// old key can go. Against the real database.

const actor = systemActor("test");
const newKey = () => randomBytes(32).toString("base64");
const original = { key: process.env.ENCRYPTION_KEY!, id: process.env.ENCRYPTION_KEY_ID! };

/** Settings as an operator would change them (read again on the next use). */
function useKeys(keys: { key: string; id: string; previous?: string }) {
  vi.stubEnv("ENCRYPTION_KEY", keys.key);
  vi.stubEnv("ENCRYPTION_KEY_ID", keys.id);
  vi.stubEnv("ENCRYPTION_KEYS_PREVIOUS", keys.previous ?? "");
  provideSettings({});
}

beforeEach(async () => {
  await truncateAll();
  useKeys(original);
});

afterEach(() => {
  vi.unstubAllEnvs();
  provideSettings({});
});

/** A cached provider token with a refresh token, and an API key with a webhook secret: sealed with the key in use. */
async function sealedRows() {
  const updatedAt = new Date(Date.now() - 60_000);
  await db().providerToken.create({
    data: {
      key: "cyclr:partner",
      sealedAccess: seal("access-1", "cyclr:partner"),
      sealedRefresh: seal("refresh-1", refreshAad("cyclr:partner")),
      expiresAt: new Date(Date.now() + 3600_000),
      updatedAt,
    },
  });
  const { apiKey } = await createApiKey("rotation", actor);
  await setWebhook(apiKey.id, "http://127.0.0.1:9/hook", actor);
  // A new secret: the first one goes on signing for a day, sealed too.
  const { secret } = await setWebhook(apiKey.id, "http://127.0.0.1:9/hook", actor);
  return { apiKeyId: apiKey.id, secret: secret!, updatedAt };
}

async function stored(apiKeyId: string) {
  const token = await db().providerToken.findUniqueOrThrow({ where: { key: "cyclr:partner" } });
  const key = await db().apiKey.findUniqueOrThrow({ where: { id: apiKeyId } });
  return { token, secret: key.sealedWebhookSecret!, previous: key.sealedPreviousWebhookSecret! };
}

describe("encryption key rotation", () => {
  it("opens old values with a previous key, re-seals them all with the new one, then needs the old key no more", async () => {
    const rows = await sealedRows();
    const rotated = { key: newKey(), id: "k2" };

    // Without the old key listed, the old values do not open.
    const before = await stored(rows.apiKeyId);
    useKeys(rotated);
    expect(() => openWebhookSecret(before.secret, rows.apiKeyId)).toThrow(SealError);

    // Listed as previous: they open, and new values are sealed with the new key.
    useKeys({ ...rotated, previous: `${original.id}:${original.key}` });
    expect(openWebhookSecret(before.secret, rows.apiKeyId)).toBe(rows.secret);
    expect(sealedKeyId(seal("new", "x"))).toBe("k2");

    const report = await resealAll();
    expect(report).toEqual({ checked: 4, resealed: 4, droppedTokens: 0, unreadableSecrets: [] });
    const after = await stored(rows.apiKeyId);
    expect([after.token.sealedAccess, after.token.sealedRefresh!, after.secret, after.previous].map(sealedKeyId)).toEqual(["k2", "k2", "k2", "k2"]);
    // The token's renewal is counted from updatedAt: re-sealing leaves it alone.
    expect(after.token.updatedAt).toEqual(rows.updatedAt);

    // A second run has nothing to do.
    expect((await resealAll()).resealed).toBe(0);

    // The old key removed: everything still opens.
    useKeys(rotated);
    expect(openWebhookSecret(after.secret, rows.apiKeyId)).toBe(rows.secret);
    expect(unseal(after.token.sealedAccess, "cyclr:partner")).toBe("access-1");
    expect(unseal(after.token.sealedRefresh!, refreshAad("cyclr:partner"))).toBe("refresh-1");
  });

  it("says which webhook secrets no configured key opens, and drops cached tokens it cannot open", async () => {
    const rows = await sealedRows();
    useKeys({ key: newKey(), id: "k3" }); // the old key forgotten, not listed
    const report = await resealAll();
    expect(report).toEqual({ checked: 4, resealed: 0, droppedTokens: 1, unreadableSecrets: ["rotation"] });
    expect(await db().providerToken.count()).toBe(0);
    // The secret is kept as it was, for the day the old key is found.
    expect((await db().apiKey.findUniqueOrThrow({ where: { id: rows.apiKeyId } })).sealedWebhookSecret).not.toBeNull();
  });

  it("refuses a previous key that reuses the current id or is not 32 bytes, naming the setting", () => {
    const base = { DATABASE_URL: "postgresql://x@localhost/x", AUTH_SECRET: "s".repeat(32), ENCRYPTION_KEY: newKey(), ENCRYPTION_KEY_ID: "k2" };
    expect(() => parseEnv({ ...base, ENCRYPTION_KEYS_PREVIOUS: `k2:${newKey()}` })).toThrow(/ENCRYPTION_KEYS_PREVIOUS: each previous key needs its own id/);
    expect(() => parseEnv({ ...base, ENCRYPTION_KEYS_PREVIOUS: "k1:c2hvcnQ=" })).toThrow(/ENCRYPTION_KEYS_PREVIOUS: each entry is <key id>:<32 bytes, base64>/);
    expect(parseEnv({ ...base, ENCRYPTION_KEYS_PREVIOUS: `k1:${newKey()}, k0:${newKey()}` }).ENCRYPTION_KEYS_PREVIOUS.map((entry) => entry.id)).toEqual([
      "k1",
      "k0",
    ]);
  });
});
