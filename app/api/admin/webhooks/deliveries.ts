import "server-only";
import { z } from "zod";
import { DELIVERY_PAGE, listDeliveries, type DeliveryRow } from "@/lib/webhooks/endpoints";

// One page of the webhook delivery log, as the console's table gets it: from this folder's
// GET route while it polls, and from the Webhooks page for its first render.

export const deliveryFilter = z.object({
  status: z.enum(["PENDING", "DELIVERED", "FAILED"]).optional().catch(undefined),
  before: z
    .string()
    .regex(/^\d{13}_[0-9a-f-]{36}$/)
    .optional()
    .catch(undefined),
});

export type DeliveryFilter = z.infer<typeof deliveryFilter>;

type Dates = "createdAt" | "lastAttemptAt" | "nextAttemptAt" | "deliveredAt";

/** A delivery with its dates as ISO strings, the same whether rendered on the server or fetched. */
export type DeliveryView = Omit<DeliveryRow, Dates> & { createdAt: string; lastAttemptAt: string | null; nextAttemptAt: string | null; deliveredAt: string | null };

/** Newest first; `next` is the `before` cursor of the following page, if there may be one. */
export type DeliveryPage = { rows: DeliveryView[]; next: string | null };

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export async function deliveryPage({ status, before }: DeliveryFilter): Promise<DeliveryPage> {
  const [at, id] = before?.split("_") ?? [];
  const rows = await listDeliveries({ status, before: at && id ? { createdAt: new Date(Number(at)), id } : undefined });
  const last = rows.at(-1);
  return {
    rows: rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString(), lastAttemptAt: iso(row.lastAttemptAt), nextAttemptAt: iso(row.nextAttemptAt), deliveredAt: iso(row.deliveredAt) })),
    next: rows.length === DELIVERY_PAGE && last ? `${last.createdAt.getTime()}_${last.id}` : null,
  };
}
