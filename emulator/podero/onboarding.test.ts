import { describe, expect, it } from "vitest";
import { LANGUAGES, PRICE_ZONES } from "./catalogue";
import { endOfNextDay } from "./state";
import { API, usePodero } from "./test-harness";

// POST and GET /device-onboarding: Podero's validation (422 naming each bad field), the
// unknown user, and the session object exactly as CYCLR.md gives it.

const h = usePodero();
const OK = "https://switchboard.example/ok";
const NO = "https://switchboard.example/no";
const NOBODY = "00000000-0000-0000-0000-000000000000";

type Detail = { detail: { loc: string[]; msg: string; type: string }[] };

const start = (body: unknown) => h.api<Detail & Record<string, unknown>>(`${API}/device-onboarding`, { body });

describe("creating an onboarding session", () => {
  it("answers 201 with exactly CYCLR.md's fields, the link on Podero's own page, expiring at the end of the next day", async () => {
    const user = await h.createUser();
    const before = endOfNextDay();
    const started = await start({ user_id: user, success_url: OK, cancel_url: NO, language: "de", price_zone_default: "DE_LU", device_type: "ev" });
    expect(started.status).toBe(201);
    expect(started.headers.get("cache-control")).toBe("no-store");
    const id = String(started.body.id);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(started.body).toEqual({
      id,
      authentication_url: `${h.url()}/connect?onboarding_session_id=${id}`,
      user,
      success_url: OK,
      cancel_url: NO,
      expiration_date: expect.any(String) as string,
      object_id: null,
      external_metadata: {},
    });
    expect(Object.keys(started.body)).toEqual([
      "id",
      "authentication_url",
      "user",
      "success_url",
      "cancel_url",
      "expiration_date",
      "object_id",
      "external_metadata",
    ]);
    // The end of the day after today (UTC): between 24 and 48 hours away, at 23:59:59.999.
    expect([before, endOfNextDay()]).toContain(started.body.expiration_date);
    const left = Date.parse(String(started.body.expiration_date)) - Date.now();
    expect(left).toBeGreaterThan(24 * 3600_000 - 1000);
    expect(left).toBeLessThanOrEqual(48 * 3600_000);
    expect(String(started.body.expiration_date)).toMatch(/T23:59:59\.999Z$/);
  });

  it("needs only user_id, success_url and cancel_url; keeps the URLs exactly as sent", async () => {
    const user = await h.createUser();
    const success = "http://localhost:3000/connect/podero/return?attempt=a%201&nonce=xyz&x=a+b#frag";
    const started = await start({ user_id: user, success_url: success, cancel_url: NO });
    expect(started).toMatchObject({ status: 201, body: { success_url: success, cancel_url: NO } });
    expect((await start({ user_id: user, success_url: OK, cancel_url: NO, language: null, device_type: null, building_id: null })).status).toBe(201);
  });

  it("reads the session back by id with the same object; an unknown id is 404", async () => {
    const user = await h.createUser();
    const started = await start({ user_id: user, success_url: OK, cancel_url: NO });
    expect(await h.api(`${API}/device-onboarding/${String(started.body.id)}`)).toEqual(expect.objectContaining({ status: 200, body: started.body }));
    expect(await h.api(`${API}/device-onboarding/${NOBODY}`)).toMatchObject({ status: 404, body: { detail: "Not found." } });
  });

  it("refuses a well-formed user id that is no user of the organisation with 404 User not found", async () => {
    expect(await start({ user_id: NOBODY, success_url: OK, cancel_url: NO })).toMatchObject({ status: 404, body: { detail: "User not found." } });
    expect((await h.control<{ onboardings: unknown[] }>("state")).body.onboardings).toEqual([]);
  });
});

