import { z } from "zod";

// Every Cyclr payload Switchboard reads, parsed at the boundary (CYCLR.md), and the app's
// own camelCase shapes the client turns them into. Unknown fields are dropped (z.object
// strips), so Cyclr adding a field never breaks us; the fields we use are checked strictly.

/** Cyclr ids are numbers for connectors and may be strings for accounts: always a string here. */
const id = z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String);
const text = z
  .string()
  .nullish()
  .transform((value) => value ?? null);
/** Enum-like fields Cyclr may send as a name or as a number. */
const label = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((value) => (value === null || value === undefined ? null : String(value)));

// "2017-12-08T11:02:48.7436471Z": seven fractional digits. Dates are UTC when no zone is given.
const cyclrDate = z.string().transform((value, ctx) => {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)?$/i.exec(value.trim());
  const date = match ? new Date(`${match[1]}.${(match[2] ?? "").padEnd(3, "0").slice(0, 3)}${(match[3] ?? "Z").toUpperCase()}`) : null;
  if (!date || Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: "custom", message: "not an ISO 8601 date" });
    return z.NEVER;
  }
  return date;
});

// ---- Tokens: POST /oauth/token ----

export const tokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().refine((value) => value.toLowerCase() === "bearer", "token_type must be bearer"),
  // Seconds; OWIN sends a number, a string is tolerated.
  expires_in: z.coerce.number().int().positive(),
  refresh_token: z.string().min(1).optional(),
  userName: z.string().nullish(),
  clientId: z.string().nullish(),
  // Informational RFC 1123 dates; expires_in is what we rely on.
  ".refresh": z.string().optional(),
  ".issued": z.string().optional(),
  ".expires": z.string().optional(),
});
export type TokenResponse = z.infer<typeof tokenResponse>;

/** OAuth error body (always HTTP 400 at Cyclr, inferred). */
export const tokenError = z.object({ error: z.string().min(1), error_description: z.string().nullish() });
export type TokenError = z.infer<typeof tokenError>;

/** Every API error body, and some success bodies (deauthenticate, delete). */
export const messageError = z.object({ Message: z.string() });

/** `PUT …/deauthenticate` → `{"Message":"Connector '<name>' successfully de-authenticated."}`. */
export const deauthenticated = z.object({ Message: z.string() }).transform((m) => ({ message: m.Message }));

// ---- Accounts ----

export const account = z
  .object({
    Id: id,
    Name: z.string(),
    Description: text,
    CreatedDate: z.string().nullish(),
    Timezone: text,
  })
  .transform((a) => ({ id: a.Id, name: a.Name, description: a.Description, timezone: a.Timezone }));
export type CyclrAccount = z.output<typeof account>;

export const signInToken = z.object({ Token: z.string().min(1), ExpiresAtUtc: cyclrDate }).transform((t) => ({ token: t.Token, expiresAt: t.ExpiresAtUtc }));
export type CyclrSignInToken = z.output<typeof signInToken>;

// ---- Connectors ----

export const connector = z
  .object({
    Id: id,
    Name: z.string(),
    Description: text,
    Status: label,
    Version: text,
    Icon: text, // a data: URI; rendered as an <img src>, never as HTML
    AuthType: z.union([z.string().min(1), z.number()]).transform(String),
    OAuth2Type: label,
    AuthScheme: label,
    Categories: z.array(z.string()).nullish(),
  })
  .transform((c) => ({
    id: c.Id,
    name: c.Name,
    description: c.Description,
    status: c.Status,
    version: c.Version,
    icon: c.Icon,
    authType: c.AuthType,
    oauth2Type: c.OAuth2Type,
    authScheme: c.AuthScheme,
    categories: c.Categories ?? [],
  }));
export type CyclrConnector = z.output<typeof connector>;

/**
 * An installed connector. `AuthValue` is read only to be dropped: it may hold a customer's
 * secret and has no business leaving this module.
 */
export const accountConnector = z
  .object({
    Id: id,
    Name: z.string(),
    Description: text,
    AuthValue: z.unknown().optional(),
    Authenticated: z.boolean(),
    Connector: connector,
    Properties: z.array(z.unknown()).nullish(),
    CustomFields: z.array(z.unknown()).nullish(),
  })
  .transform((c) => ({ id: c.Id, name: c.Name, description: c.Description, authenticated: c.Authenticated, connector: c.Connector }));
export type CyclrAccountConnector = z.output<typeof accountConnector>;

// List endpoints return bare arrays.
export const accountList = z.array(account);
export const connectorList = z.array(connector);
export const accountConnectorList = z.array(accountConnector);
