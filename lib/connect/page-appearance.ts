import "server-only";
import { hashToken } from "@/lib/crypto";
import { db } from "@/lib/db";
import { pageAppearance, storedAppearance, type PageAppearance } from "./appearance";
import { sessionTokenShape } from "./sessions";

export type PageQuery = Record<string, string | string[] | undefined>;

/**
 * What a connect or embed page is drawn with: its session's appearance (also for an expired
 * link, whose notice still sits in the host's page), overridden by the page URL's query.
 * An unknown token has no session and gets the query alone.
 */
export async function loadPageAppearance(token: string, query: PageQuery, { embedded }: { embedded: boolean }): Promise<PageAppearance> {
  const row = sessionTokenShape.safeParse(token).success
    ? await db().connectSession.findUnique({ where: { tokenHash: hashToken(token) }, select: { appearance: true } })
    : null;
  return pageAppearance(storedAppearance(row?.appearance), query, { embedded });
}
