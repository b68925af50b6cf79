// The Service Domain's HTML: Cyclr's 403 page, the consent page standing in for the third
// party's, and the pages after a decision. Third-party text (connector names) is always
// HTML-escaped; values reaching a script are JSON-encoded with "<" escaped so they cannot
// close the script element.

import { escapeHtml, scriptString } from "../html";

const STYLE = `body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center}
main{background:#fff;border-radius:12px;box-shadow:0 1px 4px #0002;padding:32px;max-width:420px}h1{font-size:20px;margin:0 0 12px}
button{font-size:15px;padding:8px 18px;border-radius:6px;border:1px solid #888;margin-right:8px;cursor:pointer;background:#fff}
.approve{background:#2563eb;color:#fff;border-color:#2563eb}`;

/** `title` is raw text (escaped here); `body` is HTML the caller has already escaped. */
function layout(title: string, body: string, script?: { nonce: string; code: string }): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head><body><main>${body}</main>${script ? `<script nonce="${escapeHtml(script.nonce)}">${script.code}</script>` : ""}</body></html>`;
}

export const FORBIDDEN_TEXT = "403 – Forbidden: Access is denied.";

/** What Cyclr (IIS) shows for a used, expired or foreign sign-in token. */
export const forbiddenPage = (): string =>
  layout(FORBIDDEN_TEXT, `<h1>${FORBIDDEN_TEXT}</h1><p>You do not have permission to view this directory or page using the credentials that you supplied.</p>`);

export const notOAuthPage = (connectorName: string): string =>
  layout(
    "Not available",
    `<h1>This connector is not authenticated here</h1><p>${escapeHtml(connectorName)} does not use OAuth; its credentials are set through the API.</p>`,
  );

/** The third party's consent screen. The form carries a server-side consent id, never the sign-in token. */
export function consentPage(connectorName: string, consentId: string): string {
  const name = escapeHtml(connectorName);
  return layout(
    `Authorize ${connectorName}`,
    `<h1>Authorize ${name}</h1>
<p>${name} is asking for access to your account. (This page stands in for the third party's own consent screen.)</p>
<form method="post" action="/connectorauth/consent">
<input type="hidden" name="consent" value="${escapeHtml(consentId)}">
<button class="approve" type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>`,
  );
}

/**
 * After Approve: post the bare callbackMessage to the window that opened us (popup) or, with
 * no opener, the one framing us, always to the exact targetOrigin (never "*"), then close.
 */
export function approvedPage(connectorName: string, callbackMessage: string, targetOrigin: string, nonce: string): string {
  return layout("Authorized", `<h1>${escapeHtml(connectorName)} is connected</h1><p>You can close this window.</p>`, {
    nonce,
    code: `(function () {
  var target = window.opener || (window.parent !== window ? window.parent : null);
  if (target) {
    try { target.postMessage(${scriptString(callbackMessage)}, ${scriptString(targetOrigin)}); } catch (e) {}
  }
  window.close();
})();`,
  });
}

/** After Deny: nothing is posted and nothing redirected, as when a user cancels at a real provider. */
export function deniedPage(nonce: string): string {
  return layout("Authorization cancelled", `<h1>Authorization cancelled</h1><p>Nothing was connected.</p><button type="button" id="close">Close</button>`, {
    nonce,
    code: `document.getElementById("close").addEventListener("click", function () { window.close(); });
setTimeout(function () { window.close(); }, 800);`,
  });
}
