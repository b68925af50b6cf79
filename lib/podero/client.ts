import "server-only";
import { z } from "zod";
import { env } from "@/lib/env";
import { ProviderClient } from "@/lib/providers/client";
import { ProviderError } from "@/lib/providers/errors";
import { CachedTokens, type IssuedToken } from "@/lib/providers/tokens";
import { NO_RETRY, readJson, SAFE_RETRY, send, withRetry } from "@/lib/providers/transport";
import { PODERO } from "./provider";
import {
  poderoDevice,
  poderoOnboarding,
  poderoToken,
  poderoTokenError,
  poderoUser,
  type PoderoDevice,
  type PoderoOnboarding,
  type PoderoUser,
} from "./schemas";

// The only code that talks to Podero's partner API (CYCLR.md, "Podero partner API"): a
// client-credentials token with HTTP Basic client authentication and a JSON body, cached
// sealed under the key "podero" and asked for again before it expires (there is no refresh
// token); users of the partner's organisation; device onboarding sessions; devices, listed
// per type under their user.

export type PoderoConfig = { apiUrl: string; clientId: string; clientSecret: string; orgId: string; timeoutMs: number };

export const PODERO_KEY = "podero";
const API = "/api/partners/v2.0";

export type PoderoDeviceType = "ev" | "hp" | "iv" | "wb";

/** Each type's list under a user (CYCLR.md names the segments; their place under /org/{org}/users/{user}/ is inferred). */
const DEVICE_SEGMENTS: Record<PoderoDeviceType, string> = { ev: "electric-vehicles", hp: "heat-pumps", iv: "inverters", wb: "wallboxes" };

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
  createUser(input: { email: string; externalUserId?: string; firstName?: string | null; lastName?: string | null }): Promise<PoderoUser> {
    return this.call({
      method: "POST",
      path: `${this.org}/users`,
      route: `${API}/org/{org}/users`,
      body: {
        role: "user",
        email: input.email,
        ...(input.externalUserId ? { external_user_id: input.externalUserId } : {}),
        ...(input.firstName ? { first_name: input.firstName } : {}),
        ...(input.lastName ? { last_name: input.lastName } : {}),
      },
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

  /**
   * A session on Podero's own page where the user connects a device (of `deviceType`, when
   * given); the browser comes back to one of the two URLs. Podero checks `language` and
   * `priceZone` against its own lists (422 with each bad field, in its words).
   */
  createDeviceOnboarding(input: {
    userId: string;
    successUrl: string;
    cancelUrl: string;
    language?: string;
    priceZone?: string;
    deviceType?: PoderoDeviceType;
  }): Promise<PoderoOnboarding> {
    return this.call({
      method: "POST",
      path: `${API}/device-onboarding`,
      route: `${API}/device-onboarding`,
      body: {
        user_id: input.userId,
        success_url: input.successUrl,
        cancel_url: input.cancelUrl,
        language: input.language ?? "en",
        ...(input.priceZone ? { price_zone_default: input.priceZone } : {}),
        ...(input.deviceType ? { device_type: input.deviceType } : {}),
      },
      schema: poderoOnboarding,
      retry: NO_RETRY,
      what: "device onboarding",
    });
  }

  /** An onboarding session as it is now: `objectId` names the device once the user finished. */
  getDeviceOnboarding(id: string): Promise<PoderoOnboarding> {
    return this.call({
      method: "GET",
      path: `${API}/device-onboarding/${encodeURIComponent(id)}`,
      route: `${API}/device-onboarding/{id}`,
      schema: poderoOnboarding,
      retry: SAFE_RETRY,
      what: "device onboarding",
    });
  }

  private devicesPath(userId: string, type: PoderoDeviceType): string {
    return `${this.org}/users/${encodeURIComponent(userId)}/${DEVICE_SEGMENTS[type]}`;
  }

  /** One user's devices of one type; `includeDeleted` adds the soft-deleted ones (with `deletedAt`). */
  listDevices(userId: string, type: PoderoDeviceType, options: { includeDeleted?: boolean } = {}): Promise<PoderoDevice[]> {
    return this.call({
      method: "GET",
      path: `${this.devicesPath(userId, type)}${options.includeDeleted ? "?include_deleted=true" : ""}`,
      route: `${API}/org/{org}/users/{id}/${DEVICE_SEGMENTS[type]}`,
      schema: z.array(poderoDevice),
      retry: SAFE_RETRY,
      what: "device list",
    });
  }

  /** One device of a user; deleted ones only with `includeDeleted`. */
  getDevice(userId: string, type: PoderoDeviceType, deviceId: string, options: { includeDeleted?: boolean } = {}): Promise<PoderoDevice> {
    return this.call({
      method: "GET",
      path: `${this.devicesPath(userId, type)}/${encodeURIComponent(deviceId)}${options.includeDeleted ? "?include_deleted=true" : ""}`,
      route: `${API}/org/{org}/users/{id}/${DEVICE_SEGMENTS[type]}/{id}`,
      schema: poderoDevice,
      retry: SAFE_RETRY,
      what: "device",
    });
  }
}

const globalForPodero = globalThis as unknown as { switchboardPodero?: PoderoClient; switchboardPoderoSettings?: string };

/** Whether PODERO_CLIENT_ID, PODERO_CLIENT_SECRET and PODERO_ORG_ID are set (env() checks they come together). */
export function poderoConfigured(): boolean {
  const settings = env();
  return Boolean(settings.PODERO_CLIENT_ID && settings.PODERO_CLIENT_SECRET && settings.PODERO_ORG_ID);
}

/** The one Podero client, from PODERO_* (one per process, renewed when they change); a clear error when Podero is not configured. */
export function podero(): PoderoClient {
  const settings = env();
  if (!settings.PODERO_CLIENT_ID || !settings.PODERO_CLIENT_SECRET || !settings.PODERO_ORG_ID) {
    throw new ProviderError("Podero", "not_configured", "Podero is not configured: set PODERO_CLIENT_ID, PODERO_CLIENT_SECRET and PODERO_ORG_ID.");
  }
  const fingerprint = [
    settings.PODERO_API_URL,
    settings.PODERO_CLIENT_ID,
    settings.PODERO_CLIENT_SECRET,
    settings.PODERO_ORG_ID,
    settings.PODERO_TIMEOUT_MS,
  ].join("\n");
  if (globalForPodero.switchboardPoderoSettings !== fingerprint) {
    globalForPodero.switchboardPodero = undefined;
    globalForPodero.switchboardPoderoSettings = fingerprint;
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
