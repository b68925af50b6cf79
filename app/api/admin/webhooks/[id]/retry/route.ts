import { z } from "zod";
import { adminRoute, jsonError } from "@/lib/admin/http";
import { retryDelivery } from "@/lib/webhooks/endpoints";

export const dynamic = "force-dynamic";

export async function POST(request: Request, context: { params: Promise<{ id: string }> }) {
  const { id } = await context.params;
  if (!z.uuid().safeParse(id).success) return jsonError("not_found", "No such delivery.");
  return adminRoute(request, "admin", async (admin) => {
    await retryDelivery(id, { actorType: "ADMIN", actorId: admin.email });
    return { queued: true };
  });
}
