import { randomBytes, randomUUID } from "node:crypto";
import { Faults } from "../cyclr/faults";
import { kindOf, type Brand, type DeviceType } from "./catalogue";

// Podero's state in memory: tokens, users of the one organisation, onboarding sessions and
// devices, plus the call counters and faults tests use. Records are kept in the emulator's own
// shape; `onboardingJson` and `deviceJson` give Podero's.

export const TOKEN_LIFETIME_S = 36000;

export type User = { id: string; email: string; role: string; external_user_id: string | null; first_name: string; last_name: string; created_at: string };

export type Session = {
  id: string;
  /** "onboarding": POST /device-onboarding; "reauthentication": POST …/{id}/auth_session for one device. */
  kind: "onboarding" | "reauthentication";
  user_id: string;
  /** Stored exactly as sent (inferred: Podero may normalise them; Switchboard compares nothing but its own parameters). */
  success_url: string | null;
  cancel_url: string | null;
  language: string;
  price_zone_default: string | null;
  device_type: DeviceType | null;
  building_id: string | null;
  is_smart_optimization_active_default: boolean | null;
  /** The device a reauthentication session is for. */
  device_id: string | null;
  expiration_date: string;
  status: "pending" | "approved" | "cancelled";
  object_id: string | null;
  created_at: string;
};

export type Device = {
  id: string;
  user_id: string;
  building_id: string | null;
  type: DeviceType;
  manufacturer: string;
  model: string;
  is_authenticated: boolean;
  lifecycle_state: string;
  lifecycle_error: string | null;
  connection_status: "ok" | "warning" | "error" | "unknown";
  action_needed: boolean;
  /** Action codes; each is listed with a resolution_link (deviceJson). */
  actions: "reauthenticate"[];
  is_smart_optimization_active: boolean;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
};

/** "End of the next day" (CYCLR.md), in UTC (inferred: Podero's own time zone is not stated). */
export function endOfNextDay(now = new Date()): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 2) - 1).toISOString();
}

/** What a device connected to its manufacturer's API says (a new one, or one signed in again). */
const AUTHENTICATED = {
  is_authenticated: true,
  lifecycle_state: "authenticated",
  lifecycle_error: null,
  connection_status: "ok",
  action_needed: false,
} as const;

export class PoderoState {
  origin = "";
  readonly tokens = new Map<string, number>(); // access token → expiry (ms)
  readonly users = new Map<string, User>();
  readonly sessions = new Map<string, Session>();
  readonly devices = new Map<string, Device>();
  readonly calls: Record<string, number> = {};
  readonly faults = new Faults();

  reset(): void {
    this.tokens.clear();
    this.users.clear();
    this.sessions.clear();
    this.devices.clear();
    for (const key of Object.keys(this.calls)) delete this.calls[key];
    this.faults.clear();
  }

  count(route: string): void {
    this.calls[route] = (this.calls[route] ?? 0) + 1;
  }

  issueToken(): string {
    const token = randomBytes(20).toString("hex");
    this.tokens.set(token, Date.now() + TOKEN_LIFETIME_S * 1000);
    return token;
  }

  tokenValid(token: string): boolean {
    const expiry = this.tokens.get(token);
    return expiry !== undefined && expiry > Date.now();
  }

  get liveTokens(): number {
    return [...this.tokens.values()].filter((expiry) => expiry > Date.now()).length;
  }

