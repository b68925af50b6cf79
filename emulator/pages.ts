// The Service Domain's HTML: Cyclr's 403 page, the consent page, and the pages after a
// decision. All third-party text is escaped; values reaching a script are JSON-encoded with
// "<" escaped so they cannot close the script element.

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export function scriptValue(value: string): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

function layout(title: string, body: string, nonce?: string, script?: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center}
main{background:#fff;border-radius:12px;box-shadow:0 1px 4px #0002;padding:32px;max-width:420px}h1{font-size:20px;margin:0 0 12px}
button{font-size:15px;padding:8px 18px;border-radius:6px;border:1px solid #888;margin-right:8px;cursor:pointer}.approve{background:#2563eb;color:#fff;border-color:#2563eb}</style>
</head><body><main>${body}</main>${script && nonce ? `<script nonce="${nonce}">${script}</script>` : ""}</body></html>`;
}

export const forbiddenPage = () =>
  layout("403 - Forbidden: Access is denied.", `<h1>403 – Forbidden: Access is denied.</h1><p>You do not have permission to view this directory or page using the credentials that you supplied.</p>`);

export function consentPage(connectorName: string, consentId: string): string {
  const name = escapeHtml(connectorName);
  return layout(
    `Authorize ${connectorName}`,
    `<h1>Authorize ${name}</h1>
<p>${name} is asking for access to your account. This stands in for the third party's own consent screen.</p>
<form method="post" action="/connectorauth/consent">
<input type="hidden" name="consent" value="${escapeHtml(consentId)}">
<button class="approve" type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>`,
  );
}

/** After Approve: tell the window that opened (or frames) us, with the exact target origin, then close. */
export function approvedPage(connectorName: string, callbackMessage: string, targetOrigin: string, nonce: string): string {
  return layout(
    "Authorized",
    `<h1>${escapeHtml(connectorName)} is connected</h1><p>You can close this window.</p>`,
    nonce,
    `(function(){var target=window.opener||(window.parent!==window?window.parent:null);
if(target){try{target.postMessage(${scriptValue(callbackMessage)},${scriptValue(targetOrigin)});}catch(e){}}
window.close();})();`,
  );
}

export function deniedPage(nonce: string): string {
  return layout("Authorization cancelled", `<h1>Authorization cancelled</h1><p>Nothing was connected. You can close this window.</p>`, nonce, `setTimeout(function(){window.close();},300);`);
}

export const notOAuthPage = () => layout("Not available", `<h1>This connector does not use OAuth</h1>`);
