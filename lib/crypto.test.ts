import { describe, expect, it } from "vitest";
import { hashToken, randomToken, seal, SealError, unseal } from "./crypto";

function tamper(sealed: string, index: number): string {
  const parts = sealed.split(".");
  const bytes = Buffer.from(parts[index]!, "base64url");
  bytes[0] = bytes[0]! ^ 0x01;
  parts[index] = bytes.toString("base64url");
  return parts.join(".");
}

describe("sealing secrets at rest", () => {
  it("round-trips and never contains the plaintext", () => {
    const sealed = seal("access-token+/=", "cyclr:partner");
    expect(sealed).toMatch(/^v1\.k1\./);
    expect(sealed).not.toContain("access-token");
    expect(unseal(sealed, "cyclr:partner")).toBe("access-token+/=");
    expect(seal("same", "a")).not.toBe(seal("same", "a"));
  });

  it("rejects a tampered iv, ciphertext or tag", () => {
    const sealed = seal("secret value", "cyclr:partner");
    for (const index of [2, 3, 4]) expect(() => unseal(tamper(sealed, index), "cyclr:partner")).toThrow(SealError);
  });

  it("rejects other associated data and unknown key ids", () => {
    const sealed = seal("secret value", "cyclr:partner");
    expect(() => unseal(sealed, "cyclr:account:acme")).toThrow(SealError);
    expect(() => unseal(sealed.replace(".k1.", ".k9."), "cyclr:partner")).toThrow(/No key/);
    expect(() => unseal("garbage", "cyclr:partner")).toThrow(SealError);
  });
});

describe("tokens", () => {
  it("are random and hashed one way", () => {
    const token = randomToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomToken()).not.toBe(token);
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).toBe(hashToken(token));
  });
});
