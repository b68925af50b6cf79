import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { cyclrCall } from "./fixtures";
import {
  actionId,
  apiKey,
  callAction,
  deployment,
  emulatorApi,
  emulatorService,
  freshDatabase,
  instancePorts,
  startInstance,
  withDb,
  type Instance,
} from "./instances";

// Two instances of the built app on one PostgreSQL database and one Cyclr emulator, as
// behind a load balancer (APP_URL is the public origin, here A's): whichever instance a
// request reaches, the deployment behaves as one.

test.describe.configure({ mode: "serial" });

const INTERVAL_MS = 3000; // SYNC_INTERVAL_MINUTES=0.05
let databaseUrl: string;
let a: Instance;
let b: Instance;
let key: string;
let receiver: Server;
const received: { eventId: string; type: string; body: string }[] = [];

test.beforeAll(async () => {
  test.setTimeout(120_000);
  // The host's webhook receiver: slow enough that two dispatchers would both be sending.
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({
        eventId: String(request.headers["switchboard-event-id"]),
        type: String(request.headers["switchboard-event-type"]),
        body: Buffer.concat(chunks).toString("utf8"),
      });
      setTimeout(() => response.end("ok"), 300);
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;

  databaseUrl = await freshDatabase("switchboard_instances");
  const settings = deployment(databaseUrl, `http://localhost:${instancePorts.a}`, { SYNC_INTERVAL_MINUTES: String(INTERVAL_MS / 60_000) });
  key = await apiKey(settings, hook);
  [a, b] = await Promise.all([startInstance(instancePorts.a, settings), startInstance(instancePorts.b, settings)]);
});

test.afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await new Promise((resolve) => receiver?.close(resolve));
});

const hostApi = (instance: Instance, path: string, init: { method?: string; body?: unknown } = {}) =>
  fetch(`${instance.url}${path}`, {
    method: init.method ?? "GET",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });

async function newAccount(via: Instance, id: string): Promise<void> {
  const response = await hostApi(via, `/api/v1/accounts/${id}`, { method: "PUT", body: { name: `Instances ${id}` } });
  expect(response.status).toBe(201);
}

const runId = Date.now().toString(36);

test("a connect started through instance A completes when its checks go to instance B", async () => {
  const accountId = `inst-${runId}`;
  await newAccount(a, accountId);
  await cyclrCall(`/v1.0/connectors/${await catalogueId("Salesforce")}/install`, { method: "POST", account: accountId, body: { Name: "Salesforce" } });

  // Through A: the link, the page, and Connect (the page's startConnect server action).
  const minted = await hostApi(a, "/api/v1/connect-sessions", { method: "POST", body: { accountId, userId: "lb-user" } });
  expect(minted.status).toBe(201);
  const session = (await minted.json()) as { token: string; url: string };
  expect(session.url.startsWith(a.url)).toBe(true);
  const pagePath = new URL(session.url).pathname;
  const html = await (await fetch(`${a.url}${pagePath}`)).text();
  const connectorId = /\\?"id\\?":\\?"([0-9a-f-]{36})\\?",\\?"name\\?":\\?"Salesforce\\?"/.exec(html)?.[1];
  expect(connectorId, "the page lists Salesforce with its id").toBeTruthy();
  const started = await callAction(a.url, {
    page: pagePath,
    action: actionId("app/connect/actions.ts", "startConnectAction"),
    args: [{ token: session.token, connectorId, mode: "POPUP" }],
  });
  expect(started.status).toBe(200);
  const start = started.result as { ok: true; data: { attemptId: string; url: string; serviceOrigin: string } };
  expect(start.ok).toBe(true);
  expect(start.data.serviceOrigin).toBe(emulatorService);

  // The popup's part, at Cyclr: its page, then Approve; it posts the message to APP_URL (A).
  const consentPage = await (await fetch(start.data.url)).text();
  const consent = /name="consent" value="([^"]+)"/.exec(consentPage)?.[1];
  expect(consent).toBeTruthy();
  const approved = await fetch(`${emulatorService}/connectorauth/consent`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ consent: consent!, decision: "approve" }),
  });
  expect(approved.status).toBe(200);
  expect(await approved.text()).toContain(JSON.stringify(a.url));

  // Every check after that lands on B (the load balancer passes on the public Host).
  const poll = await fetch(`${b.url}/api/connect/attempts/${start.data.attemptId}`, { headers: { "x-switchboard-session": session.token } });
  expect(poll.status).toBe(200);
  const completed = await callAction(b.url, {
    host: new URL(a.url).host,
    page: pagePath,
    action: actionId("app/connect/actions.ts", "completeConnectAction"),
    args: [{ token: session.token, attemptId: start.data.attemptId, trigger: "message" }],
  });
  expect(completed.status).toBe(200);
  expect(completed.result).toMatchObject({ ok: true, data: { id: start.data.attemptId, status: "SUCCEEDED", connector: { status: "CONNECTED" } } });
  const after = await fetch(`${b.url}/api/connect/attempts/${start.data.attemptId}`, { headers: { "x-switchboard-session": session.token } });
  expect(await after.json()).toMatchObject({ status: "SUCCEEDED" });
  // And the host, asking either instance, sees it connected.
  for (const instance of [a, b]) {
    const statuses = (await (await hostApi(instance, `/api/v1/accounts/${accountId}/connectors`)).json()) as { connectors: { status: string }[] };
    expect(statuses.connectors.map((c) => c.status)).toEqual(["CONNECTED"]);
  }
});

