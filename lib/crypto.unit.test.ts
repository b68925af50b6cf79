import { randomBytes } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { hashToken, keyring, randomToken, safeEqual, seal, SealError, sealWith, unseal, unsealWith } from "./crypto";

// Pure tests with an explicit keyring (no settings, no database), plus one through the env.

const ring = keyring("k1", { k1: randomBytes(32) });

function tamper(sealed: string, index: number): string {
  const parts = sealed.split(".");
  const bytes = Buffer.from(parts[index]!, "base64url");
  bytes[0] = bytes[0]! ^ 0x01;
  parts[index] = bytes.toString("base64url");
  return parts.join(".");
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return SealError.is(error) ? error.code : "not a SealError";
  }
  return undefined;
}

describe("sealing secrets at rest", () => {
  it("round-trips text of any kind and never contains the plaintext", () => {
    for (const plaintext of ["access-token+/=", "", "ünïcødé ✓ 🔑", "x".repeat(10_000)]) {
      const sealed = sealWith(ring, plaintext, "cyclr:partner");
      expect(sealed).toMatch(/^v1\.k1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{22}$/);
      if (plaintext) expect(sealed).not.toContain(plaintext);
      expect(unsealWith(ring, sealed, "cyclr:partner")).toBe(plaintext);
    }
  });

  it("uses a fresh iv each time", () => {
    expect(sealWith(ring, "same", "a")).not.toBe(sealWith(ring, "same", "a"));
  });

  it("rejects a tampered iv, ciphertext or tag", () => {
    const sealed = sealWith(ring, "secret value", "cyclr:partner");
    for (const index of [2, 3, 4]) expect(codeOf(() => unsealWith(ring, tamper(sealed, index), "cyclr:partner"))).toBe("tampered");
  });

  it("rejects a truncated tag or iv", () => {
    const parts = sealWith(ring, "secret value", "cyclr:partner").split(".");
    const shortTag = [...parts.slice(0, 4), parts[4]!.slice(0, 6)].join(".");
    const shortIv = [parts[0], parts[1], parts[2]!.slice(0, 8), parts[3], parts[4]].join(".");
    expect(codeOf(() => unsealWith(ring, shortTag, "cyclr:partner"))).toBe("tampered");
    expect(codeOf(() => unsealWith(ring, shortIv, "cyclr:partner"))).toBe("tampered");
  });

  it("rejects other associated data", () => {
    const sealed = sealWith(ring, "secret value", "cyclr:partner");
    expect(codeOf(() => unsealWith(ring, sealed, "cyclr:account:acme"))).toBe("tampered");
    expect(codeOf(() => unsealWith(ring, sealed, ""))).toBe("tampered");
  });

  it("rejects unknown key ids, and opens old values with a retired key still in the ring", () => {
    const sealed = sealWith(ring, "secret value", "cyclr:partner");
    expect(codeOf(() => unsealWith(ring, sealed.replace(".k1.", ".k9."), "cyclr:partner"))).toBe("unknown_key");
    const rotated = keyring("k2", { k1: ring.keys.get("k1")!, k2: randomBytes(32) });
    expect(unsealWith(rotated, sealed, "cyclr:partner")).toBe("secret value");
    expect(sealWith(rotated, "new", "a")).toMatch(/^v1\.k2\./);
    // The same id with a different key: tampering, not a wrong answer.
    expect(codeOf(() => unsealWith(keyring("k1", { k1: randomBytes(32) }), sealed, "cyclr:partner"))).toBe("tampered");
  });

  it("rejects values that are not sealed", () => {
    for (const value of ["garbage", "", "v2.k1.a.b.c", "v1.k1.a.b", "v1.k1.a.b.c.d", "v1..AAAA.AAAA.AAAA", "v1.k1.AA+A.AAAA.AAAA"]) {
      expect(codeOf(() => unsealWith(ring, value, "cyclr:partner"))).toBe("malformed");
    }
  });

  it("refuses keys of the wrong size", () => {
    expect(() => keyring("k1", { k1: randomBytes(16) })).toThrow(/32 bytes/);
    expect(() => keyring("k2", { k1: randomBytes(32) })).toThrow(/No encryption key/);
  });

  it("seals with the configured key (ENCRYPTION_KEY, ENCRYPTION_KEY_ID)", () => {
    // The first read of the settings in this file: these values are the ones parsed.
    vi.stubEnv("DATABASE_URL", "postgresql://unused@localhost/unused");
    vi.stubEnv("AUTH_SECRET", randomBytes(32).toString("base64url"));
    vi.stubEnv("ENCRYPTION_KEY", randomBytes(32).toString("base64"));
    vi.stubEnv("ENCRYPTION_KEY_ID", "k7");
    const sealed = seal("from env", "cyclr:partner");
    expect(sealed.split(".")[1]).toBe("k7");
    expect(unseal(sealed, "cyclr:partner")).toBe("from env");
    expect(() => unseal(sealed, "cyclr:partner:refresh")).toThrow(SealError);
  });
});

describe("tokens", () => {
  it("are random and hashed one way", () => {
    const token = randomToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomToken(16)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(randomToken()).not.toBe(token);
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).toBe(hashToken(token));
    expect(hashToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("compare equal strings only", () => {
    expect(safeEqual("same-token", "same-token")).toBe(true);
    expect(safeEqual("same-token", "same-tokem")).toBe(false);
    expect(safeEqual("short", "longer value")).toBe(false);
    expect(safeEqual("", "")).toBe(true);
    expect(safeEqual("é", "e\u0301")).toBe(false);
  });
});
