import { eventFilters, eventsCsv } from "@/lib/admin/events";
import { requireAdmin } from "@/lib/admin/guard";
import { run } from "@/lib/connect/run";
import { recordEvent } from "@/lib/events";
import { errorResponse } from "@/lib/result";

export const dynamic = "force-dynamic";

// The filtered audit trail as a CSV download (streamed, page by page).
export async function GET(request: Request) {
  const signedIn = await run(() => requireAdmin("viewer"));
  if (!signedIn.ok) return errorResponse(signedIn.error.code, signedIn.error.message);
  const admin = signedIn.data;
  const filters = eventFilters.parse(Object.fromEntries(new URL(request.url).searchParams));
  await recordEvent({ type: "events.exported", outcome: "success", actorType: "ADMIN", actorId: admin.email, data: { filters } });
  const encoder = new TextEncoder();
  const rows = eventsCsv({ ...filters, before: undefined });
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await rows.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="switchboard-events-${stamp}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
