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
