import "server-only";
import { z } from "zod";

// Every setting Switchboard reads, in one schema. Parsed lazily (on first use) so that
// `next build` does not need runtime secrets; a bad value fails with a readable message.

const origin = z
  .string()
  .url()
  .transform((value, ctx) => {
    const url = new URL(value);
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      ctx.addIssue({ code: "custom", message: "must be an http(s) URL" });
      return z.NEVER;
    }
    return url.origin;
  });

const base64Key = z.string().refine((value) => Buffer.from(value, "base64").length === 32, {
  message: "must be 32 bytes, base64-encoded (openssl rand -base64 32)",
});

const keyId = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, "a key id is 1-32 letters, digits, _ or -");

const previousKeys = z.string().transform((value, ctx) => {
  const keys: { id: string; key: string }[] = [];
  for (const entry of value
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)) {
    const colon = entry.indexOf(":");
    const id = colon > 0 ? entry.slice(0, colon) : "";
    const key = colon > 0 ? entry.slice(colon + 1) : "";
    if (!keyId.safeParse(id).success || Buffer.from(key, "base64").length !== 32) {
      ctx.addIssue({ code: "custom", message: "each entry is <key id>:<32 bytes, base64>, entries separated by commas" });
      return z.NEVER;
    }
    keys.push({ id, key });
  }
  return keys;
});

/**
 * The local stack's stand-ins (a localhost APP_URL, the bundled emulator's origins and
 * credentials), used only in a local run. In production (NODE_ENV=production) or with a real
 * Cyclr there are none: a forgotten CYCLR_SERVICE_URL must stop the app, not send users'
 * Cyclr sign-in tokens to their own localhost.
 */
const localFallbacks = {
  APP_URL: "http://localhost:3000",
  CYCLR_API_URL: "http://localhost:4010",
  CYCLR_SERVICE_URL: "http://localhost:4011",
  CYCLR_CLIENT_ID: "switchboard-local",
  CYCLR_CLIENT_SECRET: "switchboard-local-secret",
};

const REQUIRED = "is required";

/** The languages Podero's onboarding page speaks (CYCLR.md). */
export const PODERO_LANGUAGES = ["sv", "de", "en", "hu", "it", "et", "pl", "ro"] as const;
/** Podero's device types: electric vehicle, heat pump, inverter (battery), wallbox. */
export const PODERO_DEVICE_TYPES = ["ev", "hp", "iv", "wb"] as const;

