import { isReply, requireAccount } from "../access";
import { INVALID_BODY, SERVER_ERROR, json, message, pageOf, parseJson, route, type Reply, type Request, type Route } from "../../http";
import { isReleased, type CatalogueEntry } from "../seed";
import type { AccountConnector, EmulatorState } from "../state";

// Connectors installed in an account (all account-level: X-Cyclr-Account or an account token),
// and how ApiKey and Basic connectors are authenticated by writing AuthValue.

const NOT_FOUND = message(404, "Account Connector not found.");

export function connectorView(entry: CatalogueEntry) {
  const { Categories: _categories, ...connector } = entry;
  return connector;
}

export function accountConnectorView(state: EmulatorState, connector: AccountConnector) {
  const entry = state.catalogueEntry(connector.ConnectorId)!;
  return {
    Id: connector.Id,
    Name: connector.Name,
    Description: connector.Description,
    // Write-only: a stored secret is never sent back, so this is always null.
    AuthValue: null,
    Authenticated: connector.Authenticated,
    Connector: connectorView(entry),
    Properties: connector.Properties,
    CustomFields: [],
  };
}

/**
 * Whether this AuthValue would authenticate the connector, checked before anything changes.
 * ApiKey: any non-empty key except the literal "invalid" (so tests can show a refusal).
 * Basic: canonical base64 of "user:pass" with a non-empty user. OAuth2 never takes one.
 */
function refuseAuthValue(entry: CatalogueEntry, authValue: string): Reply | null {
  if (entry.AuthType === "ApiKey") {
    return !authValue.trim() || authValue === "invalid" ? message(400, "The API key was rejected by the connector.") : null;
  }
  if (entry.AuthType === "Basic") {
    const canonical = /^[A-Za-z0-9+/]+={0,2}$/.test(authValue) && Buffer.from(authValue, "base64").toString("base64") === authValue;
    const decoded = canonical ? Buffer.from(authValue, "base64").toString("utf8") : "";
    return decoded.indexOf(":") > 0 ? null : message(400, "The credentials were rejected by the connector.");
  }
  return message(400, `Connector '${entry.Name}' does not use an AuthValue; it is authenticated through the browser.`);
}

const isConnectorId = (value: string | undefined): value is string => value !== undefined && /^\d{1,15}$/.test(value);

/** Whether two account connector names clash: trimmed and case-insensitive (inferred; Cyclr does not say). */
const sameName = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

export function accountConnectorRoutes(state: EmulatorState): Route[] {
  /** The account connector in the path, if it belongs to the account the call acts on. */
  function own(req: Request): AccountConnector | Reply {
    const access = requireAccount(state, req);
    if (isReply(access)) return access;
    const connector = isConnectorId(req.params.id) ? state.accountConnectors.get(Number(req.params.id)) : undefined;
    // Another account's connector is indistinguishable from a missing one.
    return connector && connector.AccountId === access.accountId ? connector : NOT_FOUND;
  }

  return [
    route("POST", "/v1.0/connectors/{id}/install", (req) => {
      const access = requireAccount(state, req);
      if (isReply(access)) return access;
      const entry = isConnectorId(req.params.id) ? state.catalogueEntry(Number(req.params.id)) : undefined;
      if (!entry) return message(404, "Connector not found.");
      if (!isReleased(entry)) return message(400, `Connector '${entry.Name}' is not available for installation.`);
      // No body at all binds to a null request, which Cyclr dereferences: its generic 500, not a 400.
      if (!req.body.trim()) return SERVER_ERROR;
      const body = parseJson(req.body);
      if (!body) return INVALID_BODY;
      if (body.Properties !== undefined && body.Properties !== null && !Array.isArray(body.Properties)) return INVALID_BODY;
      // Name defaults to the catalogue's (inferred; Cyclr's docs always send one).
      const name = typeof body.Name === "string" && body.Name.trim() ? body.Name.trim() : entry.Name;
      if (state.connectorsOf(access.accountId).some((installed) => sameName(installed.Name, name))) {
        return message(400, "Name already in use by another connector in this account.");
      }
      const authValue = typeof body.AuthValue === "string" && body.AuthValue ? body.AuthValue : null;
      const refused = authValue === null ? null : refuseAuthValue(entry, authValue);
      if (refused) return refused;
      const connector = state.install(access.accountId, entry, {
        Name: name,
        Description: typeof body.Description === "string" ? body.Description : null,
        Properties: Array.isArray(body.Properties) ? body.Properties : [],
      });
      if (authValue !== null) {
        connector.AuthValue = authValue;
        connector.Authenticated = true;
      }
      return json(200, accountConnectorView(state, connector));
    }),

    route("GET", "/v1.0/account/connectors", (req) => {
      const access = requireAccount(state, req);
      if (isReply(access)) return access;
      return json(
        200,
        pageOf(state.connectorsOf(access.accountId), req.query).map((c) => accountConnectorView(state, c)),
      );
    }),

    route("GET", "/v1.0/account/connectors/{id}", (req) => {
      const connector = own(req);
      return isReply(connector) ? connector : json(200, accountConnectorView(state, connector));
    }),

    // Partial update; AuthValue authenticates ApiKey and Basic connectors.
    route("PUT", "/v1.0/account/connectors/{id}", (req) => {
      const connector = own(req);
      if (isReply(connector)) return connector;
      const body = parseJson(req.body);
      if (!body) return INVALID_BODY;
      if (body.Properties !== undefined && body.Properties !== null && !Array.isArray(body.Properties)) return INVALID_BODY;
      if (typeof body.AuthValue === "string") {
        const refused = refuseAuthValue(state.catalogueEntry(connector.ConnectorId)!, body.AuthValue);
        if (refused) return refused;
      }
      if (typeof body.Name === "string" && body.Name.trim()) connector.Name = body.Name.trim();
      if (typeof body.Description === "string" || body.Description === null) connector.Description = body.Description;
      if (Array.isArray(body.Properties)) connector.Properties = body.Properties;
      if (typeof body.AuthValue === "string") {
        connector.AuthValue = body.AuthValue;
        connector.Authenticated = true;
      }
      return json(200, accountConnectorView(state, connector));
    }),

    route("PUT", "/v1.0/account/connectors/{id}/deauthenticate", (req) => {
      const connector = own(req);
      if (isReply(connector)) return connector;
      connector.Authenticated = false;
      connector.AuthValue = null;
      return json(200, { Message: `Connector '${connector.Name}' successfully de-authenticated.` });
    }),

    route("DELETE", "/v1.0/account/connectors/{id}", (req) => {
      const connector = own(req);
      if (isReply(connector)) return connector;
      state.removeConnector(connector.Id);
      return json(200, { Message: `Connector '${connector.Name}' successfully deleted.` });
    }),
  ];
}
