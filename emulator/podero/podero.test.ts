import { describe, expect, it } from "vitest";
import { PODERO_CLIENT_ID } from "./index";
import { API, ORG, usePodero } from "./test-harness";

// Podero's partner API as CYCLR.md describes it, driven over HTTP: the token endpoint, users,
// the bearer token on every API route, unknown routes, faults and latency.

const h = usePodero();
const NOBODY = "00000000-0000-0000-0000-000000000000";

describe("Podero emulator: token endpoint", () => {
  it("grants client credentials with Basic auth and a JSON or form body: 10 hours, Bearer, no refresh token", async () => {
    for (const [type, body] of [
      ["application/json", JSON.stringify({ grant_type: "client_credentials" })],
      ["application/x-www-form-urlencoded", "grant_type=client_credentials"],
    ]) {
      const response = await fetch(`${h.url()}/oauth2/token/`, { method: "POST", headers: { authorization: h.basic(), "content-type": type! }, body });
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toBe("no-store");
      const granted = (await response.json()) as Record<string, unknown>;
      expect(granted).toMatchObject({ expires_in: 36000, token_type: "Bearer", scope: "read write" });
      expect(Object.keys(granted).sort()).toEqual(["access_token", "expires_in", "scope", "token_type"]);
    }
  });

  it("refuses a wrong client with 401 invalid_client and WWW-Authenticate, and another grant with 400", async () => {
    const wrong = await fetch(`${h.url()}/oauth2/token/`, {
      method: "POST",
      headers: { authorization: h.basic(PODERO_CLIENT_ID, "nope"), "content-type": "application/json" },
      body: "{}",
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toMatch(/^Basic/);
    expect(await wrong.json()).toEqual({ error: "invalid_client" });
    const grant = await fetch(`${h.url()}/oauth2/token/`, {
      method: "POST",
      headers: { authorization: h.basic(), "content-type": "application/json" },
      body: JSON.stringify({ grant_type: "password" }),
    });
    expect(grant.status).toBe(400);
    expect(await grant.json()).toEqual({ error: "unsupported_grant_type" });
    const get = await fetch(`${h.url()}/oauth2/token/`);
    expect(get.status).toBe(405);
    expect(await get.json()).toEqual({ detail: 'Method "GET" not allowed.' });
  });
});

describe("Podero emulator: users", () => {
  it("creates, reads and lists users; refuses a duplicate email with 422 and an unknown user with 404", async () => {
    const created = await h.api(`${ORG}/users`, { body: { role: "user", email: "Ann@Example.com", external_user_id: "u-1" } });
    expect(created).toMatchObject({ status: 201, body: { email: "ann@example.com", role: "user", external_user_id: "u-1" } });
    const id = String(created.body.id);
    expect(await h.api(`${ORG}/users/${id}`)).toMatchObject({ status: 200, body: { id } });
    expect((await h.api<unknown[]>(`${ORG}/users`)).body).toHaveLength(1);
    expect(await h.api(`${ORG}/users`, { body: { role: "user", email: "ann@example.com" } })).toMatchObject({
      status: 422,
      body: { detail: "email: A user with this email already exists." },
    });
    expect(await h.api(`${ORG}/users/${NOBODY}`)).toMatchObject({ status: 404, body: { detail: "Not found." } });
    expect(await h.api(`${API}/org/${NOBODY}/users`)).toMatchObject({ status: 404, body: { detail: "Not found." } });
  });
});

describe("Podero emulator: the bearer token", () => {
  it("is required on every API route: 401 with a detail and WWW-Authenticate without one or with a bad one", async () => {
    const user = await h.createUser();
    const device = "11111111-1111-1111-1111-111111111111";
    const routes: [string, string][] = [
      ["GET", `${ORG}/users`],
      ["POST", `${ORG}/users`],
      ["GET", `${ORG}/users/${user}`],
      ["POST", `${API}/device-onboarding`],
      ["GET", `${API}/device-onboarding/${device}`],
      ...["electric-vehicles", "heat-pumps", "inverters", "wallboxes"].flatMap((segment): [string, string][] => [
        ["GET", `${ORG}/users/${user}/${segment}`],
        ["GET", `${ORG}/users/${user}/${segment}/${device}`],
        ["DELETE", `${ORG}/users/${user}/${segment}/${device}`],
        ["POST", `${ORG}/users/${user}/${segment}/${device}/auth_session`],
      ]),
    ];
    for (const [method, path] of routes) {
      const none = await h.api(path, { method, token: null, body: method === "POST" ? {} : undefined });
      expect([path, none.status, none.body]).toEqual([path, 401, { detail: "Authentication credentials were not provided." }]);
      expect(none.headers.get("www-authenticate")).toMatch(/^Bearer/);
      const bad = await h.api(path, { method, token: "bogus", body: method === "POST" ? {} : undefined });
      expect([path, bad.status, bad.body]).toEqual([path, 401, { detail: "Invalid token." }]);
    }
  });

  it("stops working when Podero revokes its tokens", async () => {
    const token = await h.token();
    expect((await h.api(`${ORG}/users`, { token })).status).toBe(200);
    expect((await h.control("state")).body.liveTokens).toBe(1);
    await h.control("revoke-tokens", {});
    expect(await h.api(`${ORG}/users`, { token })).toMatchObject({ status: 401, body: { detail: "Invalid token." } });
  });
});

describe("Podero emulator: routing, counting, faults", () => {
  it("answers an unknown path 404 and a wrong method 405, with a detail", async () => {
    expect(await h.api(`${API}/nothing-here`)).toMatchObject({ status: 404, body: { detail: "Not found." } });
    expect(await h.api(`${ORG}/users`, { method: "PATCH" })).toMatchObject({ status: 405, body: { detail: 'Method "PATCH" not allowed.' } });
  });

  it("counts calls per route pattern, control routes excluded", async () => {
    const user = await h.createUser();
    await h.devices(user, "ev");
    await h.devices(user, "ev");
    const { calls } = (await h.control<{ calls: Record<string, number> }>("state")).body;
    expect(calls).toEqual({
      "POST /oauth2/token/": 3,
      [`POST ${API}/org/{org_id}/users`]: 1,
      [`GET ${API}/org/{org_id}/users/{user_id}/electric-vehicles`]: 2,
    });
  });

  it("injects a status for a path pattern and method, a given number of times, and still counts the calls", async () => {
    const user = await h.createUser();
    const token = await h.token();
    await h.control("faults", { method: "GET", path: `${API}/org/{org_id}/users/{user_id}/heat-pumps`, status: 503, times: 2 });
    for (let i = 0; i < 2; i++) {
      expect(await h.devices(user, "hp")).toMatchObject({ status: 503, body: { detail: "Service temporarily unavailable." } });
    }
    expect(await h.devices(user, "hp")).toMatchObject({ status: 200, body: [] });
    expect((await h.devices(user, "ev")).status).toBe(200);
    await h.control("faults", { path: `${API}/device-onboarding`, status: 500, body: { detail: "A server error occurred." } });
    expect(await h.api(`${API}/device-onboarding`, { token, body: {} })).toMatchObject({ status: 500, body: { detail: "A server error occurred." } });
    await h.control("faults", undefined, "DELETE");
    expect((await h.api(`${API}/device-onboarding`, { token, body: {} })).status).toBe(422);
    expect((await h.control<{ calls: Record<string, number> }>("state")).body.calls[`GET ${API}/org/{org_id}/users/{user_id}/heat-pumps`]).toBe(3);
  });

  it("slows a route down by latencyMs, then answers normally; the fault is used up", async () => {
    const user = await h.createUser();
    const token = await h.token();
    await h.control("faults", { path: `${ORG}/users/{user_id}/wallboxes`, latencyMs: 300, times: 1 });
    expect((await h.control("state")).body.faults).toBe(1);
    const started = performance.now();
    expect((await h.api(`${ORG}/users/${user}/wallboxes`, { token })).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect((await h.control("state")).body.faults).toBe(0);
  });

  it("refuses a fault without a path with 400", async () => {
    expect(await h.control("faults", { status: 503 })).toMatchObject({ status: 400, body: { detail: expect.stringContaining("path") } });
  });
});
