import { describe, expect, it } from "vitest";
import { INJECTION_NAME } from "./seed";
import { useEmulator } from "./test-harness";

// The Service Domain page that authenticates an OAuth connector. Browser behaviour (opener,
// parent, COOP) is proven with Playwright elsewhere; here, the served HTML, headers and state.

const h = useEmulator();
const APP = "http://localhost:3000";
const FORBIDDEN = "403 – Forbidden: Access is denied.";

async function authenticated(id: number): Promise<boolean> {
  const found = (await h.state()).accountConnectors.find((c) => c.Id === id);
  if (!found) throw new Error(`no account connector ${id}`);
  return found.Authenticated;
}

describe("opening the page", () => {
  it("shows a consent page with Approve and Deny that posts a consent id, not the sign-in token", async () => {
    const token = await h.signInToken();
    const response = await fetch(await h.consentUrl(100001, { token, callbackMessage: "m" }));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(response.headers.get("cross-origin-opener-policy")).toBeNull();
    const html = await response.text();
    expect(html).toContain("<title>Authorize Salesforce</title>");
    expect(html).toContain("<h1>Authorize Salesforce</h1>");
    expect(html).toMatch(/<form method="post" action="\/connectorauth\/consent">/);
    expect(html).toContain('<button class="approve" type="submit" name="decision" value="approve">Approve</button>');
    expect(html).toContain('<button type="submit" name="decision" value="deny">Deny</button>');
    expect(h.consentIdOf(html)).not.toBe(token);
    expect(html).not.toContain(token);
    expect(html).not.toContain(encodeURIComponent(token));
  });

  it("escapes the injection connector's name", async () => {
    const evil = await h.seeded("acme-corp", { name: INJECTION_NAME });
    const html = await (await fetch(await h.consentUrl(evil.Id, { callbackMessage: "m" }))).text();
    expect(html).toContain("<h1>Authorize &lt;img src=x onerror=&quot;alert(&#39;xss&#39;)&quot;&gt;Evil CRM</h1>");
    expect(html).not.toContain("<img");
    const approved = await h.submitConsent(h.consentIdOf(html), "approve");
    expect(approved.text).not.toContain("<img");
    expect(approved.text).toContain("&lt;img src=x");
  });

  it("takes the URL-encoded token (with + / =) and refuses it unencoded", async () => {
    const token = await h.signInToken();
    expect(token).toMatch(/[+/=]/);
    const raw = `${h.urls().service}/connectorauth/updateaccountconnectoroauth?id=100001&token=${token}&targetOrigin=${encodeURIComponent(APP)}&callbackMessage=m`;
    expect((await fetch(raw)).status).toBe(403); // "+" arrives as a space
    const encoded = await h.consentUrl(100001, { callbackMessage: "m" });
    expect((await fetch(encoded)).status).toBe(200);
  });

  it("is single-use: the second load of the same URL is Cyclr's 403 page", async () => {
    const url = await h.consentUrl(100001, { callbackMessage: "m" });
    expect((await fetch(url)).status).toBe(200);
    const again = await fetch(url);
    expect(again.status).toBe(403);
    expect(again.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await again.text()).toContain(FORBIDDEN);
  });

  it("refuses unknown, missing, expired and foreign tokens with the 403 page", async () => {
    const base = `${h.urls().service}/connectorauth/updateaccountconnectoroauth?id=100001&targetOrigin=${encodeURIComponent(APP)}`;
    for (const url of [`${base}&token=bm9wZQ%3D%3D`, base]) {
      const response = await fetch(url);
      expect(response.status).toBe(403);
      expect(await response.text()).toContain(FORBIDDEN);
    }
    const expired = await h.signInToken();
    h.emulator().state.signInTokens.get(expired)!.expiresAt = Date.now() - 1;
    expect((await fetch(await h.consentUrl(100001, { token: expired }))).status).toBe(403);
    // A globex token for an acme-corp connector; and it is used up by trying.
    const globex = await h.signInToken("globex");
    expect((await fetch(await h.consentUrl(100001, { token: globex, callbackMessage: "m" }))).status).toBe(403);
    expect((await fetch(await h.consentUrl(100006, { token: globex, callbackMessage: "m" }))).status).toBe(403);
  });

  it("refuses a targetOrigin that is not http(s), or not a bare origin when a message is to be posted", async () => {
    for (const [targetOrigin, callbackMessage] of [
      ["javascript:alert(1)", undefined],
      ["not a url", undefined],
      [`${APP}/path`, "m"],
      [`${APP}/`, "m"],
    ] as const) {
      expect((await fetch(await h.consentUrl(100001, { targetOrigin, callbackMessage }))).status).toBe(403);
    }
  });

  it("serves a 400 page for connectors that do not use OAuth", async () => {
    const mailchimp = await h.seeded("acme-corp", { authType: "ApiKey" });
    const response = await fetch(await h.consentUrl(mailchimp.Id, { callbackMessage: "m" }));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("does not use OAuth");
  });
});

