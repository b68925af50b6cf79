"use client";

import { useEffect, useSyncExternalStore } from "react";
import { returnKey } from "./use-oauth-connect";

const unchanging = () => () => {};

/** What it says, in the page's language (translated on the server: no catalogue travels for three sentences). */
type Words = { closePage: string; takingBack: string; backToApps: string };

// Goes back to the connect page this tab came from (or the headless connect popup's page); the path was kept in sessionStorage so
// the session token never has to travel through Cyclr's redirect.
export function ReturnToList({ attemptId, words }: { attemptId: string; words: Words }) {
  // Read in the browser only (the server renders the fallback text).
  const stored = useSyncExternalStore(
    unchanging,
    () => sessionStorage.getItem(returnKey(attemptId)),
    () => null,
  );
  const path = stored && /^\/connect\/[A-Za-z0-9_-]+(\/start)?$/.test(stored) ? stored : null;
  useEffect(() => {
    if (!path) return;
    sessionStorage.removeItem(returnKey(attemptId));
    window.location.replace(path);
  }, [attemptId, path]);
  if (!path) return <p className="mt-4 text-sm">{words.closePage}</p>;
  return (
    <p className="mt-4 text-sm">
      {words.takingBack}{" "}
      <a className="font-medium text-sb-link underline" href={path}>
        {words.backToApps}
      </a>
    </p>
  );
}
