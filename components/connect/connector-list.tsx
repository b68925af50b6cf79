"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";
import type { ConnectorView } from "@/lib/connect/connectors";
import { ConnectorCard } from "./connector-card";

export function ConnectorList({ token, connectors, serviceOrigin, embedded }: { token: string; connectors: ConnectorView[]; serviceOrigin: string; embedded: boolean }) {
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } }));
  if (connectors.length === 0) {
    return <p className="mt-8 text-slate-600">No apps are set up for your account yet.</p>;
  }
  return (
    <QueryClientProvider client={queryClient}>
      <ul className={embedded ? "space-y-3" : "mt-8 space-y-3"} aria-label="Apps">
        {connectors.map((connector) => (
          <li key={connector.id}>
            <ConnectorCard token={token} initial={connector} serviceOrigin={serviceOrigin} embedded={embedded} />
          </li>
        ))}
      </ul>
    </QueryClientProvider>
  );
}
