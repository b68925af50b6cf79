import type { z } from "zod";
import { env } from "@/lib/env";
import { CyclrError, errorForStatus } from "./errors";
import { NO_RETRY, readJson, SAFE_RETRY, send, withRetry, type RetryPolicy } from "./http";
import {
  account,
  accountConnector,
  accountConnectorList,
  accountList,
  connectorList,
  deauthenticated,
  messageError,
  signInToken,
  type CyclrAccount,
  type CyclrAccountConnector,
  type CyclrConnector,
  type CyclrSignInToken,
} from "./schemas";
import { PARTNER_KEY, TokenManager, type TokenConfig } from "./token-manager";
import { cyclrPaths, DEFAULT_PAGE_SIZE, type PageQuery } from "./urls";

// The only code that calls Cyclr's REST API. Account-level calls use the partner token
// with X-Cyclr-Account. A 401 drops the cached token and retries once with a new one.
// Every answer is parsed by a schema and returned in the app's own shape.

export type Page = PageQuery;

type Call<T> = {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  account?: string;
  body?: unknown;
  schema: z.ZodType<T>;
  /** SAFE_RETRY only for calls that may be repeated without effect (reads, idempotent PUTs). */
  retry: RetryPolicy;
  /** What is asked for, in words, for error messages ("account connector"). */
  what: string;
};

type Answer = { status: number; ok: boolean; body: unknown };

/** Beyond this many pages a list is not a list but a server that ignores `page`. */
const MAX_PAGES = 1000;

export class CyclrClient {
  constructor(
    private readonly config: { apiUrl: string; timeoutMs: number },
    readonly tokens: TokenManager,
  ) {}

  getAccount(accountId: string): Promise<CyclrAccount> {
    return this.call({ method: "GET", path: cyclrPaths.account(accountId), schema: account, retry: SAFE_RETRY, what: "account" });
  }

  listAccounts(page: Page = {}): Promise<CyclrAccount[]> {
    return this.call({ method: "GET", path: cyclrPaths.accounts(page), schema: accountList, retry: SAFE_RETRY, what: "account list" });
  }

  /** The connector catalogue; `query` filters by name. */
  listConnectors(page: Page & { query?: string } = {}): Promise<CyclrConnector[]> {
    return this.call({ method: "GET", path: cyclrPaths.connectors(page), schema: connectorList, retry: SAFE_RETRY, what: "connector list" });
  }

  listAccountConnectors(accountId: string, page: Page = {}): Promise<CyclrAccountConnector[]> {
    return this.call({
      method: "GET",
      path: cyclrPaths.accountConnectors(page),
      account: accountId,
      schema: accountConnectorList,
      retry: SAFE_RETRY,
      what: "connector list",
    });
  }

  /** Every page of the bare-array list, until a short page. */
  async listAllAccountConnectors(accountId: string, pageSize = DEFAULT_PAGE_SIZE): Promise<CyclrAccountConnector[]> {
    const all = new Map<string, CyclrAccountConnector>();
    for (let page = 1; page <= MAX_PAGES; page++) {
      const items = await this.listAccountConnectors(accountId, { page, pageSize });
      const before = all.size;
      for (const item of items) all.set(item.id, item);
      // A short page ends the list; a page of nothing new means `page` is being ignored.
      if (items.length < pageSize || all.size === before) return [...all.values()];
    }
    throw new CyclrError("invalid_response", `Cyclr listed more than ${MAX_PAGES} pages of connectors for one account.`);
  }

  getAccountConnector(accountId: string, accountConnectorId: string): Promise<CyclrAccountConnector> {
    return this.call({
      method: "GET",
      path: cyclrPaths.accountConnector(accountConnectorId),
      account: accountId,
      schema: accountConnector,
      retry: SAFE_RETRY,
      what: "connector",
    });
  }

  /** Authenticates an ApiKey (the key) or Basic (base64 of user:pass) connector. Idempotent, so retried. */
  setAuthValue(accountId: string, accountConnectorId: string, authValue: string): Promise<CyclrAccountConnector> {
    return this.call({
      method: "PUT",
      path: cyclrPaths.accountConnector(accountConnectorId),
      account: accountId,
      body: { AuthValue: authValue },
      schema: accountConnector,
      retry: SAFE_RETRY,
      what: "connector",
    });
  }

  /** Idempotent: de-authenticating twice leaves the same state, so retried. */
  deauthenticate(accountId: string, accountConnectorId: string): Promise<{ message: string }> {
    return this.call({
      method: "PUT",
      path: cyclrPaths.deauthenticate(accountConnectorId),
      account: accountId,
      schema: deauthenticated,
      retry: SAFE_RETRY,
      what: "connector",
    });
  }

  /** One-use, five-minute token for Cyclr's browser pages. Never repeated: each call mints one (and may create the user). */
  createSignInToken(accountId: string, username: string): Promise<CyclrSignInToken> {
    return this.call({
      method: "POST",
      path: cyclrPaths.signInToken(accountId),
      body: { Username: username },
      schema: signInToken,
      retry: NO_RETRY,
      what: "account",
    });
  }

  private async call<T>(call: Call<T>): Promise<T> {
    // Token trouble is retried inside the token manager; only the API request is retried here.
    let token = await this.tokens.getToken(PARTNER_KEY);
    let answer = await withRetry(call.retry, () => this.exchange(call, token));
    if (answer.status === 401) {
      // Revoked, expired early or rotated by another instance. A 401 means nothing was done, so one retry is safe even for a POST.
      token = await this.tokens.replace(PARTNER_KEY, token);
      answer = await withRetry(call.retry, () => this.exchange(call, token));
    }
    if (!answer.ok) {
      const said = messageError.safeParse(answer.body);
      throw errorForStatus(answer.status, said.success ? said.data.Message : null, call.what);
    }
    const parsed = call.schema.safeParse(answer.body);
    if (!parsed.success) {
      throw new CyclrError("invalid_response", `Cyclr sent ${call.what} data Switchboard does not understand.`, answer.status);
    }
    return parsed.data;
  }

  /** One request and its body; transient failures (5xx, 429, timeouts, network) throw, to be retried. */
  private async exchange(call: Call<unknown>, token: string): Promise<Answer> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: "application/json" };
    if (call.account !== undefined) {
      // fetch would refuse a header like this with a TypeError that looks like a network failure.
      if (!/^[\x21-\x7e]+$/.test(call.account)) throw new CyclrError("bad_request", "That is not a valid Cyclr account id.");
      headers["x-cyclr-account"] = call.account;
    }
    if (call.body !== undefined) headers["content-type"] = "application/json";
    const response = await send(
      `${this.config.apiUrl}${call.path}`,
      { method: call.method, headers, body: call.body === undefined ? undefined : JSON.stringify(call.body) },
      this.config.timeoutMs,
    );
    if (response.status === 401) {
      await response.body?.cancel().catch(() => {});
      return { status: 401, ok: false, body: null };
    }
    // An error page that is not JSON still says what the status says.
    const body = response.ok ? await readJson(response) : await readJson(response).catch(() => null);
    return { status: response.status, ok: response.ok, body };
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

/** The one Cyclr client, configured from the environment (one per process, kept across hot reloads). */
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
