import { z } from "zod";
import { checkSessionDeviceAttempt } from "@/lib/devices/attempts";
import { sessionRoute } from "@/lib/entry/connect";

export const dynamic = "force-dynamic";

const query = z.object({ trigger: z.enum(["poll", "closed"], "trigger is poll or closed").default("poll") });

// Polled by the connect page while a device attempt is pending (Podero is asked at most every
// few seconds); `?trigger=closed` once when the popup closes.
export const GET = sessionRoute({ params: z.object({ id: z.uuid() }), query, notFound: "No such attempt." }, ({ session, params, query }) =>
  checkSessionDeviceAttempt(session, params.id, query.trigger),
);
