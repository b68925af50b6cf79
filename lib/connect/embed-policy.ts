import { hashToken } from "@/lib/crypto";
import { db } from "@/lib/db";
import { frameAncestors } from "@/lib/origins";

/** The CSP for an embed page: frame-ancestors from its live session, or 'none'. */
export async function embedFrameAncestors(token: string): Promise<string> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return frameAncestors([]);
  const session = await db().connectSession.findUnique({ where: { tokenHash: hashToken(token) }, select: { allowedOrigins: true, expiresAt: true } });
  // An expired session still lets its host frame the "expired" notice.
  return frameAncestors(session?.allowedOrigins ?? []);
}
