// The connect page's status reads: a GET with the session token in a header (never in the
// URL, which would reach access logs), no cache.
export async function sessionGet<T>(token: string, path: string): Promise<T> {
  const response = await fetch(path, { headers: { "x-switchboard-session": token }, cache: "no-store" });
  if (!response.ok) throw new Error(`Status check failed (${response.status})`);
  return (await response.json()) as T;
}

/**
 * The connect page's POSTs: JSON with the session token in the header. A refusal comes back
 * as its message (worded in the body's `locale` when it has one), never thrown; null when
 * Switchboard could not be reached or answered without one (the caller says so in its words).
 */
export async function sessionPost<T>(token: string, path: string, body: unknown): Promise<{ ok: true; data: T } | { ok: false; message: string | null }> {
  try {
    const response = await fetch(path, {
      method: "POST",
      headers: { "x-switchboard-session": token, "content-type": "application/json" },
      body: JSON.stringify(body),
      cache: "no-store",
    });
    const answer = (await response.json().catch(() => null)) as { error?: { message?: unknown } } | null;
    if (response.ok) return { ok: true, data: answer as T };
    return { ok: false, message: typeof answer?.error?.message === "string" ? answer.error.message : null };
  } catch {
    return { ok: false, message: null };
  }
}
