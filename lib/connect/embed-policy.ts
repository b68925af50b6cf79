import "server-only";
import { hashToken } from "@/lib/crypto";
import { db } from "@/lib/db";
import { frameAncestors } from "@/lib/origins";
import { sessionTokenShape } from "./sessions";

/** The origins that may embed a session (also after it expired, to show the notice). */
export async function sessionOrigins(token: string): Promise<string[]> {
  if (!sessionTokenShape.safeParse(token).success) return [];
  const session = await db().connectSession.findUnique({ where: { tokenHash: hashToken(token) }, select: { allowedOrigins: true } });
  return session?.allowedOrigins ?? [];
}

/** The CSP for an embed page: frame-ancestors from its session, or 'none'. */
export async function embedFrameAncestors(token: string): Promise<string> {
  return frameAncestors(await sessionOrigins(token));
}
