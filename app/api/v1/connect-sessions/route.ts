import { createConnectSession, createSessionInput } from "@/lib/connect/sessions";
import { hostApiRoute } from "@/lib/entry/host-api";

export const dynamic = "force-dynamic";

// POST /api/v1/connect-sessions — the host's backend mints a connect link for one of its users.
export const POST = hostApiRoute({ body: createSessionInput, status: 201 }, async ({ apiKey, body }) => {
  const { token, url, embedUrl, expiresAt } = await createConnectSession(body, apiKey);
  return { token, url, embedUrl, expiresAt: expiresAt.toISOString() };
});
