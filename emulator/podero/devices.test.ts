import { describe, expect, it } from "vitest";
import { PODERO_ORG_ID } from "./index";
import { API, ORG, SEGMENTS, usePodero } from "./test-harness";

// Devices per type under the organisation's user: lists, one device, soft deletion with
// include_deleted, 404s; the control routes that seed a device and make one lapse; and
// re-authentication (a new onboarding session for the same type and brand, or auth_session)
// restoring the same device.

const h = usePodero();
const NOBODY = "00000000-0000-0000-0000-000000000000";

type Device = Awaited<ReturnType<typeof h.devices>>["body"][number];

async function onboarded(user: string, type: keyof typeof SEGMENTS = "ev", brand?: string): Promise<Device> {
  const session = await h.onboard(user, { device_type: type });
  const back = await h.press(session.authentication_url, "approve", brand ? { brand } : {});
  if (back.status !== 303) throw new Error(`approve answered ${back.status}`);
  const { body } = await h.api<{ object_id: string }>(`${API}/device-onboarding/${session.id}`);
  return (await h.api<Device>(`${ORG}/users/${user}/${SEGMENTS[type]}/${body.object_id}`)).body;
}

describe("device lists and devices", () => {
  it("lists each type separately as a bare array, and reads one device by id", async () => {
    const user = await h.createUser();
    const ev = await onboarded(user, "ev");
    const iv = await onboarded(user, "iv", "fronius");
    expect((await h.devices(user, "ev")).body).toEqual([ev]);
    expect((await h.devices(user, "iv")).body).toEqual([iv]);
    expect(iv.device_model).toEqual({ device_type: { short_name: "iv", long_name: "Inverter" }, manufacturer: "Fronius", model: "Symo GEN24 Plus" });
    expect(Object.keys(ev).sort()).toEqual(
      [
        "action_needed",
        "actions",
        "building_id",
        "connection_status",
        "created_at",
        "deleted_at",
        "device_model",
        "id",
        "is_authenticated",
        "is_smart_optimization_active",
        "lifecycle_error",
        "lifecycle_state",
        "updated_at",
        "user_id",
      ].sort(),
    );
  });

  it("answers 404 Not found for an unknown device, another type's path, another user's device, an unknown user or organisation", async () => {
    const ann = await h.createUser("ann@example.com");
    const bo = await h.createUser("bo@example.com");
    const ev = await onboarded(ann, "ev");
    for (const path of [
      `${ORG}/users/${ann}/electric-vehicles/${NOBODY}`,
      `${ORG}/users/${ann}/heat-pumps/${ev.id}`,
      `${ORG}/users/${bo}/electric-vehicles/${ev.id}`,
      `${ORG}/users/${NOBODY}/electric-vehicles`,
      `${API}/org/${NOBODY}/users/${ann}/electric-vehicles`,
    ]) {
      expect([path, ...Object.values(await h.api(path).then((r) => ({ status: r.status, body: r.body })))]).toEqual([path, 404, { detail: "Not found." }]);
    }
    expect((await h.devices(bo, "ev")).body).toEqual([]);
  });

  it("soft-deletes with DELETE (204): the device leaves the list and its id, and returns with include_deleted, deleted_at set", async () => {
    const user = await h.createUser();
    const ev = await onboarded(user, "ev");
    const path = `${ORG}/users/${user}/electric-vehicles/${ev.id}`;
    const deleted = await h.api(path, { method: "DELETE" });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");
    expect((await h.devices(user, "ev")).body).toEqual([]);
    expect((await h.devices(user, "ev", "?include_deleted=false")).body).toEqual([]);
    expect(await h.api(path)).toMatchObject({ status: 404, body: { detail: "Not found." } });
    expect(await h.api(path, { method: "DELETE" })).toMatchObject({ status: 404, body: { detail: "Not found." } });

    const withDeleted = (await h.devices(user, "ev", "?include_deleted=true")).body;
    expect(withDeleted).toHaveLength(1);
    expect(withDeleted[0]).toMatchObject({ id: ev.id, is_authenticated: true });
    expect(Date.parse(String(withDeleted[0]!.deleted_at))).toBeLessThanOrEqual(Date.now());
    expect((await h.api(`${path}?include_deleted=true`)).body).toEqual(withDeleted[0]);
    expect(await h.api(`${path}/auth_session`, { body: {} })).toMatchObject({ status: 404 });
  });
});

