"use client";

import { useEffect } from "react";

// The widget's side of the host script's protocol. The host origin is learned from the
// host's "init" message, accepted only from the parent window and from one of the
// session's allowed origins; until then, "hello" is posted to each allowed origin (a
// postMessage to an origin the parent does not have is dropped by the browser). Never '*'.

/** `failed` names its connector, or (no connector) says why the widget itself failed in `reason`. */
type HostEvent = {
  type: "ready" | "connected" | "disconnected" | "failed" | "session-expired";
  connector?: { id: string; name: string };
  /** A Podero device the event is about (ev, hp, iv, wb), instead of a connector. */
  device?: { id: string; type: string; name: string };
  reason?: string;
};

let hostOrigin: string | null = null;
const queued: HostEvent[] = [];

/** The content's height (the body itself is at least a viewport tall, so measure <main>). */
function contentHeight(): number {
  const main = document.querySelector("main");
  return Math.ceil(main ? main.getBoundingClientRect().bottom + window.scrollY : document.documentElement.scrollHeight);
}

function post(message: object) {
  if (hostOrigin && window.parent !== window) window.parent.postMessage({ source: "switchboard", ...message }, hostOrigin);
}

/** Tells the embedding page something happened; a no-op outside an iframe. */
export function emitHostEvent(event: HostEvent): void {
  if (window.parent === window) return;
  if (hostOrigin) post(event);
  else queued.push(event);
}

export function HostBridge({ allowedOrigins, initial }: { allowedOrigins: string[]; initial: HostEvent["type"] }) {
  useEffect(() => {
    if (window.parent === window) return;
    const onMessage = (event: MessageEvent) => {
      if (event.source !== window.parent || !allowedOrigins.includes(event.origin)) return;
      const data = event.data as { source?: unknown; type?: unknown } | null;
      if (!data || data.source !== "switchboard-host" || data.type !== "init" || hostOrigin) return;
      hostOrigin = event.origin;
      post({ type: "resize", height: contentHeight() });
      for (const pending of queued.splice(0)) post(pending);
    };
    window.addEventListener("message", onMessage);
    for (const origin of allowedOrigins) window.parent.postMessage({ source: "switchboard", type: "hello" }, origin);
    emitHostEvent({ type: initial });

    const observer = new ResizeObserver(() => post({ type: "resize", height: contentHeight() }));
    const main = document.querySelector("main");
    if (main) observer.observe(main);
    return () => {
      window.removeEventListener("message", onMessage);
      observer.disconnect();
    };
  }, [allowedOrigins, initial]);
  return null;
}
