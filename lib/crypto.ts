import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

// Secrets at rest: AES-256-GCM with a key id and associated data (what the value belongs
// to, e.g. "cyclr:partner"), so a sealed value copied into another row does not open.
// Format: v1.<keyId>.<iv>.<ciphertext>.<tag>, base64url parts.

export class SealError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SealError";
  }
}

function keys(): Map<string, Buffer> {
  const settings = env();
  return new Map([[settings.ENCRYPTION_KEY_ID, Buffer.from(settings.ENCRYPTION_KEY, "base64")]]);
}

export function seal(plaintext: string, aad: string): string {
  const keyId = env().ENCRYPTION_KEY_ID;
  const key = keys().get(keyId)!;
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", keyId, iv.toString("base64url"), ciphertext.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
}

export function unseal(sealed: string, aad: string): string {
  const parts = sealed.split(".");
  const [version, keyId, iv, ciphertext, tag] = parts;
  if (parts.length !== 5 || version !== "v1" || !keyId || !iv || ciphertext === undefined || !tag) throw new SealError("Not a sealed value");
  const key = keys().get(keyId);
  if (!key) throw new SealError(`No key with id ${keyId}`);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(aad, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SealError("The sealed value was tampered with or belongs elsewhere");
  }
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
