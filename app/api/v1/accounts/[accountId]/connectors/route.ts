import { z } from "zod";
import { knownAccountIdSchema } from "@/lib/connect/accounts";
import { accountStatuses } from "@/lib/connect/host-statuses";
import { hostApiRoute } from "@/lib/entry/host-api";

export const dynamic = "force-dynamic";

const params = z.object({ accountId: knownAccountIdSchema });
const query = z.object({ refresh: z.enum(["true", "false"], "refresh is true or false.").optional() });

// GET /api/v1/accounts/<cyclr account id>/connectors[?refresh=true] — the host's backend
// reads one account's connectors and their statuses.
export const GET = hostApiRoute({ params, query }, ({ params, query }) => accountStatuses(params.accountId, { refresh: query.refresh === "true" }));
