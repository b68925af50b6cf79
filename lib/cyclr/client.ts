import { z } from "zod";
import { env } from "@/lib/env";
import { CyclrError } from "./errors";
import { NO_RETRY, readJson, SAFE_RETRY, send, withRetry, type RetryPolicy } from "./http";
import {
  account,
  accountConnector,
  connector,
  deauthenticated,
  messageError,
  signInToken,
  type CyclrAccount,
  type CyclrAccountConnector,
  type CyclrConnector,
  type CyclrSignInToken,
} from "./schemas";
import { PARTNER_KEY, TokenManager, type TokenConfig } from "./token-manager";

// The only code that calls Cyclr's REST API. Account-level calls use the partner token
// with X-Cyclr-Account. A 401 drops the cached token and retries once with a new one.

export type Page = { page?: number; pageSize?: number };

type Call<T> = {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  account?: string;
  body?: unknown;
  schema: z.ZodType<T>;
  retry: RetryPolicy;
  what: string;
};

const PAGE_SIZE = 100;

function pageQuery({ page = 1, pageSize = PAGE_SIZE }: Page, extra: Record<string, string> = {}): string {
  return `?${new URLSearchParams({ page: String(page), pageSize: String(pageSize), ...extra })}`;
}

export class CyclrClient {
  constructor(
    private readonly config: { apiUrl: string; timeoutMs: number },
    readonly tokens: TokenManager,
  ) {}

  getAccount(accountId: string): Promise<CyclrAccount> {
    return this.call({ method: "GET", path: `/v1.0/accounts/${encodeURIComponent(accountId)}`, schema: account, retry: SAFE_RETRY, what: "account" });
  }

  listAccounts(page: Page = {}): Promise<CyclrAccount[]> {
    return this.call({ method: "GET", path: `/v1.0/accounts${pageQuery(page)}`, schema: z.array(account), retry: SAFE_RETRY, what: "accounts" });
  }

  listConnectors(page: Page & { query?: string } = {}): Promise<CyclrConnector[]> {
    const extra: Record<string, string> = page.query ? { query: page.query } : {};
    return this.call({ method: "GET", path: `/v1.0/connectors${pageQuery(page, extra)}`, schema: z.array(connector), retry: SAFE_RETRY, what: "connectors" });
  }

  listAccountConnectors(accountId: string, page: Page = {}): Promise<CyclrAccountConnector[]> {
    return this.call({
      method: "GET",
      path: `/v1.0/account/connectors${pageQuery(page)}`,
      account: accountId,
      schema: z.array(accountConnector),
      retry: SAFE_RETRY,
      what: "account connectors",
    });
  }

  /** Every page of a bare-array list, until a short page. */
  async listAllAccountConnectors(accountId: string): Promise<CyclrAccountConnector[]> {
    const all: CyclrAccountConnector[] = [];
    for (let page = 1; ; page++) {
      const items = await this.listAccountConnectors(accountId, { page, pageSize: PAGE_SIZE });
      all.push(...items);
      if (items.length < PAGE_SIZE || page >= 1000) return all;
    }
  }

  getAccountConnector(accountId: string, accountConnectorId: string): Promise<CyclrAccountConnector> {
    return this.call({
      method: "GET",
      path: `/v1.0/account/connectors/${encodeURIComponent(accountConnectorId)}`,
      account: accountId,
      schema: accountConnector,
      retry: SAFE_RETRY,
      what: "connector",
    });
  }

  /** Authenticates an ApiKey or Basic connector. Idempotent, so safe to retry. */
  setAuthValue(accountId: string, accountConnectorId: string, authValue: string): Promise<CyclrAccountConnector> {
    return this.call({
      method: "PUT",
      path: `/v1.0/account/connectors/${encodeURIComponent(accountConnectorId)}`,
      account: accountId,
      body: { AuthValue: authValue },
      schema: accountConnector,
      retry: SAFE_RETRY,
      what: "connector",
    });
  }

