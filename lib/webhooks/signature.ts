import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

// Webhook signatures: HMAC-SHA256 over `<unix seconds>.<raw body>` with the key's secret,
// sent as `Switchboard-Signature: t=<unix seconds>,v1=<hex>`. Signing the time with the
// body lets a receiver refuse replays older than a few minutes. Framework-free: the demo
// host and the README's snippet verify exactly like this.

export const SIGNATURE_HEADER = "switchboard-signature";
export const SECRET_PREFIX = "whsec_";
/** How old a signature a receiver should accept, by default. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString("base64url")}`;
}

function digest(secret: string, timestamp: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex");
}

/** The header value for a body sent at `timestamp` (unix seconds). */
export function signatureHeader(secret: string, body: string, timestamp: number): string {
  return `t=${timestamp},v1=${digest(secret, timestamp, body)}`;
}

export type VerifyFailure = "missing" | "malformed" | "expired" | "mismatch";

/**
 * Checks a received body against its signature header. `body` must be the raw bytes as
 * received (as text), not re-serialized JSON. Several v1 values are accepted (for a secret
 * being rotated on the sender's side).
 */
export function verifySignature(
  secret: string,
  body: string,
  header: string | null | undefined,
  options: { toleranceSeconds?: number; now?: number } = {},
): { ok: true; timestamp: number } | { ok: false; reason: VerifyFailure } {
  if (!header) return { ok: false, reason: "missing" };
  const parts = header.split(",").map((part) => part.trim().split("="));
  const timestamp = Number(parts.find(([name]) => name === "t")?.[1]);
  const signatures = parts.filter(([name, value]) => name === "v1" && value && /^[0-9a-f]{64}$/.test(value)).map(([, value]) => value!);
  if (!Number.isSafeInteger(timestamp) || signatures.length === 0) return { ok: false, reason: "malformed" };
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) return { ok: false, reason: "expired" };
  const expected = Buffer.from(digest(secret, timestamp, body), "hex");
  const match = signatures.some((signature) => timingSafeEqual(Buffer.from(signature, "hex"), expected));
  return match ? { ok: true, timestamp } : { ok: false, reason: "mismatch" };
}
