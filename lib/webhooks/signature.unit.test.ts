import { createHmac, randomBytes } from "node:crypto";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { isLegacySecret, newWebhookSecret, signatureHeaders } from "./signature";

// Our signatures checked with the Standard Webhooks reference library, as a host would
// check them; the old header for secrets made before, as the receivers written for it do.

const body = JSON.stringify({ id: "evt_1", type: "connector.connected" });
const legacySecret = () => `whsec_${randomBytes(32).toString("base64url")}`;

describe("webhook signatures (Standard Webhooks)", () => {
  it("verify with the standardwebhooks library and the key's secret", () => {
    const secret = newWebhookSecret();
    const headers = signatureHeaders("evt_1", body, [secret]);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(headers["webhook-id"]).toBe("evt_1");
    expect(headers).not.toHaveProperty("switchboard-signature");
  });

  it("are refused for a changed body, id or time, another secret, or an old timestamp", () => {
    const secret = newWebhookSecret();
    const headers = signatureHeaders("evt_1", body, [secret]);
    const webhook = new Webhook(secret);
    expect(() => webhook.verify(body.replace("connected", "disconnected"), headers)).toThrow(WebhookVerificationError);
    expect(() => webhook.verify(body, { ...headers, "webhook-id": "evt_2" })).toThrow(WebhookVerificationError);
    expect(() => webhook.verify(body, { ...headers, "webhook-timestamp": String(Number(headers["webhook-timestamp"]) - 1) })).toThrow(WebhookVerificationError);
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow(WebhookVerificationError);
    const old = signatureHeaders("evt_1", body, [secret], new Date(Date.now() - 10 * 60_000));
    expect(() => webhook.verify(body, old)).toThrow("Message timestamp too old");
  });

  it("carry one signature per live secret: either verifies during a rotation", () => {
    const [next, previous] = [newWebhookSecret(), newWebhookSecret()];
    const headers = signatureHeaders("evt_1", body, [next, previous]);
    expect(headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    expect(new Webhook(next).verify(body, headers)).toBeTruthy();
    expect(new Webhook(previous).verify(body, headers)).toBeTruthy();
  });

  it("keep secrets made before working: the old header as it was, and the standard ones with the secret's text as the key", () => {
    const secret = legacySecret();
    expect(isLegacySecret(secret)).toBe(true);
    const at = new Date();
    const headers = signatureHeaders("evt_1", body, [secret], at);
    const t = Math.floor(at.getTime() / 1000);
    // What a receiver written for the old header computes.
    const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
    expect(headers["switchboard-signature"]).toBe(`t=${t},v1=${expected}`);
    expect(new Webhook(secret, { format: "raw" }).verify(body, headers)).toBeTruthy();
  });

  it("makes 256-bit secrets in Standard Webhooks' form, different each time", () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), "base64")).toHaveLength(32);
    expect(isLegacySecret(secret)).toBe(false);
    expect(newWebhookSecret()).not.toBe(secret);
  });
});
