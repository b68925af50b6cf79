import { z } from "zod";
import { requireConnector, toConnectorView } from "@/lib/connect/connectors";
import { sessionRoute } from "@/lib/entry/connect";

export const dynamic = "force-dynamic";

// Polled by the widget while the user connects in another tab (the "Open in a new tab" way
// out of a blocked popup).
export const GET = sessionRoute({ params: z.object({ id: z.uuid() }), notFound: "No such connector." }, async ({ session, params }) =>
  toConnectorView(await requireConnector(session.account.id, params.id)),
);
