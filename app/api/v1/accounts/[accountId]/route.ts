import { z } from "zod";
import { accountIdSchema, accountInput, provisionAccount } from "@/lib/connect/accounts";
import { hostApiRoute } from "@/lib/entry/host-api";
import { jsonResponse } from "@/lib/result";

export const dynamic = "force-dynamic";

// PUT /api/v1/accounts/<the host's tenant id> {"name", "timezone"?} — creates the Cyclr
// account with that id (201), renames it (200), or finds it as it should be (200).
export const PUT = hostApiRoute({ params: z.object({ accountId: accountIdSchema }), body: accountInput }, async ({ apiKey, params, body }) => {
  const { account, created } = await provisionAccount(params.accountId, body, { actorType: "HOST_API", actorId: apiKey.id });
  return jsonResponse({ account }, created ? 201 : 200);
});
