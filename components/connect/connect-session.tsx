"use client";

import { NextIntlClientProvider, type AbstractIntlMessages } from "next-intl";
import { createContext, useContext, useMemo } from "react";
import { QueryProvider } from "@/components/query-provider";
import type { Locale } from "@/lib/i18n/locales";

/** What the connect page's components share: the session token, Cyclr's service origin, and whether it is framed. */
export type ConnectSession = { token: string; serviceOrigin: string; embedded: boolean };

const SessionContext = createContext<ConnectSession | null>(null);

type Props = ConnectSession & {
  /** The page's language, and the messages its client components use (only those: they travel with the page). */
  locale: Locale;
  messages: AbstractIntlMessages;
  children: React.ReactNode;
};

/** The top of the connect page's client tree: its messages, its QueryClient and its session. */
export function ConnectSessionProvider({ token, serviceOrigin, embedded, locale, messages, children }: Props) {
  const session = useMemo(() => ({ token, serviceOrigin, embedded }), [token, serviceOrigin, embedded]);
  return (
    // Dates are formatted in UTC until the browser has hydrated, then in its own zone (local-date.tsx).
    <NextIntlClientProvider locale={locale} messages={messages} timeZone="UTC">
      <QueryProvider refetchOnWindowFocus={false}>
        <SessionContext.Provider value={session}>{children}</SessionContext.Provider>
      </QueryProvider>
    </NextIntlClientProvider>
  );
}

export function useConnectSession(): ConnectSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useConnectSession outside ConnectSessionProvider");
  return session;
}
