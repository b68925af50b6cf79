import { describe, expect, it } from "vitest";
import type { Device, PoderoUserLink } from "@/lib/generated/prisma/client";
import { detailText } from "@/lib/podero/provider";
import type { PoderoDevice } from "@/lib/podero/schemas";
import { poderoLanguage } from "./settings";
import { deviceStatus, planDeviceChanges } from "./writes";

// The device rules without a database or Podero: statuses from Podero's fields, which change
// is told (once), the language Podero's page gets, and Podero's errors in words.

const now = new Date("2026-12-01T10:00:00Z");
const link: PoderoUserLink = {
  id: "00000000-0000-4000-8000-0000000000a1",
  accountId: "00000000-0000-4000-8000-0000000000b1",
  hostUserId: "u1",
  poderoUserId: "p-user",
  externalUserId: "acme/u1",
  email: "u1@example.com",
  devicesReadAt: null,
  goneAt: null,
  createdAt: now,
  updatedAt: now,
};
const remote = (overrides: Partial<PoderoDevice> = {}): PoderoDevice => ({
  id: "p-device",
  isAuthenticated: true,
  lifecycleState: "authenticated",
  lifecycleError: null,
  connectionStatus: "ok",
  typeShortName: "ev",
  typeName: "Electric vehicle",
  manufacturer: "Tesla",
  model: "Model 3",
  actionNeeded: false,
  actions: [],
  deletedAt: null,
  ...overrides,
});
const system = { actorType: "SYSTEM" as const, actorId: null };
const observed = (...devices: PoderoDevice[]) => [
  { kind: "observed" as const, linkId: link.id, remote: devices.map((device) => ({ type: "ev" as const, device })), completeTypes: ["ev" as const] },
];

describe("device status", () => {
  it("is Connected only while authenticated with nothing to do; Needs attention otherwise; Disconnected when deleted", () => {
    expect(deviceStatus(remote())).toBe("CONNECTED");
    expect(deviceStatus(remote({ isAuthenticated: false }))).toBe("NEEDS_ATTENTION");
    expect(deviceStatus(remote({ actions: ["reauthenticate"] }))).toBe("NEEDS_ATTENTION");
    expect(deviceStatus(remote({ actionNeeded: true }))).toBe("NEEDS_ATTENTION");
    expect(deviceStatus(remote({ deletedAt: now }))).toBe("DISCONNECTED");
  });
});

describe("planDeviceChanges", () => {
  it("tells a new connected device once, a lapse once, and nothing when nothing changed", () => {
    const first = planDeviceChanges([link], [], observed(remote()), system, now);
    expect(first.creates).toHaveLength(1);
    expect(first.webhooks.map((hook) => hook.type)).toEqual(["device.connected"]);
    const row: Device = { ...first.creates[0]!, createdAt: now, updatedAt: now };

    const later = new Date(now.getTime() + 60_000);
    expect(planDeviceChanges([link], [row], observed(remote()), system, later)).toMatchObject({ updates: [], webhooks: [], checked: [row.id] });
    const lapsed = planDeviceChanges(
      [link],
      [row],
      observed(remote({ isAuthenticated: false, lifecycleError: "expired", actions: ["reauthenticate"] })),
      system,
      now,
    );
    expect(lapsed.webhooks).toMatchObject([{ type: "device.needs_attention", reason: "expired", hostUserId: "u1" }]);
    expect(lapsed.updates[0]).toMatchObject({ status: "NEEDS_ATTENTION", actions: ["reauthenticate"] });
  });

  it("a known device a complete listing no longer has is retired and disconnected; one never known and already deleted is not told", () => {
    const row: Device = { ...planDeviceChanges([link], [], observed(remote()), system, now).creates[0]!, createdAt: now, updatedAt: now };
    const gone = planDeviceChanges([link], [row], observed(), system, now);
    expect(gone.updates[0]).toMatchObject({ status: "DISCONNECTED", retiredAt: now });
    expect(gone.webhooks.map((hook) => hook.type)).toEqual(["device.disconnected"]);
    expect(planDeviceChanges([link], [], observed(remote({ id: "old", deletedAt: now })), system, now).webhooks).toEqual([]);
  });
});

describe("Podero's language for a session", () => {
  it("takes the tag's language when Podero has it, else the setting", () => {
    expect(poderoLanguage("de-AT", "en")).toBe("de");
    expect(poderoLanguage("SV", "en")).toBe("sv");
    expect(poderoLanguage("fr-CA", "en")).toBe("en");
    expect(poderoLanguage(null, "pl")).toBe("pl");
  });
});

describe("Podero's errors in words", () => {
  it("reads pydantic's 422 list as field: message, and DRF's strings and maps", () => {
    expect(
      detailText({
        detail: [
          { loc: ["body", "language"], msg: "Input should be 'sv', 'de', 'en', 'hu', 'it', 'et', 'pl' or 'ro'", type: "enum" },
          { loc: ["body", "success_url"], msg: "Field required", type: "missing" },
        ],
      }),
    ).toBe("language: Input should be 'sv', 'de', 'en', 'hu', 'it', 'et', 'pl' or 'ro'; success_url: Field required");
    expect(detailText({ detail: "User not found." })).toBe("User not found.");
    expect(detailText({ detail: ["one", "two"] })).toBe("one; two");
    expect(detailText({ detail: { email: ["Enter a valid email address."] } })).toBe("email: Enter a valid email address.");
    expect(detailText({})).toBeNull();
  });
});
