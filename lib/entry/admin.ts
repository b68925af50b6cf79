import "server-only";
import { requireAdmin } from "@/lib/admin/guard";
import type { AdminIdentity, AdminRole } from "@/lib/admin/users";
import { env } from "@/lib/env";
import { adminActor, type Actor } from "@/lib/events";
import { errorResponse, fail, jsonResponse, run } from "@/lib/result";
import { observe } from "./observe";
import { parseInput, readBody, type InputSpec } from "./input";

// Every console route (/api/admin/…): for anything that changes state the request's Origin
// must be APP_URL (the session cookie is SameSite=Lax already; this closes the rest), then
// the body (size-limited, read before anything else), then the role (read from the
// database), then the input by its schemas, then the work.

type Context = { params: Promise<unknown> };

export function adminRoute<P = undefined, Q = undefined, B = undefined>(
  spec: InputSpec<P, Q, B> & {
    role: AdminRole;
    /** What params that do not parse mean ("No such API key."). */
    notFound?: string;
    /** What a body that does not parse means, in the console's words. */
    invalid?: string;
  },
  work: (input: { admin: AdminIdentity; actor: Actor; params: P; query: Q; body: B }) => Promise<unknown>,
): (request: Request, context: Context) => Promise<Response> {
  return observe(async (request, context) => {
    if (request.method !== "GET" && request.headers.get("origin") !== env().APP_URL) {
      return errorResponse(fail("forbidden", "Cross-origin requests are not allowed."));
    }
    const raw = spec.body ? await readBody(request, "admin") : "";
    if (typeof raw !== "string") return errorResponse(raw);
    const signedIn = await run(() => requireAdmin(spec.role));
    if (!signedIn.ok) return errorResponse(signedIn);
    const admin = signedIn.data;
    const invalid = spec.invalid ?? "That request was not valid.";
    const input = await parseInput(
      spec,
      request,
      context,
      {
        params: () => fail("not_found", spec.notFound ?? "Not found."),
        notJson: invalid,
        invalidBody: invalid,
      },
      raw,
    );
    if (!input.ok) return errorResponse(input);
    const result = await run(() => work({ admin, actor: adminActor(admin), params: input.params, query: input.query, body: input.body }));
    if (!result.ok) return errorResponse(result);
    return result.data instanceof Response ? result.data : jsonResponse(result.data);
  });
}
