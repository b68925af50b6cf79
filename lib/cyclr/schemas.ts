import { z } from "zod";

// Every Cyclr payload Switchboard reads, parsed at the boundary (CYCLR.md), and the app's
// own camelCase shapes the client turns them into. Extra fields are ignored.

const id = z.union([z.string().min(1), z.number().int()]).transform(String);
const text = z.string().nullish().transform((value) => value ?? null);

export const tokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().refine((value) => value.toLowerCase() === "bearer", "token_type must be bearer"),
  expires_in: z.coerce.number().int().positive(),
  refresh_token: z.string().min(1).optional(),
  userName: z.string().optional(),
  clientId: z.string().optional(),
  ".issued": z.string().optional(),
  ".expires": z.string().optional(),
});
export type TokenResponse = z.infer<typeof tokenResponse>;

export const tokenError = z.object({ error: z.string(), error_description: z.string().optional() });

export const messageError = z.object({ Message: z.string() });

export const account = z
  .object({ Id: id, Name: z.string(), Description: text })
  .transform((a) => ({ id: a.Id, name: a.Name, description: a.Description }));
export type CyclrAccount = z.output<typeof account>;

// "2017-12-08T11:02:48.7436471Z": seven fractional digits, which Date.parse may refuse.
const cyclrDate = z.string().transform((value, ctx) => {
  const normalized = value.replace(/(\.\d{3})\d*(Z|[+-]\d\d:\d\d)?$/, (_, ms: string, zone?: string) => `${ms}${zone ?? "Z"}`);
  const date = new Date(/[zZ]|[+-]\d\d:\d\d$/.test(normalized) ? normalized : `${normalized}Z`);
  if (Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: "custom", message: "not a date" });
    return z.NEVER;
  }
  return date;
});

export const signInToken = z
  .object({ Token: z.string().min(1), ExpiresAtUtc: cyclrDate })
  .transform((t) => ({ token: t.Token, expiresAt: t.ExpiresAtUtc }));
export type CyclrSignInToken = z.output<typeof signInToken>;

const connectorFields = {
  Id: id,
  Name: z.string(),
  Description: text,
  Status: z.union([z.string(), z.number()]).nullish(),
  Version: text,
  Icon: text,
  AuthType: z.union([z.string(), z.number()]).transform(String),
};

export const connector = z.object(connectorFields).transform((c) => ({
  id: c.Id,
  name: c.Name,
  description: c.Description,
  version: c.Version,
  icon: c.Icon,
  authType: c.AuthType,
}));
export type CyclrConnector = z.output<typeof connector>;

export const accountConnector = z
  .object({
    Id: id,
    Name: z.string(),
    Description: text,
    Authenticated: z.boolean(),
    Connector: connector,
  })
  .transform((c) => ({ id: c.Id, name: c.Name, description: c.Description, authenticated: c.Authenticated, connector: c.Connector }));
export type CyclrAccountConnector = z.output<typeof accountConnector>;

export const deauthenticated = messageError;
