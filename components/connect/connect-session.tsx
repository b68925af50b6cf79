"use client";

import { createContext, useContext, useMemo } from "react";
import { QueryProvider } from "@/components/query-provider";

/** What the connect page's components share: the session token, Cyclr's service origin, and whether it is framed. */
export type ConnectSession = { token: string; serviceOrigin: string; embedded: boolean };

const SessionContext = createContext<ConnectSession | null>(null);

/** The top of the connect page's client tree: its QueryClient and its session. */
export function ConnectSessionProvider({ token, serviceOrigin, embedded, children }: ConnectSession & { children: React.ReactNode }) {
  const session = useMemo(() => ({ token, serviceOrigin, embedded }), [token, serviceOrigin, embedded]);
  return (
    <QueryProvider refetchOnWindowFocus={false}>
      <SessionContext.Provider value={session}>{children}</SessionContext.Provider>
    </QueryProvider>
  );
}

export function useConnectSession(): ConnectSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useConnectSession outside ConnectSessionProvider");
  return session;
}
