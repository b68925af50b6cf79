import { env } from "@/lib/env";
import { CachedTokens, type IssuedToken } from "@/lib/provider-tokens";
import * as transport from "@/lib/upstream-http";
import { NO_RETRY, SAFE_RETRY, type RetryPolicy } from "@/lib/upstream-http";
import { errorForStatus, isTransient, PoderoError } from "./errors";
import { poderoOnboarding, poderoToken, poderoTokenError, poderoUser, type PoderoOnboarding, type PoderoUser } from "./schemas";

// The only code that talks to Podero's partner API (CYCLR.md, "Podero partner API"): a
// client-credentials token with HTTP Basic client authentication and a JSON body, cached
// sealed under the key "podero" and asked for again before it expires (there is no refresh
// token); users of the partner's organisation; device onboarding links.

export type PoderoConfig = { apiUrl: string; clientId: string; clientSecret: string; orgId: string; timeoutMs: number };

export const PODERO_KEY = "podero";
const API = "/api/partners/v2.0";

const upstream: transport.Upstream = {
  name: "Podero",
  error: (code, message, status, cause) => new PoderoError(code, message, status, cause ? { cause } : undefined),
  statusError: (status) => errorForStatus(status, null),
  isTransient,
};

export class PoderoTokens extends CachedTokens {
  constructor(private readonly config: PoderoConfig) {
    super(config.timeoutMs * (SAFE_RETRY.attempts + 1) + 10_000);
  }

  /** One client-credentials grant, retried while Podero is down (repeating it is harmless). */
  protected obtain(): Promise<IssuedToken> {
    const basic = Buffer.from(`${encodeURIComponent(this.config.clientId)}:${encodeURIComponent(this.config.clientSecret)}`).toString("base64");
    return transport.withRetry(upstream, SAFE_RETRY, async () => {
      const response = await transport.send(
        upstream,
        `${this.config.apiUrl}/oauth2/token/`,
        { method: "POST", headers: { authorization: `Basic ${basic}`, "content-type": "application/json", accept: "application/json" }, body: JSON.stringify({ grant_type: "client_credentials" }) },
        this.config.timeoutMs,
      );
      const body = await transport.readJson(upstream, response).catch(() => null);
      if (!response.ok) {
        const code = poderoTokenError.safeParse(body).data?.error ?? null;
        if (code === "invalid_client" || response.status === 401) {
          throw new PoderoError("auth_failed", "Podero refused Switchboard's API client. Check PODERO_CLIENT_ID and PODERO_CLIENT_SECRET.", response.status, { cause: code ?? `http_${response.status}` });
        }
        throw new PoderoError("auth_failed", `Podero's token endpoint answered HTTP ${response.status}${code ? ` (${code})` : ""}.`, response.status, { cause: code });
      }
      const parsed = poderoToken.safeParse(body);
      if (!parsed.success) throw new PoderoError("invalid_response", "Podero's token endpoint sent a response Switchboard does not understand.", response.status);
      return { access_token: parsed.data.access_token, expires_in: parsed.data.expires_in };
    });
  }
}

type Call = { method: "GET" | "POST"; path: string; body?: unknown; retry: RetryPolicy };

export class PoderoClient {
  constructor(
    private readonly config: PoderoConfig,
    private readonly tokens: CachedTokens = new PoderoTokens(config),
  ) {}

  /** Creates an end user in the partner's organisation (role "user"). */
  async createUser(input: { email: string; externalUserId?: string }): Promise<PoderoUser> {
    const body = await this.call({
      method: "POST",
      path: `${API}/org/${encodeURIComponent(this.config.orgId)}/users`,
      body: { role: "user", email: input.email, ...(input.externalUserId ? { external_user_id: input.externalUserId } : {}) },
      retry: NO_RETRY, // not idempotent: a retry after a lost answer would meet "already exists"
    });
    return this.parse(poderoUser, body);
  }

  async getUser(userId: string): Promise<PoderoUser> {
    return this.parse(poderoUser, await this.call({ method: "GET", path: `${API}/org/${encodeURIComponent(this.config.orgId)}/users/${encodeURIComponent(userId)}`, retry: SAFE_RETRY }));
  }

  async listUsers(): Promise<PoderoUser[]> {
    const body = await this.call({ method: "GET", path: `${API}/org/${encodeURIComponent(this.config.orgId)}/users`, retry: SAFE_RETRY });
    if (!Array.isArray(body)) throw new PoderoError("invalid_response", "Podero sent a user list Switchboard does not understand.");
    return body.map((user) => this.parse(poderoUser, user));
  }

  /** A link to Podero's own page where the user connects a device; the browser comes back to one of the two URLs. */
  async createDeviceOnboarding(input: { userId: string; successUrl: string; cancelUrl: string; language?: string }): Promise<PoderoOnboarding> {
    const body = await this.call({
      method: "POST",
      path: `${API}/device-onboarding`,
      body: { user_id: input.userId, success_url: input.successUrl, cancel_url: input.cancelUrl, language: input.language ?? "en" },
      retry: NO_RETRY,
    });
    return this.parse(poderoOnboarding, body);
  }

  private parse<T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } }, value: unknown): T {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new PoderoError("invalid_response", "Podero sent a response Switchboard does not understand.");
    return parsed.data;
  }

  private async call(call: Call): Promise<unknown> {
    let token = await this.tokens.getToken(PODERO_KEY);
    let answer = await transport.withRetry(upstream, call.retry, () => this.exchange(call, token));
    if (answer.status === 401) {
      // Revoked or expired early: a 401 means nothing was done, so one retry with a new token is safe.
      token = await this.tokens.replace(PODERO_KEY, token);
      answer = await transport.withRetry(upstream, call.retry, () => this.exchange(call, token));
    }
    if (answer.status < 200 || answer.status >= 300) throw errorForStatus(answer.status, answer.body);
    return answer.body;
  }

  private async exchange(call: Call, token: string): Promise<{ status: number; body: unknown }> {
    const response = await transport.send(
      upstream,
      `${this.config.apiUrl}${call.path}`,
      {
        method: call.method,
        headers: { authorization: `Bearer ${token}`, accept: "application/json", ...(call.body === undefined ? {} : { "content-type": "application/json" }) },
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
      },
      this.config.timeoutMs,
    );
    return { status: response.status, body: await transport.readJson(upstream, response).catch(() => null) };
  }
}

const globalForPodero = globalThis as unknown as { switchboardPodero?: PoderoClient };

/** The one Podero client, from PODERO_* (one per process); a clear error when Podero is not configured. */
export function podero(): PoderoClient {
  const settings = env();
  if (!settings.PODERO_CLIENT_ID || !settings.PODERO_CLIENT_SECRET || !settings.PODERO_ORG_ID) {
    throw new PoderoError("not_configured", "Podero is not configured: set PODERO_CLIENT_ID, PODERO_CLIENT_SECRET and PODERO_ORG_ID.");
  }
  globalForPodero.switchboardPodero ??= new PoderoClient({
    apiUrl: settings.PODERO_API_URL,
    clientId: settings.PODERO_CLIENT_ID,
    clientSecret: settings.PODERO_CLIENT_SECRET,
    orgId: settings.PODERO_ORG_ID,
    timeoutMs: settings.PODERO_TIMEOUT_MS,
  });
  return globalForPodero.switchboardPodero;
}