describe("validation: 422 with detail [{loc, msg, type}], every bad field named", () => {
  it("names each missing required field", async () => {
    const refused = await start({});
    expect(refused.status).toBe(422);
    expect(refused.body).toEqual({
      detail: [
        { loc: ["body", "user_id"], msg: "Field required", type: "missing" },
        { loc: ["body", "success_url"], msg: "Field required", type: "missing" },
        { loc: ["body", "cancel_url"], msg: "Field required", type: "missing" },
      ],
    });
  });

  it("refuses a language outside sv, de, en, hu, it, et, pl, ro and accepts each of them", async () => {
    const user = await h.createUser();
    for (const language of ["fr", "EN", "en-GB", "", 7]) {
      const refused = await start({ user_id: user, success_url: OK, cancel_url: NO, language });
      expect([language, refused.status, refused.body]).toEqual([
        language,
        422,
        { detail: [{ loc: ["body", "language"], msg: "Input should be 'sv', 'de', 'en', 'hu', 'it', 'et', 'pl' or 'ro'", type: "enum" }] },
      ]);
    }
    for (const language of LANGUAGES) expect((await start({ user_id: user, success_url: OK, cancel_url: NO, language })).status).toBe(201);
  });

  it("refuses a price zone outside CYCLR.md's list and accepts each of them", async () => {
    const user = await h.createUser();
    for (const zone of ["DE", "SE_5", "se_1", "FR"]) {
      const refused = await start({ user_id: user, success_url: OK, cancel_url: NO, price_zone_default: zone });
      expect(refused.status).toBe(422);
      expect(refused.body.detail).toEqual([
        {
          loc: ["body", "price_zone_default"],
          msg: "Input should be 'AT', 'BE', 'CH', 'DE_LU', 'EE', 'HU', 'PT', 'RO', 'SE_1', 'SE_2', 'SE_3', 'SE_4' or 'UK'",
          type: "enum",
        },
      ]);
    }
    for (const zone of PRICE_ZONES) expect((await start({ user_id: user, success_url: OK, cancel_url: NO, price_zone_default: zone })).status).toBe(201);
  });

  it("refuses a device type outside ev, hp, iv, wb and accepts each of them", async () => {
    const user = await h.createUser();
    const refused = await start({ user_id: user, success_url: OK, cancel_url: NO, device_type: "battery" });
    expect(refused).toMatchObject({
      status: 422,
      body: { detail: [{ loc: ["body", "device_type"], msg: "Input should be 'ev', 'hp', 'iv' or 'wb'", type: "enum" }] },
    });
    for (const type of ["ev", "hp", "iv", "wb"]) expect((await start({ user_id: user, success_url: OK, cancel_url: NO, device_type: type })).status).toBe(201);
  });

  it("refuses URLs that are not absolute http(s) URLs", async () => {
    const user = await h.createUser();
    const cases: [unknown, string, string][] = [
      ["/relative/path", "url_parsing", "Input should be a valid URL, relative URL without a base"],
      ["not a url", "url_parsing", "Input should be a valid URL, relative URL without a base"],
      ["javascript:alert(1)", "url_scheme", "URL scheme should be 'http' or 'https'"],
      ["ftp://files.example/x", "url_scheme", "URL scheme should be 'http' or 'https'"],
      [42, "url_type", "URL input should be a string or URL"],
    ];
    for (const [value, type, msg] of cases) {
      const refused = await start({ user_id: user, success_url: value, cancel_url: value });
      expect([value, refused.status, refused.body]).toEqual([
        value,
        422,
        {
          detail: [
            { loc: ["body", "success_url"], msg, type },
            { loc: ["body", "cancel_url"], msg, type },
          ],
        },
      ]);
    }
  });

  it("refuses a user id that is not a UUID, a building id that is not one, and a non-boolean optimisation flag, all at once", async () => {
    const refused = await start({
      user_id: "nobody",
      success_url: OK,
      cancel_url: NO,
      language: "xx",
      price_zone_default: "XX",
      building_id: "b-1",
      is_smart_optimization_active_default: "yes please",
    });
    expect(refused.status).toBe(422);
    expect(refused.body.detail.map((error) => [error.loc.join("."), error.type])).toEqual([
      ["body.user_id", "uuid_parsing"],
      ["body.language", "enum"],
      ["body.price_zone_default", "enum"],
      ["body.building_id", "uuid_parsing"],
      ["body.is_smart_optimization_active_default", "bool_type"],
    ]);
    expect(refused.body.detail.every((error) => typeof error.msg === "string" && error.msg.length > 0)).toBe(true);
    expect((await start({ user_id: 12, success_url: OK, cancel_url: NO })).body.detail).toEqual([
      { loc: ["body", "user_id"], msg: "UUID input should be a string, bytes or UUID object", type: "uuid_type" },
    ]);
  });

  it("refuses a body that is not an object with 422 and one that is not JSON with 400", async () => {
    expect(await start([1, 2])).toMatchObject({ status: 422, body: { detail: [{ loc: ["body"], type: "model_attributes_type" }] } });
    expect(await h.api(`${API}/device-onboarding`, { rawBody: "{nope" })).toMatchObject({ status: 400, body: { detail: "JSON parse error." } });
  });
});
