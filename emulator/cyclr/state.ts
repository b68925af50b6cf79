import { randomUUID } from "node:crypto";
import { Faults } from "./faults";
import { awkwardToken } from "./formats";
import { CLIENT_ID, CLIENT_SECRET, FIRST_ACCOUNT_CONNECTOR_ID, catalogue, catalogueEntry, isReleased, seedAccounts, type CatalogueEntry } from "./seed";

// Everything the emulator knows, in memory; reset() returns to the seed.

export type Credentials = { clientId: string; clientSecret: string };
export type Account = { Id: string; Name: string; Description: string | null; CreatedDate: string; Timezone: string };
export type AccountConnector = {
  Id: number;
  AccountId: string;
  ConnectorId: number;
  Name: string;
  Description: string | null;
  /** Kept so the emulator behaves like a store of it; never sent back (see routes/account-connectors.ts). */
  AuthValue: string | null;
  Authenticated: boolean;
  Properties: unknown[];
};
export type AccessToken = {
  token: string;
  issuedAt: number;
  expiresAt: number;
  /** Set for account-restricted tokens; null for partner tokens. */
  accountId: string | null;
  refreshToken: string | null;
  userName: string | null;
};
export type RefreshToken = { token: string; accessToken: string; accountId: string | null; userName: string };
export type SignInToken = { token: string; accountId: string; username: string; expiresAt: number };
/** One consent page shown: its form carries this id, never the sign-in token. */
export type Consent = { id: string; accountConnectorId: number; targetOrigin: string; callbackMessage: string | null; expiresAt: number };
export type Scenario = { coop: boolean; tokenLifetimeSeconds: number };
export type GrantType = "client_credentials" | "password" | "refresh_token";

export const DEFAULT_TOKEN_LIFETIME_SECONDS = 1209599; // 14 days less a second, as Cyclr answers
export const SIGN_IN_TOKEN_LIFETIME_MS = 5 * 60_000;
const CONSENT_LIFETIME_MS = 30 * 60_000;

const ISSUED_LIMIT = 10_000;

function remember(list: string[], token: string): void {
  list.push(token);
  if (list.length > ISSUED_LIMIT) list.shift();
}

/** Removes the entry (used up, whether or not it is still valid) and returns it unless expired. */
function takeOnce<T extends { expiresAt: number }>(entries: Map<string, T>, key: string): T | null {
  const entry = entries.get(key);
  if (!entry) return null;
  entries.delete(key);
  return entry.expiresAt > Date.now() ? entry : null;
}

export class EmulatorState {
  readonly credentials: Credentials;
  accounts = new Map<string, Account>();
  accountConnectors = new Map<number, AccountConnector>();
  // Per-account index: listing one account's connectors must not scan 50,000 others.
  private byAccount = new Map<string, Map<number, AccountConnector>>();
  /** Users created by sign-in token requests, per account (Cyclr creates them on first use). */
  users = new Map<string, Set<string>>();
  accessTokens = new Map<string, AccessToken>();
  refreshTokens = new Map<string, RefreshToken>();
  signInTokens = new Map<string, SignInToken>();
  consents = new Map<string, Consent>();
  calls = new Map<string, number>();
  /** Every token handed out since the last reset (newest last, at most ISSUED_LIMIT): for tests that check none leaks. */
  issued: { access: string[]; refresh: string[]; signIn: string[] } = { access: [], refresh: [], signIn: [] };
  tokenGrants: Record<GrantType, number> = { client_credentials: 0, password: 0, refresh_token: 0 };
  faults = new Faults();
  scenario: Scenario = { coop: false, tokenLifetimeSeconds: DEFAULT_TOKEN_LIFETIME_SECONDS };
  private nextConnectorId = FIRST_ACCOUNT_CONNECTOR_ID;
  private nextBulkAccount = 1;

  constructor(credentials: Partial<Credentials> = {}) {
    this.credentials = { clientId: credentials.clientId ?? CLIENT_ID, clientSecret: credentials.clientSecret ?? CLIENT_SECRET };
    this.reset();
  }

  /** Back to the seed: counters zeroed, faults cleared, every token revoked. */
  reset(): void {
    this.accounts.clear();
    this.accountConnectors.clear();
    this.byAccount.clear();
    this.users.clear();
    this.accessTokens.clear();
    this.refreshTokens.clear();
    this.signInTokens.clear();
    this.consents.clear();
    this.calls.clear();
    this.issued = { access: [], refresh: [], signIn: [] };
    this.tokenGrants = { client_credentials: 0, password: 0, refresh_token: 0 };
    this.faults.clear();
    this.scenario = { coop: false, tokenLifetimeSeconds: DEFAULT_TOKEN_LIFETIME_SECONDS };
    this.nextConnectorId = FIRST_ACCOUNT_CONNECTOR_ID;
    this.nextBulkAccount = 1;
    for (const seed of seedAccounts) {
      this.createAccount({ Id: seed.Id, Name: seed.Name });
      for (const connectorId of seed.connectors) this.install(seed.Id, this.catalogueEntry(connectorId)!, {});
    }
  }

  count(key: string): void {
    this.calls.set(key, (this.calls.get(key) ?? 0) + 1);
  }

  // --- catalogue, accounts and account connectors ---

  catalogue(): readonly CatalogueEntry[] {
    return catalogue;
  }

  catalogueEntry(id: number): CatalogueEntry | undefined {
    return catalogueEntry(id);
  }

  createAccount(fields: { Id?: string; Name: string; Description?: string | null; Timezone?: string }): Account {
    const account: Account = {
      Id: fields.Id ?? randomUUID(),
      Name: fields.Name,
      Description: fields.Description ?? null,
      CreatedDate: new Date().toISOString(),
      Timezone: fields.Timezone ?? "UTC",
    };
    this.accounts.set(account.Id, account);
    this.byAccount.set(account.Id, new Map());
    return account;
  }