describe("control: seeding and lapsing devices", () => {
  it("seeds a device for a known user, by brand or by any manufacturer; refuses an unknown user or type", async () => {
    const user = await h.createUser();
    const seeded = await h.control("devices", { user_id: user, device_type: "hp", brand: "daikin" });
    expect(seeded).toMatchObject({ status: 201, body: { is_authenticated: true, device_model: { manufacturer: "Daikin", model: "Altherma 3 H HT" } } });
    const custom = await h.control("devices", { user_id: user, device_type: "hp", manufacturer: "Nibe", model: "S1255" });
    expect(custom.body).toMatchObject({ device_model: { device_type: { short_name: "hp" }, manufacturer: "Nibe", model: "S1255" } });
    const lapsed = await h.control("devices", { user_id: user, device_type: "wb", is_authenticated: false });
    expect(lapsed.body).toMatchObject({ is_authenticated: false, action_needed: true, device_model: { manufacturer: "Easee" } });
    expect((await h.devices(user, "hp")).body.map((d) => d.id)).toEqual([seeded.body.id, custom.body.id]);
    expect((await h.control("devices", { user_id: NOBODY, device_type: "hp" })).status).toBe(404);
    expect((await h.control("devices", { user_id: user, device_type: "car" })).status).toBe(400);
    const { devices } = (await h.control<{ devices: { id: string }[] }>("state")).body;
    expect(devices.map((d) => d.id)).toEqual([seeded.body.id, custom.body.id, lapsed.body.id]);
  });

  it("lapse: is_authenticated false, authentication_expired, action_needed with a reauthenticate action whose link opens Podero's page", async () => {
    const user = await h.createUser();
    const ev = await onboarded(user, "ev");
    const lapsed = await h.control(`devices/${ev.id}/lapse`, {});
    expect(lapsed.status).toBe(200);
    const [listed] = (await h.devices(user, "ev")).body;
    expect(listed).toEqual(lapsed.body);
    expect(listed).toMatchObject({
      id: ev.id,
      is_authenticated: false,
      lifecycle_state: "authentication_expired",
      lifecycle_error: expect.any(String) as string,
      connection_status: "error",
      action_needed: true,
      actions: [{ code: "reauthenticate", resolution_link: expect.stringMatching(new RegExp(`^${h.url()}/connect\\?onboarding_session_id=`)) as string }],
    });
    expect(Date.parse(listed!.updated_at)).toBeGreaterThanOrEqual(Date.parse(ev.updated_at));
    const custom = await h.control(`devices/${ev.id}/lapse`, { lifecycle_state: "authentication_failed", lifecycle_error: null, connection_status: "warning" });
    expect(custom.body).toMatchObject({
      lifecycle_state: "authentication_failed",
      lifecycle_error: null,
      connection_status: "warning",
      is_authenticated: false,
    });
    expect((await h.control(`devices/${NOBODY}/lapse`, {})).status).toBe(404);
  });
});

