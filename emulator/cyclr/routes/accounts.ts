import { bearer, isReply, requireAccount, requirePartner } from "../access";
import { cyclrUtc } from "../formats";
import { DENIED, INVALID_BODY, json, message, pageOf, parseJson, route, type Reply, type Route } from "../../http";
import type { EmulatorState } from "../state";

// Partner-level accounts, and the one-use sign-in tokens that open Cyclr's browser pages.

const NOT_FOUND = message(404, "Account not found.");

const text = (value: unknown): string | null => (typeof value === "string" ? value : null);

export function accountRoutes(state: EmulatorState): Route[] {
  function signInReply(accountId: string, username: string): Reply {
    const signIn = state.issueSignInToken(accountId, username);
    return json(200, { Token: signIn.token, ExpiresAtUtc: cyclrUtc(signIn.expiresAt) });
  }

  return [
    route("GET", "/v1.0/accounts", (req) => {
      const access = requirePartner(state, req);
      if (isReply(access)) return access;
      return json(200, pageOf([...state.accounts.values()], req.query));
    }),

    route("POST", "/v1.0/accounts", (req) => {
      const access = requirePartner(state, req);
      if (isReply(access)) return access;
      const body = parseJson(req.body);
      if (!body) return INVALID_BODY;
      const name = text(body.Name)?.trim();
      if (!name) return message(400, "The request is invalid. Name is required.");
      let id: string | undefined;
      if (body.Id !== undefined && body.Id !== null) {
        // The host's own tenant id may be used; it has to survive being a path segment.
        id = text(body.Id)?.trim() ?? "";
        if (!id || /[\s/?#%\\]/.test(id)) return message(400, "The request is invalid. Id is not valid.");
        if (state.accounts.has(id)) return message(400, "ID already in use");
      }
      const account = state.createAccount({ Id: id, Name: name, Description: text(body.Description), Timezone: text(body.Timezone) ?? undefined });
      return json(200, account);
    }),

    route("GET", "/v1.0/accounts/{id}", (req) => {
      const access = requirePartner(state, req);
      if (isReply(access)) return access;
      const account = state.accounts.get(req.params.id!);
      return account ? json(200, account) : NOT_FOUND;
    }),

    route("PUT", "/v1.0/accounts/{id}", (req) => {
      const access = requirePartner(state, req);
      if (isReply(access)) return access;
      const account = state.accounts.get(req.params.id!);
      if (!account) return NOT_FOUND;
      const body = parseJson(req.body);
      if (!body) return INVALID_BODY;
      // Partial: only the fields sent change.
      if (body.Name !== undefined) {
        const name = text(body.Name)?.trim();
        if (!name) return message(400, "The request is invalid. Name is required.");
        account.Name = name;
      }
      if (body.Description !== undefined) account.Description = text(body.Description);
      if (typeof body.Timezone === "string" && body.Timezone) account.Timezone = body.Timezone;
      return json(200, account);
    }),

    route("DELETE", "/v1.0/accounts/{id}", (req) => {
      const access = requirePartner(state, req);
      if (isReply(access)) return access;
      return state.removeAccount(req.params.id!) ? json(200, { Message: "Account deleted." }) : NOT_FOUND;
    }),

    // Current: a partner token names the account in the path; the user is created if missing.
    route("POST", "/v1.0/accounts/{id}/signintoken", (req) => {
      // An account's own restricted token may mint for that account, and only that one.
      const token = bearer(state, req);
      if (!token || (token.accountId !== null && token.accountId !== req.params.id)) return DENIED;
      if (!state.accounts.has(req.params.id!)) return NOT_FOUND;
      const body = parseJson(req.body);
      if (!body) return INVALID_BODY;
      const username = text(body.Username)?.trim();
      if (!username) return message(400, "The request is invalid. Username is required.");
      return signInReply(req.params.id!, username);
    }),

    // Legacy: empty body, the account from an account token or X-Cyclr-Account.
    route("POST", "/v1.0/accounts/tokens", (req) => {
      const access = requireAccount(state, req);
      if (isReply(access)) return access;
      return signInReply(access.accountId, access.token.userName ?? `account:${access.accountId}`);
    }),
  ];
}
