import "server-only";
import pg from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { addressKey } from "@/lib/client-ip";
import { hashToken } from "@/lib/crypto";
import { env, type Env } from "@/lib/env";
import { errorFields, log } from "@/lib/log";
import { refusals } from "@/lib/metrics";
import { errorResponse, fail, type Failure } from "@/lib/result";

// Limits at every public edge, counted in PostgreSQL (the "RateLimit" table, made by a
// migration) so that every instance counts against the same numbers. rate-limiter-flexible's
// Postgres store does one atomic upsert per count: N concurrent requests for one key get
// exactly `points` of them through. Fixed windows: a key's window starts at its first count.
// Keys are stored as SHA-256 hashes: no session token, email or address lands in the table.

type Edge = "host_api" | "connect" | "sign_in";
type NumericSetting = { [K in keyof Env]: Env[K] extends number ? K : never }[keyof Env];

/** Each limit: the setting holding its points (0: no limit), its window, and the edge it guards (the refusals metric's label). */
export const LIMITS = {
  /** Host API requests per API key. */
  host_api: { setting: "RATE_LIMIT_HOST_API", seconds: 60, edge: "host_api" },
  /** Connect page loads, GET routes and server actions per session token... */
  connect_session: { setting: "RATE_LIMIT_CONNECT_SESSION", seconds: 60, edge: "connect" },
  /** ...and per client address. */
  connect_ip: { setting: "RATE_LIMIT_CONNECT_IP", seconds: 60, edge: "connect" },
  /** Password sign-in attempts per email, and per client address. */
  sign_in_email: { setting: "RATE_LIMIT_SIGN_IN", seconds: 15 * 60, edge: "sign_in" },
  sign_in_ip: { setting: "RATE_LIMIT_SIGN_IN", seconds: 15 * 60, edge: "sign_in" },
} as const satisfies Record<string, { setting: NumericSetting; seconds: number; edge: Edge }>;

export type LimitName = keyof typeof LIMITS;

/** Whether a request may go on, and if not, how many seconds until it may (Retry-After). */
export type Verdict = { allowed: true } | { allowed: false; retryAfter: number };

const TABLE = "RateLimit";

/** One process's view of the shared counters, on its own pool (each instance has one; a test may make two). */
export function createRateLimits(pool: pg.Pool, schemaName?: string) {
  const limiters = new Map<string, RateLimiterPostgres>();
  const limiter = (name: string, points: number, seconds: number) => {
    const id = `${name}:${points}:${seconds}`;
    let found = limiters.get(id);
    if (!found) {
      // The table comes from a migration (tableCreated), and expired rows are cleared below, once per process.
      found = new RateLimiterPostgres({
        storeClient: pool,
        storeType: "pool",
        tableName: TABLE,
        schemaName,
        tableCreated: true,
        clearExpiredByTimeout: false,
        keyPrefix: name,
        points,
        duration: seconds,
      });
      limiters.set(id, found);
    }
    return found;
  };

  /** Counts one request against `points` per `seconds` for this key. */
  async function take(name: string, key: string, points: number, seconds: number): Promise<Verdict> {
    try {
      await limiter(name, points, seconds).consume(hashToken(key));
      return { allowed: true };
    } catch (error) {
      // The store rejects with a RateLimiterRes when over the limit, with an Error when it fails (that one is a bug: rethrown).
      if (!(error instanceof RateLimiterRes)) throw error;
      return { allowed: false, retryAfter: Math.max(1, Math.ceil(error.msBeforeNext / 1000)) };
    }
  }

  return {
    /** Counts one request for `key` against the named limit (callers count a refusal in the metric once per request). */
    async consume(name: LimitName, key: string): Promise<Verdict> {
      const limit = LIMITS[name];
      const points = env()[limit.setting];
      if (points === 0) return { allowed: true };
      return take(name, key, points, limit.seconds);
    },

    /** Gives back the count of a request that turned out well (a correct password): only failures add up. */
    async refund(name: LimitName, key: string): Promise<void> {
      const limit = LIMITS[name];
      const points = env()[limit.setting];
      if (points > 0) await limiter(name, points, limit.seconds).reward(hashToken(key), 1);
    },

    /** True for the first caller for `key` in `seconds`, across every instance (one refresh per window, whatever races). */
    async firstIn(name: string, key: string, seconds: number): Promise<boolean> {
      if (seconds <= 0) return true;
      return (await take(name, key, 1, seconds)).allowed;
    },

    /** Deletes counters whose window ended an hour ago (the table only holds live windows and a little history). */
    async clearExpired(): Promise<void> {
      const table = schemaName ? `"${schemaName}"."${TABLE}"` : `"${TABLE}"`;
      await pool.query(`DELETE FROM ${table} WHERE expire < $1`, [Date.now() - 3_600_000]);
    },
  };
}

