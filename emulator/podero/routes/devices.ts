import { json, route, type Route } from "../../http";
import { DEVICE_KINDS, type DeviceKind } from "../catalogue";
import type { Device, PoderoState } from "../state";
import { API, authed, NOT_FOUND, pathUser, queryFlag } from "./common";
import type { Request } from "../../http";

// Devices, listed per type under the organisation and the user (inferred path shape:
// CYCLR.md names only the segments …/electric-vehicles, …/heat-pumps, …/inverters,
// …/wallboxes). Lists are bare arrays; deleted devices appear only with include_deleted.
// DELETE soft-deletes. auth_session (CYCLR.md documents it for inverters; the emulator offers
// it for every type) opens a page that re-authenticates that device.

export function deviceRoutes(state: PoderoState): Route[] {
  return DEVICE_KINDS.flatMap((kind) => routesOf(state, kind));
}

function routesOf(state: PoderoState, kind: DeviceKind): Route[] {
  const base = `${API}/org/{org_id}/users/{user_id}/${kind.segment}`;
  /** The path's device of this user and type; a deleted one only when `includeDeleted`. */
  const pathDevice = (req: Request, includeDeleted: boolean): Device | null => {
    const user = pathUser(state, req);
    const device = user ? state.devices.get((req.params.id ?? "").toLowerCase()) : undefined;
    if (!device || device.user_id !== user!.id || device.type !== kind.type) return null;
    return includeDeleted || !device.deleted_at ? device : null;
  };
  return [
    route(
      "GET",
      base,
      authed(state, (req) => {
        const user = pathUser(state, req);
        if (!user) return NOT_FOUND;
        return json(
          200,
          state.devicesOf(user.id, kind.type, queryFlag(req, "include_deleted")).map((device) => state.deviceJson(device)),
        );
      }),
    ),
    route(
      "GET",
      `${base}/{id}`,
      authed(state, (req) => {
        const device = pathDevice(req, queryFlag(req, "include_deleted"));
        return device ? json(200, state.deviceJson(device)) : NOT_FOUND;
      }),
    ),
    route(
      "DELETE",
      `${base}/{id}`,
      authed(state, (req) => {
        const device = pathDevice(req, false);
        if (!device) return NOT_FOUND;
        state.softDelete(device);
        return { status: 204 };
      }),
    ),
    route(
      "POST",
      `${base}/{id}/auth_session`,
      authed(state, (req) => {
        const device = pathDevice(req, false);
        if (!device) return NOT_FOUND;
        const session = state.reauthenticationSession(device);
        return json(201, { authentication_url: state.authenticationUrl(session), device_id: device.id, session_id: session.id });
      }),
    ),
  ];
}
