import { adminRoute } from "@/lib/admin/http";
import { deliveryFilter, deliveryPage } from "./deliveries";

export const dynamic = "force-dynamic";

// Polled by the console's delivery log; ?status=PENDING|DELIVERED|FAILED&before=<cursor>.
export async function GET(request: Request) {
  const filter = deliveryFilter.parse(Object.fromEntries(new URL(request.url).searchParams));
  return adminRoute(request, "viewer", () => deliveryPage(filter));
}
