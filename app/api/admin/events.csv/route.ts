import { eventFilters, eventsCsv } from "@/lib/admin/events";
import { adminRoute } from "@/lib/entry/admin";
import { recordEvent } from "@/lib/events";

export const dynamic = "force-dynamic";

// The filtered audit trail as a CSV download (streamed, page by page).
export const GET = adminRoute({ role: "viewer", query: eventFilters }, async ({ actor, query: filters }) => {
  await recordEvent({ ...actor, type: "events.exported", outcome: "success", data: { filters } });
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
});
