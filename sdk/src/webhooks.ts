import { Webhook, WebhookVerificationError as LibraryError } from "standardwebhooks";
import type { components } from "./generated/openapi";

// Webhook verification for the host's receiver, with the Standard Webhooks reference library:
// `webhook-id`, `webhook-timestamp` (within 5 minutes: no replays) and `webhook-signature`
// (one or more `v1,<base64>` signatures: during a secret's rotation both secrets sign, and
// either verifies).

/** The signed events (the OpenAPI document's `webhooks`), and the console's test event. */
export type VerifiedWebhook = components["schemas"]["WebhookEvent"] | { id: string; type: "webhook.test"; createdAt: string; data: { message: string } };

/** Fetch's `Headers`, or Node's `request.headers`. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

export class WebhookVerificationError extends Error {
  override readonly name = "WebhookVerificationError";
}

function plainHeaders(headers: WebhookHeaders): Record<string, string> {
  const plain: Record<string, string> = {};
  if (typeof Headers !== "undefined" && headers instanceof Headers) {
    headers.forEach((value, key) => {
      plain[key.toLowerCase()] = value;
    });
    return plain;
  }
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined) plain[key.toLowerCase()] = Array.isArray(value) ? value.join(" ") : value;
  }
  return plain;
}

// Secrets made before Switchboard followed Standard Webhooks (whsec_ and 43 base64url
// characters) sign with their text as the key.
const legacySecret = /^whsec_[A-Za-z0-9_-]{43}$/;

/**
 * Checks a delivery's signature against the key's signing secret (`whsec_…`) and returns the
 * event. Pass the raw body, exactly as received (before any JSON parsing). Throws
 * WebhookVerificationError unless a signature matches and the timestamp is recent.
 */
export function verifyWebhook(payload: string | Uint8Array, headers: WebhookHeaders, secret: string): VerifiedWebhook {
  if (typeof secret !== "string" || !secret.startsWith("whsec_")) throw new TypeError("verifyWebhook: secret is the key's signing secret, whsec_…");
  const body = typeof payload === "string" ? payload : new TextDecoder().decode(payload);
  const webhook = legacySecret.test(secret) ? new Webhook(secret, { format: "raw" }) : new Webhook(secret);
  try {
    return webhook.verify(body, plainHeaders(headers)) as VerifiedWebhook;
  } catch (error) {
    if (error instanceof LibraryError) throw new WebhookVerificationError(error.message, { cause: error });
    throw error;
  }
}
