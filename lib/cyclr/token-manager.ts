import { seal, unseal } from "@/lib/crypto";
import { db } from "@/lib/db";
import { CyclrError } from "./errors";
import { readJson, SAFE_RETRY, send, withRetry } from "./http";
import { tokenError, tokenResponse, type TokenResponse } from "./schemas";
import { cyclrPaths } from "./urls";

// Cyclr access tokens, cached sealed in Postgres (ProviderToken) and renewed before they
// expire. However many requests and processes ask at once, one upstream call is made: an
// in-process single flight per key, and a Postgres advisory lock across processes, with
// the cache read again once the lock is held. Tokens are never logged or put in messages.

export type AccountTokenFlow =
  /** Client credentials with `scope=account:{id}` (current Cyclr). */
  | { via: "scope" }
  /** Legacy password grant with `client_secret={accountId}` and that account's user. */
  | { via: "password"; credentials: (accountId: string) => { username: string; password: string } | Promise<{ username: string; password: string }> };

export type TokenConfig = {
  apiUrl: string;
  flow: "client_credentials" | "password";
  clientId: string;
  clientSecret: string;
  username?: string;
  password?: string;
  timeoutMs: number;
  /** How account-restricted tokens are obtained; client credentials with a scope unless told otherwise. */
  accountTokens?: AccountTokenFlow;
};

export const PARTNER_KEY = "cyclr:partner";
const ACCOUNT_PREFIX = "cyclr:account:";
export const accountKey = (accountId: string) => `${ACCOUNT_PREFIX}${accountId}`;
/** The refresh token is sealed under its own associated data, so the two columns cannot be swapped. */
const refreshAad = (key: string) => `${key}:refresh`;

type Cached = { accessToken: string; refreshToken: string | null; expiresAt: Date; renewAt: Date; sealedAccess?: string };

/** Renew when less than this is left: 10% of the lifetime, at most five minutes. */
export function renewalMargin(lifetimeMs: number): number {
  return Math.max(0, Math.min(5 * 60_000, lifetimeMs / 10));
}

const renewAt = (issuedAt: Date, expiresAt: Date) => new Date(expiresAt.getTime() - renewalMargin(expiresAt.getTime() - issuedAt.getTime()));

type GrantType = "client_credentials" | "password" | "refresh_token";

/** The CyclrError for a refused token request; the OAuth error code travels as `cause`. */
export function grantError(status: number, body: unknown, grant: GrantType, restricted: boolean): CyclrError {
  const parsed = tokenError.safeParse(body);
  const code = parsed.success ? parsed.data.error : null;
  const fail = (kind: CyclrError["code"], message: string) => new CyclrError(kind, message, status, { cause: code ?? `http_${status}` });
  if (code === "invalid_client" || (!code && (status === 401 || status === 403))) {
    return fail("auth_failed", "Cyclr refused Switchboard's API client. Check CYCLR_CLIENT_ID and CYCLR_CLIENT_SECRET.");
  }
  if (code === "invalid_grant") {
    if (grant === "refresh_token") return fail("auth_failed", "Cyclr refused the refresh token (expired, revoked or already used).");
    if (grant === "password") {
      return fail(
        "auth_failed",
        restricted ? "Cyclr refused the account user's username or password." : "Cyclr refused the partner username or password. Check CYCLR_USERNAME and CYCLR_PASSWORD.",
      );
    }
    return fail("auth_failed", "Cyclr refused the token request. Check CYCLR_CLIENT_ID and CYCLR_CLIENT_SECRET.");
  }
  if (code === "unsupported_grant_type" || code === "unauthorized_client") {
    return fail("auth_failed", `Cyclr does not allow the ${grant} grant for this API client. Check CYCLR_AUTH_FLOW.`);
  }
  if (restricted && (code === "invalid_request" || code === "invalid_scope")) {
    return fail("bad_request", "Cyclr refused a token for this account (it may not exist).");
  }
  return fail(status === 400 ? "bad_request" : "invalid_response", `Cyclr's token endpoint answered HTTP ${status}${code ? ` (${code})` : ""}.`);
}

