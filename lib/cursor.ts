import { z } from "zod";

// Keyset paging (console lists, the connect page's offered apps): where the next page starts, as an opaque URL-safe string
// (base64url of JSON), checked by a schema when it comes back. A cursor that does not parse
// starts from the top.

export function encodeCursor<T extends Record<string, string>>(cursor: T): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

export function decodeCursor<T>(schema: z.ZodType<T>, value: string | undefined): T | null {
  if (!value) return null;
  try {
    const text = Buffer.from(value, "base64url").toString("utf8");
    // No cursor of ours holds U+0000 (PostgreSQL's text cannot): a crafted one starts from the top too.
    return text.includes("\\u0000") ? null : schema.parse(JSON.parse(text));
  } catch {
    return null;
  }
}

/** Newest first by time, then id: the audit trail and the webhook delivery log. */
export const timeCursor = z.object({ at: z.iso.datetime(), id: z.uuid() });

/** Which way a page is read, in the list's own order: after a row (the next page) or before it (the previous one). */
export type PageDirection = "after" | "before";

/** A page of a keyset-paged list, with the cursors of the pages on either side (null at either end). */
export type KeysetPage<Row> = { rows: Row[]; next: string | null; previous: string | null };

/**
 * One page in either direction. `read(cursor, direction, take)` returns up to `take` rows
 * strictly after `cursor` in the list's order ("after"), or strictly before it, nearest
 * first ("before": the list's order reversed). Reading back past the start gives the first
 * page; `previous` is offered whenever the page was reached through a cursor.
 */
export async function keysetPage<Row, C extends Record<string, string>>(
  schema: z.ZodType<C>,
  request: { after?: string; before?: string },
  size: number,
  key: (row: Row) => C,
  read: (cursor: C | null, direction: PageDirection, take: number) => Promise<Row[]>,
): Promise<KeysetPage<Row>> {
  const before = decodeCursor(schema, request.before);
  if (before) {
    const found = await read(before, "before", size + 1);
    if (found.length <= size) return keysetPage(schema, {}, size, key, read);
    const rows = found.slice(0, size).reverse();
    return { rows, previous: encodeCursor(key(rows[0]!)), next: encodeCursor(key(rows.at(-1)!)) };
  }
  const after = decodeCursor(schema, request.after);
  const found = await read(after, "after", size + 1);
  const rows = found.slice(0, size);
  const [first, last] = [rows[0], rows.at(-1)];
  return { rows, next: found.length > size && last ? encodeCursor(key(last)) : null, previous: after && first ? encodeCursor(key(first)) : null };
}

/** Where and order for a list by (name, id) ascending, read after or before a cursor. */
export function byNameFrom(cursor: { name: string; id: string } | null, direction: PageDirection) {
  if (direction === "after") {
    return {
      where: cursor ? { OR: [{ name: { gt: cursor.name } }, { name: cursor.name, id: { gt: cursor.id } }] } : {},
      orderBy: [{ name: "asc" as const }, { id: "asc" as const }],
    };
  }
  return {
    where: cursor ? { OR: [{ name: { lt: cursor.name } }, { name: cursor.name, id: { lt: cursor.id } }] } : {},
    orderBy: [{ name: "desc" as const }, { id: "desc" as const }],
  };
}

/** Where and order for a list by (createdAt, id) descending (newest first), read after (older) or before (newer) a cursor. */
export function byTimeFrom(cursor: { at: string; id: string } | null, direction: PageDirection) {
  const at = cursor ? new Date(cursor.at) : null;
  if (direction === "after") {
    return {
      where: cursor && at ? { OR: [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: cursor.id } }] } : {},
      orderBy: [{ createdAt: "desc" as const }, { id: "desc" as const }],
    };
  }
  return {
    where: cursor && at ? { OR: [{ createdAt: { gt: at } }, { createdAt: at, id: { gt: cursor.id } }] } : {},
    orderBy: [{ createdAt: "asc" as const }, { id: "asc" as const }],
  };
}

/** The name cursor of the console's lists by name. */
export const nameCursor = z.object({ name: z.string(), id: z.uuid() });
