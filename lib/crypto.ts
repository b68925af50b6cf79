import "server-only";
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";
import { BrandedError } from "@/lib/errors";

// Secrets at rest: AES-256-GCM with a key id and associated data (what the value belongs
// to, e.g. "cyclr:partner"), so a sealed value copied into another row does not open.
// Format: v1.<keyId>.<iv>.<ciphertext>.<tag>, base64url parts. The key id lets a new key
// be introduced while values sealed with the old one still open (a keyring of several).

export type SealErrorCode = "malformed" | "unknown_key" | "tampered";

export class SealError extends BrandedError {
  static override readonly brand = "SealError";

  constructor(
    readonly code: SealErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The key new values are sealed with, and every key that may still open old ones. */
export type Keyring = { current: string; keys: ReadonlyMap<string, Buffer> };

const VERSION = "v1";
const IV_BYTES = 12; // the GCM standard nonce size
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

export function keyring(current: string, keys: Record<string, Buffer>): Keyring {
  const map = new Map(Object.entries(keys));
  for (const [id, key] of map) {
    if (!KEY_ID.test(id)) throw new Error(`Encryption key id "${id}" must be 1-32 letters, digits, "_" or "-".`);
    if (key.length !== 32) throw new Error(`Encryption key "${id}" must be 32 bytes.`);
  }
  if (!map.has(current)) throw new Error(`No encryption key with id "${current}".`);
  return { current, keys: map };
}

let envKeyring: { source: string; ring: Keyring } | undefined;

/**
 * The keyring from the settings: ENCRYPTION_KEY (id ENCRYPTION_KEY_ID) seals, and every key
 * of ENCRYPTION_KEYS_PREVIOUS still opens what it sealed. Rebuilt only when they change.
 */
function keysFromEnv(): Keyring {
  const { ENCRYPTION_KEY, ENCRYPTION_KEY_ID, ENCRYPTION_KEYS_PREVIOUS } = env();
  const source = JSON.stringify([ENCRYPTION_KEY_ID, ENCRYPTION_KEY, ENCRYPTION_KEYS_PREVIOUS]);
  if (envKeyring?.source !== source) {
    const keys = Object.fromEntries(ENCRYPTION_KEYS_PREVIOUS.map(({ id, key }) => [id, Buffer.from(key, "base64")]));
    keys[ENCRYPTION_KEY_ID] = Buffer.from(ENCRYPTION_KEY, "base64");
    envKeyring = { source, ring: keyring(ENCRYPTION_KEY_ID, keys) };
  }
  return envKeyring.ring;
}

export function sealWith(ring: Keyring, plaintext: string, aad: string): string {
  const key = ring.keys.get(ring.current);
  if (!key) throw new SealError("unknown_key", `No encryption key with id ${ring.current}`);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const parts = [VERSION, ring.current, iv.toString("base64url"), ciphertext.toString("base64url"), cipher.getAuthTag().toString("base64url")];
  return parts.join(".");
}

export function unsealWith(ring: Keyring, sealed: string, aad: string): string {
  const parts = sealed.split(".");
  const [version, keyId, iv, ciphertext, tag] = parts;
  if (
    parts.length !== 5 ||
    version !== VERSION ||
    !keyId ||
    !iv ||
    ciphertext === undefined ||
    !tag ||
    ![iv, ciphertext, tag].every((part) => BASE64URL.test(part))
  ) {
    throw new SealError("malformed", "Not a sealed value");
  }
  const key = ring.keys.get(keyId);
  if (!key) throw new SealError("unknown_key", `No key with id ${keyId}`);
  const ivBytes = Buffer.from(iv, "base64url");
  const tagBytes = Buffer.from(tag, "base64url");
  // Wrong lengths would otherwise be accepted (short tags) or throw from node: both mean tampering.
  if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) throw new SealError("tampered", "The sealed value was tampered with or belongs elsewhere");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, ivBytes, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, "utf8"));
    decipher.setAuthTag(tagBytes);
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SealError("tampered", "The sealed value was tampered with or belongs elsewhere");
  }
}

/** Seals with the configured key. `aad` names what the value belongs to; unseal needs the same. */
export function seal(plaintext: string, aad: string): string {
  return sealWith(keysFromEnv(), plaintext, aad);
}

/** Throws SealError (code malformed, unknown_key or tampered) rather than return a wrong value. */
export function unseal(sealed: string, aad: string): string {
  return unsealWith(keysFromEnv(), sealed, aad);
}

/** The id of the key a sealed value was sealed with (null when it is not a sealed value). */
export function sealedKeyId(sealed: string): string | null {
  const parts = sealed.split(".");
  return parts.length === 5 && parts[0] === VERSION && parts[1] ? parts[1] : null;
}

/** The configured key's id: values sealed with another one are due for `reseal`. */
export function currentKeyId(): string {
  return keysFromEnv().current;
}

/** One-way fingerprint for looking up tokens we hand out without storing them. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/** Constant-time comparison (for equal lengths; a length mismatch returns early, which leaks only the length). */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}
