"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";

/** One QueryClient per tree: the console's layout has one, the connect page another. */
export function QueryProvider({ refetchOnWindowFocus = true, children }: { refetchOnWindowFocus?: boolean; children: React.ReactNode }) {
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus } } }));
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
