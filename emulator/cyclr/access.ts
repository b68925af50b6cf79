import { DENIED, message, type Reply, type Request } from "../http";
import type { AccessToken, EmulatorState } from "./state";

// Who may call what. Partner-level calls need a partner (unrestricted) token; account-level
// calls work on the token's own account (restricted tokens) or on X-Cyclr-Account (partner
// tokens). Every refusal of the token itself is Cyclr's one 401 body.

export type Access = { token: AccessToken };
export type AccountAccess = Access & { accountId: string };

export function bearer(state: EmulatorState, req: Request): AccessToken | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
  return match ? state.liveAccessToken(match[1]!) : null;
}

export function requireToken(state: EmulatorState, req: Request): Access | Reply {
  const token = bearer(state, req);
  return token ? { token } : DENIED;
}

/** An account-restricted token has no partner rights: 401, as for any token not valid for the call. */
export function requirePartner(state: EmulatorState, req: Request): Access | Reply {
  const token = bearer(state, req);
  return token && token.accountId === null ? { token } : DENIED;
}

/**
 * The account a call acts on. A restricted token naming another account in X-Cyclr-Account
 * gets 401 (the token is simply not valid there, and 401 is what Cyclr answers for that).
 * A partner token without the header gets 400; with an unknown account, 404.
 */
export function requireAccount(state: EmulatorState, req: Request): AccountAccess | Reply {
  const token = bearer(state, req);
  if (!token) return DENIED;
  const header = req.headers["x-cyclr-account"];
  const requested = typeof header === "string" && header.trim() ? header.trim() : null;
  if (token.accountId !== null) {
    if (requested !== null && requested !== token.accountId) return DENIED;
    if (!state.accounts.has(token.accountId)) return message(404, "Account not found.");
    return { token, accountId: token.accountId };
  }
  if (requested === null) return message(400, "The X-Cyclr-Account header is required for account-level calls.");
  if (!state.accounts.has(requested)) return message(404, "Account not found.");
  return { token, accountId: requested };
}

export const isReply = (value: object): value is Reply => "status" in value;
