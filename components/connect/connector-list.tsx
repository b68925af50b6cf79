"use client";

import type { ConnectorView } from "@/lib/connect/connectors";
import { useConnectSession } from "./connect-session";
import { ConnectorCard } from "./connector-card";

export function ConnectorList({ connectors }: { connectors: ConnectorView[] }) {
  const { embedded } = useConnectSession();
  if (connectors.length === 0) {
    return <p className="mt-8 text-slate-600">No apps are set up for your account yet.</p>;
  }
  return (
    <ul className={embedded ? "space-y-3" : "mt-8 space-y-3"} aria-label="Apps">
      {connectors.map((connector) => (
        <li key={connector.id}>
          <ConnectorCard initial={connector} />
        </li>
      ))}
    </ul>
  );
}
