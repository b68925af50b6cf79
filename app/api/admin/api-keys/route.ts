import "server-only";
import { z } from "zod";
import { adminRoute, jsonError } from "@/lib/admin/http";
import { createApiKey } from "@/lib/api-keys";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  const body = z.object({ name: z.string() }).safeParse(await request.json().catch(() => null));
  if (!body.success) return jsonError("bad_request", "Give the key a name.");
  return adminRoute(request, "admin", async (admin) => {
    const { key, apiKey } = await createApiKey(body.data.name, { actorType: "ADMIN", actorId: admin.email });
    return { key, name: apiKey.name, prefix: apiKey.prefix };
  });
}