export type RateLimits = ReturnType<typeof createRateLimits>;

// One small pool per process for the counters, apart from Prisma's (a flood of limited
// requests waits here, not in front of the app's own queries), made once even when Next
// loads this module in more than one bundle.
const globalLimits = globalThis as unknown as { switchboardRateLimits?: RateLimits };

function create(): RateLimits {
  const url = env().DATABASE_URL;
  // Prisma's `?schema=` is not libpq's: the table is looked up in that schema explicitly.
  const schema = (URL.canParse(url) ? new URL(url).searchParams.get("schema") : null) ?? undefined;
  const pool = new pg.Pool({ connectionString: url, max: 4, idleTimeoutMillis: 30_000, allowExitOnIdle: true });
  // An idle client's lost connection: the next query makes a new one.
  pool.on("error", (error) => log.warn(errorFields(error), "rate-limit pool: idle connection lost"));
  const limits = createRateLimits(pool, schema);
  const timer = setInterval(() => void limits.clearExpired().catch((error: unknown) => log.warn(errorFields(error), "rate-limit cleanup failed")), 5 * 60_000);
  timer.unref();
  return limits;
}

export function rateLimits(): RateLimits {
  globalLimits.switchboardRateLimits ??= create();
  return globalLimits.switchboardRateLimits;
}

/**
 * Counts one request against each of these limits (in parallel, each atomic); refused when
 * any is over, with the longest wait, and then counted once in the refusals metric.
 */
export async function consume(...checks: [LimitName, string][]): Promise<Verdict> {
  const verdicts = await Promise.all(checks.map(([name, key]) => rateLimits().consume(name, key)));
  const over = checks.filter((_, i) => !verdicts[i]!.allowed);
  if (over.length === 0) return { allowed: true };
  refusals.inc({ reason: "rate_limited", edge: LIMITS[over[0]![0]].edge });
  return { allowed: false, retryAfter: Math.max(...verdicts.map((verdict) => (verdict.allowed ? 0 : verdict.retryAfter))) };
}

/** Counts one connect request (page load, GET route or action) for its session token and its client's address. */
export function consumeConnect(token: string, ip: string): Promise<Verdict> {
  const ipCheck: [LimitName, string] = ["connect_ip", addressKey(ip)];
  // No token, no session: the address alone counts the request.
  return token ? consume(ipCheck, ["connect_session", token]) : consume(ipCheck);
}

/** What an over-limit request is told, as a value (server actions return it as it is). */
export function tooManyRequests(retryAfter: number): Failure {
  return fail("rate_limited", `Too many requests. Try again in ${retryAfter} second${retryAfter === 1 ? "" : "s"}.`);
}

/** The 429 answer: {"error":{"code":"rate_limited","message"}} with Retry-After in seconds. */
export function tooManyRequestsResponse(retryAfter: number): Response {
  const response = errorResponse(tooManyRequests(retryAfter));
  response.headers.set("Retry-After", String(retryAfter));
  return response;
}
