import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys";
import { accountStatuses } from "@/lib/connect/host-statuses";
import { createConnectSession, requireSession, type ActiveSession } from "@/lib/connect/sessions";
import { db } from "@/lib/db";
import { systemActor } from "@/lib/events";
import { podero, PODERO_KEY } from "@/lib/podero/client";
import { syncAll } from "@/lib/sync/cyclr-sync";
import { setWebhook } from "@/lib/webhooks/endpoints";
import { resetEmulator, truncateAll } from "@/testing/db";
import { useSettings } from "@/testing/settings";
import { checkDeviceAttempt, completeDeviceReturn, startDeviceConnect, type StartedDeviceConnect } from "./attempts";
import { loadDevices } from "./page";
import { listConnectorRows } from "@/lib/admin/queries";
import { accountDeviceRows } from "./queries";
import { ensurePoderoUser, externalUserId, NEEDS_EMAIL } from "./users";

// Devices through Podero, end to end on the server: a real PostgreSQL and the Podero emulator
// over HTTP (its page is "clicked" with the form posts a browser would send).

type PoderoState = {
  calls: Record<string, number>;
  users: { id: string; email: string; external_user_id: string | null; first_name: string }[];
  onboardings: { id: string; language: string; price_zone_default: string | null; device_type: string | null; success_url: string }[];
  devices: { id: string; user_id: string; is_authenticated: boolean; deleted_at: string | null }[];
};

