import { afterAll, beforeAll, beforeEach } from "vitest";
import { startEmulator, type Emulator } from "./index";
import { CLIENT_ID, CLIENT_SECRET } from "./seed";

// Shared by the emulator's tests: one emulator per test file on random ports, reset over
// HTTP before each test, and small clients that speak to it as the app would.

export type Reply<T = unknown> = { status: number; headers: Headers; body: T; text: string };

export type Snapshot = {
  calls: Record<string, number>;
  tokenGrants: { client_credentials: number; password: number; refresh_token: number };
  accounts: { Id: string; Name: string }[];
  accountConnectors: { Id: number; AccountId: string; Name: string; Authenticated: boolean; AuthType: string }[];
  liveAccessTokens: number;
};

async function reply<T>(response: Response): Promise<Reply<T>> {
  const text = await response.text();
  let body: unknown = text;
  if ((response.headers.get("content-type") ?? "").includes("json") && text) body = JSON.parse(text);
  return { status: response.status, headers: response.headers, body: body as T, text };
}

export function useEmulator() {
  let emulator: Emulator | undefined;
  beforeAll(async () => {
    emulator = await startEmulator({ apiPort: 0, servicePort: 0 });
  });
  afterAll(() => emulator?.close());
  beforeEach(async () => {
    await control("reset", {});
  });

  const urls = () => {
    if (!emulator) throw new Error("the emulator has not started");
    return { api: emulator.apiUrl, service: emulator.serviceUrl };
  };

  async function control<T = unknown>(path: string, body?: unknown, method = body === undefined ? "GET" : "POST"): Promise<Reply<T>> {
    const response = await fetch(`${urls().api}/__emulator/${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return reply<T>(response);
  }

  async function state(): Promise<Snapshot> {
    return (await control<Snapshot>("state")).body;
  }

  async function grant<T = Record<string, string | number>>(form: Record<string, string>, headers: Record<string, string> = {}): Promise<Reply<T>> {
    const response = await fetch(`${urls().api}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams(form),
    });
    return reply<T>(response);
  }

  async function partnerToken(): Promise<string> {
    const { body } = await grant<{ access_token: string }>({ grant_type: "client_credentials", client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
    return body.access_token;
  }

  async function accountToken(accountId: string): Promise<string> {
    const { body } = await grant<{ access_token: string }>({
      grant_type: "client_credentials",
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      scope: `account:${accountId}`,
    });
    return body.access_token;
  }

  type ApiInit = { method?: string; token?: string; account?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> };

  async function api<T = unknown>(path: string, init: ApiInit = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { "content-type": "application/json", ...init.headers };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    if (init.account) headers["x-cyclr-account"] = init.account;
    const body = init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
    return reply<T>(await fetch(`${urls().api}${path}`, { method: init.method ?? "GET", headers, body }));
  }

  async function signInToken(accountId = "acme-corp"): Promise<string> {
    const { body } = await api<{ Token: string }>(`/v1.0/accounts/${accountId}/signintoken`, {
      method: "POST",
      token: await partnerToken(),
      body: { Username: "host:u1" },
    });
    return body.Token;
  }

  /** The consent page URL the app would build, every value URL-encoded. */
  async function consentUrl(
    accountConnectorId: number,
    params: { accountId?: string; targetOrigin?: string; callbackMessage?: string; token?: string } = {},
  ): Promise<string> {
    const query = new URLSearchParams({
      id: String(accountConnectorId),
      token: params.token ?? (await signInToken(params.accountId)),
      targetOrigin: params.targetOrigin ?? "http://localhost:3000",
      ...(params.callbackMessage === undefined ? {} : { callbackMessage: params.callbackMessage }),
    });
    return `${urls().service}/connectorauth/updateaccountconnectoroauth?${query.toString()}`;
  }

  /** The consent id the page's form carries. */
  const consentIdOf = (html: string): string => {
    const id = /name="consent" value="([^"]+)"/.exec(html)?.[1];
    if (!id) throw new Error("no consent form on the page");
    return id;
  };

  async function submitConsent(consent: string, decision: "approve" | "deny"): Promise<Reply<string>> {
    const response = await fetch(`${urls().service}/connectorauth/consent`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ consent, decision }),
      redirect: "manual",
    });
    return reply<string>(response);
  }

  /** Opens the consent page and presses a button. */
  async function decide(pageUrl: string, decision: "approve" | "deny"): Promise<Reply<string>> {
    const page = await fetch(pageUrl);
    if (page.status !== 200) throw new Error(`consent page answered ${page.status}`);
    return submitConsent(consentIdOf(await page.text()), decision);
  }

  /** A seeded account connector of an account, by AuthType or name. */
  async function seeded(accountId: string, pick: { authType?: string; name?: string }) {
    const found = (await state()).accountConnectors.find(
      (c) => c.AccountId === accountId && (!pick.authType || c.AuthType === pick.authType) && (!pick.name || c.Name === pick.name),
    );
    if (!found) throw new Error(`no seeded connector ${JSON.stringify(pick)} in ${accountId}`);
    return found;
  }

  return {
    urls,
    control,
    state,
    grant,
    partnerToken,
    accountToken,
    api,
    signInToken,
    consentUrl,
    consentIdOf,
    submitConsent,
    decide,
    seeded,
    emulator: () => emulator!,
  };
}