describe("deciding", () => {
  it("Approve authenticates and posts the exact callbackMessage to the exact targetOrigin, never '*'", async () => {
    const message = 'switchboard:abc</script>"\u2028';
    const response = await h.decide(await h.consentUrl(100001, { callbackMessage: message }), "approve");
    expect(response.status).toBe(200);
    const html = response.text;
    const literal = JSON.stringify(message)
      .replace(/</g, "\\u003c")
      .replace(/\u2028/g, "\\u2028");
    expect(html).toContain(`target.postMessage(${literal}, ${JSON.stringify(APP)})`);
    expect(html).toContain("window.opener || (window.parent !== window ? window.parent : null)");
    expect(html).toContain("window.close()");
    expect(html).not.toMatch(/['"]\*['"]/);
    expect(html).not.toContain('</script>"');
    // The inline script runs under the page's CSP by nonce.
    const nonce = /<script nonce="([^"]+)">/.exec(html)?.[1];
    expect(nonce).toBeTruthy();
    expect(response.headers.get("content-security-policy")).toContain(`script-src 'nonce-${nonce}'`);
    expect(await authenticated(100001)).toBe(true);
    const token = await h.partnerToken();
    expect((await h.api("/v1.0/account/connectors/100001", { token, account: "acme-corp" })).body).toMatchObject({ Authenticated: true });
  });

  it("Approve without a callbackMessage redirects to targetOrigin", async () => {
    const target = "http://localhost:3000/connect/return?attempt=a&nonce=b+c";
    const response = await h.decide(await h.consentUrl(100001, { targetOrigin: target }), "approve");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(target);
    expect(await authenticated(100001)).toBe(true);
  });

  it("Deny posts nothing, redirects nowhere, and leaves the connector unauthenticated", async () => {
    const response = await h.decide(await h.consentUrl(100001, { callbackMessage: "m", targetOrigin: APP }), "deny");
    expect(response.status).toBe(200);
    expect(response.headers.get("location")).toBeNull();
    expect(response.text).toContain("Authorization cancelled");
    expect(response.text).not.toContain("postMessage");
    expect(response.text).not.toContain(APP);
    expect(response.text).toContain("window.close()");
    expect(await authenticated(100001)).toBe(false);
  });

  it("uses a consent once; an unknown consent is the 403 page", async () => {
    const html = await (await fetch(await h.consentUrl(100001, { callbackMessage: "m" }))).text();
    const consent = h.consentIdOf(html);
    expect((await h.submitConsent(consent, "deny")).status).toBe(200);
    const again = await h.submitConsent(consent, "approve");
    expect(again.status).toBe(403);
    expect(again.text).toContain(FORBIDDEN);
    expect(await authenticated(100001)).toBe(false);
    expect((await h.submitConsent("made-up", "approve")).status).toBe(403);
  });
});

describe("the COOP scenario", () => {
  it("sends Cross-Origin-Opener-Policy on the page and on every decision, and Approve still authenticates", async () => {
    expect((await h.control("scenario", { coop: true })).body).toMatchObject({ coop: true });
    const page = await fetch(await h.consentUrl(100001, { callbackMessage: "m" }));
    expect(page.headers.get("cross-origin-opener-policy")).toBe("same-origin");
    const approved = await h.submitConsent(h.consentIdOf(await page.text()), "approve");
    expect(approved.headers.get("cross-origin-opener-policy")).toBe("same-origin");
    expect(await authenticated(100001)).toBe(true);
    const denied = await h.decide(await h.consentUrl(100002, { callbackMessage: "m" }), "deny");
    expect(denied.headers.get("cross-origin-opener-policy")).toBe("same-origin");
    const redirected = await h.decide(await h.consentUrl(100002), "approve");
    expect(redirected.status).toBe(302);
    expect(redirected.headers.get("cross-origin-opener-policy")).toBe("same-origin");
    await h.control("scenario", { coop: false });
    expect((await fetch(await h.consentUrl(100005, { callbackMessage: "m" }))).headers.get("cross-origin-opener-policy")).toBeNull();
  });
});
