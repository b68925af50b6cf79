import "server-only";
import { pageAppearance, storedAppearance, type PageAppearance } from "./appearance";
import { storedSession } from "./sessions";

export type PageQuery = Record<string, string | string[] | undefined>;

/**
 * What a connect or embed page is drawn with: its session's appearance (also for an expired
 * link, whose notice still sits in the host's page), overridden by the page URL's query.
 * An unknown token has no session and gets the query alone. The session is the page's own
 * read of it (storedSession, once per request).
 */
export async function loadPageAppearance(token: string, query: PageQuery, { embedded }: { embedded: boolean }): Promise<PageAppearance> {
  const session = await storedSession(token);
  return pageAppearance(storedAppearance(session?.appearance), query, { embedded });
}