const control = async (path: string, body?: unknown, method = body === undefined ? "GET" : "POST") => {
  const response = await fetch(`${process.env.PODERO_API_URL}/__podero/${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`podero ${path} → ${response.status} ${await response.text()}`);
  return (await response.json()) as unknown;
};
const poderoState = () => control("state") as Promise<PoderoState>;
const calls = async (route: string) => (await poderoState()).calls[route] ?? 0;

const USERS = "POST /api/partners/v2.0/org/{org_id}/users";
const READ_ONBOARDING = "GET /api/partners/v2.0/device-onboarding/{id}";

let keyId = "";

beforeEach(async () => {
  await truncateAll();
  await resetEmulator();
  await control("reset", {});
  const key = await createApiKey("devices", systemActor("test"));
  keyId = key.apiKey.id;
  await setWebhook(keyId, "http://127.0.0.1:9/hooks", systemActor("test"));
});

async function session(options: { userId?: string; email?: string | null; locale?: string } = {}): Promise<ActiveSession> {
  const email = options.email === undefined ? `${options.userId ?? "u1"}@example.com` : options.email;
  const created = await createConnectSession(
    {
      accountId: "acme-corp",
      userId: options.userId ?? "u1",
      ...(email ? { user: { email, firstName: "Ada" } } : {}),
      ...(options.locale ? { locale: options.locale } : {}),
    },
    null,
  );
  return requireSession(created.token);
}

/** What the user does on Podero's page: Approve or Cancel; returns where Podero sends the browser. */
async function onPoderosPage(started: StartedDeviceConnect, choice: "approve" | "cancel", form: Record<string, string> = {}): Promise<URL> {
  const answer = await fetch(started.url, {
    method: "POST",
    body: new URLSearchParams({ device_type: "ev", brand: "tesla", choice, ...form }),
    redirect: "manual",
  });
  expect(answer.status).toBe(303);
  return new URL(answer.headers.get("location")!);
}

/** What the return page does with the URL Podero sent the browser to. */
function comeBack(url: URL) {
  expect(url.pathname).toBe("/connect/devices/return");
  return completeDeviceReturn(url.searchParams.get("attempt")!, url.searchParams.get("nonce")!, url.searchParams.get("outcome") as "success" | "cancel");
}

const webhooks = async (type?: string) =>
  (await db().webhookDelivery.findMany({ where: type ? { eventType: type } : { eventType: { startsWith: "device." } }, orderBy: { createdAt: "asc" } })).map(
    (row) => JSON.parse(row.body) as { type: string; data: { device: Record<string, unknown>; reason?: string } },
  );

describe("the Podero user behind a session", () => {
  it("ten concurrent first connects make exactly one Podero user, with the session's email and name", async () => {
    const me = await session();
    const started = await Promise.all(Array.from({ length: 10 }, () => startDeviceConnect(me, { type: "ev" })));
    expect(new Set(started.map((one) => one.attemptId)).size).toBe(10);
    const state = await poderoState();
    expect(state.users).toHaveLength(1);
    expect(state.users[0]).toMatchObject({ email: "u1@example.com", external_user_id: "acme-corp/u1", first_name: "Ada" });
    expect(await calls(USERS)).toBe(1);
    expect(await db().poderoUserLink.count()).toBe(1);
    // One live attempt per user and type: the others were superseded.
    expect(await db().deviceAttempt.count({ where: { status: "PENDING" } })).toBe(1);
    expect(await db().event.count({ where: { type: "device.user_linked" } })).toBe(1);
  });

  it("one Podero user across three processes linking the same user at once", async () => {
    const me = await session();
    // The first creation stays open while everyone asks.
    await control("faults", { method: "POST", path: "/api/partners/v2.0/org/{org_id}/users", latencyMs: 1500, times: 1 });
    const args = ["5", me.account.id, me.account.cyclrAccountId, me.hostUserId, me.user!.email];
    const children = [0, 1].map(() =>
      spawn("npx", ["tsx", "--conditions=react-server", "testing/podero-user-race.ts", ...args], { env: process.env, stdio: ["pipe", "pipe", "inherit"] }),
    );
    try {
      const outputs = children.map((child) => createInterface({ input: child.stdout })[Symbol.asyncIterator]());
      for (const lines of outputs) expect((await lines.next()).value).toBe("ready");
      for (const child of children) child.stdin.write("go\n");
      const mine = await Promise.all(Array.from({ length: 5 }, () => ensurePoderoUser(me)));
      const theirs = await Promise.all(outputs.map(async (lines) => JSON.parse(String((await lines.next()).value)) as string[]));
      const ids = new Set([...mine.map((link) => link.poderoUserId), ...theirs.flat()]);
      expect(ids.size).toBe(1);
      expect((await poderoState()).users).toHaveLength(1);
      expect(await db().poderoUserLink.count()).toBe(1);
    } finally {
      for (const child of children) if (child.exitCode === null) child.kill();
    }
  }, 60_000);

  it("links a Podero user an earlier attempt made (our row lost), but never someone else's with the same email", async () => {
    const me = await session();
    const earlier = await podero().createUser({ email: "u1@example.com", externalUserId: externalUserId("acme-corp", "u1") });
    expect((await ensurePoderoUser(me)).poderoUserId).toBe(earlier.id);
    expect((await poderoState()).users).toHaveLength(1);

    const other = await session({ userId: "u2", email: "shared@example.com" });
    await podero().createUser({ email: "shared@example.com", externalUserId: "somewhere-else/9" });
    await expect(ensurePoderoUser(other)).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("already has a user with your email") });
    expect(await db().poderoUserLink.count()).toBe(1);
  });

  it("without the user's email, says the app must provide it, and makes nothing", async () => {
    const me = await session({ email: null });
    await expect(startDeviceConnect(me, { type: "ev" })).rejects.toMatchObject({ code: "bad_request", message: NEEDS_EMAIL });
    expect(await loadDevices(me)).toMatchObject({ needsEmail: true, needsEmailMessage: NEEDS_EMAIL, devices: [] });
    expect((await poderoState()).users).toHaveLength(0);
    expect(NEEDS_EMAIL).toContain("the app you came from must provide your email");
  });
});

describe("connecting a device", () => {
  it("is Connected only after Podero names the device and calls it authenticated; told once", async () => {
    const me = await session({ locale: "de-AT" });
    expect(await loadDevices(me)).toEqual({
      offeredTypes: [
        { type: "ev", name: "Electric vehicle" },
        { type: "hp", name: "Heat pump" },
        { type: "iv", name: "Battery inverter" },
        { type: "wb", name: "Wallbox" },
      ],
      devices: [],
      needsEmail: false,
      needsEmailMessage: null,
      warning: null,
    });
    const started = await startDeviceConnect(me, { type: "ev" });
    expect(new URL(started.url).origin).toBe(process.env.PODERO_API_URL);
    // Podero's page speaks the session's language and starts in the configured price zone, for an EV.
    expect((await poderoState()).onboardings[0]).toMatchObject({ language: "de", price_zone_default: "DE_LU", device_type: "ev" });

    // Still pending while the user is on Podero's page.
    expect((await checkDeviceAttempt(me.account.id, started.attemptId, "poll")).status).toBe("PENDING");
    const back = await onPoderosPage(started, "approve");
    expect(back.searchParams.get("outcome")).toBe("success");
    const done = await comeBack(back);
    expect(done).toMatchObject({
      status: "SUCCEEDED",
      error: null,
      device: { type: "ev", manufacturer: "Tesla", model: "Model 3", status: "CONNECTED", needsAction: false },
    });
    // The popup's own return and a poll racing it tell the host once.
    await Promise.all([comeBack(back), checkDeviceAttempt(me.account.id, started.attemptId, "poll")]);
    const sent = await webhooks();
    expect(sent.map((event) => event.type)).toEqual(["device.connected"]);
    expect(sent[0]!.data.device).toMatchObject({ provider: "Podero", type: "ev", manufacturer: "Tesla", model: "Model 3", status: "CONNECTED", userId: "u1" });
    const types = (await db().event.findMany({ where: { type: { startsWith: "device." } }, orderBy: { createdAt: "asc" } })).map((event) => event.type);
    expect(types).toEqual(["device.user_linked", "device.onboarding_started", "device.connected", "device.onboarding_succeeded"]);
    expect((await loadDevices(me))!.devices).toMatchObject([{ type: "ev", manufacturer: "Tesla", status: "CONNECTED" }]);
  });

  it("a success return without an authenticated device is not Connected", async () => {
    const me = await session();
    // Coming back to success_url before approving (object_id still null): a hint, not proof.
    await startDeviceConnect(me, { type: "ev" });
    // success_url as Podero holds it: the browser can be sent there at any time.
    const { onboardings } = await poderoState();
    const notYet = await comeBack(new URL(onboardings[0]!.success_url));
    expect(notYet).toMatchObject({ status: "FAILED", error: "Podero has not confirmed that the device is connected.", device: null });
    expect(await db().device.count()).toBe(0);

    // Approved, but the device lapsed before Switchboard looked: it needs attention, the attempt failed.
    const second = await startDeviceConnect(me, { type: "ev" });
    const back = await onPoderosPage(second, "approve");
    const [device] = (await poderoState()).devices;
    await control(`devices/${device!.id}/lapse`, {});
    const lapsed = await comeBack(back);
    expect(lapsed).toMatchObject({ status: "FAILED", device: { status: "NEEDS_ATTENTION", needsAction: true } });
    expect(lapsed.error).toMatch(/^Podero has not confirmed that the device is connected\. The manufacturer's authorization has expired\.$/);
    expect((await webhooks()).map((event) => event.type)).toEqual(["device.needs_attention"]);
  });

  it("Cancel on Podero's page: CANCELLED, nothing connected", async () => {
    const me = await session();
    const started = await startDeviceConnect(me, { type: "hp" });
    const back = await onPoderosPage(started, "cancel");
    expect(back.searchParams.get("outcome")).toBe("cancel");
    expect(await comeBack(back)).toMatchObject({ status: "CANCELLED", device: null, type: "hp" });
    expect(await db().device.count()).toBe(0);
    expect(await webhooks()).toEqual([]);
    expect(await db().event.count({ where: { type: "device.onboarding_cancelled" } })).toBe(1);
  });

  it("an onboarding page that expired: EXPIRED, in words that say so", async () => {
    const me = await session();
    const started = await startDeviceConnect(me, { type: "ev" });
    const onboardingId = new URL(started.url).searchParams.get("onboarding_session_id")!;
    await control(`onboarding/${onboardingId}/expire`, {});
    const checked = await checkDeviceAttempt(me.account.id, started.attemptId, "poll");
    expect(checked).toMatchObject({ status: "EXPIRED", error: "The device connection page expired before the device was connected. Try again." });
  });

  it("a poll asks Podero at most every few seconds", async () => {
    const me = await session();
    const started = await startDeviceConnect(me, { type: "ev" });
    for (let i = 0; i < 5; i++) await checkDeviceAttempt(me.account.id, started.attemptId, "poll");
    expect(await calls(READ_ONBOARDING)).toBe(1);
  });

  it("Reconnect: a lapsed device needs attention, is reconnected through Podero's page, and is the same device", async () => {
    const me = await session();
    const started = await startDeviceConnect(me, { type: "wb" });
    await comeBack(await onPoderosPage(started, "approve", { device_type: "wb", brand: "easee" }));
    const [remote] = (await poderoState()).devices;
    await control(`devices/${remote!.id}/lapse`, {});
    const [device] = (await loadDevices(me))!.devices;
    expect(device).toMatchObject({ status: "NEEDS_ATTENTION", needsAction: true, manufacturer: "Easee" });

    const again = await startDeviceConnect(me, { deviceId: device!.id });
    expect((await poderoState()).onboardings.at(-1)).toMatchObject({ device_type: "wb" });
    const done = await comeBack(await onPoderosPage(again, "approve", { device_type: "wb", brand: "easee" }));
    expect(done).toMatchObject({ status: "SUCCEEDED", device: { id: device!.id, status: "CONNECTED" } });
    expect((await webhooks()).map((event) => event.type)).toEqual(["device.connected", "device.needs_attention", "device.connected"]);
    expect((await webhooks("device.needs_attention"))[0]!.data.reason).toBe("The manufacturer's authorization has expired.");
  });
});

describe("Podero's refusals reach the user in words", () => {
  it("a price zone Podero does not have (the partner's setting) names the field and Podero's choices", async () => {
    const restore = useSettings({ PODERO_PRICE_ZONE: "XX" });
    try {
      const me = await session();
      await expect(startDeviceConnect(me, { type: "ev" })).rejects.toMatchObject({
        message: "Podero: price_zone_default: Input should be 'AT', 'BE', 'CH', 'DE_LU', 'EE', 'HU', 'PT', 'RO', 'SE_1', 'SE_2', 'SE_3', 'SE_4' or 'UK'",
      });
      expect(await db().event.findFirst({ where: { type: "device.onboarding_failed" } })).toMatchObject({
        outcome: "failure",
        message: expect.stringContaining("price_zone_default"),
      });
    } finally {
      restore();
    }
  });

  it("a language Podero does not have falls back to PODERO_LANGUAGE", async () => {
    const restore = useSettings({ PODERO_LANGUAGE: "sv" });
    try {
      await startDeviceConnect(await session({ locale: "fr-CA" }), { type: "ev" });
      expect((await poderoState()).onboardings[0]!.language).toBe("sv");
    } finally {
      restore();
    }
  });

  it("a Podero user Podero lost is made again; a 'User not found' Podero says of a user it has is passed on", async () => {
    const me = await session();
    const first = await ensurePoderoUser(me);
    await control("reset", {}); // Podero forgets everything (the emulator restarted)
    const started = await startDeviceConnect(me, { type: "ev" });
    const relinked = await db().poderoUserLink.findFirstOrThrow();
    expect(relinked.poderoUserId).not.toBe(first.poderoUserId);
    expect((await poderoState()).users.map((user) => user.id)).toEqual([relinked.poderoUserId]);
    expect(started.url).toContain("onboarding_session_id=");

    await control("faults", { method: "POST", path: "/api/partners/v2.0/device-onboarding", status: 404, body: { detail: "User not found." }, times: 1 });
    await expect(startDeviceConnect(me, { type: "ev" })).rejects.toMatchObject({ code: "not_found", message: "Podero: User not found." });
  });
});

describe("Podero's token", () => {
  it("is fetched once for many concurrent calls", async () => {
    const me = await session();
    const link = await ensurePoderoUser(me);
    await db().providerToken.deleteMany({ where: { key: PODERO_KEY } });
    await control("revoke-tokens", {});
    // A fresh client in a fresh process would start with nothing cached: the stored token is gone and Podero revoked the old one.
    const grants = async () => calls("POST /oauth2/token/");
    const before = await grants();
    await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => podero().listDevices(link.poderoUserId, (["ev", "hp", "iv", "wb"] as const)[i % 4]!, { includeDeleted: true })),
      ...Array.from({ length: 5 }, () => podero().getUser(link.poderoUserId)),
      ...Array.from({ length: 5 }, () => startDeviceConnect(me, { type: "iv" })),
    ]);
    expect((await grants()) - before).toBe(1);
  });
});

describe("devices everywhere a connector is", () => {
  async function connectedDevice(me: ActiveSession, type: "ev" | "hp" = "ev") {
    const started = await startDeviceConnect(me, { type });
    const done = await comeBack(await onPoderosPage(started, "approve", type === "hp" ? { device_type: "hp", brand: "daikin" } : {}));
    expect(done.status).toBe("SUCCEEDED");
    return done.device!;
  }

  it("the host status API lists the account's devices beside its connectors, each with its provider", async () => {
    const me = await session();
    const device = await connectedDevice(me);
    const statuses = await accountStatuses("acme-corp");
    expect(statuses.connectors.length).toBeGreaterThan(0);
    expect(new Set(statuses.connectors.map((connector) => connector.provider))).toEqual(new Set(["Cyclr"]));
    expect(statuses.devices).toEqual([
      {
        id: device.id,
        provider: "Podero",
        userId: "u1",
        type: "ev",
        typeName: "Electric vehicle",
        manufacturer: "Tesla",
        model: "Model 3",
        status: "CONNECTED",
        needsAction: false,
        connectedAt: expect.any(String),
        lastCheckedAt: expect.any(String),
      },
    ]);
    // The console's read model: the device with its user and Podero's own words.
    expect((await accountDeviceRows(me.account.id)).rows).toMatchObject([
      {
        id: device.id,
        provider: "Podero",
        hostUserId: "u1",
        email: "u1@example.com",
        status: "CONNECTED",
        lifecycleState: "authenticated",
        connectionStatus: "ok",
        account: { cyclrAccountId: "acme-corp" },
        lastAttempt: { status: "SUCCEEDED" },
      },
    ]);
    expect((await listConnectorRows({ status: "NEEDS_ATTENTION" })).rows).toEqual([]);
    // ?refresh=true asks Podero too.
    const [remote] = (await poderoState()).devices;
    await control(`devices/${remote!.id}/lapse`, {});
    expect((await accountStatuses("acme-corp", { refresh: true })).devices).toMatchObject([{ status: "NEEDS_ATTENTION", needsAction: true }]);
  });

  it("the sync marks a lapsed device Needs attention and a deleted one Disconnected, each told once", async () => {
    const me = await session();
    await connectedDevice(me, "ev");
    await connectedDevice(me, "hp");
    const [ev, hp] = (await poderoState()).devices;
    await control(`devices/${ev!.id}/lapse`, {});
    // Deleted at Podero (as the partner or the user would).
    const token = await podero().tokens.getToken(PODERO_KEY);
    const gone = await fetch(`${process.env.PODERO_API_URL}/api/partners/v2.0/org/${process.env.PODERO_ORG_ID}/users/${ev!.user_id}/heat-pumps/${hp!.id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(gone.status).toBe(204);

    const [first, second] = await Promise.all([syncAll(systemActor()), syncAll(systemActor())]);
    const ran = [first, second].find((result) => result.ran)!;
    expect(ran).toMatchObject({ devices: { users: 1, failed: [], gone: 0 } });
    await syncAll(systemActor()); // again: nothing new to tell
    const rows = await db().device.findMany({ orderBy: { type: "asc" } });
    expect(rows.map((row) => [row.type, row.status])).toEqual([
      ["ev", "NEEDS_ATTENTION"],
      ["hp", "DISCONNECTED"],
    ]);
    expect((await webhooks()).map((event) => `${event.type} ${String(event.data.device.type)}`)).toEqual([
      "device.connected ev",
      "device.connected hp",
      "device.needs_attention ev",
      "device.disconnected hp",
    ]);
    // A deleted device is no longer on the page.
    expect((await loadDevices(me))!.devices.map((device) => device.type)).toEqual(["ev"]);
    const sync = await db().event.findFirstOrThrow({ where: { type: "sync.completed" }, orderBy: { createdAt: "desc" } });
    expect(sync.message).toContain("read the devices of 1 Podero user(s)");
  });

  it("a Podero user Podero no longer has: the sync disconnects their devices", async () => {
    const me = await session();
    await connectedDevice(me);
    await control("reset", {});
    const result = await syncAll(systemActor());
    expect(result).toMatchObject({ ran: true, devices: { gone: 1 } });
    expect(await db().device.findFirstOrThrow()).toMatchObject({ status: "DISCONNECTED", retiredAt: expect.any(Date) });
    expect((await webhooks()).map((event) => event.type)).toEqual(["device.connected", "device.disconnected"]);
    expect(await db().poderoUserLink.findFirstOrThrow()).toMatchObject({ goneAt: expect.any(Date) });
  });
});

describe("with Podero not configured", () => {
  let restore: () => void = () => {};
  afterEach(() => restore());

  it("nothing about devices appears: no section, no host API field, no sync, no attempts", async () => {
    const me = await session();
    await connectedDevice();
    restore = useSettings({ PODERO_CLIENT_ID: "", PODERO_CLIENT_SECRET: "", PODERO_ORG_ID: "" });
    expect(await loadDevices(me)).toBeNull();
    const statuses = await accountStatuses("acme-corp");
    expect("devices" in statuses).toBe(false);
    const sync = await syncAll(systemActor());
    expect(sync).toMatchObject({ ran: true, devices: null });
    await expect(startDeviceConnect(me, { type: "ev" })).rejects.toMatchObject({ code: "not_found", message: "Devices are not offered here." });

    async function connectedDevice() {
      const started = await startDeviceConnect(me, { type: "ev" });
      await comeBack(await onPoderosPage(started, "approve"));
    }
  });
});
