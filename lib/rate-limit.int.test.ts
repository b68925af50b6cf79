import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { GET as getApps } from "@/app/api/connect/apps/route";
import { GET as getConnectors } from "@/app/api/v1/accounts/[accountId]/connectors/route";
import { createApiKey } from "@/lib/api-keys";
import { PEER_HEADER } from "@/lib/client-ip";
import { loadConnectPage } from "@/lib/connect/page";
import { createConnectSession } from "@/lib/connect/sessions";
import { env } from "@/lib/env";
import { refusals } from "@/lib/metrics";
import { createRateLimits } from "@/lib/rate-limit";
import { resetEmulator, truncateAll } from "@/testing/db";
import { useSettings } from "@/testing/settings";

// The limits at the public edges, through the route handlers as Next calls them (a Request
// with the headers Next's server gives it, PEER_HEADER included, which instrumentation.ts
// writes from the socket), against the real PostgreSQL that holds the counters.

let restore: () => void = () => undefined;
afterEach(() => restore());

beforeEach(async () => {
  await truncateAll();
  await resetEmulator();
});

type ErrorBody = { error: { code: string; message: string } };

const hostApi = (key: string) =>
  getConnectors(new Request("http://localhost/api/v1/accounts/acme-corp/connectors", { headers: { authorization: `Bearer ${key}` } }), {
    params: Promise.resolve({ accountId: "acme-corp" }),
  });

/** GET /api/connect/apps, as the connect page calls it, from `peer` (the connection) with any extra headers. */
const connectGet = (token: string, peer: string, extra: Record<string, string> = {}) =>
  getApps(new Request("http://localhost/api/connect/apps", { headers: { "x-switchboard-session": token, [PEER_HEADER]: peer, ...extra } }), {
    params: Promise.resolve({}),
  });

const mint = async () => (await createConnectSession({ accountId: "acme-corp", userId: "user-1" }, null)).token;

async function refused(edge: string): Promise<number> {
  const metric = await refusals.get();
  return metric.values.find((value) => value.labels.reason === "rate_limited" && value.labels.edge === edge)?.value ?? 0;
}

