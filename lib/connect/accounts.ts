import "server-only";
import { z } from "zod";
import { cyclr } from "@/lib/cyclr/client";
import type { CyclrAccount } from "@/lib/cyclr/schemas";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { recordEvents, type Actor, type EventInput } from "@/lib/events";
import type { Account } from "@/lib/generated/prisma/client";
import { ProviderError } from "@/lib/providers/errors";
import { oneAtATime } from "@/lib/queue";
import { enqueueHostEvents } from "@/lib/webhooks/outbox";

// Cyclr accounts made from the host's side: the host names its customer (its own tenant id
// and a display name) and Switchboard creates the Cyclr account with exactly that id, once,
// however many requests and instances ask at the same time.

/** A host's tenant id as a Cyclr account id: it travels in URL paths and in X-Cyclr-Account. */
export const accountIdSchema = z
  .string({ error: (issue) => (issue.input === undefined ? "accountId is required" : "accountId must be a string") })
  .superRefine((value, ctx) => {
    if (value.length < 1 || value.length > 100) ctx.addIssue({ code: "custom", message: "accountId is 1 to 100 characters" });
    else if (!/^[A-Za-z0-9]/.test(value)) ctx.addIssue({ code: "custom", message: "accountId starts with a letter or a digit" });
    else if (!/^[A-Za-z0-9._:@-]+$/.test(value)) ctx.addIssue({ code: "custom", message: "accountId may hold only letters, digits and . _ : @ -" });
  });

/**
 * An id of an account Cyclr already has (it may predate Switchboard, so it is not held to
 * the rules above): what Cyclr's API can take in a path segment and in X-Cyclr-Account.
 */
export const knownAccountIdSchema = z
  .string({ error: (issue) => (issue.input === undefined ? "accountId is required" : "accountId must be a string") })
  .superRefine((value, ctx) => {
    if (value.length < 1 || value.length > 128) ctx.addIssue({ code: "custom", message: "accountId is 1 to 128 characters" });
    else if (!/^[\x21-\x7e]+$/.test(value))
      ctx.addIssue({ code: "custom", message: "accountId may hold only visible ASCII characters (no spaces or control characters)" });
    else if (value === "." || value === "..") ctx.addIssue({ code: "custom", message: 'accountId cannot be "." or ".."' });
  });

export const accountNameSchema = z
  .string({ error: (issue) => (issue.input === undefined ? "name is required" : "name must be a string") })
  .trim()
  .min(1, "name is required")
  .max(200, "name is at most 200 characters")
  .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), "name may not hold control characters")
  .refine((value) => value.isWellFormed(), "name may not hold unpaired surrogates");

export const accountInput = z.object({
  name: accountNameSchema,
  timezone: z.string().trim().min(1).max(64, "timezone is at most 64 characters").optional(),
});
export type AccountInput = z.infer<typeof accountInput>;

export type ProvisionedAccount = { account: { id: string; name: string }; created: boolean; row: Account };

async function remoteOrNull(cyclrAccountId: string): Promise<CyclrAccount | null> {
  try {
    return await cyclr().getAccount(cyclrAccountId);
  } catch (error) {
    if (ProviderError.is(error) && error.code === "not_found") return null;
    throw error;
  }
}

/**
 * Creates the Cyclr account `cyclrAccountId` when Cyclr lacks it, renames it when its name
 * differs, and records it here. Calls for one id run one after another in this process and,
 * through an advisory lock, across processes; Cyclr's "ID already in use" (another writer
 * won a race this lock could not see) means it exists.
 */
export function provisionAccount(cyclrAccountId: string, input: AccountInput, actor: Actor): Promise<ProvisionedAccount> {
  return oneAtATime(`account:${cyclrAccountId}`, () => provisionLocked(cyclrAccountId, input, actor));
}

async function provisionLocked(cyclrAccountId: string, input: AccountInput, actor: Actor): Promise<ProvisionedAccount> {
  // The lock is held while Cyclr is asked: up to three calls, each with its timeout and retries.
  const timeout = env().CYCLR_TIMEOUT_MS * 10 + 10_000;
  return db().$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('switchboard:account'), hashtext(${cyclrAccountId}))`;
      let remote = await remoteOrNull(cyclrAccountId);
      let created = false;
      if (!remote) {
        try {
          remote = await cyclr().createAccount({ id: cyclrAccountId, name: input.name, timezone: input.timezone });
          created = true;
        } catch (error) {
          if (!(ProviderError.is(error) && error.code === "bad_request" && /ID already in use/i.test(error.message))) throw error;
          remote = await cyclr().getAccount(cyclrAccountId);
        }
      }
      const renamed = remote.name !== input.name;
      if (renamed) remote = await cyclr().renameAccount(cyclrAccountId, input.name);
      const row = await tx.account.upsert({
        where: { cyclrAccountId },
        create: { cyclrAccountId, name: remote.name, hostTenantId: cyclrAccountId },
        update: { name: remote.name, retiredAt: null },
      });
      const events: EventInput[] = [];
      if (created)
        events.push({
          ...actor,
          type: "account.created",
          outcome: "success",
          accountId: row.id,
          message: `Account ${row.name} (${cyclrAccountId}) created at Cyclr`,
        });
      if (renamed)
        events.push({ ...actor, type: "account.renamed", outcome: "success", accountId: row.id, message: `Account ${cyclrAccountId} renamed to ${row.name}` });
      await recordEvents(events, tx);
      if (created) await enqueueHostEvents([{ type: "account.created", account: row }], tx);
      return { account: { id: row.cyclrAccountId, name: row.name }, created, row };
    },
    { timeout, maxWait: timeout },
  );
}

/** The account as Cyclr has it (not_found if Cyclr does not), recorded here; one Cyclr has is not retired. */
export async function accountFromCyclr(cyclrAccountId: string): Promise<Account> {
  const remote = await remoteOrNull(cyclrAccountId);
  if (!remote) throw new AppError("not_found", `Cyclr has no account with id "${cyclrAccountId}".`);
  return db().account.upsert({
    where: { cyclrAccountId: remote.id },
    create: { cyclrAccountId: remote.id, name: remote.name },
    update: { name: remote.name, retiredAt: null },
  });
}

/**
 * The account a connect session is for: one Switchboard knows (and has not retired) without
 * asking Cyclr; otherwise created from `accountName` when given, or read from Cyclr.
 */
export async function accountForSession(cyclrAccountId: string, accountName: string | undefined, actor: Actor): Promise<Account> {
  const known = await db().account.findUnique({ where: { cyclrAccountId } });
  if (known && !known.retiredAt) return known;
  if (accountName !== undefined) {
    const id = accountIdSchema.safeParse(cyclrAccountId);
    if (!id.success) throw new AppError("bad_request", "The request body is not valid.", { accountId: id.error.issues.map((issue) => issue.message) });
    return (await provisionAccount(cyclrAccountId, { name: accountName }, actor)).row;
  }
  return accountFromCyclr(cyclrAccountId);
}
