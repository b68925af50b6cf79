import { z } from "zod";
import { adminDisconnect, adminRecheck } from "@/lib/admin/mutations";
import { adminRoute } from "@/lib/entry/admin";

export const dynamic = "force-dynamic";

const params = z.object({ id: z.uuid(), action: z.enum(["disconnect", "recheck"]) });

export const POST = adminRoute({ role: "admin", params, notFound: "No such action." }, ({ admin, params: { id, action } }) =>
  action === "disconnect" ? adminDisconnect(admin, id) : adminRecheck(admin, id),
);
