import { describe, expect, it } from "vitest";
import { API, formSubmission, usePodero } from "./test-harness";

// Podero's own page at authentication_url: the device type and brand choice, Approve and
// Cancel as real form posts, the 303 to exactly success_url or cancel_url, a device after
// Approve, and the pages for expired, used and unknown sessions. Browser behaviour (the popup,
// the return) is proven with Playwright in Switchboard's e2e; here, the served HTML, headers
// and state.

const h = usePodero();

type State = { onboardings: { id: string; status: string; phase: string }[]; devices: { id: string; device_model: { device_type: { short_name: string } } }[] };
const state = async () => (await h.control<State>("state")).body;

describe("the page", () => {
  it("for a session naming a type: that type only, checked; its brands, the first checked; Approve and Cancel in a post form", async () => {
    const user = await h.createUser();
    const session = await h.onboard(user, { device_type: "ev" });
    const shown = await h.page(session.authentication_url);
    expect(shown.status).toBe(200);
    expect(shown.headers.get("content-type")).toMatch(/^text\/html/);
    expect(shown.headers.get("cache-control")).toBe("no-store");
    expect(shown.headers.get("referrer-policy")).toBe("no-referrer");
    expect(shown.headers.get("x-content-type-options")).toBe("nosniff");
    expect(shown.headers.get("x-frame-options")).toBe("DENY");
    expect(shown.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    const html = shown.text;
    expect(html).toContain("<h1>Connect your device</h1>");
    expect(html).toContain(`<form method="post" action="/connect?onboarding_session_id=${session.id}">`);
    expect(html).toContain("<legend>Device type</legend>");
    expect(html.match(/name="device_type"/g)).toHaveLength(1);
    expect(html).toContain('<label><input type="radio" name="device_type" value="ev" checked required> Electric vehicle</label>');
    expect(html).toContain("<legend>Brand</legend>");
    expect(html).toContain('<label><input type="radio" name="brand" value="tesla" checked required> Tesla</label>');
    expect(html).toContain('<label><input type="radio" name="brand" value="volkswagen" required> Volkswagen</label>');
    expect(html).not.toContain("Daikin");
    expect(html).toContain('<button class="go" type="submit" name="choice" value="approve">Approve</button>');
    expect(html).toContain('<button class="no" type="submit" name="choice" value="cancel" formnovalidate>Cancel</button>');
    expect(formSubmission(html, { name: "choice", value: "approve" }).fields.toString()).toBe("device_type=ev&brand=tesla&choice=approve");
  });

  it("for a session naming no type: every type, and the brands grouped by type in a labelled list", async () => {
    const user = await h.createUser();
    const html = (await h.page((await h.onboard(user)).authentication_url)).text;
    for (const [type, name] of [
      ["ev", "Electric vehicle"],
      ["hp", "Heat pump"],
      ["iv", "Inverter"],
      ["wb", "Wallbox"],
    ]) {
      expect(html).toMatch(new RegExp(`<label><input type="radio" name="device_type" value="${type}"( checked)? required> ${name}</label>`));
      expect(html).toContain(`<optgroup label="${name}">`);
    }
    expect(html).toContain('<label for="brand">Brand</label><select id="brand" name="brand" required>');
    for (const brand of ["Tesla", "Volkswagen", "Daikin", "Vaillant", "SMA", "Fronius", "Easee", "Wallbox"]) expect(html).toContain(`>${brand}</option>`);
  });

  it("escapes third-party text: the user's email and the return URL", async () => {
    const user = await h.createUser("<b>mallory</b>@evil.example");
    const success = 'https://switchboard.example/ok?next="><script>alert(1)</script>';
    const session = await h.onboard(user, { success_url: success, device_type: "wb" });
    const html = (await h.page(session.authentication_url)).text;
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<b>");
    expect(html).toContain("&lt;b&gt;mallory&lt;/b&gt;@evil.example");
    expect(html).toContain("https://switchboard.example/ok?next=&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
    // …and the redirect still goes to exactly that URL.
    expect((await h.press(session.authentication_url, "approve")).headers.get("location")).toBe(success);
  });

  it("is 404 for an unknown or missing session id, with a page and no redirect", async () => {
    for (const path of ["/connect?onboarding_session_id=00000000-0000-0000-0000-000000000000", "/connect"]) {
      const shown = await h.page(`${h.url()}${path}`);
      expect(shown.status).toBe(404);
      expect(shown.text).toContain("This link is not valid");
      expect(shown.headers.get("location")).toBeNull();
    }
  });
});

describe("Approve", () => {
  it("sends the browser to exactly success_url with 303, creates an authenticated device for the user, and sets object_id", async () => {
    const user = await h.createUser();
    const session = await h.onboard(user, { device_type: "ev" });
    const back = await h.press(session.authentication_url, "approve");
    expect(back.status).toBe(303);
    expect(back.headers.get("location")).toBe(session.success_url);
    expect(back.text).toBe("");

    const listed = await h.devices(user, "ev");
    expect(listed.status).toBe(200);
    expect(listed.body).toHaveLength(1);
    const device = listed.body[0]!;
    expect(device).toMatchObject({
      user_id: user,
      is_authenticated: true,
      lifecycle_state: "authenticated",
      lifecycle_error: null,
      connection_status: "ok",
      device_model: { device_type: { short_name: "ev", long_name: "Electric vehicle" }, manufacturer: "Tesla", model: "Model 3" },
      action_needed: false,
      actions: [],
      deleted_at: null,
    });
    expect(Date.parse(device.created_at)).toBeLessThanOrEqual(Date.now());
    const read = await h.api(`${API}/device-onboarding/${session.id}`);
    expect(read.body).toEqual({ ...session, object_id: device.id });
    for (const type of ["hp", "iv", "wb"] as const) expect((await h.devices(user, type)).body).toEqual([]);
  });

  it("takes the brand the user chose, and a type chosen on the page when the session named none", async () => {
    const user = await h.createUser();
    await h.press((await h.onboard(user, { device_type: "ev" })).authentication_url, "approve", { brand: "volkswagen" });
    await h.press((await h.onboard(user)).authentication_url, "approve", { device_type: "hp", brand: "vaillant" });
    expect((await h.devices(user, "ev")).body.map((d) => [d.device_model.manufacturer, d.device_model.model])).toEqual([["Volkswagen", "ID.4"]]);
    expect((await h.devices(user, "hp")).body.map((d) => [d.device_model.device_type.long_name, d.device_model.manufacturer])).toEqual([
      ["Heat pump", "Vaillant"],
    ]);
  });

  it("refuses a brand of another type, another type than the session's, or no choice with the page again (400) and changes nothing", async () => {
    const user = await h.createUser();
    const open = await h.onboard(user);
    const fixed = await h.onboard(user, { device_type: "iv" });
    const cases: [string, Record<string, string>, string][] = [
      [open.authentication_url, { device_type: "hp", brand: "tesla", choice: "approve" }, "Choose a brand of heat pump."],
      [open.authentication_url, { brand: "tesla", choice: "approve" }, "Choose a device type."],
      [fixed.authentication_url, { device_type: "ev", brand: "tesla", choice: "approve" }, "Choose a device type."],
      [fixed.authentication_url, { device_type: "iv", choice: "maybe" }, "Choose Approve or Cancel."],
    ];
    for (const [pageUrl, fields, error] of cases) {
      const refused = await h.post(
        new URL(formSubmission((await h.page(pageUrl)).text, { name: "choice", value: "approve" }).action, pageUrl).href,
        new URLSearchParams(fields),
      );
      expect([refused.status, refused.headers.get("location")]).toEqual([400, null]);
      expect(refused.text).toContain(`<p class="error" role="alert" id="form-error">${error}</p>`);
    }
    expect((await state()).devices).toEqual([]);
    expect((await h.page(fixed.authentication_url)).status).toBe(200);
  });

  it("works once: the page then says the link was used, and a second Approve creates nothing and redirects nowhere", async () => {
    const user = await h.createUser();
    const session = await h.onboard(user, { device_type: "wb" });
    const pageHtml = (await h.page(session.authentication_url)).text;
    const { action, fields } = formSubmission(pageHtml, { name: "choice", value: "approve" });
    const target = new URL(action, session.authentication_url).href;
    expect((await h.post(target, fields)).status).toBe(303);
    const again = await h.post(target, fields);
    expect([again.status, again.headers.get("location")]).toEqual([410, null]);
    expect(again.text).toContain("This link has already been used");
    const shown = await h.page(session.authentication_url);
    expect(shown.status).toBe(410);
    expect(shown.text).toContain("This link has already been used");
    expect((await h.devices(user, "wb")).body).toHaveLength(1);
  });

  it("redirects to a success_url with non-ASCII characters percent-encoded, and to one with a fragment as it is", async () => {
    const user = await h.createUser();
    const plain = await h.onboard(user, { success_url: "https://switchboard.example/back?who=zoë&x=1" });
    expect((await h.press(plain.authentication_url, "approve", { device_type: "ev", brand: "bmw" })).headers.get("location")).toBe(
      "https://switchboard.example/back?who=zo%C3%AB&x=1",
    );
    const fragment = await h.onboard(user, { success_url: "http://localhost:3000/return?a=1&b=%2F#done" });
    expect((await h.press(fragment.authentication_url, "approve", { device_type: "ev", brand: "bmw" })).headers.get("location")).toBe(
      "http://localhost:3000/return?a=1&b=%2F#done",
    );
  });
});

describe("Cancel", () => {
  it("sends the browser to exactly cancel_url with 303 and creates no device; the link is then used", async () => {
    const user = await h.createUser();
    const session = await h.onboard(user, { device_type: "hp" });
    const back = await h.press(session.authentication_url, "cancel");
    expect(back.status).toBe(303);
    expect(back.headers.get("location")).toBe(session.cancel_url);
    for (const type of ["ev", "hp", "iv", "wb"] as const) expect((await h.devices(user, type)).body).toEqual([]);
    expect((await h.api(`${API}/device-onboarding/${session.id}`)).body).toMatchObject({ object_id: null });
    expect((await h.page(session.authentication_url)).status).toBe(410);
    expect((await state()).onboardings).toMatchObject([{ id: session.id, status: "cancelled", phase: "used" }]);
  });
});

describe("an expired session", () => {
  it("shows the expired page and redirects nowhere, on the page and on Approve or Cancel; nothing is created", async () => {
    const user = await h.createUser();
    const session = await h.onboard(user, { device_type: "ev" });
    const { action, fields } = formSubmission((await h.page(session.authentication_url)).text, { name: "choice", value: "approve" });
    const expired = await h.control(`onboarding/${session.id}/expire`, {});
    expect(expired.status).toBe(200);
    expect(Date.parse(String(expired.body.expiration_date))).toBeLessThan(Date.now());
    expect(Date.parse(String((await h.api(`${API}/device-onboarding/${session.id}`)).body.expiration_date))).toBeLessThan(Date.now());

    const shown = await h.page(session.authentication_url);
    expect(shown.status).toBe(410);
    expect(shown.text).toContain("This link has expired");
    expect(shown.text).not.toContain("<form");
    for (const choice of ["approve", "cancel"]) {
      fields.set("choice", choice);
      const pressed = await h.post(new URL(action, session.authentication_url).href, fields);
      expect([pressed.status, pressed.headers.get("location")]).toEqual([410, null]);
      expect(pressed.text).toContain("This link has expired");
    }
    expect((await h.devices(user, "ev")).body).toEqual([]);
    expect((await state()).onboardings).toMatchObject([{ id: session.id, status: "pending", phase: "expired" }]);
    expect((await h.control("onboarding/00000000-0000-0000-0000-000000000000/expire", {})).status).toBe(404);
  });
});
