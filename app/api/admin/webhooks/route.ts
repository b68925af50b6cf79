import { adminRoute } from "@/lib/entry/admin";
import { deliveryFilter, deliveryPage } from "@/lib/webhooks/endpoints";

export const dynamic = "force-dynamic";

// Polled by the console's delivery log; ?status=PENDING|DELIVERED|FAILED&before=<cursor>.
export const GET = adminRoute({ role: "viewer", query: deliveryFilter }, ({ query }) => deliveryPage(query));
