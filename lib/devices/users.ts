import "server-only";
import { db } from "@/lib/db";
import { recordEvent, systemActor } from "@/lib/events";
import { AppError } from "@/lib/errors";
import type { PoderoUserLink } from "@/lib/generated/prisma/client";
import { log } from "@/lib/log";
import { podero, PODERO_KEY } from "@/lib/podero/client";
import type { PoderoUser } from "@/lib/podero/schemas";
import { ProviderError } from "@/lib/providers/errors";
import type { ActiveSession } from "@/lib/connect/sessions";
import { writeDeviceChanges } from "./writes";

// The session's host user as a user of the partner's Podero organisation. Made once, on the
// first device connect, and linked by external_user_id `<account id>/<host user id>` (the
// Cyclr account id, then the host's user id: the host's user ids hold no "/", so the pair
// reads back unambiguously; unique in the organisation because the pair is unique here).
// Under races (ten first connects at once, several instances) one Podero user is made: an
// in-process single flight, then a PostgreSQL advisory lock per account and user with the
// link read again under it, and the unique (account, host user) row.

/** Why a device cannot be connected for this session: the host did not say who the user is. */
export const NEEDS_EMAIL =
  "To connect a device, the app you came from must provide your email address. Please ask the app's support to add it, then open this page again.";

export const externalUserId = (cyclrAccountId: string, hostUserId: string) => `${cyclrAccountId}/${hostUserId}`;

type Who = Pick<ActiveSession, "hostUserId" | "user" | "account">;

/** The session's live link, or null (none yet, or Podero lost the user): no call to Podero. */
export function findPoderoUser(session: Pick<ActiveSession, "hostUserId" | "account">): Promise<PoderoUserLink | null> {
  return db().poderoUserLink.findFirst({ where: { accountId: session.account.id, hostUserId: session.hostUserId, goneAt: null } });
}

const inflight = new Map<string, Promise<PoderoUserLink>>();

/** The session's Podero user, made (or found, and linked) at Podero when it has none yet. */
export async function ensurePoderoUser(session: Who): Promise<PoderoUserLink> {
  const existing = await findPoderoUser(session);
  if (existing) return existing;
  if (!session.user?.email) throw new AppError("bad_request", NEEDS_EMAIL);
  const key = `${session.account.id}/${session.hostUserId}`;
  let pending = inflight.get(key);
  if (!pending) {
    pending = linkUnderLock(session).finally(() => inflight.delete(key));
    inflight.set(key, pending);
  }
  return pending;
}

async function linkUnderLock(session: Who): Promise<PoderoUserLink> {
  const client = podero();
  // The token first, outside the lock: a renewal needs a connection of its own.
  await client.tokens.getToken(PODERO_KEY);
  const timeout = 60_000;
  return db().$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('switchboard:podero-user'), hashtext(${`${session.account.id}/${session.hostUserId}`}))`;
      const row = await tx.poderoUserLink.findUnique({ where: { accountId_hostUserId: { accountId: session.account.id, hostUserId: session.hostUserId } } });
      if (row && !row.goneAt) return row;
      const user = await createOrFind(session);
      const fields = { poderoUserId: user.id, externalUserId: externalUserId(session.account.cyclrAccountId, session.hostUserId), email: user.email };
      // A link whose Podero user was lost is given the new one (its old devices were retired when that was found).
      const link = row
        ? await tx.poderoUserLink.update({ where: { id: row.id }, data: { ...fields, goneAt: null, devicesReadAt: null } })
        : await tx.poderoUserLink.create({ data: { accountId: session.account.id, hostUserId: session.hostUserId, ...fields } });
      await recordEvent(
        {
          type: "device.user_linked",
          outcome: "success",
          actorType: "END_USER",
          actorId: session.hostUserId,
          accountId: session.account.id,
          message: `Linked to Podero user ${user.id}`,
          data: { poderoUserId: user.id, externalUserId: fields.externalUserId, relinked: Boolean(row) },
        },
        tx,
      );
      return link;
    },
    { timeout, maxWait: timeout },
  );
}

/**
 * Creates the Podero user. If Podero refuses (its email is unique in the organisation), a user
 * an earlier attempt made (whose answer or row was lost) is found by listing the users and
 * linked, but only if it carries this user's external_user_id: an email Podero knows for
 * someone else is not taken over.
 */
async function createOrFind(session: Who): Promise<PoderoUser> {
  const client = podero();
  const email = session.user!.email;
  const ours = externalUserId(session.account.cyclrAccountId, session.hostUserId);
  try {
    return await client.createUser({ email, externalUserId: ours, firstName: session.user!.firstName, lastName: session.user!.lastName });
  } catch (error) {
    if (!ProviderError.is(error) || error.code !== "bad_request") throw error;
    const users = await client.listUsers();
    const mine = users.find((user) => user.externalUserId === ours);
    if (mine) return mine;
    if (users.some((user) => user.email.toLowerCase() === email.toLowerCase())) {
      throw new AppError(
        "conflict",
        "Podero already has a user with your email address who is not linked to you here, so devices cannot be connected. Please contact the app's support.",
      );
    }
    throw error;
  }
}

/**
 * Podero no longer has the link's user (a 404 confirmed by reading the user): the link is
 * marked gone and its devices disconnected and retired (told to the hosts). The next connect
 * makes a new Podero user.
 */
export async function markPoderoUserGone(link: PoderoUserLink): Promise<void> {
  await db().$transaction(async (tx) => {
    const { count } = await tx.poderoUserLink.updateMany({ where: { id: link.id, goneAt: null }, data: { goneAt: new Date() } });
    if (count === 0) return;
    await writeDeviceChanges([{ kind: "user_gone", linkId: link.id }], systemActor(), { tx });
  });
  log.warn({ accountId: link.accountId, poderoUserId: link.poderoUserId }, "Podero no longer has a linked user; its devices were retired");
}

/** Whether Podero answers 404 for the link's user (confirming a 404 elsewhere meant the user, not the thing asked for). */
export async function poderoUserIsGone(link: PoderoUserLink): Promise<boolean> {
  try {
    await podero().getUser(link.poderoUserId);
    return false;
  } catch (error) {
    if (ProviderError.is(error) && error.code === "not_found") return true;
    throw error;
  }
}
