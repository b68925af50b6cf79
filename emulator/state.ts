import { randomBytes, randomUUID } from "node:crypto";
import { catalogue, seedAccounts, type CatalogueEntry } from "./seed";

// Everything the emulator knows, in memory. reset() returns to the seed.

export type Account = { Id: string; Name: string; Description: string | null; CreatedDate: string; Timezone: string };
export type AccountConnector = {
  Id: number;
  AccountId: string;
  ConnectorId: number;
  Name: string;
  Description: string | null;
  AuthValue: string | null;
  Authenticated: boolean;
};
export type AccessToken = { token: string; expiresAt: number; accountId: string | null; refreshToken: string | null; grant: string };
export type RefreshToken = { token: string; accessToken: string; form: Record<string, string> };
export type SignInToken = { token: string; accountId: string; username: string; expiresAt: number; used: boolean };
export type Consent = { id: string; accountConnectorId: number; targetOrigin: string; callbackMessage: string | null; used: boolean };
export type Fault = { method?: string; path: string; account?: string; status?: number; body?: unknown; latencyMs?: number; times?: number };

export const DEFAULT_TOKEN_LIFETIME = 1209599;

/** Base64 tokens that always carry +, / and =, so URL-encoding mistakes show. */
export function awkwardToken(): string {
  for (;;) {
    const token = randomBytes(25).toString("base64"); // 25 bytes: always ends in "=="
    if (token.includes("+") && token.includes("/")) return token;
  }
}

export class EmulatorState {
  accounts = new Map<string, Account>();
  accountConnectors = new Map<number, AccountConnector>();
  // Per-account index: listing one account's connectors must not scan every account's.
  private byAccount = new Map<string, Map<number, AccountConnector>>();
  accessTokens = new Map<string, AccessToken>();
  refreshTokens = new Map<string, RefreshToken>();
  signInTokens = new Map<string, SignInToken>();
  consents = new Map<string, Consent>();
  calls = new Map<string, number>();
  tokenGrants = { client_credentials: 0, password: 0, refresh_token: 0 };
  faults: Fault[] = [];
  scenario = { coop: false, tokenLifetimeSeconds: DEFAULT_TOKEN_LIFETIME };
  private nextConnectorId = 100001;

  constructor() {
    this.reset();
  }

  reset(): void {
    this.accounts.clear();
    this.accountConnectors.clear();
    this.byAccount.clear();
    this.accessTokens.clear();
    this.refreshTokens.clear();
    this.signInTokens.clear();
    this.consents.clear();
    this.calls.clear();
    this.tokenGrants = { client_credentials: 0, password: 0, refresh_token: 0 };
    this.faults = [];
    this.scenario = { coop: false, tokenLifetimeSeconds: DEFAULT_TOKEN_LIFETIME };
    this.nextConnectorId = 100001;
    for (const seed of seedAccounts) {
      this.createAccount(seed.Id, seed.Name, null);
      for (const connectorId of seed.connectors) this.install(seed.Id, this.catalogueEntry(connectorId)!, null);
    }
  }

  catalogue(): CatalogueEntry[] {
    return catalogue;
  }

  catalogueEntry(id: number): CatalogueEntry | undefined {
    return catalogue.find((entry) => entry.Id === id);
  }

  createAccount(id: string, name: string, description: string | null): Account {
    const account = { Id: id, Name: name, Description: description, CreatedDate: new Date().toISOString(), Timezone: "UTC" };
    this.accounts.set(id, account);
    return account;
  }

  newAccountId(): string {
    return randomUUID();
  }

  install(accountId: string, entry: CatalogueEntry, name: string | null, description: string | null = null): AccountConnector {
    const connector: AccountConnector = {
      Id: this.nextConnectorId++,
      AccountId: accountId,
      ConnectorId: entry.Id,
      Name: name ?? entry.Name,
      Description: description,
      AuthValue: null,
      Authenticated: false,
    };
    this.accountConnectors.set(connector.Id, connector);
    let mine = this.byAccount.get(accountId);
    if (!mine) this.byAccount.set(accountId, (mine = new Map()));
    mine.set(connector.Id, connector);
    return connector;
  }

  connectorsOf(accountId: string): AccountConnector[] {
    return [...(this.byAccount.get(accountId)?.values() ?? [])];
  }

  removeConnector(id: number): void {
    const connector = this.accountConnectors.get(id);
    if (!connector) return;
    this.accountConnectors.delete(id);
    this.byAccount.get(connector.AccountId)?.delete(id);
  }

  removeAccount(id: string): boolean {
    if (!this.accounts.delete(id)) return false;
    for (const connector of this.connectorsOf(id)) this.accountConnectors.delete(connector.Id);
    this.byAccount.delete(id);
    return true;
  }

  count(key: string): void {
    this.calls.set(key, (this.calls.get(key) ?? 0) + 1);
  }

  issueAccessToken(grant: string, accountId: string | null, withRefresh: Record<string, string> | null): AccessToken {
    const token: AccessToken = {
      token: awkwardToken(),
      expiresAt: Date.now() + this.scenario.tokenLifetimeSeconds * 1000,
      accountId,
      refreshToken: withRefresh ? awkwardToken() : null,
      grant,
    };
    this.accessTokens.set(token.token, token);
    if (token.refreshToken && withRefresh) {
      this.refreshTokens.set(token.refreshToken, { token: token.refreshToken, accessToken: token.token, form: withRefresh });
    }
    return token;
  }

  revoke(token?: string): void {
    if (!token) {
      this.accessTokens.clear();
      this.refreshTokens.clear();
      return;
    }
    const access = this.accessTokens.get(token);
    if (access?.refreshToken) this.refreshTokens.delete(access.refreshToken);
    this.accessTokens.delete(token);
    const refresh = this.refreshTokens.get(token);
    if (refresh) {
      this.accessTokens.delete(refresh.accessToken);
      this.refreshTokens.delete(token);
    }
  }

  snapshot() {
    const now = Date.now();
    return {
      calls: Object.fromEntries(this.calls),
      tokenGrants: this.tokenGrants,
      accounts: [...this.accounts.values()],
      accountConnectors: [...this.accountConnectors.values()].map((c) => ({
        Id: c.Id,
        AccountId: c.AccountId,
        Name: c.Name,
        Authenticated: c.Authenticated,
        AuthType: this.catalogueEntry(c.ConnectorId)?.AuthType ?? "None",
      })),
      liveAccessTokens: [...this.accessTokens.values()].filter((t) => t.expiresAt > now).length,
      scenario: this.scenario,
    };
  }
}
