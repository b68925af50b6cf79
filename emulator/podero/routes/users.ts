import { randomUUID } from "node:crypto";
import { json, route, type Route } from "../../http";
import type { PoderoState, User } from "../state";
import { API, authed, detail, jsonBody, NOT_FOUND, PARSE_ERROR, PODERO_ORG_ID } from "./common";

// Users of the partner's organisation: POST creates one (role "user", email unique), GET
// reads one or lists them all as a bare array.

export function userRoutes(state: PoderoState): Route[] {
  const orgKnown = (org: string | undefined) => org === PODERO_ORG_ID;
  return [
    route(
      "POST",
      `${API}/org/{org_id}/users`,
      authed(state, (req) => {
        if (!orgKnown(req.params.org_id)) return NOT_FOUND;
        const body = jsonBody(req);
        if (body === undefined) return PARSE_ERROR;
        const fields = (body ?? {}) as Record<string, unknown>;
        const email = typeof fields.email === "string" ? fields.email.trim().toLowerCase() : "";
        if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) return detail(422, "email: Enter a valid email address.");
        if (fields.role !== "user") return detail(422, 'role: "user" is the only role a partner may create.');
        if ([...state.users.values()].some((user) => user.email === email)) return detail(422, "email: A user with this email already exists.");
        const user: User = {
          id: randomUUID(),
          email,
          role: "user",
          external_user_id: typeof fields.external_user_id === "string" ? fields.external_user_id : null,
          first_name: typeof fields.first_name === "string" ? fields.first_name : "",
          last_name: typeof fields.last_name === "string" ? fields.last_name : "",
          created_at: new Date().toISOString(),
        };
        state.users.set(user.id, user);
        return json(201, user);
      }),
    ),
    route(
      "GET",
      `${API}/org/{org_id}/users`,
      authed(state, (req) => (orgKnown(req.params.org_id) ? json(200, [...state.users.values()]) : NOT_FOUND)),
    ),
    route(
      "GET",
      `${API}/org/{org_id}/users/{user_id}`,
      authed(state, (req) => {
        const user = orgKnown(req.params.org_id) ? state.users.get(req.params.user_id ?? "") : undefined;
        return user ? json(200, user) : NOT_FOUND;
      }),
    ),
  ];
}
