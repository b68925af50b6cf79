import "server-only";
import { hashToken } from "@/lib/crypto";
import { db } from "@/lib/db";
import { frameAncestors } from "@/lib/origins";
import { sessionTokenShape, storedSession } from "./sessions";

/** The origins that may embed a session (also after it expired, to show the notice): in a page, its one read of the session. */
export async function sessionOrigins(token: string): Promise<string[]> {
  return (await storedSession(token))?.allowedOrigins ?? [];
}

/**
 * The CSP for an embed page: frame-ancestors from its session, or 'none'. proxy.ts asks before
 * the page is rendered, outside its request's cache, so this reads the origins alone.
 */
export async function embedFrameAncestors(token: string): Promise<string> {
  if (!sessionTokenShape.safeParse(token).success) return frameAncestors([]);
  const session = await db().connectSession.findUnique({ where: { tokenHash: hashToken(token) }, select: { allowedOrigins: true } });
  return frameAncestors(session?.allowedOrigins ?? []);
}
