import { isReply, requireToken } from "../access";
import { json, pageOf, route, type Route } from "../../http";
import type { EmulatorState } from "../state";

// The partner's connector catalogue; any valid token may read it.

export function catalogueRoutes(state: EmulatorState): Route[] {
  return [
    route("GET", "/v1.0/connectors", (req) => {
      const access = requireToken(state, req);
      if (isReply(access)) return access;
      const query = (req.query.get("query") ?? "").trim().toLowerCase();
      const matches = state.catalogue().filter((entry) => !query || entry.Name.toLowerCase().includes(query));
      return json(200, pageOf(matches, req.query));
    }),
  ];
}
