import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { newWebhookSecret, signatureHeaders } from "@/lib/webhooks/signature";
import { verifyWebhook, WebhookVerificationError } from "./webhooks";

// The SDK's verifyWebhook against what Switchboard's own dispatcher signs
// (lib/webhooks/signature.ts), as a host's receiver sees it.

const event = {
  id: `evt_${randomBytes(16).toString("hex")}`,
  type: "connector.connected",
  createdAt: new Date().toISOString(),
  data: {
    account: { id: "acme-corp", name: "Acme Corp", tenantId: null },
    connector: {
      id: "6b1e0a4e-3a55-4f8e-9d67-0d0f3c9b2a11",
      name: "Salesforce",
      connector: "Salesforce",
      cyclrAccountConnectorId: "100001",
      status: "CONNECTED",
    },
  },
};
const body = JSON.stringify(event);

describe("verifyWebhook", () => {
  it("returns the event of a delivery signed with the key's secret, from a string, bytes, Node's headers or fetch's", () => {
    const secret = newWebhookSecret();
    const headers = signatureHeaders(event.id, body, [secret]);
    expect(verifyWebhook(body, headers, secret)).toEqual(event);
    expect(verifyWebhook(Buffer.from(body), headers, secret)).toEqual(event);
    expect(verifyWebhook(body, new Headers(headers), secret)).toEqual(event);
    // Node's request.headers: lower-case names (and any case works).
    const shouted = Object.fromEntries(Object.entries(headers).map(([key, value]) => [key.toUpperCase(), value]));
    expect(verifyWebhook(body, shouted, secret)).toEqual(event);
  });

  it("refuses a tampered body, a changed id, another secret, or no signature", () => {
    const secret = newWebhookSecret();
    const headers = signatureHeaders(event.id, body, [secret]);
    expect(() => verifyWebhook(body.replace("CONNECTED", "DISCONNECTED"), headers, secret)).toThrow(WebhookVerificationError);
    expect(() => verifyWebhook(body, { ...headers, "webhook-id": "evt_other" }, secret)).toThrow(WebhookVerificationError);
    expect(() => verifyWebhook(body, headers, newWebhookSecret())).toThrow(WebhookVerificationError);
    const { "webhook-signature": _signature, ...unsigned } = headers;
    expect(() => verifyWebhook(body, unsigned, secret)).toThrow(WebhookVerificationError);
  });

  it("refuses a delivery signed more than five minutes ago (a replay), or in the future", () => {
    const secret = newWebhookSecret();
    const old = signatureHeaders(event.id, body, [secret], new Date(Date.now() - 6 * 60_000));
    expect(() => verifyWebhook(body, old, secret)).toThrow("Message timestamp too old");
    const ahead = signatureHeaders(event.id, body, [secret], new Date(Date.now() + 6 * 60_000));
    expect(() => verifyWebhook(body, ahead, secret)).toThrow("Message timestamp too new");
    const recent = signatureHeaders(event.id, body, [secret], new Date(Date.now() - 4 * 60_000));
    expect(verifyWebhook(body, recent, secret)).toEqual(event);
  });

  it("accepts a delivery during a secret's rotation with either secret: two signatures, one matches", () => {
    const [next, previous] = [newWebhookSecret(), newWebhookSecret()];
    const headers = signatureHeaders(event.id, body, [next, previous]);
    expect(headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    expect(verifyWebhook(body, headers, next)).toEqual(event);
    expect(verifyWebhook(body, headers, previous)).toEqual(event);
    expect(() => verifyWebhook(body, headers, newWebhookSecret())).toThrow(WebhookVerificationError);
  });

  it("verifies with a secret made before Standard Webhooks (its text is the key)", () => {
    const legacy = `whsec_${randomBytes(32).toString("base64url")}`;
    expect(verifyWebhook(body, signatureHeaders(event.id, body, [legacy]), legacy)).toEqual(event);
  });

  it("says what a secret is when given something else", () => {
    expect(() => verifyWebhook(body, {}, "not-a-secret")).toThrow("secret is the key's signing secret");
  });
});
