import { z } from "zod";
import { adminRoute, jsonError } from "@/lib/admin/http";
import { adminDisconnect, adminRecheck } from "@/lib/admin/mutations";

export const dynamic = "force-dynamic";

const params = z.object({ id: z.uuid(), action: z.enum(["disconnect", "recheck"]) });

export async function POST(request: Request, context: { params: Promise<{ id: string; action: string }> }) {
  const parsed = params.safeParse(await context.params);
  if (!parsed.success) return jsonError("not_found", "No such action.");
  const { id, action } = parsed.data;
  return adminRoute(request, "admin", (admin) => (action === "disconnect" ? adminDisconnect(admin, id) : adminRecheck(admin, id)));
}
