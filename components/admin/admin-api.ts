// The console's one way to call its route handlers (app/api/admin/**), for queries and
// mutations alike: JSON both ways, and any failure thrown as an AdminApiError carrying the
// route's {"error":{"code","message","fields"?}} message, for the caller to show.

export class AdminApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
    readonly fields?: Record<string, string[]>,
  ) {
    super(message);
    this.name = "AdminApiError";
  }
}

type Options = {
  method?: "GET" | "POST" | "PATCH";
  body?: unknown;
  /** The message when the answer carries none (not JSON, e.g. a proxy's error page). */
  fallback?: string | ((status: number) => string);
};

type ErrorBody = { error?: { code?: unknown; message?: unknown; fields?: Record<string, string[]> } };

export async function adminApi<T>(path: string, { method = "GET", body, fallback = (status) => `Failed (HTTP ${status}).` }: Options = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      cache: "no-store",
      ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
    });
  } catch {
    throw new AdminApiError("Could not reach Switchboard. Check your connection and try again.", 0);
  }
  const answer: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (answer as ErrorBody | null)?.error;
    const message = typeof error?.message === "string" ? error.message : typeof fallback === "function" ? fallback(response.status) : fallback;
    throw new AdminApiError(message, response.status, typeof error?.code === "string" ? error.code : undefined, error?.fields);
  }
  return answer as T;
}
