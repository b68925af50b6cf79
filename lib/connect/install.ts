import "server-only";
import { cyclr } from "@/lib/cyclr/client";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { recordEvent, type Actor } from "@/lib/events";
import type { AccountConnector, CatalogueConnector } from "@/lib/generated/prisma/client";
import { ProviderError } from "@/lib/providers/errors";
import { oneAtATime } from "@/lib/queue";
import { writeConnectorChanges } from "@/lib/sync/connector-writes";
import type { ActiveSession } from "./sessions";

// Installing an offered catalogue connector into an account when its end user clicks
// Connect on it. At most one install per account and catalogue connector, whatever races
// (two tabs, a double click, a retry after a timeout, two instances): installs of one pair
// run one at a time (in-process, then under an advisory lock), and each first reads the
// account's connectors from Cyclr and uses one that is already there.

type InstallAccount = { id: string; cyclrAccountId: string };

export function installConnector(account: InstallAccount, entry: CatalogueConnector, actor: Actor): Promise<AccountConnector> {
  return oneAtATime(`install:${account.id}:${entry.cyclrConnectorId}`, () => installLocked(account, entry, actor));
}

async function installLocked(account: InstallAccount, entry: CatalogueConnector, actor: Actor): Promise<AccountConnector> {
  const timeout = env().CYCLR_TIMEOUT_MS * 10 + 10_000;
  try {
    return await db().$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('switchboard:install'), hashtext(${`${account.id}:${entry.cyclrConnectorId}`}))`;
        const listed = await cyclr().listAllAccountConnectors(account.cyclrAccountId);
        const existing = listed.find((remote) => remote.connector.id === entry.cyclrConnectorId);
        const installed = existing ? null : await cyclr().installConnector(account.cyclrAccountId, entry.cyclrConnectorId, entry.name);
        await writeConnectorChanges(
          [
            { kind: "observed", accountId: account.id, remote: listed, complete: true },
            ...(installed ? [{ kind: "observed" as const, accountId: account.id, remote: [installed], complete: false, installedBy: actor }] : []),
          ],
          { tx },
        );
        const cyclrId = (installed ?? existing)!.id;
        return tx.accountConnector.findFirstOrThrow({ where: { accountId: account.id, cyclrAccountConnectorId: cyclrId } });
      },
      { timeout, maxWait: timeout },
    );
  } catch (error) {
    if (!ProviderError.is(error)) throw error;
    // Nothing was written (the transaction rolled back); the refusal is recorded on its own.
    const message = `${entry.name} could not be set up for your account. ${error.message}`;
    await recordEvent({ ...actor, type: "connector.install_failed", outcome: "failure", accountId: account.id, message });
    throw new AppError(error.code === "bad_request" ? "bad_request" : "upstream", message);
  }
}

/**
 * The connector a connect page acts on: one installed in the session's account, or an
 * offered catalogue connector (within the session's narrowing), installed now.
 */
export async function connectorForSession(session: ActiveSession, connectorId: string): Promise<AccountConnector> {
  const row = await db().accountConnector.findFirst({ where: { id: connectorId, accountId: session.account.id, retiredAt: null } });
  if (row) return row;
  const entry = await db().catalogueConnector.findFirst({ where: { id: connectorId, offered: true, retiredAt: null } });
  if (!entry || (session.connectorIds.length > 0 && !session.connectorIds.includes(entry.cyclrConnectorId))) {
    throw new AppError("not_found", "This connector is not part of your account.");
  }
  const installed = await db().accountConnector.findFirst({ where: { accountId: session.account.id, connectorId: entry.cyclrConnectorId, retiredAt: null } });
  return installed ?? installConnector(session.account, entry, { actorType: "END_USER", actorId: session.hostUserId });
}
