import { z } from "zod";
import { adminRoute } from "@/lib/entry/admin";
import { sendTestEvent } from "@/lib/webhooks/endpoints";

export const dynamic = "force-dynamic";

export const POST = adminRoute({ role: "admin", params: z.object({ id: z.uuid() }), notFound: "No such API key." }, ({ actor, params }) =>
  sendTestEvent(params.id, actor),
);
