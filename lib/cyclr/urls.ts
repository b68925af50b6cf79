import "server-only";
import { ProviderError } from "@/lib/providers/errors";
// Every Cyclr URL Switchboard builds. Values are percent-encoded with encodeURIComponent,
// never URLSearchParams: sign-in tokens carry + / =, and URLSearchParams writes a space as
// "+", which a server (or a hand-written URL) could read back the other way.

const q = (params: Record<string, string | number | undefined>): string =>
  Object.entries(params)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join("&");

const seg = (value: string): string => {
  // "." and ".." survive encodeURIComponent and would change the path the server sees; a lone
  // surrogate cannot be encoded at all. Refused before anything is sent.
  if (!value || value === "." || value === ".." || !value.isWellFormed()) throw new ProviderError("Cyclr", "bad_request", "That is not an id Cyclr can take.");
  return encodeURIComponent(value);
};

export type PageQuery = { page?: number; pageSize?: number };
export const DEFAULT_PAGE_SIZE = 100;

function paged({ page = 1, pageSize = DEFAULT_PAGE_SIZE }: PageQuery, extra: Record<string, string | undefined> = {}): string {
  if (!Number.isInteger(page) || page < 1) throw new Error("page must be a positive integer (Cyclr pages start at 1)");
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new Error("pageSize must be a positive integer");
  return `?${q({ page, pageSize, ...extra })}`;
}

/** API paths, relative to the API origin (CYCLR.md). */
export const cyclrPaths = {
  token: () => "/oauth/token",
  accounts: (page: PageQuery = {}) => `/v1.0/accounts${paged(page)}`,
  account: (accountId: string) => `/v1.0/accounts/${seg(accountId)}`,
  signInToken: (accountId: string) => `/v1.0/accounts/${seg(accountId)}/signintoken`,
  connectors: (page: PageQuery & { query?: string } = {}) => `/v1.0/connectors${paged(page, { query: page.query || undefined })}`,
  install: (connectorId: string) => `/v1.0/connectors/${seg(connectorId)}/install`,
  accountConnectors: (page: PageQuery = {}) => `/v1.0/account/connectors${paged(page)}`,
  accountConnector: (accountConnectorId: string) => `/v1.0/account/connectors/${seg(accountConnectorId)}`,
  deauthenticate: (accountConnectorId: string) => `/v1.0/account/connectors/${seg(accountConnectorId)}/deauthenticate`,
};

/** The pattern of each path above, for metrics: ids as {id}, no query. */
export const cyclrRoutes: Record<keyof typeof cyclrPaths, string> = {
  token: "/oauth/token",
  accounts: "/v1.0/accounts",
  account: "/v1.0/accounts/{id}",
  signInToken: "/v1.0/accounts/{id}/signintoken",
  connectors: "/v1.0/connectors",
  install: "/v1.0/connectors/{id}/install",
  accountConnectors: "/v1.0/account/connectors",
  accountConnector: "/v1.0/account/connectors/{id}",
  deauthenticate: "/v1.0/account/connectors/{id}/deauthenticate",
};

export type ConnectorAuthUrl = {
  /** The Partner Service Domain (CYCLR_SERVICE_URL); only its origin is used. */
  serviceUrl: string;
  accountConnectorId: string;
  signInToken: string;
  /** With callbackMessage: the exact origin the message is posted to. Without: where the browser returns. */
  targetOrigin: string;
  callbackMessage?: string;
};

/** Cyclr's browser page that authenticates an OAuth connector (CYCLR.md). */
export function buildConnectorAuthUrl(input: ConnectorAuthUrl): string {
  const target = new URL(input.targetOrigin); // throws on a value that is not a URL
  if (input.callbackMessage !== undefined && target.origin !== input.targetOrigin) {
    // Cyclr posts to this origin with postMessage: anything else would never match event.origin checks.
    throw new Error(`targetOrigin must be an exact origin when a callbackMessage is used (got "${input.targetOrigin}")`);
  }
  const query = q({
    id: input.accountConnectorId,
    token: input.signInToken,
    targetOrigin: input.targetOrigin,
    callbackMessage: input.callbackMessage,
  });
  return `${new URL(input.serviceUrl).origin}/connectorauth/updateaccountconnectoroauth?${query}`;
}