const poderoDeviceTypes = z.string().transform((value, ctx) => {
  const types = [
    ...new Set(
      value
        .split(",")
        .map((part) => part.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
  const unknown = types.filter((type) => !(PODERO_DEVICE_TYPES as readonly string[]).includes(type));
  if (unknown.length || types.length === 0) {
    ctx.addIssue({ code: "custom", message: `is a comma-separated list of ${PODERO_DEVICE_TYPES.join(", ")} (not ${unknown.join(", ") || "empty"})` });
    return z.NEVER;
  }
  return types as (typeof PODERO_DEVICE_TYPES)[number][];
});

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z.string().min(1),
    APP_URL: origin,
    CYCLR_API_URL: origin,
    CYCLR_SERVICE_URL: origin,
    CYCLR_AUTH_FLOW: z.enum(["client_credentials", "password"]).default("client_credentials"),
    CYCLR_CLIENT_ID: z.string().min(1),
    /** Not needed by the password flow. */
    CYCLR_CLIENT_SECRET: z.string().min(1).optional(),
    CYCLR_USERNAME: z.string().min(1).optional(),
    CYCLR_PASSWORD: z.string().min(1).optional(),
    CYCLR_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
    ENCRYPTION_KEY: base64Key,
    ENCRYPTION_KEY_ID: keyId.default("k1"),
    /** Keys that sealed values in the past, still accepted for opening them: "id:base64key,id:base64key". */
    ENCRYPTION_KEYS_PREVIOUS: previousKeys.default([]),
    AUTH_SECRET: z.string().min(16, "must be at least 16 characters"),
    SYNC_INTERVAL_MINUTES: z.coerce.number().min(0).default(15),
    /** Audit events, finished attempts, expired sessions, sent webhooks and sync runs older than this are deleted; 0 keeps all. */
    RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(90),
    PODERO_API_URL: origin.default("https://app.podero.com"),
    PODERO_CLIENT_ID: z.string().min(1).optional(),
    PODERO_CLIENT_SECRET: z.string().min(1).optional(),
    PODERO_ORG_ID: z.string().min(1).optional(),
    PODERO_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
    /** The device types end users may connect through Podero (lib/devices/settings.ts). */
    PODERO_DEVICE_TYPES: poderoDeviceTypes.default(["ev", "hp", "iv", "wb"]),
    /** Sent as price_zone_default; Podero checks it against its own list. */
    PODERO_PRICE_ZONE: z
      .string()
      .regex(/^[A-Z]{2}(_[A-Z0-9]{1,4})?$/, "is a Podero price zone such as DE_LU, AT or SE_3")
      .default("DE_LU"),
    /** Podero's page's language when the session's locale is not one Podero speaks. */
    PODERO_LANGUAGE: z.enum(PODERO_LANGUAGES, `is one of Podero's languages: ${PODERO_LANGUAGES.join(", ")}`).default("en"),
    AUTH_OIDC_ISSUER: z.string().url().optional(),
    AUTH_OIDC_CLIENT_ID: z.string().min(1).optional(),
    AUTH_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    AUTH_OIDC_NAME: z.string().min(1).max(40).default("Single sign-on"),
    WEBHOOK_RETRY_BASE_SECONDS: z.coerce.number().positive().max(3600).default(10),
    WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(10),
    WEBHOOK_TIMEOUT_MS: z.coerce.number().int().positive().max(60_000).default(10_000),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    METRICS_TOKEN: z.string().min(16, "must be at least 16 characters (openssl rand -base64 24)").optional(),
    WEBHOOK_ALLOW_PRIVATE_RECEIVERS: z.stringbool({ truthy: ["true"], falsy: ["false"] }).default(false),
    // Limits (lib/rate-limit.ts), held in PostgreSQL across instances; 0 turns one off.
    RATE_LIMIT_HOST_API: z.coerce.number().int().min(0).default(600),
    RATE_LIMIT_CONNECT_SESSION: z.coerce.number().int().min(0).default(120),
    RATE_LIMIT_CONNECT_IP: z.coerce.number().int().min(0).default(300),
    RATE_LIMIT_SIGN_IN: z.coerce.number().int().min(0).default(10),
    /** How many reverse proxies in front of Switchboard add to X-Forwarded-For (lib/client-ip.ts). */
    TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
    /** The connect page asks Cyclr for the account's connectors when its last refresh is older than this. */
    CONNECT_REFRESH_SECONDS: z.coerce.number().int().min(0).max(3600).default(5),
  })
  .superRefine((value, ctx) => {
    const previousIds = value.ENCRYPTION_KEYS_PREVIOUS.map((entry) => entry.id);
    if (previousIds.includes(value.ENCRYPTION_KEY_ID) || new Set(previousIds).size !== previousIds.length) {
      ctx.addIssue({
        code: "custom",
        path: ["ENCRYPTION_KEYS_PREVIOUS"],
        message: "each previous key needs its own id, other than ENCRYPTION_KEY_ID (give the new key a new id)",
      });
    }
    const poderoSet = [value.PODERO_CLIENT_ID, value.PODERO_CLIENT_SECRET, value.PODERO_ORG_ID].filter(Boolean).length;
    if (poderoSet !== 0 && poderoSet !== 3) {
      ctx.addIssue({ code: "custom", path: ["PODERO_CLIENT_ID"], message: "set PODERO_CLIENT_ID, PODERO_CLIENT_SECRET and PODERO_ORG_ID together (or none)" });
    }
    const oidc = [value.AUTH_OIDC_ISSUER, value.AUTH_OIDC_CLIENT_ID, value.AUTH_OIDC_CLIENT_SECRET].filter(Boolean).length;
    if (oidc !== 0 && oidc !== 3) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_OIDC_ISSUER"],
        message: "set AUTH_OIDC_ISSUER, AUTH_OIDC_CLIENT_ID and AUTH_OIDC_CLIENT_SECRET together (or none)",
      });
    }
  })
  // The credentials the chosen flow needs; checked even when other settings are wrong, so
  // that one message names everything missing.
  .superRefine(
    (value, ctx) => {
      const flow = value.CYCLR_AUTH_FLOW === "password" ? "password" : "client_credentials";
      const needed = flow === "password" ? (["CYCLR_USERNAME", "CYCLR_PASSWORD"] as const) : (["CYCLR_CLIENT_SECRET"] as const);
      for (const name of needed) {
        if (value[name] === undefined) ctx.addIssue({ code: "custom", path: [name], message: `${REQUIRED} with CYCLR_AUTH_FLOW=${flow}` });
      }
    },
    { when: () => true },
  );

export type Env = z.infer<typeof schema>;

type Source = Record<string, string | undefined>;

