import { beforeAll, describe, expect, it } from "vitest";
import { GET as getConnectors } from "@/app/api/v1/accounts/[accountId]/connectors/route";
import { PUT as putAccount } from "@/app/api/v1/accounts/[accountId]/route";
import { POST as createKey } from "@/app/api/admin/api-keys/route";
import { POST as postSession } from "@/app/api/v1/connect-sessions/route";
import { createApiKey } from "@/lib/api-keys";
import { refusals } from "@/lib/metrics";
import { resetEmulator, truncateAll } from "@/testing/db";

// The host API's route handlers called as Next calls them (a Request and its params), against
// the database and the emulator: ids Cyclr cannot take are 400s naming the rule, never a 5xx,
// and bodies over the limit are refused unread.

let key = "";
beforeAll(async () => {
  await truncateAll();
  await resetEmulator();
  key = (await createApiKey("route tests")).key;
});

const headers = () => ({ authorization: `Bearer ${key}`, "content-type": "application/json" });
const params = (accountId: string) => ({ params: Promise.resolve({ accountId }) });
const json = async (response: Response) => ({
  status: response.status,
  body: (await response.json()) as { error?: { code: string; message: string; fields?: Record<string, string[]> } },
});

const badIds: [string, string][] = [
  [".", 'accountId cannot be "." or ".."'],
  ["..", 'accountId cannot be "." or ".."'],
  ["\ud800", "accountId may hold only visible ASCII characters (no spaces or control characters)"],
  ["a b", "accountId may hold only visible ASCII characters (no spaces or control characters)"],
  ["tab\there", "accountId may hold only visible ASCII characters (no spaces or control characters)"],
  ["x".repeat(129), "accountId is 1 to 128 characters"],
  ["", "accountId is 1 to 128 characters"],
];

describe("host API: ids Cyclr cannot take", () => {
  it.each(badIds)("POST /api/v1/connect-sessions refuses %j with 400 naming the rule", async (accountId, rule) => {
    const response = await json(
      await postSession(
        new Request("http://localhost/api/v1/connect-sessions", { method: "POST", headers: headers(), body: JSON.stringify({ accountId, userId: "u1" }) }),
        params(""),
      ),
    );
    expect(response).toEqual({
      status: 400,
      body: { error: { code: "bad_request", message: "The request body is not valid.", fields: { accountId: [rule] } } },
    });
  });

  it.each(badIds.filter(([id]) => id !== ""))("GET /api/v1/accounts/%j/connectors refuses it with 400 naming the rule", async (accountId, rule) => {
    const response = await json(await getConnectors(new Request("http://localhost/api/v1/accounts/x/connectors", { headers: headers() }), params(accountId)));
    expect(response).toEqual({ status: 400, body: { error: { code: "bad_request", message: rule } } });
  });

  it("PUT /api/v1/accounts/<id> holds new ids to the stricter rules", async () => {
    const response = await json(
      await putAccount(
        new Request("http://localhost/api/v1/accounts/x", { method: "PUT", headers: headers(), body: JSON.stringify({ name: "X" }) }),
        params("_underscore-first"),
      ),
    );
    expect(response).toEqual({ status: 400, body: { error: { code: "bad_request", message: "accountId starts with a letter or a digit" } } });
  });
});

