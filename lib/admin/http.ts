import { CyclrError } from "@/lib/cyclr/errors";
import { env } from "@/lib/env";
import { AppError, httpStatus, type ErrorCode } from "@/lib/result";
import { requireAdmin } from "./guard";
import type { AdminIdentity, AdminRole } from "./users";

// Admin route handlers: same-origin check for anything that changes state (the session
// cookie is SameSite=Lax already; this closes the rest), then the role check, then the work.

export function jsonError(code: ErrorCode, message: string): Response {
  return Response.json({ error: { code, message } }, { status: httpStatus[code], headers: { "Cache-Control": "no-store" } });
}

export async function adminRoute(request: Request, role: AdminRole, work: (admin: AdminIdentity) => Promise<unknown>): Promise<Response> {
  if (request.method !== "GET") {
    const origin = request.headers.get("origin");
    if (origin !== env().APP_URL) return jsonError("forbidden", "Cross-origin requests are not allowed.");
  }
  try {
    const admin = await requireAdmin(role);
    return Response.json(await work(admin), { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (AppError.is(error)) return jsonError(error.code, error.message);
    if (CyclrError.is(error)) return jsonError(error.code === "not_found" ? "not_found" : "upstream", error.message);
    console.error("Unexpected error:", error instanceof Error ? error.message : "unknown");
    return jsonError("internal", "Something went wrong on our side. Please try again.");
  }
}
