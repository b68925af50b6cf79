import { afterAll, beforeAll, beforeEach } from "vitest";
import { PODERO_CLIENT_ID, PODERO_CLIENT_SECRET, PODERO_ORG_ID, startPoderoEmulator, type PoderoEmulator } from "./index";

// Shared by this folder's tests: one Podero emulator per test file on a random port, reset over
// HTTP before each test, and small clients that speak to it as Switchboard and a browser would.

export type Reply<T = Record<string, unknown>> = { status: number; headers: Headers; body: T; text: string };

export const API = "/api/partners/v2.0";
export const ORG = `${API}/org/${PODERO_ORG_ID}`;
export const SEGMENTS = { ev: "electric-vehicles", hp: "heat-pumps", iv: "inverters", wb: "wallboxes" } as const;

async function reply<T>(response: Response): Promise<Reply<T>> {
  const text = await response.text();
  let body: unknown = text;
  if ((response.headers.get("content-type") ?? "").includes("json") && text) body = JSON.parse(text);
  return { status: response.status, headers: response.headers, body: body as T, text };
}

/** What a browser submits for a form when `button` is clicked: checked radios, each select's selected (or first) option, the button. */
export function formSubmission(html: string, button: { name: string; value: string }): { action: string; fields: URLSearchParams } {
  const form = /<form method="post" action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/.exec(html);
  if (!form) throw new Error("no form on the page");
  const fields = new URLSearchParams();
  const unescape = (value: string) =>
    value
      .replace(/&amp;/g, "&")
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">");
  for (const input of form[2]!.matchAll(/<input type="(radio|hidden)" name="([^"]+)" value="([^"]*)"([^>]*)>/g)) {
    if (input[1] === "hidden" || input[4]!.includes(" checked")) fields.append(input[2]!, unescape(input[3]!));
  }
  for (const select of form[2]!.matchAll(/<select[^>]* name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const option = /<option value="([^"]*)" selected>/.exec(select[2]!) ?? /<option value="([^"]*)"/.exec(select[2]!);
    if (option) fields.append(select[1]!, unescape(option[1]!));
  }
  if (!form[2]!.includes(`<button class="${button.value === "approve" ? "go" : "no"}" type="submit" name="${button.name}" value="${button.value}"`)) {
    throw new Error(`no ${button.value} button in the form`);
  }
  fields.append(button.name, button.value);
  return { action: unescape(form[1]!), fields };
}

export function usePodero() {
  let emulator: PoderoEmulator | undefined;
  beforeAll(async () => {
    emulator = await startPoderoEmulator();
  });
  afterAll(() => emulator?.close());
  beforeEach(async () => {
    await control("reset", {});
  });

  const url = () => {
    if (!emulator) throw new Error("the emulator has not started");
    return emulator.url;
  };

  async function control<T = Record<string, unknown>>(path: string, body?: unknown, method = body === undefined ? "GET" : "POST"): Promise<Reply<T>> {
    const response = await fetch(`${url()}/__podero/${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return reply<T>(response);
  }

  const basic = (id = PODERO_CLIENT_ID, secret = PODERO_CLIENT_SECRET) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;

  async function token(): Promise<string> {
    const response = await fetch(`${url()}/oauth2/token/`, {
      method: "POST",
      headers: { authorization: basic(), "content-type": "application/json" },
      body: JSON.stringify({ grant_type: "client_credentials" }),
    });
    return ((await response.json()) as { access_token: string }).access_token;
  }

  type ApiInit = { method?: string; body?: unknown; rawBody?: string; token?: string | null };

  /** A partner API call; a fresh token unless `token` is given (null: none at all). */
  async function api<T = Record<string, unknown>>(path: string, init: ApiInit = {}): Promise<Reply<T>> {
    const bearer = init.token === undefined ? await token() : init.token;
    const response = await fetch(`${url()}${path.startsWith("/api/") ? "" : API}${path}`, {
      method: init.method ?? (init.body === undefined && init.rawBody === undefined ? "GET" : "POST"),
      headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), "content-type": "application/json" },
      body: init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
    });
    return reply<T>(response);
  }

  async function createUser(email = "ann@example.com"): Promise<string> {
    const created = await api(`/org/${PODERO_ORG_ID}/users`, { body: { role: "user", email, external_user_id: `host:${email}` } });
    if (created.status !== 201) throw new Error(`user not created: ${created.text}`);
    return String(created.body.id);
  }

  type Onboarding = {
    id: string;
    authentication_url: string;
    user: string;
    success_url: string;
    cancel_url: string;
    expiration_date: string;
    object_id: string | null;
    external_metadata: Record<string, unknown>;
  };

  /** An onboarding session for the user, with Switchboard-like return URLs unless overridden. */
  async function onboard(userId: string, fields: Record<string, unknown> = {}): Promise<Onboarding> {
    const started = await api<Onboarding>("/device-onboarding", {
      body: {
        user_id: userId,
        success_url: "https://switchboard.example/connect/podero/return?attempt=a1&nonce=n1&outcome=success",
        cancel_url: "https://switchboard.example/connect/podero/return?attempt=a1&nonce=n1&outcome=cancel",
        language: "en",
        price_zone_default: "AT",
        ...fields,
      },
    });
    if (started.status !== 201) throw new Error(`onboarding not created: ${started.text}`);
    return started.body;
  }

  async function page(pageUrl: string): Promise<Reply<string>> {
    return reply<string>(await fetch(pageUrl));
  }

  /** Opens Podero's page and clicks a button as a browser would, the form's own defaults unless `override`n; no redirect is followed. */
  async function press(pageUrl: string, button: "approve" | "cancel", override: Record<string, string> = {}): Promise<Reply<string>> {
    const shown = await page(pageUrl);
    if (shown.status !== 200) throw new Error(`Podero's page answered ${shown.status}`);
    const { action, fields } = formSubmission(shown.text, { name: "choice", value: button });
    for (const [name, value] of Object.entries(override)) fields.set(name, value);
    return post(new URL(action, pageUrl).href, fields);
  }

  async function post(target: string, fields: URLSearchParams): Promise<Reply<string>> {
    return reply<string>(
      await fetch(target, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: fields, redirect: "manual" }),
    );
  }

  type Device = {
    id: string;
    user_id: string;
    is_authenticated: boolean;
    lifecycle_state: string;
    lifecycle_error: string | null;
    connection_status: string;
    device_model: { device_type: { short_name: string; long_name: string }; manufacturer: string; model: string };
    action_needed: boolean;
    actions: { code: string; resolution_link: string }[];
    deleted_at: string | null;
    created_at: string;
    updated_at: string;
  };

  const devices = (userId: string, type: keyof typeof SEGMENTS, query = "") => api<Device[]>(`/org/${PODERO_ORG_ID}/users/${userId}/${SEGMENTS[type]}${query}`);

  return { url, control, basic, token, api, createUser, onboard, page, press, post, devices, emulator: () => emulator! };
}
