import { seal, unseal } from "@/lib/crypto";
import { db } from "@/lib/db";
import { CyclrError } from "./errors";
import { readJson, SAFE_RETRY, send, withRetry } from "./http";
import { tokenError, tokenResponse, type TokenResponse } from "./schemas";

// Cyclr access tokens, cached sealed in Postgres (ProviderToken) and renewed before they
// expire. However many requests and processes ask at once, one upstream call is made: an
// in-process single flight per key, and a Postgres advisory lock across processes, with
// the cache read again once the lock is held.

export type TokenConfig = {
  apiUrl: string;
  flow: "client_credentials" | "password";
  clientId: string;
  clientSecret: string;
  username?: string;
  password?: string;
  timeoutMs: number;
};

export const PARTNER_KEY = "cyclr:partner";
export const accountKey = (accountId: string) => `cyclr:account:${accountId}`;

type Cached = { accessToken: string; refreshToken: string | null; expiresAt: Date };

/** Renew when less than this is left: 10% of the lifetime, at most five minutes. */
function renewalMargin(lifetimeMs: number): number {
  return Math.min(5 * 60_000, lifetimeMs / 10);
}

export class TokenManager {
  private readonly inflight = new Map<string, Promise<string>>();
  // A copy of what Postgres holds, to save a query and a decryption per call. Postgres stays
  // the source of truth: a token another instance rotated away comes back as a 401, which
  // invalidates this copy too.
  private readonly memory = new Map<string, Cached>();

  constructor(private readonly config: TokenConfig) {}

  /** The partner token (key `cyclr:partner`), or an account-restricted one. */
  async getToken(key: string = PARTNER_KEY): Promise<string> {
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

  getAccountToken(accountId: string): Promise<string> {
    return this.getToken(accountKey(accountId));
  }

  /** Drops a token Cyclr refused, unless a newer one has already replaced it. */
  async invalidate(key: string, accessToken: string): Promise<void> {
    if (this.memory.get(key)?.accessToken === accessToken) this.memory.delete(key);
    const cached = await this.read(key);
    if (cached && cached.accessToken === accessToken) await db().providerToken.deleteMany({ where: { key } });
  }

  private fresh(cached: Cached): boolean {
    return cached.expiresAt.getTime() - Date.now() > 1000;
  }

  private async read(key: string, client: Pick<ReturnType<typeof db>, "providerToken"> = db()): Promise<Cached | null> {
    const row = await client.providerToken.findUnique({ where: { key } });
    if (!row) return null;
    try {
      return {
        accessToken: unseal(row.sealedAccess, key),
        refreshToken: row.sealedRefresh ? unseal(row.sealedRefresh, `${key}:refresh`) : null,
        expiresAt: row.expiresAt,
      };
    } catch {
      return null; // sealed with a key we no longer have: fetch a new token
    }
  }

  private async renew(key: string): Promise<string> {
    const lockTimeout = this.config.timeoutMs * (SAFE_RETRY.attempts * 2 + 1) + 10_000;
    return db().$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${key}))`;
        const cached = await this.read(key, tx);
        if (cached && this.fresh(cached)) {
          this.memory.set(key, cached);
          return cached.accessToken;
        }
        const token = await this.obtain(key, cached?.refreshToken ?? null);
        const lifetimeMs = token.expires_in * 1000;
        const expiresAt = new Date(Date.now() + lifetimeMs - renewalMargin(lifetimeMs));
        const sealed = {
          sealedAccess: seal(token.access_token, key),
          sealedRefresh: token.refresh_token ? seal(token.refresh_token, `${key}:refresh`) : null,
          expiresAt,
        };
        await tx.providerToken.upsert({ where: { key }, create: { key, ...sealed }, update: sealed });
        this.memory.set(key, { accessToken: token.access_token, refreshToken: token.refresh_token ?? null, expiresAt });
        return token.access_token;
      },
      { maxWait: lockTimeout, timeout: lockTimeout },
    );
  }

  /** Refresh grant when we hold a refresh token; a fresh grant otherwise or when it is refused. */
  private async obtain(key: string, refreshToken: string | null): Promise<TokenResponse> {
    if (refreshToken) {
      try {
        return await this.grant({ grant_type: "refresh_token", client_id: this.config.clientId, refresh_token: refreshToken });
      } catch (error) {
        if (!(CyclrError.is(error) && error.code === "auth_failed")) throw error;
      }
    }
    return this.grant(this.freshGrant(key));
  }

  private freshGrant(key: string): Record<string, string> {
    const { flow, clientId, clientSecret, username, password } = this.config;
    const accountId = key.startsWith("cyclr:account:") ? key.slice("cyclr:account:".length) : null;
    if (flow === "password") {
      if (!username || !password) throw new CyclrError("auth_failed", "CYCLR_USERNAME and CYCLR_PASSWORD are needed for the password flow.");
      // Legacy account tokens: the account id goes in client_secret (CYCLR.md).
      return { grant_type: "password", client_id: clientId, username, password, ...(accountId ? { client_secret: accountId } : {}) };
    }
    return {
      grant_type: "client_credentials",
      client_id: clientId,
      client_secret: clientSecret,
      ...(accountId ? { scope: `account:${accountId}` } : {}),
    };
  }

  private async grant(form: Record<string, string>): Promise<TokenResponse> {
    return withRetry(SAFE_RETRY, async () => {
      const response = await send(
        `${this.config.apiUrl}/oauth/token`,
        { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" }, body: new URLSearchParams(form) },
        this.config.timeoutMs,
      );
      const body = await readJson(response);
      if (response.ok) {
        const parsed = tokenResponse.safeParse(body);
        if (!parsed.success) throw new CyclrError("invalid_response", "Cyclr's token endpoint sent a response Switchboard does not understand.", response.status);
        return parsed.data;
      }
      const error = tokenError.safeParse(body);
      const code = error.success ? error.data.error : "unknown_error";
      if (code === "invalid_client") {
        throw new CyclrError("auth_failed", "Cyclr refused Switchboard's API client. Check CYCLR_CLIENT_ID and CYCLR_CLIENT_SECRET.", response.status);
      }
      if (code === "invalid_grant") {
        throw new CyclrError("auth_failed", "Cyclr refused the grant (expired or revoked refresh token, or wrong username/password).", response.status);
      }
      throw new CyclrError("bad_request", `Cyclr's token endpoint answered ${response.status} (${code}).`, response.status);
    });
  }
}
