import { z } from "zod";
import { revokeApiKey } from "@/lib/api-keys";
import { adminRoute } from "@/lib/entry/admin";

export const dynamic = "force-dynamic";

export const POST = adminRoute({ role: "admin", params: z.object({ id: z.uuid() }), notFound: "No such API key." }, async ({ actor, params }) => {
  await revokeApiKey(params.id, actor);
  return { revoked: true };
});
