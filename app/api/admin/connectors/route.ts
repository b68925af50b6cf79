import { adminRoute } from "@/lib/admin/http";
import { listConnectorRows, listFilters } from "@/lib/admin/queries";

export const dynamic = "force-dynamic";

// Polled by the live connector tables.
export async function GET(request: Request) {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const filters = listFilters.parse(params);
  const accountId = typeof params.account === "string" && /^[0-9a-f-]{36}$/.test(params.account) ? params.account : undefined;
  return adminRoute(request, "viewer", () => listConnectorRows(filters, accountId));
}