  removeAccount(id: string): boolean {
    if (!this.accounts.delete(id)) return false;
    for (const connector of this.connectorsOf(id)) this.accountConnectors.delete(connector.Id);
    this.byAccount.delete(id);
    this.users.delete(id);
    for (const [token, access] of this.accessTokens) if (access.accountId === id) this.revoke(token);
    return true;
  }

  /** Bulk accounts for load tests: `bulk-000001`, … continuing after earlier batches. */
  seedBulk(count: number, connectorsPerAccount: number): void {
    // Keep bulk data plain, and installable: released connectors only, no injection name.
    const entries = catalogue.filter((entry) => isReleased(entry) && !entry.Name.includes("<"));
    for (let i = 0; i < count; i++) {
      const n = this.nextBulkAccount++;
      const id = `bulk-${String(n).padStart(6, "0")}`;
      if (this.accounts.has(id)) continue;
      this.createAccount({ Id: id, Name: `Bulk Account ${n}` });
      for (let c = 0; c < connectorsPerAccount; c++) this.install(id, entries[(n + c) % entries.length]!, {});
    }
  }

  install(accountId: string, entry: CatalogueEntry, fields: { Name?: string; Description?: string | null; Properties?: unknown[] }): AccountConnector {
    const connector: AccountConnector = {
      Id: this.nextConnectorId++,
      AccountId: accountId,
      ConnectorId: entry.Id,
      Name: fields.Name ?? entry.Name,
      Description: fields.Description ?? null,
      AuthValue: null,
      Authenticated: false,
      Properties: fields.Properties ?? [],
    };
    this.accountConnectors.set(connector.Id, connector);
    this.byAccount.get(accountId)?.set(connector.Id, connector);
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

  authTypeOf(connector: AccountConnector): CatalogueEntry["AuthType"] {
    return this.catalogueEntry(connector.ConnectorId)?.AuthType ?? "None";
  }

  // --- tokens ---

  issueAccessToken(grant: GrantType, accountId: string | null, userName: string | null): AccessToken {
    this.tokenGrants[grant]++;
    // Password grants (and their refreshes) carry a refresh token; client credentials never do.
    const refreshToken = userName !== null ? awkwardToken(49) : null;
    const issuedAt = Date.now();
    const token: AccessToken = {
      token: awkwardToken(100), // Cyclr's access tokens are long; length must not matter to callers
      issuedAt,
      expiresAt: issuedAt + this.scenario.tokenLifetimeSeconds * 1000,
      accountId,
      refreshToken,
      userName,
    };
    this.accessTokens.set(token.token, token);
    remember(this.issued.access, token.token);
    if (refreshToken !== null) remember(this.issued.refresh, refreshToken);
    if (refreshToken !== null && userName !== null) {
      this.refreshTokens.set(refreshToken, { token: refreshToken, accessToken: token.token, accountId, userName });
    }
    return token;
  }

  /** A live access token, or null; expired ones are dropped as they are met. */
  liveAccessToken(token: string): AccessToken | null {
    const access = this.accessTokens.get(token);
    if (!access) return null;
    if (access.expiresAt <= Date.now()) {
      this.accessTokens.delete(token);
      return null;
    }
    return access;
  }

  /** Revokes everything, or one token; an access token takes its refresh token along, and vice versa. */
  revoke(token?: string): void {
    if (token === undefined) {
      this.accessTokens.clear();
      this.refreshTokens.clear();
      return;
    }
    const access = this.accessTokens.get(token);
    if (access) {
      this.accessTokens.delete(token);
      if (access.refreshToken) this.refreshTokens.delete(access.refreshToken);
    }
    const refresh = this.refreshTokens.get(token);
    if (refresh) {
      this.refreshTokens.delete(token);
      this.accessTokens.delete(refresh.accessToken);
    }
  }

  issueSignInToken(accountId: string, username: string): SignInToken {
    let users = this.users.get(accountId);
    if (!users) this.users.set(accountId, (users = new Set()));
    users.add(username);
    const signIn: SignInToken = { token: awkwardToken(), accountId, username, expiresAt: Date.now() + SIGN_IN_TOKEN_LIFETIME_MS };
    this.signInTokens.set(signIn.token, signIn);
    remember(this.issued.signIn, signIn.token);
    return signIn;
  }

  /** Single use: whatever the caller does next, the token is gone. */
  consumeSignInToken(token: string): SignInToken | null {
    return takeOnce(this.signInTokens, token);
  }

  openConsent(accountConnectorId: number, targetOrigin: string, callbackMessage: string | null): Consent {
    const consent: Consent = { id: randomUUID(), accountConnectorId, targetOrigin, callbackMessage, expiresAt: Date.now() + CONSENT_LIFETIME_MS };
    this.consents.set(consent.id, consent);
    return consent;
  }

  /** A consent is decided once: Approve and Deny both use it up. */
  takeConsent(id: string): Consent | null {
    return takeOnce(this.consents, id);
  }

  snapshot() {
    const now = Date.now();
    let liveAccessTokens = 0;
    for (const token of this.accessTokens.values()) if (token.expiresAt > now) liveAccessTokens++;
    return {
      calls: Object.fromEntries(this.calls),
      tokenGrants: { ...this.tokenGrants },
      accounts: [...this.accounts.values()],
      accountConnectors: [...this.accountConnectors.values()].map((c) => ({
        Id: c.Id,
        AccountId: c.AccountId,
        Name: c.Name,
        Authenticated: c.Authenticated,
        AuthType: this.authTypeOf(c),
      })),
      liveAccessTokens,
      faults: this.faults.size,
      scenario: { ...this.scenario },
    };
  }
}