  async deauthenticate(accountId: string, accountConnectorId: string): Promise<void> {
    await this.call({
      method: "PUT",
      path: `/v1.0/account/connectors/${encodeURIComponent(accountConnectorId)}/deauthenticate`,
      account: accountId,
      schema: deauthenticated,
      retry: SAFE_RETRY,
      what: "connector",
    });
  }

  /** One-use, five-minute token for Cyclr's browser pages. Not repeated on failure: each call mints one. */
  createSignInToken(accountId: string, username: string): Promise<CyclrSignInToken> {
    return this.call({
      method: "POST",
      path: `/v1.0/accounts/${encodeURIComponent(accountId)}/signintoken`,
      body: { Username: username },
      schema: signInToken,
      retry: NO_RETRY,
      what: "account",
    });
  }

  private async call<T>(call: Call<T>): Promise<T> {
    return withRetry(call.retry, async () => {
      const token = await this.tokens.getToken(PARTNER_KEY);
      let response = await this.send(call, token);
      if (response.status === 401) {
        await response.body?.cancel();
        await this.tokens.invalidate(PARTNER_KEY, token);
        response = await this.send(call, await this.tokens.getToken(PARTNER_KEY));
      }
      const body = await readJson(response);
      if (response.ok) {
        const parsed = call.schema.safeParse(body);
        if (!parsed.success) {
          throw new CyclrError("invalid_response", `Cyclr sent ${call.what} data Switchboard does not understand.`, response.status);
        }
        return parsed.data;
      }
      throw this.failure(call, response.status, body);
    });
  }

  private async send(call: Call<unknown>, token: string): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: "application/json" };
    if (call.account) headers["x-cyclr-account"] = call.account;
    if (call.body !== undefined) headers["content-type"] = "application/json";
    return send(
      `${this.config.apiUrl}${call.path}`,
      { method: call.method, headers, body: call.body === undefined ? undefined : JSON.stringify(call.body) },
      this.config.timeoutMs,
    );
  }

  private failure(call: Call<unknown>, status: number, body: unknown): CyclrError {
    const parsed = messageError.safeParse(body);
    // Cyclr's own words, trimmed: they are shown to people, so keep them short and plain.
    const said = parsed.success ? parsed.data.Message.replace(/\s+/g, " ").slice(0, 200) : null;
    if (status === 404) return new CyclrError("not_found", said ? `Cyclr: ${said}` : `Cyclr has no such ${call.what}.`, status);
    if (status === 400) return new CyclrError("bad_request", said ? `Cyclr: ${said}` : "Cyclr refused the request.", status);
    if (status === 401) return new CyclrError("unauthorized", "Cyclr refused Switchboard's access token twice. Check the Cyclr API client settings.", status);
    if (status === 403) return new CyclrError("forbidden", "Cyclr does not allow this for this account.", status);
    return new CyclrError("invalid_response", `Cyclr answered with an unexpected status (HTTP ${status}).`, status);
  }
}

function tokenConfig(): TokenConfig {
  const settings = env();
  return {
    apiUrl: settings.CYCLR_API_URL,
    flow: settings.CYCLR_AUTH_FLOW,
    clientId: settings.CYCLR_CLIENT_ID,
    clientSecret: settings.CYCLR_CLIENT_SECRET,
    username: settings.CYCLR_USERNAME,
    password: settings.CYCLR_PASSWORD,
    timeoutMs: settings.CYCLR_TIMEOUT_MS,
  };
}

const globalForCyclr = globalThis as unknown as { switchboardCyclr?: CyclrClient };

/** The one Cyclr client, configured from the environment. */
export function cyclr(): CyclrClient {
  globalForCyclr.switchboardCyclr ??= new CyclrClient(
    { apiUrl: env().CYCLR_API_URL, timeoutMs: env().CYCLR_TIMEOUT_MS },
    new TokenManager(tokenConfig()),
  );
  return globalForCyclr.switchboardCyclr;
}

/** For tests that change the environment between cases. */
export function resetCyclrClient(): void {
  globalForCyclr.switchboardCyclr = undefined;
}
