import "server-only";
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";

// A path segment Next cannot percent-decode (`/api/v1/accounts/%FF/connectors`, a lone `%`,
// an escaped lone surrogate such as `%ED%A0%80`) makes Next's router answer a bare 500 before
// any of Switchboard's code runs. Such a segment is taken literally instead: each `%` in it is
// escaped, so the route sees the text as it was typed ("%FF") and answers as for any other id
// it cannot use (a 400 naming the rule, or a 404). Done in Node's `http.server.request.start`
// diagnostics channel, which runs for every request before Next sees it.

/** The request target with every undecodable path segment made literal (the query is left as it is). */
export function decodableTarget(target: string): string {
  const queryAt = target.search(/[?#]/);
  const path = queryAt === -1 ? target : target.slice(0, queryAt);
  const rest = queryAt === -1 ? "" : target.slice(queryAt);
  let changed = false;
  const segments = path.split("/").map((segment) => {
    if (!segment.includes("%")) return segment;
    try {
      decodeURIComponent(segment);
      return segment;
    } catch {
      changed = true;
      return segment.replace(/%/g, "%25");
    }
  });
  return changed ? `${segments.join("/")}${rest}` : target;
}

const globalHook = globalThis as unknown as { switchboardTargetHook?: boolean };

/** Installs the rewrite for this process (once; instrumentation.ts calls it at start). */
export function makeRequestTargetsDecodable(): void {
  if (globalHook.switchboardTargetHook) return;
  globalHook.switchboardTargetHook = true;
  subscribe("http.server.request.start", (message) => {
    const { request } = message as { request: IncomingMessage };
    if (request.url?.includes("%")) request.url = decodableTarget(request.url);
  });
}