/** Parses settings; a failure names every setting that is missing or wrong, in one message. */
function parse<T>(schema: z.ZodType<T>, source: Source, rules?: string): T {
  const result = schema.safeParse(source, { error: (issue) => (issue.code === "invalid_type" && issue.input === undefined ? REQUIRED : undefined) });
  if (!result.success) {
    const named = (issue: z.core.$ZodIssue) => issue.path.join(".") || "(env)";
    const missing = [...new Set(result.error.issues.filter((issue) => issue.message.startsWith(REQUIRED)).map(named))];
    const lines = result.error.issues.map((issue) => `  ${named(issue)}: ${issue.message}`);
    const heading = `Invalid configuration${rules ? ` (${rules}: every setting must be given, with no local defaults)` : ""}`;
    throw new Error(`${heading}${missing.length ? `; missing: ${missing.join(", ")}` : ""}\n${lines.join("\n")}`);
  }
  return result.data;
}

/**
 * Why the settings must be complete, or null for a local run: NODE_ENV=production, or a
 * CYCLR_API_URL that the local stack did not provide (a real Cyclr).
 */
export function strictRules(source: Source = environment()): string | null {
  if (source.NODE_ENV === "production") return "NODE_ENV=production";
  if (source.CYCLR_API_URL) return "CYCLR_API_URL is set, so Cyclr is real";
  return null;
}

/** The settings from `source`; `rules` (default: strictRules of the source) turns the local defaults off. */
export function parseEnv(source: Source, rules: string | null = strictRules(source)): Env {
  return parse(schema, rules ? source : { ...localFallbacks, ...source }, rules ?? undefined);
}

let cached: Env | undefined;
// Values the local stack decided for this process (the embedded database's URL, generated
// secrets, the emulators' origins): used where the environment sets nothing.
const provided: Record<string, string> = {};

/** The environment's settings (empty values count as unset). */
function environment(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ""));
}

/**
 * What the settings are read from: the environment, over the local stack's values; under
 * strict rules (production, a real Cyclr) the environment alone.
 */
export function settingsSource(): Record<string, string> {
  return strictRules() ? environment() : { ...provided, ...environment() };
}

/** For the local stack (npm start, the CLI): values to use where the environment sets none. */
export function provideSettings(values: Record<string, string>): void {
  Object.assign(provided, values);
  cached = undefined;
}

export function env(): Env {
  if (!cached) {
    cached = parseEnv(settingsSource(), strictRules());
    // next-auth reads its own callback origin from the environment: APP_URL is ours.
    process.env.NEXTAUTH_URL ??= cached.APP_URL;
  }
  return cached;
}

const port = z.coerce.number().int().min(0).max(65535);

// The local stack's own settings (npm start, the CLI, the bench): ports, where state is
// kept, and the demo's choices. Not read by the app.
const localSchema = z.object({
  DATABASE_URL: z.string().min(1).optional(),
  CYCLR_API_URL: z.string().min(1).optional(),
  CYCLR_SERVICE_URL: z.string().min(1).optional(),
  AUTH_OIDC_ISSUER: z.string().min(1).optional(),
  APP_URL: z.string().min(1).optional(),
  PORT: port.default(3000),
  SWITCHBOARD_DATA_DIR: z.string().min(1).default(".data"),
  SWITCHBOARD_PG_PORT: port.min(1).default(54320),
  EMULATOR_API_PORT: port.default(4010),
  EMULATOR_SERVICE_PORT: port.default(4011),
  DEMO_HOST_PORT: port.default(3100),
  DEMO_OIDC_PORT: port.default(4012),
  /** The Podero emulator's port (npm start starts it when no Podero is configured). */
  EMULATOR_PODERO_PORT: port.default(4013),
  PODERO_API_URL: z.string().min(1).optional(),
  PODERO_CLIENT_ID: z.string().min(1).optional(),
  DEMO_ADMIN_PASSWORD: z.string().min(12, "must be at least 12 characters").optional(),
  DEMO_ACCOUNT_ID: z.string().min(1).default("acme-corp"),
  /** Catalogue connectors the demo offers on its first start (names, comma-separated); "none" offers nothing. */
  DEMO_OFFERED_CONNECTORS: z.string().min(1).default("Salesforce,HubSpot,Google Sheets,Mailchimp,Jira"),
  BENCH_APP_PORT: port.default(3400),
});

export type LocalSettings = z.infer<typeof localSchema>;

/** The local stack's settings, read fresh from the environment (it may change them). */
export function localSettings(): LocalSettings {
  return parse(localSchema, settingsSource());
}

// What the production start (`npm run serve`, `npm run db:deploy`) reads besides the app's
// settings, from the environment alone.
const productionSchema = z.object({
  DATABASE_URL: z.string().min(1),
  PORT: port.default(3000),
  /** The address the server listens on (Next's standalone server reads the same variable). */
  HOSTNAME: z.string().min(1).default("0.0.0.0"),
});

export function productionSettings(): z.infer<typeof productionSchema> {
  return parse(productionSchema, environment());
}
