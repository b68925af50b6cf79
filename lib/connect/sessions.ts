import "server-only";
import { randomUUID } from "node:crypto";
import { cache } from "react";
import { z } from "zod";
import { offeredConnectors } from "@/lib/catalogue";
import { hashToken, randomToken } from "@/lib/crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { eventRow, recordEvent, type EventInput } from "@/lib/events";
import { parseOrigins } from "@/lib/origins";
import { AppError } from "@/lib/errors";
import { accountForSession, accountNameSchema, knownAccountIdSchema } from "./accounts";
import { appearanceInput, storedAppearance, type Appearance } from "./appearance";

export const SESSION_LIFETIME_MS = 30 * 60 * 1000;

const required = (field: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? `${field} is required` : `${field} must be a string`),
});

/** A BCP 47 language tag as browsers write them; which languages the page has is the page's business. */
export const localeTag = z
  .string({ error: "locale must be a string" })
  .max(35, "locale is at most 35 characters")
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'locale is a language tag such as "de" or "fr-CA"')
  .describe("The language the page speaks, as a BCP 47 tag (en, de, fr and es are complete; others fall back to English). Without it, the browser's.");

const personName = (field: string) =>
  z
    .string({ error: `${field} must be a string` })
    .trim()
    .min(1, `${field} may not be empty`)
    .max(100, `${field} is at most 100 characters`)
    .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), `${field} may not hold control characters`);

export const sessionUser = z.strictObject(
  {
    email: z.email({ error: "user.email must be an email address" }).max(254, "user.email is at most 254 characters"),
    firstName: personName("user.firstName").optional(),
    lastName: personName("user.lastName").optional(),
  },
  { error: (issue) => (issue.code === "unrecognized_keys" ? `user has no field ${issue.keys.join(", ")}` : "user must be an object with an email") },
);

export const createSessionInput = z.object({
  accountId: knownAccountIdSchema,
  userId: z
    .string(required("userId"))
    .trim()
    .min(1, "userId is required")
    .max(128, "userId is at most 128 characters")
    .regex(/^[\w.:@+-]+$/, "userId may hold letters, digits and . _ : @ + -"),
  allowedOrigins: z.array(z.string().max(300)).max(20, "at most 20 origins").optional(),
  /** Creates the account at Cyclr with this name when Cyclr does not have it. */
  accountName: accountNameSchema.optional(),
  /** Narrows the page to these catalogue connectors (names or ids), offered or installed. */
  connectors: z.array(z.string().trim().min(1, "a connector is a name or an id").max(200)).max(100, "at most 100 connectors").optional(),
  /** The language the page speaks (BCP 47, e.g. "de" or "fr-CA"); without one, the browser's. */
  locale: localeTag.optional(),
  appearance: appearanceInput.optional(),
  /** Who the end user is, for providers that keep their own user (Podero). */
  user: sessionUser.optional(),
});

export type CreateSessionInput = z.infer<typeof createSessionInput>;

export type CreatedSession = { token: string; url: string; embedUrl: string; expiresAt: Date };

/**
 * Mints a connect link for one end user of one Cyclr account: one Switchboard knows needs no
 * call to Cyclr; an unknown one must exist at Cyclr, or is created there when `accountName`
 * is given. The token is returned once and stored hashed.
 */
export async function createConnectSession(input: CreateSessionInput, apiKey: { id: string; allowedOrigins: string[] } | null): Promise<CreatedSession> {
  const allowedOrigins = narrowOrigins(input.allowedOrigins, apiKey?.allowedOrigins ?? []);
  const apiKeyId = apiKey?.id ?? null;
  const token = randomToken(32);
  const expiresAt = new Date(Date.now() + SESSION_LIFETIME_MS);
  const created = { token, url: `${env().APP_URL}/connect/${token}`, embedUrl: `${env().APP_URL}/embed/${token}`, expiresAt };
  const session: NewSession = {
    id: randomUUID(),
    hostUserId: input.userId,
    tokenHash: hashToken(token),
    apiKeyId,
    expiresAt,
    allowedOrigins,
    locale: input.locale ?? null,
    appearance: input.appearance ?? {},
    userEmail: input.user?.email ?? null,
    userFirstName: input.user?.firstName ?? null,
    userLastName: input.user?.lastName ?? null,
  };
  // The common case, a known account and no narrowing, is one statement (the hot path of the host API).
  if (!input.connectors && (await insertForKnownAccount(input.accountId, session))) return created;

  const row = await accountForSession(input.accountId, input.accountName, { actorType: "HOST_API", actorId: apiKeyId });
  const connectorIds = input.connectors ? await narrowConnectors(row.id, input.connectors) : [];
  await db().connectSession.create({ data: { ...session, accountId: row.id, connectorIds } });
  await recordEvent(sessionCreated(session, row.id));
  return created;
}

type NewSession = {
  id: string;
  hostUserId: string;
  tokenHash: string;
  apiKeyId: string | null;
  expiresAt: Date;
  allowedOrigins: string[];
  locale: string | null;
  appearance: Appearance;
  userEmail: string | null;
  userFirstName: string | null;
  userLastName: string | null;
};

const sessionCreated = (session: NewSession, accountId: string | null): EventInput => ({
  type: "session.created",
  outcome: "success",
  actorType: "HOST_API",
  actorId: session.apiKeyId,
  accountId,
  data: { sessionId: session.id, hostUserId: session.hostUserId },
});

