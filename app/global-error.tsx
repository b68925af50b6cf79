"use client";

import { ErrorNotice } from "@/components/ui/error-notice";
import "./globals.css";

// The root layout itself failed: this replaces it, so it brings its own <html> and <body>.
export default function GlobalError({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <title>Something went wrong · Switchboard</title>
        <ErrorNotice digest={error.digest} retry={retry} />
      </body>
    </html>
  );
}
