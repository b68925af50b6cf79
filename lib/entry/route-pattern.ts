// The route pattern of a request ("/api/v1/accounts/[accountId]/connectors"), from its path
// and the params Next matched, for metric labels and log lines: a label never holds an id or
// anything else a client chose, so the number of series stays bounded.

export type RouteParams = Record<string, string | string[] | undefined>;

/** What a path that cannot be mapped to its pattern is counted as (never the raw path). */
export const UNMATCHED_ROUTE = "(unmatched)";

function decoded(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/**
 * Replaces, left to right, the segment(s) equal to each param's value with `[name]` (or
 * `[...name]` for a catch-all). Params come in the order of the path; a value that matches
 * no segment (which Next would not produce) gives UNMATCHED_ROUTE rather than a raw path.
 */
export function routePattern(pathname: string, params: RouteParams = {}): string {
  const segments = pathname.split("/");
  const known = segments.map(decoded);
  let from = 1;
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    if (values.length === 0) continue; // an optional catch-all that matched nothing
    let at = -1;
    for (let i = from; i + values.length <= segments.length && at < 0; i++) {
      if (values.every((v, k) => known[i + k] === v)) at = i;
    }
    if (at < 0) return UNMATCHED_ROUTE;
    segments.splice(at, values.length, Array.isArray(value) ? `[...${name}]` : `[${name}]`);
    known.splice(at, values.length, null);
    from = at + 1;
  }
  return segments.join("/") || "/";
}
