import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PODERO_CLIENT_ID, PODERO_CLIENT_SECRET, PODERO_ORG_ID, startPoderoEmulator, type PoderoEmulator } from "./index";

// Podero's partner API as CYCLR.md describes it, driven over HTTP.

let emulator: PoderoEmulator;
beforeAll(async () => {
  emulator = await startPoderoEmulator();
});
afterAll(() => emulator.close());
beforeEach(async () => {
  await fetch(`${emulator.url}/__podero/reset`, { method: "POST" });
});

const basic = (id = PODERO_CLIENT_ID, secret = PODERO_CLIENT_SECRET) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;

async function token(): Promise<string> {
  const response = await fetch(`${emulator.url}/oauth2/token/`, {
    method: "POST",
    headers: { authorization: basic(), "content-type": "application/json" },
    body: JSON.stringify({ grant_type: "client_credentials" }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

const api = async (path: string, init: { method?: string; body?: unknown; token?: string } = {}) => {
  const response = await fetch(`${emulator.url}/api/partners/v2.0${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
};

describe("Podero emulator: token endpoint", () => {
  it("grants client credentials with Basic auth and a JSON or form body: 10 hours, Bearer, no refresh token", async () => {
    for (const [type, body] of [
      ["application/json", JSON.stringify({ grant_type: "client_credentials" })],
      ["application/x-www-form-urlencoded", "grant_type=client_credentials"],
    ]) {
      const response = await fetch(`${emulator.url}/oauth2/token/`, { method: "POST", headers: { authorization: basic(), "content-type": type! }, body });
      expect(response.status).toBe(200);
      const granted = (await response.json()) as Record<string, unknown>;
      expect(granted).toMatchObject({ expires_in: 36000, token_type: "Bearer", scope: "read write" });
      expect(Object.keys(granted).sort()).toEqual(["access_token", "expires_in", "scope", "token_type"]);
    }
  });

  it("refuses a wrong client with 401 invalid_client and WWW-Authenticate, and another grant with 400", async () => {
    const wrong = await fetch(`${emulator.url}/oauth2/token/`, {
      method: "POST",
      headers: { authorization: basic(PODERO_CLIENT_ID, "nope"), "content-type": "application/json" },
      body: "{}",
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toMatch(/^Basic/);
    expect(await wrong.json()).toEqual({ error: "invalid_client" });
    const grant = await fetch(`${emulator.url}/oauth2/token/`, {
      method: "POST",
      headers: { authorization: basic(), "content-type": "application/json" },
      body: JSON.stringify({ grant_type: "password" }),
    });
    expect(grant.status).toBe(400);
    expect(await grant.json()).toEqual({ error: "unsupported_grant_type" });
  });
});

describe("Podero emulator: partner API", () => {
  it("answers 401 with a detail without a valid token", async () => {
    expect(await api(`/org/${PODERO_ORG_ID}/users`)).toMatchObject({ status: 401, body: { detail: "Authentication credentials were not provided." } });
    expect(await api(`/org/${PODERO_ORG_ID}/users`, { token: "bogus" })).toMatchObject({ status: 401, body: { detail: "Invalid token." } });
  });

  it("creates, reads and lists users; refuses a duplicate email with 422 and an unknown user with 404", async () => {
    const t = await token();
    const created = await api(`/org/${PODERO_ORG_ID}/users`, { token: t, body: { role: "user", email: "Ann@Example.com", external_user_id: "u-1" } });
    expect(created).toMatchObject({ status: 201, body: { email: "ann@example.com", role: "user", external_user_id: "u-1" } });
    const id = String(created.body.id);
    expect(await api(`/org/${PODERO_ORG_ID}/users/${id}`, { token: t })).toMatchObject({ status: 200, body: { id } });
    expect((await api(`/org/${PODERO_ORG_ID}/users`, { token: t, body: { role: "user", email: "ann@example.com" } })).status).toBe(422);
    expect(await api(`/org/${PODERO_ORG_ID}/users/00000000-0000-0000-0000-000000000000`, { token: t })).toMatchObject({
      status: 404,
      body: { detail: "Not found." },
    });
  });

  it("device onboarding: a link to Podero's page, whose Connect and Cancel send the browser back, once", async () => {
    const t = await token();
    const user = await api(`/org/${PODERO_ORG_ID}/users`, { token: t, body: { role: "user", email: "bo@example.com" } });
    const start = (
      await api("/device-onboarding", {
        token: t,
        body: { user_id: user.body.id, success_url: "https://app.example.com/ok", cancel_url: "https://app.example.com/no", language: "de" },
      })
    ).body;
    expect(String(start.authentication_url)).toBe(`${emulator.url}/onboarding/${String(start.id)}`);
    expect(Date.parse(String(start.expiration_date))).toBeGreaterThan(Date.now());
    const shown = await fetch(String(start.authentication_url));
    expect(await shown.text()).toContain("Connect your device");
    const chosen = await fetch(String(start.authentication_url), { method: "POST", body: new URLSearchParams({ choice: "connect" }), redirect: "manual" });
    expect(chosen.status).toBe(303);
    expect(chosen.headers.get("location")).toBe("https://app.example.com/ok");
    expect((await fetch(String(start.authentication_url))).status).toBe(410);

    const other = (
      await api("/device-onboarding", {
        token: t,
        body: { user_id: user.body.id, success_url: "https://app.example.com/ok", cancel_url: "https://app.example.com/no" },
      })
    ).body;
    const cancelled = await fetch(String(other.authentication_url), { method: "POST", body: new URLSearchParams({ choice: "cancel" }), redirect: "manual" });
    expect(cancelled.headers.get("location")).toBe("https://app.example.com/no");
    expect(
      (await api("/device-onboarding", { token: t, body: { user_id: "nobody", success_url: "https://a.example", cancel_url: "https://b.example" } })).status,
    ).toBe(422);
  });
});
