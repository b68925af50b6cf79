import { z } from "zod";
import { adminRoute } from "@/lib/entry/admin";
import { retryDelivery } from "@/lib/webhooks/endpoints";

export const dynamic = "force-dynamic";

export const POST = adminRoute({ role: "admin", params: z.object({ id: z.uuid() }), notFound: "No such delivery." }, async ({ actor, params }) => {
  await retryDelivery(params.id, actor);
  return { queued: true };
});
