import { json, route, type Reply, type Request, type Route } from "../http";
import { rfc1123 } from "./formats";
import { ACCOUNT_USER_PASSWORD, PARTNER_USER, accountUser } from "./seed";
import type { AccessToken, EmulatorState } from "./state";

// POST /oauth/token, as Cyclr's OWIN authorization server answers it: form-encoded in,
// OWIN's JSON out, and every failure a 400 with one OAuth error code (CYCLR.md).

type OAuthError = "invalid_client" | "invalid_grant" | "unsupported_grant_type" | "invalid_request";

// OWIN marks every token-endpoint answer uncacheable, errors included.
const NO_CACHE = { "Cache-Control": "no-cache", Pragma: "no-cache", Expires: "-1" };

const oauthError = (error: OAuthError): Reply => json(400, { error }, NO_CACHE);

/** Client credentials from HTTP Basic (which OWIN also accepts) or, failing that, the form. */
function clientOf(req: Request, form: URLSearchParams): { id: string | null; secret: string | null } {
  const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? "");
  if (basic) {
    const decoded = Buffer.from(basic[1]!, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon > 0) return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
  }
  return { id: form.get("client_id"), secret: form.get("client_secret") };
}

export function oauthRoutes(state: EmulatorState): Route[] {
  function success(token: AccessToken): Reply {
    return json(
      200,
      {
        access_token: token.token,
        token_type: "bearer",
        expires_in: Math.round((token.expiresAt - token.issuedAt) / 1000),
        ...(token.refreshToken ? { refresh_token: token.refreshToken, userName: token.userName } : {}),
        clientId: state.credentials.clientId,
        // OWIN's AllowRefresh property (inferred): "True" exactly when a refresh token comes along.
        ".refresh": token.refreshToken ? "True" : "False",
        ".issued": rfc1123(token.issuedAt),
        ".expires": rfc1123(token.expiresAt),
      },
      NO_CACHE,
    );
  }

  function clientCredentials(client: { id: string | null; secret: string | null }, form: URLSearchParams): Reply {
    if (client.id !== state.credentials.clientId || client.secret !== state.credentials.clientSecret) return oauthError("invalid_client");
    const scope = form.get("scope");
    let accountId: string | null = null;
    if (scope !== null) {
      // The only scope Cyclr documents; an unknown account is a malformed request, not bad credentials.
      const match = /^account:(.+)$/.exec(scope.trim());
      if (!match || !state.accounts.has(match[1]!)) return oauthError("invalid_request");
      accountId = match[1]!;
    }
    return success(state.issueAccessToken("client_credentials", accountId, null));
  }

  /** Partner console user, or (legacy) an account user with client_secret={AccountId}. */
  function password(client: { id: string | null; secret: string | null }, form: URLSearchParams): Reply {
    if (client.id !== state.credentials.clientId) return oauthError("invalid_client");
    const username = form.get("username");
    const pass = form.get("password");
    if (!username || !pass) return oauthError("invalid_request");
    const accountId = client.secret && client.secret !== state.credentials.clientSecret ? client.secret : null;
    if (accountId !== null) {
      const ok = state.accounts.has(accountId) && username === accountUser(accountId) && pass === ACCOUNT_USER_PASSWORD;
      if (!ok) return oauthError("invalid_grant");
    } else if (username !== PARTNER_USER.username || pass !== PARTNER_USER.password) {
      return oauthError("invalid_grant");
    }
    return success(state.issueAccessToken("password", accountId, username));
  }

  /** Rotating: the presented refresh token and the access token issued with it die at once. */
  function refresh(client: { id: string | null; secret: string | null }, form: URLSearchParams): Reply {
    if (client.id !== state.credentials.clientId) return oauthError("invalid_client");
    const presented = form.get("refresh_token");
    if (!presented) return oauthError("invalid_request");
    const old = state.refreshTokens.get(presented);
    if (!old || (old.accountId !== null && !state.accounts.has(old.accountId))) return oauthError("invalid_grant");
    state.revoke(presented);
    return success(state.issueAccessToken("refresh_token", old.accountId, old.userName));
  }

  return [
    route("POST", "/oauth/token", (req) => {
      if (!/^application\/x-www-form-urlencoded\b/i.test(req.headers["content-type"] ?? "")) return oauthError("invalid_request");
      const form = new URLSearchParams(req.body);
      const client = clientOf(req, form);
      switch (form.get("grant_type")) {
        case "client_credentials":
          return clientCredentials(client, form);
        case "password":
          return password(client, form);
        case "refresh_token":
          return refresh(client, form);
        default:
          return oauthError("unsupported_grant_type");
      }
    }),
  ];
}