async function catalogueId(name: string): Promise<string | number> {
  const catalogue = await cyclrCall<{ Id: string | number; Name: string }[]>("/v1.0/connectors?pageSize=100");
  const entry = catalogue.find((c) => c.Name === name);
  if (!entry) throw new Error(`no ${name} in the emulator's catalogue`);
  return entry.Id;
}

const tokenCalls = async () =>
  ((await (await fetch(`${emulatorApi}/__emulator/state`)).json()) as { calls: Record<string, number> }).calls["POST /oauth/token"] ?? 0;

test("100 concurrent requests over both instances, with the partner token gone, make one /oauth/token call", async () => {
  const accountId = `tok-${runId}`;
  await newAccount(b, accountId);
  // The cached token is made useless everywhere: Cyclr forgets every token it issued (so each
  // instance's in-memory copy is refused), and the sealed copies in Postgres are deleted.
  const revoked = await fetch(`${emulatorApi}/__emulator/revoke-tokens`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  expect(revoked.status).toBe(200);
  await withDb(databaseUrl, (client) => client.query(`DELETE FROM "ProviderToken"`));
  const before = await tokenCalls();

  const responses = await Promise.all(
    Array.from({ length: 100 }, (_, i) => hostApi(i % 2 ? b : a, `/api/v1/accounts/${accountId}/connectors?refresh=true`).then((r) => r.status)),
  );
  expect(responses.filter((status) => status !== 200)).toEqual([]);
  expect((await tokenCalls()) - before).toBe(1);
});

test("each webhook is delivered once, though both instances run dispatchers", async () => {
  const ids = Array.from({ length: 6 }, (_, i) => `hook-${runId}-${i}`);
  await Promise.all(ids.map((id, i) => newAccount(i % 2 ? b : a, id)));
  // Every event queued so far (these accounts, and the earlier tests' events) gets delivered...
  type Row = { eventId: string; status: string; attempts: number };
  const rows = async () => withDb(databaseUrl, async (client) => (await client.query<Row>(`SELECT "eventId", status, attempts FROM "WebhookDelivery"`)).rows);
  await expect.poll(async () => (await rows()).filter((row) => row.status !== "DELIVERED").length, { timeout: 20_000 }).toBe(0);
  const delivered = await rows();
  const created = delivered.filter((row) => ids.some((id) => received.find((r) => r.eventId === row.eventId)?.body.includes(id)));
  expect(created).toHaveLength(ids.length);
  expect(delivered.some((row) => received.find((r) => r.eventId === row.eventId)?.type === "connector.connected")).toBe(true);
  // ...and each arrived exactly once, in one attempt.
  expect(received.map((r) => r.eventId).sort()).toEqual(delivered.map((row) => row.eventId).sort());
  expect(new Set(received.map((r) => r.eventId)).size).toBe(received.length);
  expect(delivered.every((row) => row.attempts === 1)).toBe(true);
});

test("the scheduled sync runs once per interval across both instances, never two at once", async () => {
  type Run = { startedAt: Date; finishedAt: Date | null; status: string };
  const runs = async () =>
    withDb(databaseUrl, async (client) => (await client.query<Run>(`SELECT "startedAt", "finishedAt", status FROM "SyncRun" ORDER BY "startedAt"`)).rows);
  // Both instances look every interval; runs keep coming until there are several to compare.
  await expect.poll(async () => (await runs()).filter((run) => run.finishedAt).length, { timeout: 30_000, intervals: [500] }).toBeGreaterThanOrEqual(5);
  const done = (await runs()).filter((run) => run.finishedAt);
  expect(done.map((run) => run.status)).toEqual(done.map(() => "SUCCEEDED"));
  const starts = done.map((run) => run.startedAt.getTime());
  const ends = done.map((run) => run.finishedAt!.getTime());
  for (let i = 1; i < done.length; i++) {
    const gap = `run ${i}: started ${starts[i]! - starts[i - 1]!} ms after the one before, which took ${ends[i - 1]! - starts[i - 1]!} ms`;
    // Not before an interval has passed since the last start, nor before the last has finished...
    expect(starts[i]! - starts[i - 1]!, gap).toBeGreaterThanOrEqual(INTERVAL_MS);
    expect(starts[i]!, gap).toBeGreaterThanOrEqual(ends[i - 1]!);
    // ...and not much later: both instances look every interval (slack for a busy machine's timers).
    expect(starts[i]! - Math.max(starts[i - 1]! + INTERVAL_MS, ends[i - 1]!), gap).toBeLessThanOrEqual(INTERVAL_MS + 1500);
  }
  // So over the window about window/interval runs, where an instance each on its own timer
  // would make twice as many.
  const window = starts.at(-1)! - starts[0]!;
  expect(done.length - 1).toBeLessThanOrEqual(Math.floor(window / INTERVAL_MS));
});
