import { describe, expect, it } from "vitest";
import { newWebhookSecret, signatureHeader, verifySignature } from "./signature";

describe("webhook signatures", () => {
  const secret = newWebhookSecret();
  const body = JSON.stringify({ id: "evt_1", type: "connector.connected" });
  const now = Date.UTC(2026, 11, 1, 12, 0, 0);
  const t = Math.floor(now / 1000);

  it("verifies a body signed with the same secret and a recent time", () => {
    expect(verifySignature(secret, body, signatureHeader(secret, body, t), { now })).toEqual({ ok: true, timestamp: t });
  });

  it("refuses a tampered body, a changed time, another secret and a missing or malformed header", () => {
    const header = signatureHeader(secret, body, t);
    expect(verifySignature(secret, body.replace("connected", "disconnected"), header, { now })).toEqual({ ok: false, reason: "mismatch" });
    expect(verifySignature(secret, body, header.replace(`t=${t}`, `t=${t - 1}`), { now })).toEqual({ ok: false, reason: "mismatch" });
    expect(verifySignature(newWebhookSecret(), body, header, { now })).toEqual({ ok: false, reason: "mismatch" });
    expect(verifySignature(secret, body, null, { now })).toEqual({ ok: false, reason: "missing" });
    expect(verifySignature(secret, body, "v1=abc", { now })).toEqual({ ok: false, reason: "malformed" });
  });

  it("refuses a signature older than the tolerance (a replay)", () => {
    const header = signatureHeader(secret, body, t - 301);
    expect(verifySignature(secret, body, header, { now })).toEqual({ ok: false, reason: "expired" });
    expect(verifySignature(secret, body, header, { now, toleranceSeconds: 600 }).ok).toBe(true);
  });

  it("makes 256-bit secrets with a recognisable prefix, different each time", () => {
    const other = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(other).not.toBe(secret);
  });
});
