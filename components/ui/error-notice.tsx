"use client";

import { createContext, useContext } from "react";
import { Button } from "./button";

/** The notice's words; the root layout provides them in the page's language. */
export type ErrorNoticeWords = { title: string; text: string; retry: string; reference: string };

const english: ErrorNoticeWords = {
  title: "Something went wrong",
  text: "This page could not be shown. It is not something you did: try again in a moment.",
  retry: "Try again",
  reference: "Reference: {digest}",
};

const Words = createContext<ErrorNoticeWords>(english);

/** Gives the notice its words (translated on the server: no catalogue reaches the browser for four sentences). */
export function ErrorNoticeWordsProvider({ words, children }: { words: ErrorNoticeWords; children: React.ReactNode }) {
  return <Words.Provider value={words}>{children}</Words.Provider>;
}

// What a page that failed on the server shows (app/error.tsx, app/global-error.tsx): words
// for people, a way to try again, and the error's digest, which the server's log carries
// too, for whoever reports it. Never the error's message: it may say too much.
export function ErrorNotice({ digest, retry }: { digest?: string; retry: () => void }) {
  const words = useContext(Words);
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-6 py-16">
      <div role="alert" className="rounded-sb-card border border-sb-line bg-sb-surface p-8 shadow-sm">
        <h1 className="text-xl font-semibold">{words.title}</h1>
        <p className="mt-3 text-sb-fg-muted">{words.text}</p>
        <div className="mt-6 flex items-center gap-3">
          <Button variant="primary" onClick={retry}>
            {words.retry}
          </Button>
          {digest && <span className="text-xs text-sb-fg-subtle">{words.reference.replace("{digest}", digest)}</span>}
        </div>
      </div>
    </main>
  );
}
