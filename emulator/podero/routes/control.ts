import { z } from "zod";
import { json, route, type Reply, type Request, type Route } from "../../http";
import { DEVICE_TYPES, brandOf, kindOf, type DeviceType } from "../catalogue";
import type { PoderoState } from "../state";
import { detail, jsonBody } from "./common";

// Control routes for tests, under /__podero/. The app never calls them; they are neither
// counted nor subject to faults.

const faultSchema = z.object({
  method: z.string().min(1).optional(),
  path: z.string().startsWith("/"),
  status: z.number().int().min(100).max(599).optional(),
  body: z.unknown().optional(),
  latencyMs: z.number().min(0).max(120_000).optional(),
  times: z.number().int().positive().optional(),
});

const lapseSchema = z.object({
  lifecycle_state: z.string().min(1).optional(),
  lifecycle_error: z.string().nullable().optional(),
  connection_status: z.enum(["ok", "warning", "error", "unknown"]).optional(),
});

const deviceSchema = z.object({
  user_id: z.string().min(1),
  device_type: z.enum(DEVICE_TYPES as [DeviceType, ...DeviceType[]]),
  /** A brand of the type's list (its slug, e.g. "tesla"); default the type's first. */
  brand: z.string().min(1).optional(),
  /** Or any manufacturer and model. */
  manufacturer: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
  is_authenticated: z.boolean().optional(),
  building_id: z.string().nullable().optional(),
});

/** Parses a JSON body with a schema; on failure, a 400 `{detail}` that names what is wrong. */
function parse<T>(schema: z.ZodType<T>, req: Request): { ok: true; data: T } | { ok: false; reply: Reply } {
  const result = schema.safeParse(jsonBody(req));
  return result.success ? { ok: true, data: result.data } : { ok: false, reply: detail(400, z.prettifyError(result.error)) };
}

export function controlRoutes(state: PoderoState): Route[] {
  return [
    route("POST", "/__podero/reset", () => {
      state.reset();
      return json(200, { reset: true });
    }),

    route("GET", "/__podero/state", () => json(200, state.snapshot())),

    route("POST", "/__podero/revoke-tokens", () => {
      state.tokens.clear();
      return json(200, { revoked: true });
    }),

    route("POST", "/__podero/faults", (req) => {
      const parsed = parse(faultSchema, req);
      if (!parsed.ok) return parsed.reply;
      state.faults.add(parsed.data);
      return json(200, { faults: state.faults.size });
    }),

    route("DELETE", "/__podero/faults", () => {
      state.faults.clear();
      return json(200, { faults: 0 });
    }),

    // A device as if onboarded earlier, for a known user.
    route("POST", "/__podero/devices", (req) => {
      const parsed = parse(deviceSchema, req);
      if (!parsed.ok) return parsed.reply;
      const input = parsed.data;
      if (!state.users.has(input.user_id)) return detail(404, "User not found.");
      const listed = brandOf(input.device_type, input.brand ?? kindOf(input.device_type).brands[0]!.slug);
      if (!listed && !input.manufacturer) return detail(400, `brand: not one of ${input.device_type}'s brands`);
      const brand = {
        slug: listed?.slug ?? "custom",
        manufacturer: input.manufacturer ?? listed!.manufacturer,
        model: input.model ?? listed?.model ?? "Unknown model",
      };
      const device = state.createDevice({ user_id: input.user_id, type: input.device_type, brand, building_id: input.building_id });
      if (input.is_authenticated === false) state.lapse(device);
      return json(201, state.deviceJson(device));
    }),

    // The manufacturer's authorisation lapses: is_authenticated false, a reauthenticate action.
    route("POST", "/__podero/devices/{id}/lapse", (req) => {
      const device = state.devices.get(req.params.id ?? "");
      if (!device) return detail(404, "Not found.");
      const parsed = parse(lapseSchema, req);
      if (!parsed.ok) return parsed.reply;
      state.lapse(device, parsed.data);
      return json(200, state.deviceJson(device));
    }),

    // The session's expiration_date becomes now: its page says it expired.
    route("POST", "/__podero/onboarding/{id}/expire", (req) => {
      const session = state.sessions.get(req.params.id ?? "");
      if (!session) return detail(404, "Not found.");
      session.expiration_date = new Date(Date.now() - 1).toISOString();
      return json(200, state.onboardingJson(session));
    }),
  ];
}
