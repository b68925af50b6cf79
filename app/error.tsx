"use client";

import { ErrorNotice } from "@/components/ui/error-notice";

// A page that failed on the server, inside the root layout.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorNotice digest={error.digest} reset={reset} />;
}
