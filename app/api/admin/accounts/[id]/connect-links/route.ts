import { z } from "zod";
import { adminCreateLink } from "@/lib/admin/mutations";
import { adminRoute } from "@/lib/entry/admin";

export const dynamic = "force-dynamic";

export const POST = adminRoute({ role: "admin", params: z.object({ id: z.uuid() }), notFound: "No such account." }, ({ admin, params }) =>
  adminCreateLink(admin, params.id),
);
