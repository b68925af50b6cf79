"use client";

import { Button } from "./button";

// What a page that failed on the server shows (app/error.tsx, app/global-error.tsx): words
// for people, a way to try again, and the error's digest, which the server's log carries
// too, for whoever reports it. Never the error's message: it may say too much.
export function ErrorNotice({ digest, retry }: { digest?: string; retry: () => void }) {
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-6 py-16">
      <div role="alert" className="rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-xl font-semibold">Something went wrong</h1>
        <p className="mt-3 text-slate-600">This page could not be shown. It is not something you did: try again in a moment.</p>
        <div className="mt-6 flex items-center gap-3">
          <Button variant="primary" onClick={retry}>
            Try again
          </Button>
          {digest && <span className="text-xs text-slate-500">Reference: {digest}</span>}
        </div>
      </div>
    </main>
  );
}
