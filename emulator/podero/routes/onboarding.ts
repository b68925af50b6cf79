import { json, route, type Route } from "../../http";
import type { PoderoState } from "../state";
import { validateOnboarding } from "../validation";
import { API, authed, detail, jsonBody, NOT_FOUND, PARSE_ERROR } from "./common";

// Device onboarding sessions (CYCLR.md): not under /org/…; the session links to Podero's page,
// which sends the browser back to success_url or cancel_url. After Approve, object_id names
// the device.

export function onboardingRoutes(state: PoderoState): Route[] {
  return [
    route(
      "POST",
      `${API}/device-onboarding`,
      authed(state, (req) => {
        const body = jsonBody(req);
        if (body === undefined) return PARSE_ERROR;
        const checked = validateOnboarding(body);
        if (!checked.ok) return detail(422, checked.errors);
        // A well-formed id of no user in the organisation (inferred: 404, as for any object
        // the partner cannot see; the wording names what is missing).
        if (!state.users.has(checked.input.user_id)) return detail(404, "User not found.");
        const session = state.openSession({ ...checked.input, kind: "onboarding", device_id: null });
        return json(201, state.onboardingJson(session));
      }),
    ),
    route(
      "GET",
      `${API}/device-onboarding/{id}`,
      authed(state, (req) => {
        const session = state.sessions.get((req.params.id ?? "").toLowerCase());
        return session?.kind === "onboarding" ? json(200, state.onboardingJson(session)) : NOT_FOUND;
      }),
    ),
  ];
}