describe("re-authentication restores the same device", () => {
  it("through a new onboarding session for the same user, type and brand: the same id, authenticated again, object_id naming it", async () => {
    const user = await h.createUser();
    const tesla = await onboarded(user, "ev", "tesla");
    await h.control(`devices/${tesla.id}/lapse`, {});
    const session = await h.onboard(user, { device_type: "ev" });
    const back = await h.press(session.authentication_url, "approve", { brand: "tesla" });
    expect(back.headers.get("location")).toBe(session.success_url);
    const listed = (await h.devices(user, "ev")).body;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      id: tesla.id,
      is_authenticated: true,
      lifecycle_state: "authenticated",
      lifecycle_error: null,
      action_needed: false,
      actions: [],
    });
    expect((await h.api(`${API}/device-onboarding/${session.id}`)).body).toMatchObject({ object_id: tesla.id });
  });

  it("the onboarding page comes with the lapsed device's brand checked, so Approve as it stands restores it", async () => {
    const user = await h.createUser();
    const vw = (await h.control<Device>("devices", { user_id: user, device_type: "ev", brand: "volkswagen", is_authenticated: false })).body;
    const session = await h.onboard(user, { device_type: "ev" });
    const html = (await h.page(session.authentication_url)).text;
    expect(html).toContain('<label><input type="radio" name="brand" value="volkswagen" checked required> Volkswagen</label>');
    expect(html).toContain('<label><input type="radio" name="brand" value="tesla" required> Tesla</label>');
    expect((await h.press(session.authentication_url, "approve")).headers.get("location")).toBe(session.success_url);
    expect((await h.devices(user, "ev")).body).toMatchObject([{ id: vw.id, is_authenticated: true }]);
  });

  it("but another brand, an authenticated device or a deleted one is not restored: a new device is created", async () => {
    const user = await h.createUser();
    const tesla = await onboarded(user, "ev", "tesla");
    await h.control(`devices/${tesla.id}/lapse`, {});
    await onboarded(user, "ev", "bmw"); // another manufacturer: a second EV
    const authenticated = await onboarded(user, "hp", "daikin");
    await onboarded(user, "hp", "daikin"); // the Daikin was not lapsed: a second heat pump
    const gone = await onboarded(user, "iv", "sma");
    await h.control(`devices/${gone.id}/lapse`, {});
    await h.api(`${ORG}/users/${user}/inverters/${gone.id}`, { method: "DELETE" });
    const fresh = await onboarded(user, "iv", "sma");

    expect((await h.devices(user, "ev")).body.map((d) => [d.device_model.manufacturer, d.is_authenticated])).toEqual([
      ["Tesla", false],
      ["BMW", true],
    ]);
    expect((await h.devices(user, "hp")).body.map((d) => d.id)).toEqual([authenticated.id, expect.not.stringMatching(authenticated.id) as string]);
    expect(fresh.id).not.toBe(gone.id);
    expect((await h.devices(user, "iv", "?include_deleted=true")).body.map((d) => [d.id, d.is_authenticated, d.deleted_at === null])).toEqual([
      [gone.id, false, false],
      [fresh.id, true, true],
    ]);
  });

  it("through the resolution_link of the reauthenticate action: Approve restores the device and shows a page, no redirect", async () => {
    const user = await h.createUser();
    const wallbox = await onboarded(user, "wb", "wallbox");
    const lapsed = await h.control<Device>(`devices/${wallbox.id}/lapse`, {});
    const link = lapsed.body.actions[0]!.resolution_link;
    const shown = await h.page(link);
    expect(shown.text).toContain("<h1>Reconnect your device</h1>");
    expect(shown.text).toContain('<label><input type="radio" name="brand" value="current" checked required> Wallbox</label>');
    expect(shown.text.match(/name="brand"/g)).toHaveLength(1);
    const done = await h.press(link, "approve");
    expect([done.status, done.headers.get("location")]).toEqual([200, null]);
    expect(done.text).toContain("Your device is connected again");
    expect((await h.devices(user, "wb")).body).toMatchObject([{ id: wallbox.id, is_authenticated: true, action_needed: false, actions: [] }]);
    expect((await h.page(link)).status).toBe(410);
  });

  it("keeps a working resolution_link while the device stays lapsed: after a Cancel or expiry, a fresh page", async () => {
    const user = await h.createUser();
    const ev = await onboarded(user, "ev");
    await h.control(`devices/${ev.id}/lapse`, {});
    const linkOf = async () => (await h.devices(user, "ev")).body[0]!.actions[0]!.resolution_link;
    const first = await linkOf();
    expect(await linkOf()).toBe(first); // the same page while it is usable
    expect((await h.press(first, "cancel")).status).toBe(200);
    const second = await linkOf();
    expect(second).not.toBe(first);
    await h.control(`onboarding/${new URL(second).searchParams.get("onboarding_session_id")}/expire`, {});
    const third = await linkOf();
    expect(third).not.toBe(second);
    expect((await h.press(third, "approve")).status).toBe(200);
    expect((await h.devices(user, "ev")).body).toMatchObject([{ id: ev.id, is_authenticated: true, actions: [] }]);
  });

  it("through POST …/{id}/auth_session, for every type: {authentication_url, device_id, session_id}; Cancel leaves the device lapsed", async () => {
    const user = await h.createUser();
    for (const type of ["ev", "hp", "iv", "wb"] as const) {
      const device = await onboarded(user, type);
      await h.control(`devices/${device.id}/lapse`, {});
      const opened = await h.api(`${API}/org/${PODERO_ORG_ID}/users/${user}/${SEGMENTS[type]}/${device.id}/auth_session`, { body: {} });
      expect(opened.status).toBe(201);
      expect(Object.keys(opened.body).sort()).toEqual(["authentication_url", "device_id", "session_id"]);
      expect(opened.body).toMatchObject({
        device_id: device.id,
        authentication_url: `${h.url()}/connect?onboarding_session_id=${String(opened.body.session_id)}`,
      });
      const url = String(opened.body.authentication_url);
      if (type === "hp") {
        const cancelled = await h.press(url, "cancel");
        expect([cancelled.status, cancelled.headers.get("location")]).toEqual([200, null]);
        expect((await h.devices(user, type)).body[0]).toMatchObject({ id: device.id, is_authenticated: false });
        continue;
      }
      expect((await h.press(url, "approve")).status).toBe(200);
      expect((await h.devices(user, type)).body).toMatchObject([{ id: device.id, is_authenticated: true }]);
      // Not an onboarding session: GET /device-onboarding does not know it.
      expect((await h.api(`${API}/device-onboarding/${String(opened.body.session_id)}`)).status).toBe(404);
    }
  });

  it("a reauthentication page for a device deleted meanwhile says so", async () => {
    const user = await h.createUser();
    const ev = await onboarded(user, "ev");
    const link = (await h.control<Device>(`devices/${ev.id}/lapse`, {})).body.actions[0]!.resolution_link;
    await h.api(`${ORG}/users/${user}/electric-vehicles/${ev.id}`, { method: "DELETE" });
    const shown = await h.page(link);
    expect(shown.status).toBe(410);
    expect(shown.text).toContain("This device no longer exists");
  });
});
