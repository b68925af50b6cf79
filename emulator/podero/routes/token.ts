import { json, type Route, route } from "../../http";
import { TOKEN_LIFETIME_S, type PoderoState } from "../state";

// POST /oauth2/token/ (django-oauth-toolkit): client credentials with HTTP Basic client
// authentication and a JSON or form body; no refresh token.

export const PODERO_CLIENT_ID = "switchboard-podero";
export const PODERO_CLIENT_SECRET = "switchboard-podero-secret";

export function tokenRoutes(state: PoderoState): Route[] {
  return [
    route("POST", "/oauth2/token/", (req) => {
      const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? "");
      const [id, secret] = basic ? Buffer.from(basic[1]!, "base64").toString("utf8").split(":") : [];
      if (id !== PODERO_CLIENT_ID || secret !== PODERO_CLIENT_SECRET) {
        return json(401, { error: "invalid_client" }, { "WWW-Authenticate": 'Basic realm="api"' });
      }
      let grant: unknown;
      if ((req.headers["content-type"] ?? "").includes("application/json")) {
        try {
          grant = (JSON.parse(req.body) as { grant_type?: unknown } | null)?.grant_type;
        } catch {
          return json(400, { error: "invalid_request" });
        }
      } else {
        grant = new URLSearchParams(req.body).get("grant_type");
      }
      if (grant === undefined || grant === null || grant === "") return json(400, { error: "invalid_request" });
      if (grant !== "client_credentials") return json(400, { error: "unsupported_grant_type" });
      return json(200, { access_token: state.issueToken(), expires_in: TOKEN_LIFETIME_S, token_type: "Bearer", scope: "read write" });
    }),
  ];
}
