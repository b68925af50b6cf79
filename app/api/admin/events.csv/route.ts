import "server-only";
import { eventFilters, eventsCsv } from "@/lib/admin/events";
import { requireAdmin } from "@/lib/admin/guard";
import { jsonError } from "@/lib/admin/http";
import { recordEvent } from "@/lib/events";
import { AppError } from "@/lib/result";

export const dynamic = "force-dynamic";

// The filtered audit trail as a CSV download (streamed, page by page).
export async function GET(request: Request) {
  let admin;
  try {
    admin = await requireAdmin("viewer");
  } catch (error) {
    if (AppError.is(error)) return jsonError(error.code, error.message);
    throw error;
  }
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
