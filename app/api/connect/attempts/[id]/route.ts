import { z } from "zod";
import { checkSessionAttempt } from "@/lib/connect/attempts";
import { run } from "@/lib/connect/run";
import { requireSession } from "@/lib/connect/sessions";
import { errorResponse } from "@/lib/result";

export const dynamic = "force-dynamic";

// Polled by the connect page while an attempt is pending. The session token travels in a
// header, not the URL, so it stays out of access logs.
export async function GET(request: Request, context: { params: Promise<{ id: string }> }) {
  const { id } = await context.params;
  const token = request.headers.get("x-switchboard-session") ?? "";
  if (!z.uuid().safeParse(id).success) {
    return errorResponse("not_found", "No such attempt.");
  }
  const result = await run(async () => checkSessionAttempt(await requireSession(token), id, "poll"));
  if (!result.ok) return errorResponse(result.error.code, result.error.message);
  return Response.json(result.data, { headers: { "Cache-Control": "no-store" } });
}