describe("host API: bodies", () => {
  it("refuses a body over 64 KiB with 413, from its Content-Length and from what arrives", async () => {
    const big = JSON.stringify({ accountId: "acme-corp", userId: "u1", pad: "x".repeat(70 * 1024) });
    const declared = await json(
      await postSession(new Request("http://localhost/api/v1/connect-sessions", { method: "POST", headers: headers(), body: big }), params("")),
    );
    expect(declared).toMatchObject({ status: 413, body: { error: { code: "too_large" } } });
    // Streamed, with no length announced.
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 80; i++) controller.enqueue(new TextEncoder().encode("x".repeat(1024)));
        controller.close();
      },
    });
    const streamed = await postSession(
      new Request("http://localhost/api/v1/connect-sessions", { method: "POST", headers: headers(), body: stream, duplex: "half" } as RequestInit),
      params(""),
    );
    expect(streamed.status).toBe(413);
  });

  it("refuses an oversized body before looking at the credentials (host API and console)", async () => {
    const big = "x".repeat(70 * 1024);
    const anonymous = await postSession(new Request("http://localhost/api/v1/connect-sessions", { method: "POST", body: big }), params(""));
    expect(anonymous.status).toBe(413);
    const admin = await createKey(
      new Request("http://localhost:3000/api/admin/api-keys", { method: "POST", headers: { origin: "http://localhost:3000" }, body: big }),
      params(""),
    );
    expect(admin.status).toBe(413);
  });

  // A body source that counts what is pulled from it and hears when it is given up.
  const watched = () => {
    const seen = { pulls: 0, cancelled: false };
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          seen.pulls++;
          controller.enqueue(new Uint8Array(64 * 1024).fill(32));
        },
        cancel() {
          seen.cancelled = true;
        },
      },
      { highWaterMark: 0 },
    );
    return { seen, init: { method: "POST", body, duplex: "half" } as RequestInit };
  };

  it("gives up a body it answers without reading (declared too large, or of unknown length), so the server reads no more of it", async () => {
    const counted = async () => (await refusals.get()).values.find((v) => v.labels.reason === "too_large" && v.labels.edge === "host_api")?.value ?? 0;
    const before = await counted();
    const declared = watched();
    const refused = await postSession(
      new Request("http://localhost/api/v1/connect-sessions", { ...declared.init, headers: { ...headers(), "content-length": String(60 * 1024 * 1024) } }),
      params(""),
    );
    expect(refused.status).toBe(413);
    expect(declared.seen).toEqual({ pulls: 1, cancelled: true });
    expect(await counted()).toBe(before + 1);

    // Refused for its origin before the body is looked at, sent chunked.
    const unknown = watched();
    const forbidden = await createKey(
      new Request("http://localhost:3000/api/admin/api-keys", { ...unknown.init, headers: { origin: "https://evil.example.com" } }),
      params(""),
    );
    expect(forbidden.status).toBe(403);
    expect(unknown.seen).toEqual({ pulls: 1, cancelled: true });

    // One declared within the limit is left to be read to its end (the connection is kept for the next request).
    const small = watched();
    const alsoForbidden = await createKey(
      new Request("http://localhost:3000/api/admin/api-keys", { ...small.init, headers: { origin: "https://evil.example.com", "content-length": "2" } }),
      params(""),
    );
    expect(alsoForbidden.status).toBe(403);
    expect(small.seen).toEqual({ pulls: 0, cancelled: false });
  });

  it("says a body that is not JSON is not JSON", async () => {
    const response = await json(
      await postSession(new Request("http://localhost/api/v1/connect-sessions", { method: "POST", headers: headers(), body: "{nope" }), params("")),
    );
    expect(response).toEqual({ status: 400, body: { error: { code: "bad_request", message: "The body must be JSON." } } });
  });
});

describe("host API: the session's language, look and user", () => {
  const mint = async (extra: Record<string, unknown>) =>
    json(
      await postSession(
        new Request("http://localhost/api/v1/connect-sessions", {
          method: "POST",
          headers: headers(),
          body: JSON.stringify({ accountId: "acme-corp", userId: "u1", ...extra }),
        }),
        params(""),
      ),
    );

  it.each([
    [{ appearance: { accent: "red" } }, "appearance", 'accent is a colour written "#rrggbb", e.g. "#4f46e5"'],
    [{ appearance: { accent: "#12345" } }, "appearance", 'accent is a colour written "#rrggbb", e.g. "#4f46e5"'],
    [{ appearance: { theme: "sepia" } }, "appearance", 'theme is one of "light", "dark" or "auto"'],
    [{ appearance: { radius: 40 } }, "appearance", "radius is at most 24"],
    [{ appearance: { radius: 2.5 } }, "appearance", "radius is a whole number of pixels"],
    [{ appearance: { background: "blue" } }, "appearance", 'background is "default" or "transparent"'],
    [{ appearance: { font: "Comic Sans" } }, "appearance", "appearance has no field font"],
    [{ appearance: "dark" }, "appearance", "appearance must be an object"],
    [{ locale: "german please" }, "locale", 'locale is a language tag such as "de" or "fr-CA"'],
    [{ locale: 7 }, "locale", "locale must be a string"],
    [{ user: { email: "not an email" } }, "user", "user.email must be an email address"],
    [{ user: { email: "a@example.com", firstName: "" } }, "user", "user.firstName may not be empty"],
    [{ user: { email: "a@example.com", phone: "1" } }, "user", "user has no field phone"],
  ])("refuses %j with 400 naming the field and the rule", async (extra, field, rule) => {
    expect(await mint(extra)).toEqual({
      status: 400,
      body: { error: { code: "bad_request", message: "The request body is not valid.", fields: { [field]: [rule] } } },
    });
  });

  it("keeps what it was given for the page to use (an account new to Switchboard, then a known one)", async () => {
    const { requireSession } = await import("@/lib/connect/sessions");
    for (const path of ["new account", "known account"]) {
      const created = await mint({
        locale: "de-AT",
        appearance: { theme: "dark", accent: "#4F46E5", radius: 12, background: "transparent" },
        user: { email: "ada@example.com", firstName: "Ada" },
      });
      expect(created.status, path).toBe(201);
      const session = await requireSession((created.body as unknown as { token: string }).token);
      expect(session, path).toMatchObject({
        locale: "de-AT",
        appearance: { theme: "dark", accent: "#4f46e5", radius: 12, background: "transparent" },
        user: { email: "ada@example.com", firstName: "Ada", lastName: null },
      });
    }
    const plain = await mint({});
    expect(await requireSession((plain.body as unknown as { token: string }).token)).toMatchObject({ locale: null, appearance: {}, user: null });
  });
});