/** The session and its audit event for an account Switchboard knows (not retired), in one statement; false when it does not. */
async function insertForKnownAccount(cyclrAccountId: string, session: NewSession): Promise<boolean> {
  const now = new Date();
  // The account's id is the statement's own: the event's other columns are built as usual.
  const { accountId: _unknownYet, ...event } = eventRow(sessionCreated(session, null));
  const rows = await db().$queryRaw<{ accountId: string }[]>`
    WITH account AS (
      SELECT id FROM "Account" WHERE "cyclrAccountId" = ${cyclrAccountId} AND "retiredAt" IS NULL
    ), session AS (
      INSERT INTO "ConnectSession" ("id", "accountId", "hostUserId", "tokenHash", "allowedOrigins", "connectorIds", "apiKeyId", "expiresAt", "createdAt",
        "locale", "appearance", "userEmail", "userFirstName", "userLastName")
      SELECT ${session.id}::uuid, account.id, ${session.hostUserId}, ${session.tokenHash}, ${session.allowedOrigins}::text[], ARRAY[]::text[], ${session.apiKeyId}::uuid, ${session.expiresAt}, ${now},
        ${session.locale}, ${JSON.stringify(session.appearance)}::jsonb, ${session.userEmail}, ${session.userFirstName}, ${session.userLastName}
      FROM account
      RETURNING "accountId"
    )
    INSERT INTO "Event" ("id", "createdAt", "type", "outcome", "actorType", "actorId", "accountId", "data")
    SELECT ${randomUUID()}::uuid, ${now}, ${event.type}, ${event.outcome}, ${event.actorType}::"ActorType", ${event.actorId}, session."accountId", ${JSON.stringify(event.data)}::jsonb
    FROM session
    RETURNING "accountId"`;
  return rows.length === 1;
}

/** The catalogue ids of the connectors a session is narrowed to; each entry must be offered or installed. */
async function narrowConnectors(accountId: string, entries: string[]): Promise<string[]> {
  const [offered, installed] = await Promise.all([
    offeredConnectors(),
    db().accountConnector.findMany({ where: { accountId, retiredAt: null }, select: { name: true, connectorId: true, connectorName: true } }),
  ]);
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  const unknown: string[] = [];
  const ids = entries.flatMap((entry) => {
    const match =
      offered.find((row) => row.cyclrConnectorId === entry || same(row.name, entry))?.cyclrConnectorId ??
      installed.find((row) => row.connectorId === entry || same(row.connectorName, entry) || same(row.name, entry))?.connectorId;
    if (!match) unknown.push(`"${entry}" is neither offered nor installed for this account`);
    return match ? [match] : [];
  });
  if (unknown.length) throw new AppError("bad_request", "The request body is not valid.", { connectors: unknown });
  return [...new Set(ids)];
}

/** A session may narrow its key's embedding origins, never widen them. */
function narrowOrigins(requested: string[] | undefined, allowed: string[]): string[] {
  if (requested === undefined) return allowed;
  const parsed = parseOrigins(requested);
  if (!parsed.ok) throw new AppError("bad_request", "The request body is not valid.", { allowedOrigins: parsed.messages });
  const outside = parsed.origins.filter((origin) => !allowed.includes(origin));
  if (outside.length) {
    throw new AppError("bad_request", "The request body is not valid.", {
      allowedOrigins: outside.map((origin) => `${origin} is not among this API key's allowed origins`),
    });
  }
  return parsed.origins;
}

export type ActiveSession = {
  id: string;
  hostUserId: string;
  expiresAt: Date;
  /** Catalogue connector ids the page is narrowed to; empty for everything. */
  connectorIds: string[];
  /** The host origins that may frame it. */
  allowedOrigins: string[];
  /** The language tag the host asked for, as given; null for the browser's. */
  locale: string | null;
  appearance: Appearance;
  /** The end user as the host described them; null when it did not. */
  user: { email: string; firstName: string | null; lastName: string | null } | null;
  account: { id: string; cyclrAccountId: string; name: string };
};

/** What a session token looks like (randomToken's base64url); anything else is not looked up. */
export const sessionTokenShape = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/);

/**
 * The stored session behind a token, expired or revoked ones included (an expired link's
 * page still wears its session's look and speaks its language), or null. Read once per
 * request: React's cache is per request in server components, so the page (requireSession),
 * its look (page-appearance.ts) and its language (lib/i18n/page-locale.ts, from the layout)
 * share one read. Outside a render (route handlers, actions, scripts) each call reads afresh.
 * Callers share the row: never change it.
 */
export const storedSession = cache(async (token: string) => {
  if (!sessionTokenShape.safeParse(token).success) return null;
  return db().connectSession.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { account: { select: { id: true, cyclrAccountId: true, name: true } }, apiKey: { select: { revokedAt: true } } },
  });
});

/** What a session minted with a key that has since been revoked says: it ended with its key. */
export const REVOKED_SESSION = "This link is no longer valid. Go back to the app and open the connections page again.";

/** The session behind a token, or an AppError that says why not (unknown, revoked or expired). */
export async function requireSession(token: string): Promise<ActiveSession> {
  if (!sessionTokenShape.safeParse(token).success) throw new AppError("not_found", "This link is not valid.");
  const session = await storedSession(token);
  if (!session) throw new AppError("not_found", "This link is not valid.");
  // Sessions die with the key that minted them (an admin's links have no key).
  if (session.apiKey?.revokedAt) throw new AppError("expired", REVOKED_SESSION);
  if (session.expiresAt.getTime() <= Date.now()) {
    throw new AppError("expired", "This link has expired. Go back to the app and open the connections page again.");
  }
  return {
    id: session.id,
    hostUserId: session.hostUserId,
    expiresAt: session.expiresAt,
    connectorIds: session.connectorIds,
    allowedOrigins: session.allowedOrigins,
    locale: session.locale,
    appearance: storedAppearance(session.appearance),
    user: session.userEmail ? { email: session.userEmail, firstName: session.userFirstName, lastName: session.userLastName } : null,
    account: session.account,
  };
}
