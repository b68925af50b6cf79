"use client";

import { useEffect, useState } from "react";

// In Podero's popup (Switchboard's device return page): tells the connect page that opened it (on Switchboard's own origin,
// never '*') that the browser is back, then closes. The message is only a hint: the page
// checks the attempt with the server. Without an opener (the same tab, or a new one) it
// renders `fallback` (the way back to the list).
export function TellOpener({
  attemptId,
  status,
  fallback,
  closeWindow,
}: {
  attemptId: string;
  status: string;
  fallback: React.ReactNode;
  closeWindow: string;
}) {
  const [alone, setAlone] = useState(false);
  useEffect(() => {
    const opener = window.opener as Window | null;
    if (!opener || opener === window) {
      // eslint-disable-next-line react-hooks/set-state-in-effect -- known only in the browser
      setAlone(true);
      return;
    }
    try {
      opener.postMessage({ type: "switchboard:device-attempt", attemptId, status }, window.location.origin);
    } catch {
      setAlone(true);
      return;
    }
    window.close();
  }, [attemptId, status]);
  return alone ? fallback : <p className="mt-4 text-sm">{closeWindow}</p>;
}
