import { z } from "zod";
import { adminRoute, jsonError } from "@/lib/admin/http";
import { adminCreateLink } from "@/lib/admin/mutations";

export const dynamic = "force-dynamic";

export async function POST(request: Request, context: { params: Promise<{ id: string }> }) {
  const { id } = await context.params;
  if (!z.uuid().safeParse(id).success) return jsonError("not_found", "No such account.");
  return adminRoute(request, "admin", (admin) => adminCreateLink(admin, id));
}
