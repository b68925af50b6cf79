import type { IncomingMessage, ServerResponse } from "node:http";

// The small HTTP toolkit the routes share: a parsed request in, a reply value out. Routes
// never touch node's req/res, so each one reads as "check → change state → answer".

export type Request = {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: string;
  params: Record<string, string>;
};
export type Reply = { status: number; json?: unknown; html?: string; headers?: Record<string, string> };
export type Handler = (req: Request) => Reply | Promise<Reply>;
export type Route = { method: string; pattern: string; regex: RegExp; handler: Handler };

/** `/v1.0/accounts/{id}` → a regex with one named group per `{name}`, each one path segment. */
export function patternRegex(pattern: string): RegExp {
  const escaped = pattern.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{(\w+)\}/g, "(?<$1>[^/]+)");
  return new RegExp(`^${escaped}$`);
}

export function route(method: string, pattern: string, handler: Handler): Route {
  return { method, pattern, regex: patternRegex(pattern), handler };
}

/** The route for a request: with its decoded path parameters, "wrong-method" when only the method differs, or null. */
export function findRoute(routes: Route[], method: string, path: string): { route: Route; params: Record<string, string> } | "wrong-method" | null {
  let pathMatched = false;
  for (const route of routes) {
    const found = route.regex.exec(path);
    if (!found) continue;
    if (route.method !== method) {
      pathMatched = true;
      continue;
    }
    const params: Record<string, string> = {};
    for (const [key, value] of Object.entries(found.groups ?? {})) {
      try {
        params[key] = decodeURIComponent(value);
      } catch {
        params[key] = value; // a malformed escape is just an id that matches nothing
      }
    }
    return { route, params };
  }
  return pathMatched ? "wrong-method" : null;
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({ status, json: body, headers });
/** Cyclr's (ASP.NET Web API's) error shape. */
export const message = (status: number, text: string): Reply => json(status, { Message: text });
export const DENIED: Reply = message(401, "Authorization has been denied for this request.");
export const INVALID_BODY: Reply = message(400, "The request is invalid.");
/** ASP.NET Web API's answer to an unhandled exception. */
export const SERVER_ERROR: Reply = message(500, "An error has occurred.");

/** A JSON object body; `{}` for an empty body, null for anything else (arrays, bad JSON). */
export function parseJson(body: string): Record<string, unknown> | null {
  if (!body.trim()) return {};
  try {
    const value = JSON.parse(body) as unknown;
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

/** `page` is 1-based; nonsense falls back to the defaults rather than failing, as Web API binding does. */
export function paging(query: URLSearchParams): { page: number; pageSize: number } {
  const page = Math.max(1, Number.parseInt(query.get("page") ?? "", 10) || 1);
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Number.parseInt(query.get("pageSize") ?? "", 10) || DEFAULT_PAGE_SIZE));
  return { page, pageSize };
}

/** One page of a list, as the bare array Cyclr returns. */
export function pageOf<T>(items: readonly T[], query: URLSearchParams): T[] {
  const { page, pageSize } = paging(query);
  return items.slice((page - 1) * pageSize, page * pageSize);
}

const MAX_BODY_BYTES = 1_000_000;

export class BodyTooLarge extends Error {}

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function send(res: ServerResponse, reply: Reply): void {
  // Cyclr sends nosniff on everything, errors and pages included.
  const headers: Record<string, string> = { "X-Content-Type-Options": "nosniff", ...reply.headers };
  if (reply.html !== undefined) {
    res.writeHead(reply.status, { "Content-Type": "text/html; charset=utf-8", ...headers });
    res.end(reply.html);
  } else if (reply.json !== undefined) {
    res.writeHead(reply.status, { "Content-Type": "application/json; charset=utf-8", ...headers });
    res.end(JSON.stringify(reply.json));
  } else {
    res.writeHead(reply.status, headers);
    res.end();
  }
}

/** JSON that is never cached, as the other services' emulators (Podero, the OIDC issuer) answer. */
export function sendUncachedJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  send(res, { status, json: body, headers: { "Cache-Control": "no-store", ...headers } });
}
