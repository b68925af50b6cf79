import { randomBytes } from "node:crypto";
import { route, type Reply, type Route } from "../../http";
import { approvedPage, consentPage, deniedPage, forbiddenPage, notOAuthPage } from "../pages";
import type { EmulatorState } from "../state";

// The Partner Service Domain's page that authenticates an OAuth connector (CYCLR.md), with a
// consent screen standing in for the third party's.

const CONSENT_PATH = "/connectorauth/consent";

/** An http(s) URL; with a callbackMessage it must be a bare origin, since that is what postMessage gets. */
function validTarget(targetOrigin: string | null, forMessage: boolean): targetOrigin is string {
  if (!targetOrigin) return false;
  try {
    const url = new URL(targetOrigin);
    if (url.protocol !== "http:" && url.protocol !== "https:") return false;
    return !forMessage || url.origin === targetOrigin;
  } catch {
    return false;
  }
}

export function connectPageRoutes(state: EmulatorState): Route[] {
  function page(status: number, html: string, nonce?: string): Reply {
    // The CSP leaves out form-action: browsers apply it to the redirect after Approve, which
    // goes to the app's origin. No frame-ancestors either: Cyclr's page may be framed.
    const scripts = nonce ? `script-src 'nonce-${nonce}'; ` : "";
    return {
      status,
      html,
      headers: {
        "Content-Security-Policy": `default-src 'none'; ${scripts}style-src 'unsafe-inline'; img-src data:; base-uri 'none'`,
        "Cache-Control": "no-store",
        "Referrer-Policy": "no-referrer",
        ...coop(),
      },
    };
  }

  // The COOP scenario: the popup's browsing context is severed from the app, window.opener goes null.
  const coop = (): Record<string, string> => (state.scenario.coop ? { "Cross-Origin-Opener-Policy": "same-origin" } : {});
  const forbidden = () => page(403, forbiddenPage());

  return [
    route("GET", "/connectorauth/updateaccountconnectoroauth", (req) => {
      // Used up by being shown, whatever follows: a second load is a 403 like any used token.
      const signIn = state.consumeSignInToken(req.query.get("token") ?? "");
      if (!signIn) return forbidden();
      const id = req.query.get("id") ?? "";
      const connector = /^\d{1,15}$/.test(id) ? state.accountConnectors.get(Number(id)) : undefined;
      if (!connector || connector.AccountId !== signIn.accountId) return forbidden();
      const callbackMessage = req.query.get("callbackMessage");
      const targetOrigin = req.query.get("targetOrigin");
      if (!validTarget(targetOrigin, callbackMessage !== null)) return forbidden();
      if (state.authTypeOf(connector) !== "OAuth2") return page(400, notOAuthPage(connector.Name));
      const consent = state.openConsent(connector.Id, targetOrigin, callbackMessage);
      return page(200, consentPage(connector.Name, consent.id));
    }),

    route("POST", CONSENT_PATH, (req) => {
      const form = new URLSearchParams(req.body);
      const consent = state.takeConsent(form.get("consent") ?? "");
      const connector = consent ? state.accountConnectors.get(consent.accountConnectorId) : undefined;
      if (!consent || !connector) return forbidden();
      const nonce = randomBytes(16).toString("base64");
      if (form.get("decision") !== "approve") return page(200, deniedPage(nonce), nonce);
      // Cyclr now holds the third party's tokens: this flag is the only proof of success.
      connector.Authenticated = true;
      connector.AuthValue = null;
      if (consent.callbackMessage === null) {
        return { status: 302, headers: { Location: consent.targetOrigin, "Cache-Control": "no-store", "Referrer-Policy": "no-referrer", ...coop() } };
      }
      return page(200, approvedPage(connector.Name, consent.callbackMessage, consent.targetOrigin, nonce), nonce);
    }),
  ];
}
