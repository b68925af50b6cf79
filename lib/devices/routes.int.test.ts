import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GET as getAttempt } from "@/app/api/connect/devices/attempts/[id]/route";
import { POST as postAttempt } from "@/app/api/connect/devices/attempts/route";
import { GET as getDevices } from "@/app/api/connect/devices/route";
import { GET as getConnectors } from "@/app/api/v1/accounts/[accountId]/connectors/route";
import { createApiKey } from "@/lib/api-keys";
import { PEER_HEADER } from "@/lib/client-ip";
import { openApiDocument } from "@/lib/contract/openapi";
import { createConnectSession } from "@/lib/connect/sessions";
import { db } from "@/lib/db";
import { systemActor } from "@/lib/events";
import { setWebhook } from "@/lib/webhooks/endpoints";
import { completeDeviceReturn } from "./attempts";
import { contractChecker, webhookChecker } from "@/testing/contract";
import { resetEmulator, truncateAll } from "@/testing/db";
import { useSettings } from "@/testing/settings";

// The connect page's device routes called as Next calls them (a Request with the session
// token in x-switchboard-session, the params as a promise), against PostgreSQL and the Podero
// emulator; and the host API's answer and the device webhooks checked against the contract.

let restore: () => void = () => undefined;
afterEach(() => restore());

let hostKey = "";
beforeEach(async () => {
  await truncateAll();
  await resetEmulator();
  await fetch(`${process.env.PODERO_API_URL}/__podero/reset`, { method: "POST" });
  const key = await createApiKey("device routes", systemActor("test"));
  hostKey = key.key;
  await setWebhook(key.apiKey.id, "http://127.0.0.1:9/hooks", systemActor("test"));
});

const mint = async (user: { email: string } | null = { email: "route@example.com" }) =>
  (await createConnectSession({ accountId: "acme-corp", userId: "route-user", ...(user ? { user } : {}) }, null)).token;

const headers = (token: string, peer = "203.0.113.50") => ({ "x-switchboard-session": token, "content-type": "application/json", [PEER_HEADER]: peer });
const noParams = { params: Promise.resolve({}) };

type Answer = { status: number; body: Record<string, unknown> & { error?: { code: string; message: string; fields?: Record<string, string[]> } } };
const answer = async (response: Response): Promise<Answer> => ({ status: response.status, body: (await response.json()) as Answer["body"] });

