import { z } from "zod";
import { authenticateApiKey } from "@/lib/api-keys";
import { run } from "@/lib/connect/run";
import { createConnectSession, createSessionInput } from "@/lib/connect/sessions";
import { errorResponse as error } from "@/lib/result";

export const dynamic = "force-dynamic";


// POST /api/v1/connect-sessions — the host's backend mints a connect link for one of its users.
export async function POST(request: Request) {
  const apiKey = await authenticateApiKey(request.headers.get("authorization"));
  if (!apiKey) return error("unauthorized", "Missing or invalid API key. Send Authorization: Bearer <api key>.");

  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return error("bad_request", "The body must be JSON.");
  }
  const parsed = createSessionInput.safeParse(body);
  if (!parsed.success) {
    return error("bad_request", "The request body is not valid.", z.flattenError(parsed.error).fieldErrors as Record<string, string[]>);
  }
  const result = await run(() => createConnectSession(parsed.data, apiKey));
  if (!result.ok) {
    if (result.error.code === "not_found") return error("not_found", `Cyclr has no account with id "${parsed.data.accountId}".`);
    return error(result.error.code, result.error.message, result.error.fields);
  }
  const { token, url, embedUrl, expiresAt } = result.data;
  return Response.json({ token, url, embedUrl, expiresAt: expiresAt.toISOString() }, { status: 201, headers: { "Cache-Control": "no-store" } });
}
