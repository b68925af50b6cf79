"use client";

import { useEffect, useState } from "react";
import { returnKey } from "./use-oauth-connect";

// Goes back to the connect page this tab came from; the path was kept in sessionStorage so
// the session token never has to travel through Cyclr's redirect.
export function ReturnToList({ attemptId }: { attemptId: string }) {
  const [path, setPath] = useState<string | null>(null);
  useEffect(() => {
    const stored = sessionStorage.getItem(returnKey(attemptId));
    if (stored && /^\/connect\/[A-Za-z0-9_-]+$/.test(stored)) {
      sessionStorage.removeItem(returnKey(attemptId));
      setPath(stored);
      window.location.replace(stored);
    }
  }, [attemptId]);
  if (!path) return <p className="mt-4 text-sm">You can close this page and return to the app.</p>;
  return (
    <p className="mt-4 text-sm">
      Taking you back… <a className="font-medium text-indigo-700 underline" href={path}>Back to your apps</a>
    </p>
  );
}
