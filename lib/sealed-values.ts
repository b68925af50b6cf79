import "server-only";
import { currentKeyId, seal, SealError, sealedKeyId, unseal } from "@/lib/crypto";
import { db } from "@/lib/db";
import { refreshAad } from "@/lib/providers/tokens";
import { secretAad } from "@/lib/webhooks/endpoints";

// Every value Switchboard keeps sealed, in one list, and moving them to the current key
// after ENCRYPTION_KEY has changed (`npm run cli -- keys reseal`). Each row is rewritten only
// if it still holds what was read (a token renewed meanwhile is already sealed with the new
// key), and a cached provider token's renewal time is left as it was.

export type ResealReport = {
  /** Sealed values seen, and how many of those were sealed with an older key and are now with the current one. */
  checked: number;
  resealed: number;
  /** Cached provider tokens no configured key opens: dropped (they are simply fetched again). */
  droppedTokens: number;
  /** Webhook signing secrets no configured key opens: their API keys need a new secret. */
  unreadableSecrets: string[];
};

const due = (sealed: string | null) => sealed !== null && sealedKeyId(sealed) !== currentKeyId();

function reseal(sealed: string, aad: string): string {
  return seal(unseal(sealed, aad), aad);
}

/** Re-seals every sealed value with the current key; values already sealed with it are left alone. */
export async function resealAll(): Promise<ResealReport> {
  const report: ResealReport = { checked: 0, resealed: 0, droppedTokens: 0, unreadableSecrets: [] };

  for (const row of await db().providerToken.findMany({ select: { key: true, sealedAccess: true, sealedRefresh: true } })) {
    report.checked += row.sealedRefresh ? 2 : 1;
    if (!due(row.sealedAccess) && !due(row.sealedRefresh)) continue;
    try {
      const access = reseal(row.sealedAccess, row.key);
      const refresh = row.sealedRefresh ? reseal(row.sealedRefresh, refreshAad(row.key)) : null;
      // Raw SQL so that updatedAt (from which the renewal time is counted) stays as it was.
      const changed = await db().$executeRaw`
        UPDATE "ProviderToken" SET "sealedAccess" = ${access}, "sealedRefresh" = ${refresh}
        WHERE key = ${row.key} AND "sealedAccess" = ${row.sealedAccess} AND "sealedRefresh" IS NOT DISTINCT FROM ${row.sealedRefresh}`;
      if (changed) report.resealed += row.sealedRefresh ? 2 : 1;
    } catch (error) {
      if (!SealError.is(error)) throw error;
      const dropped = await db().providerToken.deleteMany({ where: { key: row.key, sealedAccess: row.sealedAccess } });
      report.droppedTokens += dropped.count;
    }
  }

  // A key's signing secret, and the one it replaced while that still signs (both bound to the key).
  const keys = await db().apiKey.findMany({
    where: { OR: [{ sealedWebhookSecret: { not: null } }, { sealedPreviousWebhookSecret: { not: null } }] },
    select: { id: true, name: true, sealedWebhookSecret: true, sealedPreviousWebhookSecret: true },
  });
  for (const key of keys) {
    for (const column of ["sealedWebhookSecret", "sealedPreviousWebhookSecret"] as const) {
      const sealed = key[column];
      if (sealed === null) continue;
      report.checked += 1;
      if (!due(sealed)) continue;
      try {
        const changed = await db().apiKey.updateMany({ where: { id: key.id, [column]: sealed }, data: { [column]: reseal(sealed, secretAad(key.id)) } });
        report.resealed += changed.count;
      } catch (error) {
        if (!SealError.is(error)) throw error;
        if (!report.unreadableSecrets.includes(key.name)) report.unreadableSecrets.push(key.name);
      }
    }
  }
  return report;
}