const start = (token: string, body: unknown, peer?: string) =>
  postAttempt(
    new Request("http://localhost/api/connect/devices/attempts", {
      method: "POST",
      headers: headers(token, peer),
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
    noParams,
  ).then(answer);
const poll = (token: string, id: string, query = "") =>
  getAttempt(new Request(`http://localhost/api/connect/devices/attempts/${id}${query}`, { headers: headers(token) }), { params: Promise.resolve({ id }) }).then(
    answer,
  );
const section = (token: string) => getDevices(new Request("http://localhost/api/connect/devices", { headers: headers(token) }), noParams).then(answer);

describe("connect device routes", () => {
  it("start (201, Podero's page), poll while pending, and the Devices section, by session token", async () => {
    const token = await mint();
    const started = await start(token, { type: "ev", mode: "POPUP", locale: "de" });
    expect(started).toMatchObject({
      status: 201,
      body: { attemptId: expect.any(String), url: expect.stringContaining("onboarding_session_id="), expiresAt: expect.any(String) },
    });
    const attemptId = started.body.attemptId as string;
    expect(await poll(token, attemptId)).toMatchObject({ status: 200, body: { id: attemptId, status: "PENDING", type: "ev", device: null } });
    expect(await poll(token, attemptId, "?trigger=closed")).toMatchObject({ status: 200, body: { status: "PENDING" } });
    expect(await section(token)).toMatchObject({ status: 200, body: { offeredTypes: expect.any(Array), devices: [], needsEmail: false } });
  });

  it("refuses a bad type, a bad body and a body that is not JSON with 400 and words", async () => {
    const token = await mint();
    expect(await start(token, { type: "boat" })).toEqual({
      status: 400,
      body: { error: { code: "bad_request", message: "That request was not valid.", fields: { type: ["type is ev, hp, iv or wb"] } } },
    });
    expect(await start(token, { type: "ev", extra: 1 })).toMatchObject({ status: 400, body: { error: { code: "bad_request" } } });
    expect(await start(token, "{nope")).toEqual({ status: 400, body: { error: { code: "bad_request", message: "The body must be JSON." } } });
    expect(await start(token, {})).toEqual({ status: 400, body: { error: { code: "bad_request", message: "Say which type of device to connect." } } });
    restore = useSettings({ PODERO_DEVICE_TYPES: "ev,wb" });
    expect(await start(token, { type: "hp" })).toEqual({ status: 400, body: { error: { code: "bad_request", message: "Heat pumps are not offered here." } } });
  });

  it("needs a live session token: unknown is 404, and another account's attempt is not found", async () => {
    expect(await start("not-a-session-token-at-all", { type: "ev" })).toMatchObject({ status: 404, body: { error: { message: "This link is not valid." } } });
    const token = await mint();
    const started = await start(token, { type: "ev" });
    const other = (await createConnectSession({ accountId: "globex", userId: "route-user", user: { email: "route@example.com" } }, null)).token;
    expect(await poll(other, started.body.attemptId as string)).toMatchObject({ status: 404 });
    // Devices are the user's own: another user of the same account does not see the attempt.
    const colleague = (await createConnectSession({ accountId: "acme-corp", userId: "colleague", user: { email: "c@example.com" } }, null)).token;
    expect(await poll(colleague, started.body.attemptId as string)).toMatchObject({ status: 404 });
    expect(await poll(token, "not-a-uuid")).toMatchObject({ status: 404, body: { error: { message: "No such attempt." } } });
  });

  it("without the user's email: the section says so, and a start is refused with the same words", async () => {
    const token = await mint(null);
    const refused = await start(token, { type: "ev" });
    expect(refused).toMatchObject({
      status: 400,
      body: { error: { code: "bad_request", message: expect.stringContaining("must provide your email address") } },
    });
    expect(await section(token)).toMatchObject({ status: 200, body: { needsEmail: true, needsEmailMessage: refused.body.error!.message } });
    // The page sends its language: the refusal is worded in it (an unknown one stays English).
    expect((await start(token, { type: "ev", locale: "de-AT" })).body.error).toEqual({
      code: "bad_request",
      message:
        "Um ein Gerät zu verbinden, muss die App, von der Sie kommen, Ihre E-Mail-Adresse übermitteln. Bitten Sie den Support der App, sie zu ergänzen, und öffnen Sie diese Seite dann erneut.",
    });
    expect((await start(token, { type: "ev", locale: "xx" })).body.error!.message).toBe(refused.body.error!.message);
  });

  it("Podero's validation errors reach the page in words (502, Podero's own message)", async () => {
    restore = useSettings({ PODERO_PRICE_ZONE: "ZZ" });
    const refused = await start(await mint(), { type: "ev" });
    expect(refused).toMatchObject({
      status: 502,
      body: { error: { code: "upstream", message: expect.stringMatching(/^Podero: price_zone_default: Input should be 'AT', /) } },
    });
  });

  it("counts against the connect limits (per session token) like the page's other routes", async () => {
    restore = useSettings({ RATE_LIMIT_CONNECT_SESSION: "2", RATE_LIMIT_CONNECT_IP: "1000" });
    const token = await mint();
    expect((await start(token, { type: "ev" })).status).toBe(201);
    expect((await section(token)).status).toBe(200);
    const limited = await start(token, { type: "ev" });
    expect(limited).toMatchObject({ status: 429, body: { error: { code: "rate_limited" } } });
  });

  it("with Podero not configured the routes say devices are not offered", async () => {
    restore = useSettings({ PODERO_CLIENT_ID: "", PODERO_CLIENT_SECRET: "", PODERO_ORG_ID: "" });
    const token = await mint();
    expect(await section(token)).toEqual({ status: 404, body: { error: { code: "not_found", message: "Devices are not offered here." } } });
    expect(await start(token, { type: "ev" })).toEqual({ status: 404, body: { error: { code: "not_found", message: "Devices are not offered here." } } });
  });
});

describe("the contract, with devices", () => {
  it("the host API's answer with devices and the device webhooks match the OpenAPI document", async () => {
    const token = await mint();
    const started = await start(token, { type: "ev" });
    const back = await fetch(started.body.url as string, {
      method: "POST",
      body: new URLSearchParams({ device_type: "ev", brand: "bmw", choice: "approve" }),
      redirect: "manual",
    });
    const returned = new URL(back.headers.get("location")!);
    await completeDeviceReturn(returned.searchParams.get("attempt")!, returned.searchParams.get("nonce")!, "success");

    const document = openApiDocument();
    const response = await getConnectors(
      new Request("http://localhost/api/v1/accounts/acme-corp/connectors", { headers: { authorization: `Bearer ${hostKey}` } }),
      { params: Promise.resolve({ accountId: "acme-corp" }) },
    );
    const body = (await response.json()) as { devices: { manufacturer: string; provider: string }[]; connectors: { provider: string }[] };
    contractChecker(document as never)("GET", "/api/v1/accounts/{accountId}/connectors", response.status, body);
    expect(body.devices).toMatchObject([{ provider: "Podero", manufacturer: "BMW" }]);

    const deliveries = await db().webhookDelivery.findMany({ where: { eventType: { startsWith: "device." } } });
    expect(deliveries.map((row) => row.eventType)).toEqual(["device.connected"]);
    const check = webhookChecker(document as never);
    for (const row of deliveries) check(JSON.parse(row.body));
  });
});
