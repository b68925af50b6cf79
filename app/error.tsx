"use client";

import { ErrorNotice } from "@/components/ui/error-notice";

// A page that failed on the server, inside the root layout.
export default function ErrorPage({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  return <ErrorNotice digest={error.digest} retry={retry} />;
}
