import { z } from "zod";
import { adminRoute, jsonError } from "@/lib/admin/http";
import { revokeApiKey } from "@/lib/api-keys";

export const dynamic = "force-dynamic";

export async function POST(request: Request, context: { params: Promise<{ id: string }> }) {
  const { id } = await context.params;
  if (!z.uuid().safeParse(id).success) return jsonError("not_found", "No such API key.");
  return adminRoute(request, "admin", async (admin) => {
    await revokeApiKey(id, { actorType: "ADMIN", actorId: admin.email });
    return { revoked: true };
  });
}
