import { beforeAll, describe, expect, it } from "vitest";
import { GET as getConnectors } from "@/app/api/v1/accounts/[accountId]/connectors/route";
import { PUT as putAccount } from "@/app/api/v1/accounts/[accountId]/route";
import { POST as postSession } from "@/app/api/v1/connect-sessions/route";
import { GET as getDocument } from "@/app/api/v1/openapi.json/route";
import { createApiKey } from "@/lib/api-keys";
import { db } from "@/lib/db";
import { systemActor } from "@/lib/events";
import { setWebhook } from "@/lib/webhooks/endpoints";
import { contractChecker, webhookChecker } from "@/testing/contract";
import { emulatorCall, resetEmulator, truncateAll } from "@/testing/db";
import { openApiDocument } from "./openapi";

// The host API's contract: the document as served (a snapshot, so every change to it shows
// in review), and every answer the routes give, for each status they can give, checked
// against it with a JSON Schema validator, as are the webhook payloads they cause.

const document = openApiDocument();
const check = contractChecker(document as never);
let key = "";

beforeAll(async () => {
  await truncateAll();
  await resetEmulator();
  const created = await createApiKey("contract", systemActor("test"));
  key = created.key;
  await setWebhook(created.apiKey.id, "http://127.0.0.1:9/hooks", systemActor("test"));
});

type Call = { method: "GET" | "POST" | "PUT"; path: string; handler: (request: Request, context: { params: Promise<unknown> }) => Promise<Response> };
const sessions: Call = { method: "POST", path: "/api/v1/connect-sessions", handler: postSession };
const account: Call = { method: "PUT", path: "/api/v1/accounts/{accountId}", handler: putAccount };
const connectors: Call = { method: "GET", path: "/api/v1/accounts/{accountId}/connectors", handler: getConnectors };

/** Calls a route as Next does, checks its answer against the contract, and returns it. */
async function call(route: Call, options: { accountId?: string; body?: string; auth?: string | null; query?: string } = {}) {
  // The id reaches the route through its params (as Next passes them); the URL only carries the query.
  const url = `http://localhost${route.path.replace("{accountId}", "id")}${options.query ?? ""}`;
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (options.auth !== null) headers.authorization = `Bearer ${options.auth ?? key}`;
  const response = await route.handler(new Request(url, { method: route.method, headers, body: options.body }), {
    params: Promise.resolve({ accountId: options.accountId ?? "" }),
  });
  const body = (await response.json()) as unknown;
  check(route.method, route.path, response.status, body);
  return { status: response.status, body };
}

describe("the OpenAPI document", () => {
  it("is served as JSON, and changes to it show in review (snapshot)", async () => {
    const response = await getDocument(new Request("http://localhost/api/v1/openapi.json"), { params: Promise.resolve({}) });
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const served = (await response.json()) as Record<string, unknown>;
    expect(served).toEqual(document);
    expect(served.openapi).toBe("3.1.0");
    await expect(`${JSON.stringify(document, null, 2)}\n`).toMatchFileSnapshot("./openapi.snapshot.json");
  });
});

describe("every host API answer matches the contract", () => {
  it("connect sessions: 201, 400, 401, 404, 413", async () => {
    const statuses = [
      await call(sessions, { body: JSON.stringify({ accountId: "acme-corp", userId: "u1" }) }),
      await call(sessions, { body: JSON.stringify({ accountId: "new-co", userId: "u1", accountName: "New Co" }) }),
      await call(sessions, { body: JSON.stringify({ accountId: ".", userId: "u1" }) }),
      await call(sessions, { body: "{nope" }),
      await call(sessions, { body: JSON.stringify({ accountId: "acme-corp", userId: "u1" }), auth: null }),
      await call(sessions, { body: JSON.stringify({ accountId: "acme-corp", userId: "u1" }), auth: "sb_wrong" }),
      await call(sessions, { body: JSON.stringify({ accountId: "nobody-has-this", userId: "u1" }) }),
      await call(sessions, { body: JSON.stringify({ pad: "x".repeat(70 * 1024) }) }),
    ].map((answer) => answer.status);
    expect(statuses).toEqual([201, 201, 400, 400, 401, 401, 404, 413]);
  });

  it("accounts: 201, 200, 400", async () => {
    const statuses = [
      await call(account, { accountId: "contract-tenant", body: JSON.stringify({ name: "Contract Ltd" }) }),
      await call(account, { accountId: "contract-tenant", body: JSON.stringify({ name: "Contract Ltd" }) }),
      await call(account, { accountId: "contract-tenant", body: JSON.stringify({ name: "" }) }),
      await call(account, { accountId: "..", body: JSON.stringify({ name: "X" }) }),
    ].map((answer) => answer.status);
    expect(statuses).toEqual([201, 200, 400, 400]);
  });

  it("connectors: 200 (stored and refreshed), 400, 404", async () => {
    const stored = await call(connectors, { accountId: "acme-corp" });
    const refreshed = await call(connectors, { accountId: "acme-corp", query: "?refresh=true" });
    expect((refreshed.body as { connectors: unknown[] }).connectors.length).toBeGreaterThan(0);
    const statuses = [
      stored,
      refreshed,
      await call(connectors, { accountId: "acme-corp", query: "?refresh=maybe" }),
      await call(connectors, { accountId: "\ud800" }),
      await call(connectors, { accountId: "nobody-has-this" }),
    ].map((answer) => answer.status);
    expect(statuses).toEqual([200, 200, 400, 400, 404]);
  });

  it("a Cyclr failure is a 502 in the contract's shape", async () => {
    await emulatorCall("faults", { method: "POST", body: { method: "GET", path: "/v1.0/account/connectors", status: 500, times: 10 } });
    try {
      const answer = await call(connectors, { accountId: "acme-corp", query: "?refresh=true" });
      expect(answer.status).toBe(502);
    } finally {
      await resetEmulator();
    }
  });

  it("the webhook payloads the calls above queued match the contract", async () => {
    const checkWebhook = webhookChecker(document as never);
    const bodies = await db().webhookDelivery.findMany({ select: { body: true, eventType: true } });
    expect(new Set(bodies.map((row) => row.eventType))).toContain("account.created");
    for (const row of bodies) checkWebhook(JSON.parse(row.body));
  });
});
