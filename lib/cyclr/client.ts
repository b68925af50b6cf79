import "server-only";
import { env } from "@/lib/env";
import { ProviderClient } from "@/lib/providers/client";
import { ProviderError } from "@/lib/providers/errors";
import { NO_RETRY, SAFE_RETRY } from "@/lib/providers/transport";
import { CYCLR } from "./provider";
import {
  account,
  accountConnector,
  accountConnectorList,
  accountList,
  connectorList,
  deauthenticated,
  signInToken,
  type CyclrAccount,
  type CyclrAccountConnector,
  type CyclrConnector,
  type CyclrSignInToken,
} from "./schemas";
import { PARTNER_KEY, TokenManager, type TokenConfig } from "./token-manager";
import { cyclrPaths, cyclrRoutes, DEFAULT_PAGE_SIZE, type PageQuery } from "./urls";

// The only code that calls Cyclr's REST API (on lib/providers/client.ts). Account-level
// calls use the partner token with X-Cyclr-Account. Every answer is parsed by a schema and
// returned in the app's own shape.

export type Page = PageQuery;

/** The X-Cyclr-Account header; fetch would refuse a value like this with a TypeError that looks like a network failure. */
function accountHeader(accountId: string): Record<string, string> {
  if (!/^[\x21-\x7e]+$/.test(accountId)) throw new ProviderError("Cyclr", "bad_request", "That is not a valid Cyclr account id.");
  return { "x-cyclr-account": accountId };
}

/** Beyond this many pages a list is not a list but a server that ignores `page`. */
const MAX_PAGES = 1000;

export class CyclrClient extends ProviderClient {
  declare readonly tokens: TokenManager;

  constructor(config: { apiUrl: string; timeoutMs: number }, tokens: TokenManager) {
    super(CYCLR, config, tokens, PARTNER_KEY);
  }

  getAccount(accountId: string): Promise<CyclrAccount> {
    return this.call({ method: "GET", path: cyclrPaths.account(accountId), route: cyclrRoutes.account, schema: account, retry: SAFE_RETRY, what: "account" });
  }

  /** Creates an account with the host's own id. Not repeated: a retry after a lost answer would meet "ID already in use". */
  createAccount(input: { id: string; name: string; timezone?: string }): Promise<CyclrAccount> {
    return this.call({
      method: "POST",
      path: cyclrPaths.accounts(),
      route: cyclrRoutes.accounts,
      body: { Id: input.id, Name: input.name, ...(input.timezone ? { Timezone: input.timezone } : {}) },
      schema: account,
      retry: NO_RETRY,
      what: "account",
    });
  }

  /** Renames an account (a partial PUT: the same body twice leaves the same state, so retried). */
  renameAccount(accountId: string, name: string): Promise<CyclrAccount> {
    return this.call({
      method: "PUT",
      path: cyclrPaths.account(accountId),
      route: cyclrRoutes.account,
      body: { Name: name },
      schema: account,
      retry: SAFE_RETRY,
      what: "account",
    });
  }

  listAccounts(page: Page = {}): Promise<CyclrAccount[]> {
    return this.call({
      method: "GET",
      path: cyclrPaths.accounts(page),
      route: cyclrRoutes.accounts,
      schema: accountList,
      retry: SAFE_RETRY,
      what: "account list",
    });
  }

  /** The connector catalogue; `query` filters by name. */
  listConnectors(page: Page & { query?: string } = {}): Promise<CyclrConnector[]> {
    return this.call({
      method: "GET",
      path: cyclrPaths.connectors(page),
      route: cyclrRoutes.connectors,
      schema: connectorList,
      retry: SAFE_RETRY,
      what: "connector list",
    });
  }

  /** Installs a catalogue connector into an account. Never repeated: each call installs one more. */
  installConnector(accountId: string, connectorId: string, name: string): Promise<CyclrAccountConnector> {
    return this.call({
      method: "POST",
      path: cyclrPaths.install(connectorId),
      route: cyclrRoutes.install,
      headers: accountHeader(accountId),
      body: { Name: name },
      schema: accountConnector,
      retry: NO_RETRY,
      what: "connector",
    });
  }

  listAccountConnectors(accountId: string, page: Page = {}): Promise<CyclrAccountConnector[]> {
    return this.call({
      method: "GET",
      path: cyclrPaths.accountConnectors(page),
      route: cyclrRoutes.accountConnectors,
      headers: accountHeader(accountId),
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
    throw new ProviderError("Cyclr", "invalid_response", `Cyclr listed more than ${MAX_PAGES} pages of connectors for one account.`);
  }

  getAccountConnector(accountId: string, accountConnectorId: string): Promise<CyclrAccountConnector> {
    return this.call({
      method: "GET",
      path: cyclrPaths.accountConnector(accountConnectorId),
      route: cyclrRoutes.accountConnector,
      headers: accountHeader(accountId),
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
      route: cyclrRoutes.accountConnector,
      headers: accountHeader(accountId),
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
      route: cyclrRoutes.deauthenticate,
      headers: accountHeader(accountId),
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
      route: cyclrRoutes.signInToken,
      body: { Username: username },
      schema: signInToken,
      retry: NO_RETRY,
      what: "account",
    });
  }
}

function tokenConfig(): TokenConfig {
  const settings = env();
  return {
    apiUrl: settings.CYCLR_API_URL,
    flow: settings.CYCLR_AUTH_FLOW,
    clientId: settings.CYCLR_CLIENT_ID,
    clientSecret: settings.CYCLR_CLIENT_SECRET ?? "", // the password flow has none
    username: settings.CYCLR_USERNAME,
    password: settings.CYCLR_PASSWORD,
    timeoutMs: settings.CYCLR_TIMEOUT_MS,
  };
}

const globalForCyclr = globalThis as unknown as { switchboardCyclr?: CyclrClient };

/** The one Cyclr client, configured from the environment (one per process, kept across hot reloads). */
export function cyclr(): CyclrClient {
  globalForCyclr.switchboardCyclr ??= new CyclrClient({ apiUrl: env().CYCLR_API_URL, timeoutMs: env().CYCLR_TIMEOUT_MS }, new TokenManager(tokenConfig()));
  return globalForCyclr.switchboardCyclr;
}

/** For tests that change the environment between cases. */
export function resetCyclrClient(): void {
  globalForCyclr.switchboardCyclr = undefined;
}
