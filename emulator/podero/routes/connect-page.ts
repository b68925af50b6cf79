import { route, type Reply, type Route, type Request } from "../../http";
import { brandOf, isDeviceType, kindOf, type Brand } from "../catalogue";
import { connectPage, expiredPage, gonePage, reconnectCancelledPage, reconnectedPage, unknownPage, usedPage } from "../pages";
import type { PoderoState, Session } from "../state";

// Podero's page at authentication_url (the stand-in for connect.podero.com): GET shows the
// choice, POST (the form) applies it and sends the browser to exactly success_url or
// cancel_url with 303, adding nothing. An expired, used or unknown session shows a page and
// redirects nowhere.

/**
 * Framing is not documented (CYCLR.md): the emulator gives the strict answer, so Switchboard
 * must open the page in a popup or the tab. No form-action in the CSP: browsers apply it to
 * the redirect after the form, which goes to the partner's origin.
 */
const PAGE_HEADERS = {
  "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'",
  "X-Frame-Options": "DENY",
  "Cache-Control": "no-store",
  "Referrer-Policy": "no-referrer",
};

const page = (status: number, html: string): Reply => ({ status, html, headers: PAGE_HEADERS });

/** The stored URL as sent; only characters a header cannot carry (non-ASCII, controls) are percent-encoded. */
const headerSafe = (url: string) => url.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c));

const redirect = (url: string): Reply => ({
  status: 303,
  headers: { Location: headerSafe(url), "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" },
});

export function connectPageRoutes(state: PoderoState): Route[] {
  /** The usable session with what its page needs, or the page that says why it is not usable. */
  function open(req: Request): { session: Session; fixedBrand?: Brand } | Reply {
    const session = state.sessions.get((req.query.get("onboarding_session_id") ?? "").toLowerCase());
    if (!session) return page(404, unknownPage());
    const phase = state.phase(session);
    if (phase === "expired") return page(410, expiredPage());
    if (phase === "used") return page(410, usedPage());
    if (session.kind === "onboarding") return { session };
    const device = state.devices.get(session.device_id ?? "");
    if (!device || device.deleted_at) return page(410, gonePage());
    return { session, fixedBrand: { slug: "current", manufacturer: device.manufacturer, model: device.model } };
  }

  const isReply = (value: object): value is Reply => "status" in value;

  return [
    route("GET", "/connect", (req) => {
      const opened = open(req);
      if (isReply(opened)) return opened;
      const { session, fixedBrand } = opened;
      // The emulator's convenience for Reconnect: the brand of a lapsed device of the session's type comes checked.
      const lapsed = session.device_type && !fixedBrand ? state.lapsedDevice(session.user_id, session.device_type) : undefined;
      const preferredBrand = lapsed ? kindOf(lapsed.type).brands.find((brand) => brand.manufacturer === lapsed.manufacturer)?.slug : undefined;
      return page(200, connectPage(session, state.users.get(session.user_id), { fixedBrand, preferredBrand }));
    }),

    route("POST", "/connect", (req) => {
      const opened = open(req);
      if (isReply(opened)) return opened;
      const { session, fixedBrand } = opened;
      const form = new URLSearchParams(req.body);
      const again = (error: string) => page(400, connectPage(session, state.users.get(session.user_id), { fixedBrand, error }));
      const choice = form.get("choice");
      if (choice === "cancel") {
        session.status = "cancelled";
        return session.cancel_url ? redirect(session.cancel_url) : page(200, reconnectCancelledPage());
      }
      if (choice !== "approve") return again("Choose Approve or Cancel.");
      const type = form.get("device_type");
      if (!isDeviceType(type) || (session.device_type && type !== session.device_type)) return again("Choose a device type.");
      const brand = fixedBrand ?? brandOf(type, form.get("brand") ?? "");
      if (!brand) return again(`Choose a brand of ${kindOf(type).longName.toLowerCase()}.`);
      state.approve(session, type, brand);
      return session.success_url ? redirect(session.success_url) : page(200, reconnectedPage());
    }),
  ];
}
