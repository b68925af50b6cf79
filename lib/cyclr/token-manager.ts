import "server-only";
import { ProviderError } from "@/lib/providers/errors";
import { CachedTokens } from "@/lib/providers/tokens";
import { readJson, SAFE_RETRY, send, withRetry } from "@/lib/providers/transport";
import { CYCLR } from "./provider";
import { tokenError, tokenResponse, type TokenResponse } from "./schemas";
import { cyclrPaths, cyclrRoutes } from "./urls";

// Cyclr access tokens: how they are obtained (client credentials, the legacy password grant,
// refresh, account-restricted tokens). Caching, renewal before expiry and one upstream call
// however many ask at once are lib/providers/tokens.ts's. Tokens are never logged.

export { renewalMargin } from "@/lib/providers/tokens";

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

type GrantType = "client_credentials" | "password" | "refresh_token";

/** The ProviderError for a refused token request; the OAuth error code travels as `cause`. */
export function grantError(status: number, body: unknown, grant: GrantType, restricted: boolean): ProviderError {
  const parsed = tokenError.safeParse(body);
  const code = parsed.success ? parsed.data.error : null;
  const fail = (kind: ProviderError["code"], message: string) => new ProviderError("Cyclr", kind, message, status, { cause: code ?? `http_${status}` });
  if (code === "invalid_client" || (!code && (status === 401 || status === 403))) {
    return fail("auth_failed", "Cyclr refused Switchboard's API client. Check CYCLR_CLIENT_ID and CYCLR_CLIENT_SECRET.");
  }
  if (code === "invalid_grant") {
    if (grant === "refresh_token") return fail("auth_failed", "Cyclr refused the refresh token (expired, revoked or already used).");
    if (grant === "password") {
      return fail(
        "auth_failed",
        restricted
          ? "Cyclr refused the account user's username or password."
          : "Cyclr refused the partner username or password. Check CYCLR_USERNAME and CYCLR_PASSWORD.",
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

export class TokenManager extends CachedTokens {
  constructor(private readonly config: TokenConfig) {
    // The lock is held while Cyclr is asked: up to two grants (refresh, then fresh), each retried.
    super(config.timeoutMs * (SAFE_RETRY.attempts * 2 + 1) + 10_000, "Cyclr");
  }

  protected override kindOf(key: string): string {
    return key.startsWith(ACCOUNT_PREFIX) ? "account" : "partner";
  }

  /** The partner token (key `cyclr:partner`), or the token cached under another key. */
  override getToken(key: string = PARTNER_KEY): Promise<string> {
    return super.getToken(key);
  }

  getPartnerToken(): Promise<string> {
    return this.getToken(PARTNER_KEY);
  }

  /** A token restricted to one account (see TokenConfig.accountTokens for how it is obtained). */
  getAccountToken(accountId: string): Promise<string> {
    return this.getToken(accountKey(accountId));
  }

  /** Refresh grant when we hold a refresh token; a fresh grant otherwise or when it is refused. */
  protected async obtain(key: string, refreshToken: string | null): Promise<TokenResponse> {
    const restricted = key.startsWith(ACCOUNT_PREFIX);
    if (refreshToken) {
      try {
        return await this.grant("refresh_token", { grant_type: "refresh_token", client_id: this.config.clientId, refresh_token: refreshToken }, restricted);
      } catch (error) {
        // Rotated elsewhere, revoked or expired: start over. Anything else (Cyclr down) stands.
        if (!(ProviderError.is(error) && error.cause === "invalid_grant")) throw error;
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
      if (!username || !password) throw new ProviderError("Cyclr", "auth_failed", "CYCLR_USERNAME and CYCLR_PASSWORD are needed for the password flow.");
      return { grant_type: "password", client_id: clientId, username, password };
    }
    return { grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret };
  }

  /** One token request, retried with backoff while Cyclr is down (several live tokens are allowed, so repeating is safe). */
  private async grant(grant: GrantType, form: Record<string, string>, restricted: boolean): Promise<TokenResponse> {
    return withRetry(SAFE_RETRY, async () => {
      const response = await send(
        CYCLR,
        `${this.config.apiUrl}${cyclrPaths.token()}`,
        { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" }, body: new URLSearchParams(form) },
        this.config.timeoutMs,
        cyclrRoutes.token,
      );
      if (!response.ok) {
        const body = await readJson(CYCLR, response).catch(() => null);
        throw grantError(response.status, body, grant, restricted);
      }
      const parsed = tokenResponse.safeParse(await readJson(CYCLR, response));
      if (!parsed.success)
        throw new ProviderError("Cyclr", "invalid_response", "Cyclr's token endpoint sent a response Switchboard does not understand.", response.status);
      return parsed.data;
    });
  }
}
