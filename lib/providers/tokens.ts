import "server-only";
import { seal, unseal } from "@/lib/crypto";
import { db } from "@/lib/db";
import { tokenFetches } from "@/lib/metrics";
import type { ProviderName } from "./errors";

// Provider access tokens (Cyclr, Podero), cached sealed in Postgres (ProviderToken) and
// renewed before they expire. However many requests and processes ask at once, one upstream
// call is made: an in-process single flight per key, and a Postgres advisory lock across
// processes, with the cache read again once the lock is held. A subclass says how a token
// is obtained. Tokens are never logged or put in messages.

/** What a token endpoint hands out (the fields every provider's answer maps to). */
export type IssuedToken = { access_token: string; expires_in: number; refresh_token?: string | null };

/** The refresh token is sealed under its own associated data, so the two columns cannot be swapped. */
export const refreshAad = (key: string) => `${key}:refresh`;

type Cached = { accessToken: string; refreshToken: string | null; expiresAt: Date; renewAt: Date; sealedAccess?: string };

/** Renew when less than this is left: 10% of the lifetime, at most five minutes. */
export function renewalMargin(lifetimeMs: number): number {
  return Math.max(0, Math.min(5 * 60_000, lifetimeMs / 10));
}

const renewAt = (issuedAt: Date, expiresAt: Date) => new Date(expiresAt.getTime() - renewalMargin(expiresAt.getTime() - issuedAt.getTime()));

export abstract class CachedTokens {
  private readonly inflight = new Map<string, Promise<string>>();
  // A copy of what Postgres holds, to save a query and a decryption per call. Postgres stays
  // the source of truth: a token another instance rotated away comes back as a 401, which
  // invalidates this copy too.
  private readonly memory = new Map<string, Cached>();

  /** `lockTimeoutMs`: how long a renewal may hold the lock (and others wait for it); `provider` names it in metrics. */
  constructor(
    private readonly lockTimeoutMs: number,
    private readonly provider: ProviderName,
  ) {}

  /** What kind of token a key holds, for metrics (a small fixed set: never the key, which may hold an id). */
  protected kindOf(key: string): string {
    void key;
    return "partner";
  }

  /** One token from the provider; `refreshToken` is the cached one, when there is one. */
  protected abstract obtain(key: string, refreshToken: string | null): Promise<IssuedToken>;

  /** The token cached under `key`, renewed first when it is missing or about to expire. */
  async getToken(key: string): Promise<string> {
    const remembered = this.memory.get(key);
    if (remembered && this.fresh(remembered)) return remembered.accessToken;
    const cached = await this.read(key);
    if (cached && this.fresh(cached)) {
      this.memory.set(key, cached);
      return cached.accessToken;
    }
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = this.renew(key).finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return pending;
  }

  /** Drops a token the provider refused, unless a newer one has already replaced it. */
  async invalidate(key: string, accessToken: string): Promise<void> {
    if (this.memory.get(key)?.accessToken === accessToken) this.memory.delete(key);
    const cached = await this.read(key);
    if (!cached?.sealedAccess || cached.accessToken !== accessToken) return;
    // Compare-and-delete on the sealed value: a renewal that lands between the read and
    // the delete changes the row, and then nothing is deleted.
    await db().providerToken.deleteMany({ where: { key, sealedAccess: cached.sealedAccess } });
  }

  /**
   * After the provider refused `rejected` (a 401): drop it and get another. If a renewal that
   * started before the refusal hands back the same token, renew once more.
   */
  async replace(key: string, rejected: string): Promise<string> {
    await this.invalidate(key, rejected);
    const next = await this.getToken(key);
    if (next !== rejected) return next;
    await this.invalidate(key, rejected);
    return this.getToken(key);
  }

  private fresh(cached: Cached): boolean {
    return cached.renewAt.getTime() > Date.now();
  }

  private async read(key: string, client: Pick<ReturnType<typeof db>, "providerToken"> = db()): Promise<Cached | null> {
    const row = await client.providerToken.findUnique({ where: { key } });
    if (!row) return null;
    try {
      return {
        accessToken: unseal(row.sealedAccess, key),
        refreshToken: row.sealedRefresh ? unseal(row.sealedRefresh, refreshAad(key)) : null,
        expiresAt: row.expiresAt,
        renewAt: renewAt(row.updatedAt, row.expiresAt),
        sealedAccess: row.sealedAccess,
      };
    } catch {
      return null; // sealed with a key we no longer have, or tampered with: fetch a new token
    }
  }

  private async renew(key: string): Promise<string> {
    const lockTimeout = this.lockTimeoutMs;
    return db().$transaction(
      async (tx) => {
        // Two-key form: its own lock space, apart from other advisory locks in the app.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('switchboard:provider-token'), hashtext(${key}))`;
        const cached = await this.read(key, tx);
        if (cached && this.fresh(cached)) {
          this.memory.set(key, cached);
          return cached.accessToken;
        }
        const requestedAt = new Date(); // count the lifetime from before the request: errs on the safe side
        const fetched = { provider: this.provider, kind: this.kindOf(key) };
        const token = await this.obtain(key, cached?.refreshToken ?? null).catch((error: unknown) => {
          tokenFetches.inc({ ...fetched, outcome: "failure" });
          throw error;
        });
        tokenFetches.inc({ ...fetched, outcome: "success" });
        const expiresAt = new Date(requestedAt.getTime() + token.expires_in * 1000);
        const sealed = {
          sealedAccess: seal(token.access_token, key),
          sealedRefresh: token.refresh_token ? seal(token.refresh_token, refreshAad(key)) : null,
          expiresAt,
          updatedAt: requestedAt,
        };
        await tx.providerToken.upsert({ where: { key }, create: { key, ...sealed }, update: sealed });
        this.memory.set(key, {
          accessToken: token.access_token,
          refreshToken: token.refresh_token ?? null,
          expiresAt,
          renewAt: renewAt(requestedAt, expiresAt),
          sealedAccess: sealed.sealedAccess,
        });
        return token.access_token;
      },
      { maxWait: lockTimeout, timeout: lockTimeout },
    );
  }
}
