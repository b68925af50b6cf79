import { z } from "zod";
import { connectorListFilters, listConnectorRows } from "@/lib/admin/queries";
import { adminRoute } from "@/lib/entry/admin";

export const dynamic = "force-dynamic";

const query = connectorListFilters.extend({ account: z.uuid().optional().catch(undefined) });

// Polled by the live connector tables (the connectors list, with devices when Podero is configured).
export const GET = adminRoute({ role: "viewer", query }, ({ query: { account, ...filters } }) => listConnectorRows(filters, account));