/** A 429 as every edge answers it: Retry-After in seconds, within the window, and the usual error body. */
async function expectTooMany(response: Response, windowSeconds = 60) {
  expect(response.status).toBe(429);
  const retryAfter = Number(response.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
  expect((await response.json()) as ErrorBody).toEqual({
    error: { code: "rate_limited", message: `Too many requests. Try again in ${retryAfter} second${retryAfter === 1 ? "" : "s"}.` },
  });
}

describe("host API, per key", () => {
  it("lets exactly RATE_LIMIT_HOST_API of concurrent requests through and answers the rest 429 with Retry-After; another key is counted apart", async () => {
    restore = useSettings({ RATE_LIMIT_HOST_API: "5" });
    const { key } = await createApiKey("limited");
    const before = await refused("host_api");
    const responses = await Promise.all(Array.from({ length: 8 }, () => hostApi(key)));
    expect(responses.map((response) => response.status).sort()).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    for (const response of responses.filter((r) => r.status === 429)) await expectTooMany(response);
    expect(await refused("host_api")).toBe(before + 3);

    const other = await createApiKey("another");
    expect((await hostApi(other.key)).status).toBe(200);
  });

  it("checks the key first: requests without a valid key are 401, not counted against anyone", async () => {
    restore = useSettings({ RATE_LIMIT_HOST_API: "1" });
    const { key } = await createApiKey("limited");
    for (let i = 0; i < 3; i++) expect((await hostApi("sb_not-a-key")).status).toBe(401);
    expect((await hostApi(key)).status).toBe(200);
    await expectTooMany(await hostApi(key));
  });
});

describe("connect pages and routes, per session token", () => {
  it("counts page loads and GET routes together; over the limit a route is 429 and the page says to wait, while another session goes on", async () => {
    restore = useSettings({ RATE_LIMIT_CONNECT_SESSION: "3", RATE_LIMIT_CONNECT_IP: "1000" });
    const token = await mint();
    expect((await loadConnectPage(token, { embedded: false, ip: "203.0.113.7" })).kind).toBe("ready");
    expect((await connectGet(token, "203.0.113.7")).status).toBe(200);
    expect((await connectGet(token, "203.0.113.8")).status).toBe(200);
    await expectTooMany(await connectGet(token, "203.0.113.9"));
    const page = await loadConnectPage(token, { embedded: true, ip: "203.0.113.10" });
    expect(page).toEqual({ kind: "limited", retryAfter: expect.any(Number) });

    const other = await mint();
    expect((await connectGet(other, "203.0.113.7")).status).toBe(200);
  });
});

describe("connect pages and routes, per client address", () => {
  it("counts every session (and unknown tokens) from one address together; another address goes on", async () => {
    restore = useSettings({ RATE_LIMIT_CONNECT_SESSION: "1000", RATE_LIMIT_CONNECT_IP: "3" });
    const before = await refused("connect");
    expect((await connectGet(await mint(), "198.51.100.20")).status).toBe(200);
    expect((await connectGet("not-a-session-token-at-all", "198.51.100.20")).status).toBe(404);
    expect((await loadConnectPage(await mint(), { embedded: false, ip: "198.51.100.20" })).kind).toBe("ready");
    await expectTooMany(await connectGet(await mint(), "198.51.100.20"));
    expect(await loadConnectPage(await mint(), { embedded: false, ip: "198.51.100.20" })).toMatchObject({ kind: "limited" });
    expect(await refused("connect")).toBe(before + 2);

    expect((await connectGet(await mint(), "198.51.100.21")).status).toBe(200);
  });

  it("counts an IPv6 client by its /64, so a subscriber cannot step around the limit by changing its address", async () => {
    restore = useSettings({ RATE_LIMIT_CONNECT_SESSION: "1000", RATE_LIMIT_CONNECT_IP: "2" });
    const token = await mint();
    expect((await connectGet(token, "2001:db8:1:2::1")).status).toBe(200);
    expect((await connectGet(token, "2001:db8:1:2:ffff::9")).status).toBe(200);
    await expectTooMany(await connectGet(token, "2001:db8:1:2:abcd:1:2:3"));
    expect((await connectGet(token, "2001:db8:1:3::1")).status).toBe(200);
  });

  it("without TRUST_PROXY a spoofed X-Forwarded-For (or a forged peer header, which the server overwrites) changes nothing", async () => {
    restore = useSettings({ RATE_LIMIT_CONNECT_SESSION: "1000", RATE_LIMIT_CONNECT_IP: "3", TRUST_PROXY: "0" });
    const token = await mint();
    for (let i = 0; i < 3; i++) {
      expect((await connectGet(token, "198.51.100.30", { "x-forwarded-for": `10.9.8.${i}, 192.0.2.${i}` })).status).toBe(200);
    }
    await expectTooMany(await connectGet(token, "198.51.100.30", { "x-forwarded-for": "192.0.2.99" }));
  });

  it("with TRUST_PROXY=1 the client is the address the proxy appended: spoofed entries before it change nothing", async () => {
    restore = useSettings({ RATE_LIMIT_CONNECT_SESSION: "1000", RATE_LIMIT_CONNECT_IP: "3", TRUST_PROXY: "1" });
    expect(env().TRUST_PROXY).toBe(1);
    const token = await mint();
    const proxy = "10.0.0.2"; // every request reaches Switchboard from the proxy
    for (let i = 0; i < 3; i++) {
      expect((await connectGet(token, proxy, { "x-forwarded-for": `192.0.2.${i}, 198.51.100.40` })).status).toBe(200);
    }
    await expectTooMany(await connectGet(token, proxy, { "x-forwarded-for": "198.51.100.40" }));
    // Another client behind the same proxy, and the proxy's own address, are counted apart.
    expect((await connectGet(token, proxy, { "x-forwarded-for": "198.51.100.41" })).status).toBe(200);
    expect((await connectGet(token, proxy)).status).toBe(200);
  });
});

describe("several instances", () => {
  const pools: pg.Pool[] = [];
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
  });

  it("two instances, each with its own pool, count against the same limit", async () => {
    restore = useSettings({ RATE_LIMIT_HOST_API: "4" });
    const instance = () => {
      const pool = new pg.Pool({ connectionString: env().DATABASE_URL, max: 2 });
      pools.push(pool);
      return createRateLimits(pool);
    };
    const [a, b] = [instance(), instance()];
    const key = randomUUID();
    expect(await a.consume("host_api", key)).toEqual({ allowed: true });
    expect(await b.consume("host_api", key)).toEqual({ allowed: true });
    // Six more at once, spread over both: two get through, wherever they land.
    const verdicts = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).consume("host_api", key)));
    expect(verdicts.filter((verdict) => verdict.allowed)).toHaveLength(2);
    expect(await a.consume("host_api", key)).toMatchObject({ allowed: false });
    expect(await b.consume("host_api", key)).toMatchObject({ allowed: false });
    // A claim of a window (the connect page's refresh): one instance gets it.
    const claims = await Promise.all([a, b, a, b].map((instance) => instance.firstIn("connect_refresh", key, 60)));
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it("stores no session token, email or address in the counters, only hashes", async () => {
    restore = useSettings({ RATE_LIMIT_CONNECT_IP: "1000", RATE_LIMIT_CONNECT_SESSION: "1000" });
    const token = await mint();
    await connectGet(token, "198.51.100.50");
    const pool = new pg.Pool({ connectionString: env().DATABASE_URL, max: 1 });
    pools.push(pool);
    const rows = (await pool.query<{ key: string }>(`SELECT key FROM "RateLimit"`)).rows.map((row) => row.key);
    expect(rows.sort()).toEqual([expect.stringMatching(/^connect_ip:[0-9a-f]{64}$/), expect.stringMatching(/^connect_session:[0-9a-f]{64}$/)]);
    expect(rows.join(" ")).not.toContain(token);
    expect(rows.join(" ")).not.toContain("198.51.100.50");
  });
});
