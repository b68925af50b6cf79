// Podero's own page (the stand-in for connect.podero.com): choose the device type and brand,
// then Approve (the emulator's stand-in for signing in at the manufacturer) or Cancel. Plain
// HTML forms, no script. Third-party text (emails, URLs) is always HTML-escaped.

import { escapeHtml } from "../html";
import { DEVICE_KINDS, kindOf, type Brand } from "./catalogue";
import type { Session, User } from "./state";

const STYLE = `body{font-family:system-ui,sans-serif;background:#ecfdf5;display:grid;place-items:center;min-height:100vh;margin:0}
main{background:#fff;padding:32px;border-radius:12px;width:380px;box-shadow:0 1px 3px #0002}h1{font-size:20px;margin:0 0 12px}
fieldset{border:1px solid #d1d5db;border-radius:8px;margin:0 0 16px;padding:8px 12px}legend{font-weight:600;padding:0 4px}
label{display:block;padding:4px 0}select{font-size:15px;padding:4px}.url{word-break:break-all;font-family:monospace;font-size:13px}
.error{color:#b91c1c;font-weight:600}button{padding:10px 16px;border-radius:6px;border:0;font-weight:600;margin-right:8px;cursor:pointer}
.go{background:#047857;color:#fff}.no{background:#e5e7eb}`;

/** `title` is raw text (escaped here); `body` is HTML the caller has already escaped. */
function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Podero</title>
<style>${STYLE}</style>
</head><body><main>${body}</main></body></html>`;
}

const radio = (name: string, value: string, label: string, checked: boolean) =>
  `<label><input type="radio" name="${name}" value="${escapeHtml(value)}"${checked ? " checked" : ""} required> ${escapeHtml(label)}</label>`;

/**
 * The choice. A session that names a device type offers only that type (checked, the only
 * option) and its brands as radio buttons; one that does not offers every type and a brand
 * list grouped by type. A reauthentication session is fixed to its device's brand too.
 * `preferredBrand` is checked instead of the first (the brand of the user's lapsed device).
 */
export function connectPage(session: Session, user: User | undefined, options: { fixedBrand?: Brand; preferredBrand?: string; error?: string } = {}): string {
  const kinds = session.device_type ? [kindOf(session.device_type)] : DEVICE_KINDS;
  const types = kinds.map((kind, i) => radio("device_type", kind.type, kind.longName, i === 0)).join("\n");
  let brands: string;
  if (options.fixedBrand) {
    brands = `<fieldset><legend>Brand</legend>${radio("brand", options.fixedBrand.slug, options.fixedBrand.manufacturer, true)}</fieldset>`;
  } else if (session.device_type) {
    const list = kinds[0]!.brands;
    const checked = list.some((brand) => brand.slug === options.preferredBrand) ? options.preferredBrand : list[0]!.slug;
    brands = `<fieldset><legend>Brand</legend>${list.map((brand) => radio("brand", brand.slug, brand.manufacturer, brand.slug === checked)).join("\n")}</fieldset>`;
  } else {
    const groups = kinds
      .map(
        (kind) =>
          `<optgroup label="${escapeHtml(kind.longName)}">${kind.brands.map((brand) => `<option value="${escapeHtml(brand.slug)}">${escapeHtml(brand.manufacturer)}</option>`).join("")}</optgroup>`,
      )
      .join("");
    brands = `<p><label for="brand">Brand</label><select id="brand" name="brand" required>${groups}</select></p>`;
  }
  const heading = session.kind === "reauthentication" ? "Reconnect your device" : "Connect your device";
  const returnTo = session.success_url ? `<p>When you are done you go back to <span class="url">${escapeHtml(session.success_url)}</span>.</p>` : "";
  const error = options.error ? `<p class="error" role="alert" id="form-error">${escapeHtml(options.error)}</p>` : "";
  return layout(
    heading,
    `<h1>${heading}</h1>
<p>Podero connects the device to your account${user ? ` ${escapeHtml(user.email)}` : ""}. Choose it, then sign in at its manufacturer. (This page stands in for Podero's own and the manufacturer's.)</p>
<form method="post" action="/connect?onboarding_session_id=${escapeHtml(session.id)}"${options.error ? ' aria-describedby="form-error"' : ""}>
${error}
<fieldset><legend>Device type</legend>
${types}
</fieldset>
${brands}
${returnTo}
<button class="go" type="submit" name="choice" value="approve">Approve</button>
<button class="no" type="submit" name="choice" value="cancel" formnovalidate>Cancel</button>
</form>`,
  );
}

export const EXPIRED_TEXT = "This link has expired";
export const USED_TEXT = "This link has already been used";
export const UNKNOWN_TEXT = "This link is not valid";

const dead = (title: string, text: string) => layout(title, `<h1>${title}</h1><p>${text}</p>`);

export const expiredPage = () => dead(EXPIRED_TEXT, "Go back to the app you came from and start again.");
export const usedPage = () => dead(USED_TEXT, "Go back to the app you came from to see your device, or start again.");
export const unknownPage = () => dead(UNKNOWN_TEXT, "Go back to the app you came from and start again.");
export const gonePage = () => dead("This device no longer exists", "It was removed from your account. Go back to the app you came from.");

/** After a reauthentication session (which has no success_url or cancel_url to go back to). */
export const reconnectedPage = () => dead("Your device is connected again", "You can close this window.");
export const reconnectCancelledPage = () => dead("Nothing was changed", "You can close this window.");
