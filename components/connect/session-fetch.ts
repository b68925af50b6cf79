// The connect page's status reads: a GET with the session token in a header (never in the
// URL, which would reach access logs), no cache.
export async function sessionGet<T>(token: string, path: string): Promise<T> {
  const response = await fetch(path, { headers: { "x-switchboard-session": token }, cache: "no-store" });
  if (!response.ok) throw new Error(`Status check failed (${response.status})`);
  return (await response.json()) as T;
}