  openSession(fields: Omit<Session, "id" | "expiration_date" | "status" | "object_id" | "created_at">): Session {
    const session: Session = {
      ...fields,
      id: randomUUID(),
      expiration_date: endOfNextDay(),
      status: "pending",
      object_id: null,
      created_at: new Date().toISOString(),
    };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The stand-in for https://connect.podero.com?onboarding_session_id=<id>, on the emulator's own origin. */
  authenticationUrl(session: Session): string {
    return `${this.origin}/connect?onboarding_session_id=${session.id}`;
  }

  /** What the page makes of a session: it can be used only while pending and before its expiration_date. */
  phase(session: Session): "pending" | "expired" | "used" {
    if (session.status !== "pending") return "used";
    return Date.parse(session.expiration_date) <= Date.now() ? "expired" : "pending";
  }

  createDevice(input: { user_id: string; type: DeviceType; brand: Brand; building_id?: string | null; is_smart_optimization_active?: boolean }): Device {
    const now = new Date().toISOString();
    const device: Device = {
      id: randomUUID(),
      user_id: input.user_id,
      building_id: input.building_id ?? null,
      type: input.type,
      manufacturer: input.brand.manufacturer,
      model: input.brand.model,
      ...AUTHENTICATED,
      actions: [],
      is_smart_optimization_active: input.is_smart_optimization_active ?? true,
      created_at: now,
      updated_at: now,
      deleted_at: null,
    };
    this.devices.set(device.id, device);
    return device;
  }

  /** Signed in to the manufacturer again: the same device, authenticated, nothing to do. */
  restore(device: Device): void {
    Object.assign(device, { ...AUTHENTICATED, actions: [], updated_at: new Date().toISOString() });
  }

  /** The manufacturer's authorisation lapsed: Podero asks the user to sign in again. */
  lapse(device: Device, overrides: { lifecycle_state?: string; lifecycle_error?: string | null; connection_status?: Device["connection_status"] } = {}): void {
    Object.assign(device, {
      is_authenticated: false,
      lifecycle_state: overrides.lifecycle_state ?? "authentication_expired",
      lifecycle_error: overrides.lifecycle_error === undefined ? "The manufacturer's authorization has expired." : overrides.lifecycle_error,
      connection_status: overrides.connection_status ?? "error",
      action_needed: true,
      actions: ["reauthenticate"],
      updated_at: new Date().toISOString(),
    });
  }

  /** The reauthenticate action's link: the device's usable page session, or a new one when the last was used or expired. */
  resolutionLink(device: Device): string {
    const usable = [...this.sessions.values()].find((s) => s.kind === "reauthentication" && s.device_id === device.id && this.phase(s) === "pending");
    return this.authenticationUrl(usable ?? this.reauthenticationSession(device));
  }

  /** The user's oldest lapsed (not authenticated, not deleted) device of this type, of this manufacturer if given. */
  lapsedDevice(userId: string, type: DeviceType, manufacturer?: string): Device | undefined {
    return [...this.devices.values()]
      .filter((d) => d.user_id === userId && d.type === type && !d.deleted_at && !d.is_authenticated && (!manufacturer || d.manufacturer === manufacturer))
      .sort((a, b) => a.created_at.localeCompare(b.created_at))[0];
  }

  reauthenticationSession(device: Device): Session {
    return this.openSession({
      kind: "reauthentication",
      user_id: device.user_id,
      success_url: null,
      cancel_url: null,
      language: "en",
      price_zone_default: null,
      device_type: device.type,
      building_id: device.building_id,
      is_smart_optimization_active_default: null,
      device_id: device.id,
    });
  }

  /**
   * Approve on Podero's page. A reauthentication session restores its device. An onboarding
   * session restores the user's oldest lapsed device of the same type and manufacturer if
   * there is one (signing in to the same manufacturer account again; inferred), else creates
   * a device. Either way the session's object_id names the device.
   */
  approve(session: Session, type: DeviceType, brand: Brand): Device {
    let device = session.device_id ? this.devices.get(session.device_id) : undefined;
    device ??= this.lapsedDevice(session.user_id, type, brand.manufacturer);
    if (device) this.restore(device);
    else
      device = this.createDevice({
        user_id: session.user_id,
        type,
        brand,
        building_id: session.building_id,
        is_smart_optimization_active: session.is_smart_optimization_active_default ?? true,
      });
    session.status = "approved";
    session.object_id = device.id;
    return device;
  }

  softDelete(device: Device): void {
    const now = new Date().toISOString();
    device.deleted_at = now;
    device.updated_at = now;
  }

  devicesOf(userId: string, type: DeviceType, includeDeleted: boolean): Device[] {
    return [...this.devices.values()].filter((d) => d.user_id === userId && d.type === type && (includeDeleted || !d.deleted_at));
  }

  /** Podero's onboarding object (CYCLR.md), field for field. `user` is the user's id (inferred: a DRF foreign key). */
  onboardingJson(session: Session) {
    return {
      id: session.id,
      authentication_url: this.authenticationUrl(session),
      user: session.user_id,
      success_url: session.success_url,
      cancel_url: session.cancel_url,
      expiration_date: session.expiration_date,
      object_id: session.object_id,
      external_metadata: {},
    };
  }

  /**
   * A device as Podero lists it. CYCLR.md names the fields that matter; the owner's field name
   * (`user_id`), `building_id`, `is_smart_optimization_active` and the timestamps' names are inferred.
   */
  deviceJson(device: Device) {
    return {
      id: device.id,
      user_id: device.user_id,
      building_id: device.building_id,
      is_authenticated: device.is_authenticated,
      lifecycle_state: device.lifecycle_state,
      lifecycle_error: device.lifecycle_error,
      connection_status: device.connection_status,
      device_model: {
        device_type: { short_name: device.type, long_name: kindOf(device.type).longName },
        manufacturer: device.manufacturer,
        model: device.model,
      },
      action_needed: device.action_needed,
      actions: device.actions.map((code) => ({ code, resolution_link: this.resolutionLink(device) })),
      is_smart_optimization_active: device.is_smart_optimization_active,
      created_at: device.created_at,
      updated_at: device.updated_at,
      deleted_at: device.deleted_at,
    };
  }

  snapshot() {
    return {
      calls: { ...this.calls },
      liveTokens: this.liveTokens,
      users: [...this.users.values()],
      onboardings: [...this.sessions.values()].map((session) => ({
        ...session,
        authentication_url: this.authenticationUrl(session),
        phase: this.phase(session),
      })),
      devices: [...this.devices.values()].map((device) => this.deviceJson(device)),
      faults: this.faults.size,
    };
  }
}
