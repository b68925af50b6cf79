import { z } from "zod";
import { requireConnector, toConnectorView } from "@/lib/connect/connectors";
import { run } from "@/lib/connect/run";
import { requireSession } from "@/lib/connect/sessions";
import { errorResponse } from "@/lib/result";

export const dynamic = "force-dynamic";

// Polled by the widget while the user connects in another tab (the "Open in a new tab" way
// out of a blocked popup). The session token travels in a header, not the URL.
export async function GET(request: Request, context: { params: Promise<{ id: string }> }) {
  const { id } = await context.params;
  const token = request.headers.get("x-switchboard-session") ?? "";
  if (!z.uuid().safeParse(id).success) return errorResponse("not_found", "No such connector.");
  const result = await run(async () => {
    const session = await requireSession(token);
    return toConnectorView(await requireConnector(session.account.id, id));
  });
  if (!result.ok) return errorResponse(result.error.code, result.error.message);
  return Response.json(result.data, { headers: { "Cache-Control": "no-store" } });
}
