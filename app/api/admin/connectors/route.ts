import { z } from "zod";
import { listConnectorRows, listFilters } from "@/lib/admin/queries";
import { adminRoute } from "@/lib/entry/admin";

export const dynamic = "force-dynamic";

const query = listFilters.extend({ account: z.uuid().optional().catch(undefined) });

// Polled by the live connector tables.
export const GET = adminRoute({ role: "viewer", query }, ({ query: { account, ...filters } }) => listConnectorRows(filters, account));
