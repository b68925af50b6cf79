import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { byTimeFrom, keysetPage, timeCursor, type KeysetPage } from "@/lib/cursor";
import type { Prisma } from "@/lib/generated/prisma/client";
import { deviceName } from "@/lib/devices/names";
import { filterText } from "@/lib/text";

// The audit trail, filtered and paged by (createdAt, id) descending, and as CSV.

export const eventFilters = z.object({
  account: filterText(128),
  connector: filterText(128),
  type: filterText(64),
  actor: filterText(254),
  from: z.iso.date().optional().catch(undefined),
  to: z.iso.date().optional().catch(undefined),
  /** Older events (the next page) start after this cursor; newer ones (the previous page) end before it. */
  after: filterText(200),
  before: filterText(200),
});
export type EventFilters = z.infer<typeof eventFilters>;

export type EventRow = {
  id: string;
  at: string;
  type: string;
  outcome: string;
  actorType: string;
  actorId: string | null;
  account: string | null;
  connector: string | null;
  /** A Podero device's name (device.* events). */
  device: string | null;
  message: string | null;
};

const actorTypes = ["END_USER", "ADMIN", "HOST_API", "SYSTEM"] as const;

function where(filters: EventFilters): Prisma.EventWhereInput {
  const and: Prisma.EventWhereInput[] = [];
  if (filters.account) and.push({ account: { OR: [{ cyclrAccountId: filters.account }, { name: { contains: filters.account, mode: "insensitive" } }] } });
  if (filters.connector) {
    const text = { contains: filters.connector, mode: "insensitive" } as const;
    // A device's events are found by its name too (manufacturer, model or type).
    and.push({
      OR: [{ accountConnector: { name: text } }, { device: { OR: [{ manufacturer: text }, { model: text }, { typeName: text }] } }],
    });
  }
  if (filters.type) and.push({ type: { startsWith: filters.type } });
  if (filters.actor) {
    const kind = actorTypes.find((t) => t === filters.actor!.toUpperCase().replace(/[ -]/g, "_"));
    and.push(kind ? { OR: [{ actorId: filters.actor }, { actorType: kind }] } : { actorId: filters.actor });
  }
  if (filters.from) and.push({ createdAt: { gte: new Date(`${filters.from}T00:00:00Z`) } });
  if (filters.to) and.push({ createdAt: { lt: new Date(new Date(`${filters.to}T00:00:00Z`).getTime() + 86_400_000) } });
  return { AND: and };
}

const include = {
  account: true,
  accountConnector: true,
  device: { select: { manufacturer: true, model: true, typeName: true } },
} satisfies Prisma.EventInclude;

function toRow(e: Prisma.EventGetPayload<{ include: typeof include }>): EventRow {
  return {
    id: e.id,
    at: e.createdAt.toISOString(),
    type: e.type,
    outcome: e.outcome,
    actorType: e.actorType,
    actorId: e.actorId,
    account: e.account ? `${e.account.name} (${e.account.cyclrAccountId})` : null,
    connector: e.accountConnector?.name ?? null,
    device: e.device ? deviceName(e.device) : null,
    message: e.message,
  };
}

export const EVENTS_PAGE = 50;

export async function listEvents(filters: EventFilters): Promise<KeysetPage<EventRow>> {
  return keysetPage(
    timeCursor,
    filters,
    EVENTS_PAGE,
    (row) => ({ at: row.at, id: row.id }),
    async (cursor, direction, take) => {
      const page = byTimeFrom(cursor, direction);
      const found = await db().event.findMany({
        where: { AND: [where(filters), page.where] },
        orderBy: page.orderBy,
        take,
        include,
      });
      return found.map(toRow);
    },
  );
}

/** CSV, streamed in pages; cells that a spreadsheet would run as a formula are defused. */
export async function* eventsCsv(filters: EventFilters): AsyncGenerator<string> {
  const cell = (value: string | null) => {
    let text = value ?? "";
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  yield "time,type,outcome,actor_type,actor,account,connector,message\r\n";
  let after: string | undefined;
  for (let pages = 0; pages < 2000; pages++) {
    const page = await listEvents({ ...filters, after, before: undefined });
    for (const r of page.rows) {
      yield `${[r.at, r.type, r.outcome, r.actorType, r.actorId, r.account, r.connector, r.message].map(cell).join(",")}\r\n`;
    }
    if (!page.next) return;
    after = page.next;
  }
}
