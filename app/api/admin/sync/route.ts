import "server-only";
import { adminRoute } from "@/lib/admin/http";
import { syncAll } from "@/lib/sync/cyclr-sync";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

export async function POST(request: Request) {
  return adminRoute(request, "admin", (admin) => syncAll({ actorType: "ADMIN", actorId: admin.email }));
}
