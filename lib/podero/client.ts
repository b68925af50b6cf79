import "server-only";
import { z } from "zod";
import { env } from "@/lib/env";
import { ProviderClient } from "@/lib/providers/client";
import { ProviderError } from "@/lib/providers/errors";
import { CachedTokens, type IssuedToken } from "@/lib/providers/tokens";
import { NO_RETRY, readJson, SAFE_RETRY, send, withRetry } from "@/lib/providers/transport";
import { PODERO } from "./provider";
import { poderoOnboarding, poderoToken, poderoTokenError, poderoUser, type PoderoOnboarding, type PoderoUser } from "./schemas";

// The only code that talks to Podero's partner API (CYCLR.md, "Podero partner API"): a
// client-credentials token with HTTP Basic client authentication and a JSON body, cached
// sealed under the key "podero" and asked for again before it expires (there is no refresh
// token); users of the partner's organisation; device onboarding links.

export type PoderoConfig = { apiUrl: string; clientId: string; clientSecret: string; orgId: string; timeoutMs: number };

export const PODERO_KEY = "podero";
const API = "/api/partners/v2.0";

export class PoderoTokens extends CachedTokens {
  constructor(private readonly config: PoderoConfig) {
    super(config.timeoutMs * (SAFE_RETRY.attempts + 1) + 10_000, "Podero");
  }

  /** One client-credentials grant, retried while Podero is down (repeating it is harmless). */
  protected obtain(): Promise<IssuedToken> {
    const basic = Buffer.from(`${encodeURIComponent(this.config.clientId)}:${encodeURIComponent(this.config.clientSecret)}`).toString("base64");
    return withRetry(SAFE_RETRY, async () => {
      const response = await send(
        PODERO,
        `${this.config.apiUrl}/oauth2/token/`,
        {
          method: "POST",
          headers: { authorization: `Basic ${basic}`, "content-type": "application/json", accept: "application/json" },
          body: JSON.stringify({ grant_type: "client_credentials" }),
        },
        this.config.timeoutMs,
        "/oauth2/token/",
      );
      const body = await readJson(PODERO, response).catch(() => null);
      if (!response.ok) {
        const code = poderoTokenError.safeParse(body).data?.error ?? null;
        if (code === "invalid_client" || response.status === 401) {
          throw new ProviderError(
            "Podero",
            "auth_failed",
            "Podero refused Switchboard's API client. Check PODERO_CLIENT_ID and PODERO_CLIENT_SECRET.",
            response.status,
            { cause: code ?? `http_${response.status}` },
          );
        }
        throw new ProviderError(
          "Podero",
          "auth_failed",
          `Podero's token endpoint answered HTTP ${response.status}${code ? ` (${code})` : ""}.`,
          response.status,
          { cause: code },
        );
      }
      const parsed = poderoToken.safeParse(body);
      if (!parsed.success)
        throw new ProviderError("Podero", "invalid_response", "Podero's token endpoint sent a response Switchboard does not understand.", response.status);
      return { access_token: parsed.data.access_token, expires_in: parsed.data.expires_in };
    });
  }
}

export class PoderoClient extends ProviderClient {
  constructor(
    private readonly settings: PoderoConfig,
    tokens: CachedTokens = new PoderoTokens(settings),
  ) {
    super(PODERO, settings, tokens, PODERO_KEY);
  }

  private get org(): string {
    return `${API}/org/${encodeURIComponent(this.settings.orgId)}`;
  }

  /** Creates an end user in the partner's organisation (role "user"). */
  createUser(input: { email: string; externalUserId?: string }): Promise<PoderoUser> {
    return this.call({
      method: "POST",
      path: `${this.org}/users`,
      route: `${API}/org/{org}/users`,
      body: { role: "user", email: input.email, ...(input.externalUserId ? { external_user_id: input.externalUserId } : {}) },
      schema: poderoUser,
      retry: NO_RETRY, // not idempotent: a retry after a lost answer would meet "already exists"
      what: "user",
    });
  }

  getUser(userId: string): Promise<PoderoUser> {
    return this.call({
      method: "GET",
      path: `${this.org}/users/${encodeURIComponent(userId)}`,
      route: `${API}/org/{org}/users/{id}`,
      schema: poderoUser,
      retry: SAFE_RETRY,
      what: "user",
    });
  }

  listUsers(): Promise<PoderoUser[]> {
    return this.call({
      method: "GET",
      path: `${this.org}/users`,
      route: `${API}/org/{org}/users`,
      schema: z.array(poderoUser),
      retry: SAFE_RETRY,
      what: "user list",
    });
  }

  /** A link to Podero's own page where the user connects a device; the browser comes back to one of the two URLs. */
  createDeviceOnboarding(input: { userId: string; successUrl: string; cancelUrl: string; language?: string }): Promise<PoderoOnboarding> {
    return this.call({
      method: "POST",
      path: `${API}/device-onboarding`,
      route: `${API}/device-onboarding`,
      body: { user_id: input.userId, success_url: input.successUrl, cancel_url: input.cancelUrl, language: input.language ?? "en" },
      schema: poderoOnboarding,
      retry: NO_RETRY,
      what: "device onboarding",
    });
  }
}

const globalForPodero = globalThis as unknown as { switchboardPodero?: PoderoClient };

/** The one Podero client, from PODERO_* (one per process); a clear error when Podero is not configured. */
export function podero(): PoderoClient {
  const settings = env();
  if (!settings.PODERO_CLIENT_ID || !settings.PODERO_CLIENT_SECRET || !settings.PODERO_ORG_ID) {
    throw new ProviderError("Podero", "not_configured", "Podero is not configured: set PODERO_CLIENT_ID, PODERO_CLIENT_SECRET and PODERO_ORG_ID.");
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
