import { authenticateApiKey } from "@/lib/api-keys";
import { accountStatuses } from "@/lib/connect/host-statuses";
import { run } from "@/lib/connect/run";
import { errorResponse as error } from "@/lib/result";

export const dynamic = "force-dynamic";

// GET /api/v1/accounts/<cyclr account id>/connectors[?refresh=true] — the host's backend
// reads one account's connectors and their statuses.
export async function GET(request: Request, context: { params: Promise<{ accountId: string }> }) {
  const apiKey = await authenticateApiKey(request.headers.get("authorization"));
  if (!apiKey) return error("unauthorized", "Missing or invalid API key. Send Authorization: Bearer <api key>.");
  const { accountId } = await context.params;
  if (!accountId || accountId.length > 128) return error("bad_request", "accountId is 1 to 128 characters.");
  const refresh = new URL(request.url).searchParams.get("refresh");
  if (refresh !== null && refresh !== "true" && refresh !== "false") return error("bad_request", "refresh is true or false.");
  const result = await run(() => accountStatuses(accountId, { refresh: refresh === "true" }));
  if (!result.ok) {
    if (result.error.code === "not_found") return error("not_found", `No account with id "${accountId}".`);
    return error(result.error.code, result.error.message);
  }
  return Response.json(result.data, { headers: { "Cache-Control": "no-store" } });
}
