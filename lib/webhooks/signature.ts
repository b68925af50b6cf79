import { createHmac, randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";

// Webhook signatures as Standard Webhooks specifies (standardwebhooks.com), made with its
// reference implementation: `webhook-id`, `webhook-timestamp` (unix seconds) and
// `webhook-signature: v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`, one signature per
// live secret, space-separated (a secret being replaced signs too, for a while). Any
// Standard Webhooks library verifies them with the key's secret, `whsec_<base64>`.
//
// Secrets made before (whsec_ + 43 base64url characters) were used whole, as text, as the
// HMAC key. They keep working two ways: the standard headers are signed with that text as
// the key (verify with `new Webhook(secret, { format: "raw" })`), and the old
// `Switchboard-Signature: t=<unix seconds>,v1=<hex HMAC of "<t>.<body>">` header is still sent
// for them, so receivers written for it need no change.

export const SECRET_PREFIX = "whsec_";
export const LEGACY_SIGNATURE_HEADER = "switchboard-signature";

/** A new signing secret: 32 random bytes, base64, with Standard Webhooks' prefix. */
export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString("base64")}`;
}

/** A secret made before Switchboard followed Standard Webhooks (its text is the HMAC key). */
export function isLegacySecret(secret: string): boolean {
  return /^whsec_[A-Za-z0-9_-]{43}$/.test(secret);
}

function signer(secret: string): Webhook {
  return isLegacySecret(secret) ? new Webhook(secret, { format: "raw" }) : new Webhook(secret);
}

/**
 * The signature headers of one try of one event: the Standard Webhooks three, signed with
 * every secret in `secrets` (the current first), and for legacy secrets the old header too.
 */
export function signatureHeaders(eventId: string, body: string, secrets: string[], at: Date = new Date()): Record<string, string> {
  const timestamp = Math.floor(at.getTime() / 1000);
  const headers: Record<string, string> = {
    "webhook-id": eventId,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": secrets.map((secret) => signer(secret).sign(eventId, at, body)).join(" "),
  };
  const legacy = secrets.filter(isLegacySecret);
  if (legacy.length) {
    const digests = legacy.map((secret) => `v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex")}`);
    headers[LEGACY_SIGNATURE_HEADER] = [`t=${timestamp}`, ...digests].join(",");
  }
  return headers;
}
