// Host origins allowed to embed Switchboard: exact origins (scheme, host, port) only; no
// paths, wildcards, credentials or "null". Used for frame-ancestors and message targets.

export type OriginCheck = { ok: true; origin: string } | { ok: false; message: string };

export function parseOrigin(input: string): OriginCheck {
  const value = input.trim();
  if (!value || value === "null") return { ok: false, message: `"${input}" is not an origin` };
  if (value.includes("*")) return { ok: false, message: `"${input}": wildcards are not allowed` };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, message: `"${input}" is not an origin (expected e.g. https://app.example.com)` };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, message: `"${input}": only http and https origins` };
  if (url.username || url.password) return { ok: false, message: `"${input}": no credentials in an origin` };
  if (url.search || url.hash || (url.pathname !== "/" && url.pathname !== ""))
    return { ok: false, message: `"${input}": an origin has no path, query or fragment` };
  if (value.replace(/\/$/, "").toLowerCase() !== url.origin.toLowerCase()) return { ok: false, message: `"${input}" is not an origin` };
  return { ok: true, origin: url.origin };
}

/** All valid, de-duplicated; or the messages for the ones that are not. */
export function parseOrigins(inputs: string[]): { ok: true; origins: string[] } | { ok: false; messages: string[] } {
  const checks = inputs.map(parseOrigin);
  const messages = checks.flatMap((check) => (check.ok ? [] : [check.message]));
  if (messages.length) return { ok: false, messages };
  return { ok: true, origins: [...new Set(checks.map((check) => (check as { origin: string }).origin))] };
}

/** The CSP frame-ancestors value for a set of origins ('none' when empty). */
export function frameAncestors(origins: string[]): string {
  const valid = origins.map(parseOrigin).flatMap((check) => (check.ok ? [check.origin] : []));
  return valid.length ? `frame-ancestors ${valid.join(" ")}` : "frame-ancestors 'none'";
}