export class TokenManager {
  private readonly inflight = new Map<string, Promise<string>>();
  // A copy of what Postgres holds, to save a query and a decryption per call. Postgres stays
  // the source of truth: a token another instance rotated away comes back as a 401, which
  // invalidates this copy too.
  private readonly memory = new Map<string, Cached>();

  constructor(private readonly config: TokenConfig) {}

  /** The partner token (key `cyclr:partner`), or the token cached under another key. */
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

  getPartnerToken(): Promise<string> {
    return this.getToken(PARTNER_KEY);
  }

  /** A token restricted to one account (see TokenConfig.accountTokens for how it is obtained). */
  getAccountToken(accountId: string): Promise<string> {
    return this.getToken(accountKey(accountId));
  }

  /** Drops a token Cyclr refused, unless a newer one has already replaced it. */
  async invalidate(key: string, accessToken: string): Promise<void> {
    if (this.memory.get(key)?.accessToken === accessToken) this.memory.delete(key);
    const cached = await this.read(key);
    if (!cached?.sealedAccess || cached.accessToken !== accessToken) return;
    // Compare-and-delete on the sealed value: a renewal that lands between the read and
    // the delete changes the row, and then nothing is deleted.
    await db().providerToken.deleteMany({ where: { key, sealedAccess: cached.sealedAccess } });
  }

  /**
   * After Cyclr refused `rejected` (a 401): drop it and get another. If a renewal that
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
    // The lock is held while Cyclr is asked: up to two grants (refresh, then fresh), each retried.
    const lockTimeout = this.config.timeoutMs * (SAFE_RETRY.attempts * 2 + 1) + 10_000;
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
        const token = await this.obtain(key, cached?.refreshToken ?? null);
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

  /** Refresh grant when we hold a refresh token; a fresh grant otherwise or when it is refused. */
  private async obtain(key: string, refreshToken: string | null): Promise<TokenResponse> {
    const restricted = key.startsWith(ACCOUNT_PREFIX);
    if (refreshToken) {
      try {
        return await this.grant("refresh_token", { grant_type: "refresh_token", client_id: this.config.clientId, refresh_token: refreshToken }, restricted);
      } catch (error) {
        // Rotated elsewhere, revoked or expired: start over. Anything else (Cyclr down) stands.
        if (!(CyclrError.is(error) && error.cause === "invalid_grant")) throw error;
      }
    }
    const form = await this.freshGrant(key);
    return this.grant(form.grant_type as GrantType, form, restricted);
  }

  private async freshGrant(key: string): Promise<Record<string, string>> {
    const { flow, clientId, clientSecret, username, password } = this.config;
    const accountId = key.startsWith(ACCOUNT_PREFIX) ? key.slice(ACCOUNT_PREFIX.length) : null;
    if (accountId !== null) {
      const via = this.config.accountTokens ?? { via: "scope" };
      if (via.via === "password") {
        // Legacy account tokens: the account id goes in client_secret, with that account's user (CYCLR.md).
        const user = await via.credentials(accountId);
        return { grant_type: "password", client_id: clientId, client_secret: accountId, username: user.username, password: user.password };
      }
      return { grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret, scope: `account:${accountId}` };
    }
    if (flow === "password") {
      if (!username || !password) throw new CyclrError("auth_failed", "CYCLR_USERNAME and CYCLR_PASSWORD are needed for the password flow.");
      return { grant_type: "password", client_id: clientId, username, password };
    }
    return { grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret };
  }

  /** One token request, retried with backoff while Cyclr is down (several live tokens are allowed, so repeating is safe). */
  private async grant(grant: GrantType, form: Record<string, string>, restricted: boolean): Promise<TokenResponse> {
    return withRetry(SAFE_RETRY, async () => {
      const response = await send(
        `${this.config.apiUrl}${cyclrPaths.token()}`,
        { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" }, body: new URLSearchParams(form) },
        this.config.timeoutMs,
      );
      if (!response.ok) {
        const body = await readJson(response).catch(() => null);
        throw grantError(response.status, body, grant, restricted);
      }
      const parsed = tokenResponse.safeParse(await readJson(response));
      if (!parsed.success) throw new CyclrError("invalid_response", "Cyclr's token endpoint sent a response Switchboard does not understand.", response.status);
      return parsed.data;
    });
  }
}
