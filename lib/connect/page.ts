import "server-only";
import { env } from "@/lib/env";
import { listConnectors, syncAccountConnectors, type ConnectorView } from "./connectors";
import { sessionOrigins } from "./embed-policy";
import { run } from "@/lib/result";
import { requireSession } from "./sessions";

/** What the connect page (or its embedded variant) shows for a token, as plain data. */
export type ConnectPage =
  | { kind: "invalid" }
  /** embedOrigins: who may hear "session-expired" (embedded only, else empty). */
  | { kind: "expired"; embedOrigins: string[] }
  | {
      kind: "ready";
      accountName: string;
      connectors: ConnectorView[];
      /** Why the statuses may be stale: Cyclr could not be reached to refresh them. */
      syncWarning: string | null;
      /** Cyclr's service origin, the only one whose popup messages are listened to. */
      serviceOrigin: string;
      embedOrigins: string[];
    };

export async function loadConnectPage(token: string, { embedded }: { embedded: boolean }): Promise<ConnectPage> {
  const session = await run(() => requireSession(token));
  const embedOrigins = embedded ? await sessionOrigins(token) : [];
  if (!session.ok) return session.error.code === "expired" ? { kind: "expired", embedOrigins } : { kind: "invalid" };
  const { account } = session.data;
  // Fresh from Cyclr when it answers; otherwise what we last knew, with a warning.
  const synced = await run(() => syncAccountConnectors(account));
  const connectors = await listConnectors(account.id);
  return {
    kind: "ready",
    accountName: account.name,
    connectors,
    syncWarning: synced.ok ? null : synced.error.message,
    serviceOrigin: env().CYCLR_SERVICE_URL,
    embedOrigins,
  };
}
