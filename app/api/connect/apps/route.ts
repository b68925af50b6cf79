import { appsQuery, offeredApps } from "@/lib/connect/page";
import { sessionRoute } from "@/lib/entry/connect";

export const dynamic = "force-dynamic";

// The connect page's offered apps, a page at a time, searched by name or narrowed to a category.
export const GET = sessionRoute({ query: appsQuery }, ({ session, query }) => offeredApps(session, query));
