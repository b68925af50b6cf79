import { run } from "@/lib/connect/run";
import { env } from "@/lib/env";
import { errorResponse } from "@/lib/result";
import { requireAdmin } from "./guard";
import type { AdminIdentity, AdminRole } from "./users";

// Admin route handlers: same-origin check for anything that changes state (the session
// cookie is SameSite=Lax already; this closes the rest), then the role check, then the work.

export { errorResponse as jsonError };

export async function adminRoute(request: Request, role: AdminRole, work: (admin: AdminIdentity) => Promise<unknown>): Promise<Response> {
  if (request.method !== "GET" && request.headers.get("origin") !== env().APP_URL) {
    return errorResponse("forbidden", "Cross-origin requests are not allowed.");
  }
  const result = await run(async () => work(await requireAdmin(role)));
  if (!result.ok) return errorResponse(result.error.code, result.error.message, result.error.fields);
  return Response.json(result.data, { headers: { "Cache-Control": "no-store" } });
}
