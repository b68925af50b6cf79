import "server-only";
import { db } from "@/lib/db";
import { hashToken, randomToken } from "@/lib/crypto";
import { recordEvent, systemActor, type Actor } from "@/lib/events";
import { parseOrigins } from "@/lib/origins";
import type { ApiKey } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors";

// Host API keys: shown once at creation, stored only as a SHA-256 hash (they are 256-bit
// random values, so a fast hash is enough; no password stretching needed).

const PREFIX = "sb_";

export type ApiKeySummary = {
  id: string;
  name: string;
  prefix: string;
  allowedOrigins: string[];
  webhookUrl: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
};

export async function createApiKey(name: string, actor: Actor = systemActor(), origins: string[] = []): Promise<{ key: string; apiKey: ApiKeySummary }> {
  const trimmed = name.trim();
  if (!/^[\w .:@-]{1,64}$/.test(trimmed)) {
    throw new AppError("bad_request", "A key name is 1 to 64 letters, digits, spaces or . _ : @ -");
  }
  const parsed = parseOrigins(origins);
  if (!parsed.ok) throw new AppError("bad_request", `Allowed origins: ${parsed.messages.join("; ")}`);
  const key = `${PREFIX}${randomToken(32)}`;
  const row = await db().apiKey.create({
    data: { name: trimmed, keyHash: hashToken(key), prefix: key.slice(0, PREFIX.length + 6), allowedOrigins: parsed.origins },
  });
  await recordEvent({ type: "api_key.created", outcome: "success", ...actor, message: `API key "${trimmed}" created (${row.prefix}…)` });
  return {
    key,
    apiKey: summary(row),
  };
}

/** The key a host API request was made with. */
export type ApiKeyIdentity = { id: string; name: string; allowedOrigins: string[] };

/** Resolves `Authorization: Bearer <key>` to a live key, or null. */
export async function authenticateApiKey(authorization: string | null): Promise<ApiKeyIdentity | null> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  const key = match?.[1];
  if (!key || !key.startsWith(PREFIX) || key.length > 200) return null;
  const row = await db().apiKey.findUnique({ where: { keyHash: hashToken(key) } });
  if (!row || row.revokedAt) return null;
  // Last use is informational: update at most once a minute to keep the hot path cheap.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db().apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return { id: row.id, name: row.name, allowedOrigins: row.allowedOrigins };
}

function summary(row: ApiKey): ApiKeySummary {
  const { id, name, prefix, allowedOrigins, webhookUrl, createdAt, lastUsedAt } = row;
  return { id, name, prefix, allowedOrigins, webhookUrl, createdAt, lastUsedAt };
}

export async function listApiKeys(): Promise<(ApiKeySummary & { revokedAt: Date | null })[]> {
  const rows = await db().apiKey.findMany({ orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }], take: 200 });
  return rows.map((row) => ({ ...summary(row), revokedAt: row.revokedAt }));
}

/** Replaces the host origins a key's sessions may be embedded by, live sessions included. */
export async function setApiKeyOrigins(id: string, origins: string[], actor: Actor): Promise<ApiKeySummary> {
  const parsed = parseOrigins(origins);
  if (!parsed.ok) throw new AppError("bad_request", `Allowed origins: ${parsed.messages.join("; ")}`, { allowedOrigins: parsed.messages });
  const row = await db().apiKey.findUnique({ where: { id } });
  if (!row) throw new AppError("not_found", "No such API key.");
  if (row.revokedAt) throw new AppError("conflict", "This API key is revoked.");
  const now = new Date();
  const next = parsed.origins;
  const [updated] = await db().$transaction([
    db().apiKey.update({ where: { id }, data: { allowedOrigins: next } }),
    // Live sessions follow: those that had all the key's origins get the new list; those
    // that were narrowed keep only what the key still allows.
    db().$executeRaw`UPDATE "ConnectSession" SET "allowedOrigins" = ${next}::text[]
      WHERE "apiKeyId" = ${id}::uuid AND "expiresAt" > ${now} AND "allowedOrigins" @> ${row.allowedOrigins}::text[] AND "allowedOrigins" <@ ${row.allowedOrigins}::text[]`,
    db().$executeRaw`UPDATE "ConnectSession" SET "allowedOrigins" = ARRAY(SELECT o FROM unnest("allowedOrigins") AS o WHERE o = ANY(${next}::text[]))
      WHERE "apiKeyId" = ${id}::uuid AND "expiresAt" > ${now}`,
  ]);
  await recordEvent({
    type: "api_key.origins_changed",
    outcome: "success",
    ...actor,
    message: `Embedding origins of "${row.name}": ${parsed.origins.length ? parsed.origins.join(", ") : "none"}`,
  });
  return summary(updated);
}

export async function revokeApiKey(id: string, actor: Actor): Promise<void> {
  const row = await db().apiKey.findUnique({ where: { id } });
  if (!row) throw new AppError("not_found", "No such API key.");
  if (row.revokedAt) return;
  await db().apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
  await recordEvent({ type: "api_key.revoked", outcome: "success", ...actor, message: `API key "${row.name}" revoked (${row.prefix}…)` });
}

/** Revokes every live key with this name, or starting with `also.prefix` (npm start replaces its demo keys on each run). */
export async function revokeApiKeysNamed(name: string, actor: Actor, also: { prefix?: string } = {}): Promise<number> {
  const rows = await db().apiKey.findMany({
    where: { revokedAt: null, OR: [{ name }, ...(also.prefix ? [{ name: { startsWith: also.prefix } }] : [])] },
    select: { id: true },
  });
  for (const row of rows) await revokeApiKey(row.id, actor);
  return rows.length;
}
