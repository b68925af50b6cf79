import "server-only";
import { db } from "@/lib/db";
import { consumeConnect } from "@/lib/rate-limit";
import { run } from "@/lib/result";
import { offeredView, syncAccountConnectors, toConnectorView, type ConnectorView } from "./connectors";
import { sessionOrigins } from "./embed-policy";
import { REVOKED_SESSION, requireSession, type ActiveSession } from "./sessions";

// The headless connect page (/connect/<token>/start?connector=…), opened by the SDK's
// `connect()` in a popup from the host's own button. It names the connector as the host
// does (a catalogue name such as "Salesforce", a catalogue id such as "5004", or Switchboard's
// id from the host API), then runs that connector's usual connect in the popup. Its outcome
// goes to the opener only on one of the session's allowed origins (the client checks it).

/** What the page starts with. `allowedOrigins`: the only origins its opener may be on. */
export type HeadlessStart =
  | { kind: "invalid" }
  | { kind: "limited"; retryAfter: number }
  /** The link has expired; the opener is still told so. */
  | { kind: "expired"; allowedOrigins: string[]; message: string }
  /** The named connector is not one of the session's apps (or names several). */
  | { kind: "unknown"; allowedOrigins: string[]; message: string }
  /** No connector named: the popup came back from the sign-in to finish an attempt it started. */
  | { kind: "resume"; allowedOrigins: string[] }
  | { kind: "ready"; allowedOrigins: string[]; connector: ConnectorView };

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The session's connector named `ref`: installed (within its narrowing), else offered (installed by Connect). */
async function findConnector(session: ActiveSession, ref: string): Promise<ConnectorView | string> {
  const narrowed = (catalogueId: string) => session.connectorIds.length === 0 || session.connectorIds.includes(catalogueId);
  const rows = await db().accountConnector.findMany({ where: { accountId: session.account.id, retiredAt: null }, orderBy: [{ name: "asc" }, { id: "asc" }] });
  const installed = rows.filter((row) => narrowed(row.connectorId));
  const byId = installed.find((row) => row.id === ref);
  if (byId) return toConnectorView(byId);
  // A name the account gave it first, then the catalogue's id or name.
  for (const matches of [installed.filter((row) => same(row.name, ref)), installed.filter((row) => row.connectorId === ref || same(row.connectorName, ref))]) {
    if (matches.length === 1) return toConnectorView(matches[0]!);
    if (matches.length > 1) return `Several of this account's apps are "${ref}": name one by its id (${matches.map((row) => row.id).join(", ")}).`;
  }
  if (rows.some((row) => row.id === ref || same(row.name, ref) || row.connectorId === ref || same(row.connectorName, ref))) {
    return `"${ref}" is not among the apps this link offers.`;
  }
  const offered = await db().catalogueConnector.findMany({
    where: {
      offered: true,
      retiredAt: null,
      OR: [{ cyclrConnectorId: ref }, { name: { equals: ref, mode: "insensitive" } }],
      ...(session.connectorIds.length ? { cyclrConnectorId: { in: session.connectorIds } } : {}),
    },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: 2,
  });
  const entry = offered.find((row) => row.cyclrConnectorId === ref) ?? (offered.length === 1 ? offered[0] : undefined);
  if (offered.length > 1 && !entry)
    return `Several apps are called "${ref}": name one by its catalogue id (${offered.map((row) => row.cyclrConnectorId).join(", ")}).`;
  if (!entry) return `"${ref}" is not one of the apps this account can connect.`;
  return offeredView(entry);
}

/** The headless page for a token and the connector it names, loaded for the client at `ip` (counted against the connect limits). */
export async function loadHeadlessStart(token: string, connector: string | null, { ip }: { ip: string }): Promise<HeadlessStart> {
  const limit = await consumeConnect(token, ip);
  if (!limit.allowed) return { kind: "limited", retryAfter: limit.retryAfter };
  const session = await run(() => requireSession(token));
  if (!session.ok) {
    if (session.error.code !== "expired") return { kind: "invalid" };
    const message = session.error.message === REVOKED_SESSION ? "This connection session is no longer valid." : "This connection session has expired.";
    return { kind: "expired", allowedOrigins: await sessionOrigins(token), message };
  }
  const { allowedOrigins } = session.data;
  const ref = connector?.trim() ?? "";
  if (ref === "") return { kind: "resume", allowedOrigins };
  if (ref.length > 200) return { kind: "unknown", allowedOrigins, message: "That is not the name or id of an app." };
  let found = await findConnector(session.data, ref);
  if (typeof found === "string") {
    // Perhaps installed at Cyclr since Switchboard last looked (no page of this account has
    // been loaded yet, say): read the account's connectors from Cyclr once, then look again.
    const synced = await run(() => syncAccountConnectors(session.data.account));
    if (!synced.ok) return { kind: "unknown", allowedOrigins, message: `${found} ${synced.error.message}` };
    found = await findConnector(session.data, ref);
  }
  return typeof found === "string" ? { kind: "unknown", allowedOrigins, message: found } : { kind: "ready", allowedOrigins, connector: found };
}
