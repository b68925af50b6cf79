import { json, type Handler, type Reply, type Request } from "../../http";
import type { PoderoState, User } from "../state";

// What every Podero API route shares: Django REST framework's `{"detail": …}` errors, the
// bearer token check, the one organisation and its users.

export const API = "/api/partners/v2.0";
export const PODERO_ORG_ID = "3f6c2a4e-8d1b-4c7a-9e52-0b7d1f2a6c90";

export const detail = (status: number, text: unknown, headers?: Record<string, string>): Reply => json(status, { detail: text }, headers);
export const NOT_FOUND: Reply = detail(404, "Not found.");
export const PARSE_ERROR: Reply = detail(400, "JSON parse error.");

/** The route runs only with a live bearer token; otherwise DRF's 401 with its two wordings. */
export function authed(state: PoderoState, handler: Handler): Handler {
  return (req) => {
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "");
    const refused = !match ? "Authentication credentials were not provided." : state.tokenValid(match[1]!) ? null : "Invalid token.";
    return refused ? detail(401, refused, { "WWW-Authenticate": 'Bearer realm="api"' }) : handler(req);
  };
}

/** The organisation's user named by the path (`{org_id}`, `{user_id}`), or null: both unknown ones are 404. */
export function pathUser(state: PoderoState, req: Request): User | null {
  if (req.params.org_id !== PODERO_ORG_ID) return null;
  return state.users.get((req.params.user_id ?? "").toLowerCase()) ?? null;
}

/** The parsed JSON body (`{}` when empty), or undefined when it is not JSON at all. */
export function jsonBody(req: Request): unknown {
  if (!req.body.trim()) return {};
  try {
    return JSON.parse(req.body) as unknown;
  } catch {
    return undefined;
  }
}

/** DRF's BooleanField reading of a query parameter. */
export const queryFlag = (req: Request, name: string): boolean => ["true", "True", "1", "yes", "on"].includes(req.query.get(name) ?? "");
