import "server-only";
import { z } from "zod";
import { checkSessionAttempt } from "@/lib/connect/attempts";
import { run } from "@/lib/connect/run";
import { requireSession } from "@/lib/connect/sessions";
import { httpStatus } from "@/lib/result";

export const dynamic = "force-dynamic";

// Polled by the connect page while an attempt is pending. The session token travels in a
// header, not the URL, so it stays out of access logs.
export async function GET(request: Request, context: { params: Promise<{ id: string }> }) {
  const { id } = await context.params;
  const token = request.headers.get("x-switchboard-session") ?? "";
  if (!z.uuid().safeParse(id).success) {
    return Response.json({ error: { code: "not_found", message: "No such attempt." } }, { status: 404 });
  }
  const result = await run(async () => checkSessionAttempt(await requireSession(token), id, "poll"));
  if (!result.ok) return Response.json({ error: result.error }, { status: httpStatus[result.error.code], headers: { "Cache-Control": "no-store" } });
  return Response.json(result.data, { headers: { "Cache-Control": "no-store" } });
}
