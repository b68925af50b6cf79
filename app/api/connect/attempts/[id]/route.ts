import { z } from "zod";
import { checkSessionAttempt } from "@/lib/connect/attempts";
import { sessionRoute } from "@/lib/entry/connect";

export const dynamic = "force-dynamic";

// Polled by the connect page while an attempt is pending.
export const GET = sessionRoute({ params: z.object({ id: z.uuid() }), notFound: "No such attempt." }, ({ session, params }) =>
  checkSessionAttempt(session, params.id, "poll"),
);
