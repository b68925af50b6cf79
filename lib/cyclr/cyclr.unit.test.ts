import { describe, expect, it } from "vitest";
import { accountConnector, signInToken, tokenResponse, account, connector, messageError } from "./schemas";
import { buildConnectorAuthUrl } from "./urls";

describe("buildConnectorAuthUrl", () => {
  it("percent-encodes every value so tokens with + / = survive", () => {
    const url = buildConnectorAuthUrl({
      serviceUrl: "https://acme-h.cyclr.com/",
      accountConnectorId: "100001",
      signInToken: "ab+cd/ef==",
      targetOrigin: "https://app.example.com",
      callbackMessage: "done & dusted #1 ✓",
    });
    expect(url).toBe(
      "https://acme-h.cyclr.com/connectorauth/updateaccountconnectoroauth?id=100001&token=ab%2Bcd%2Fef%3D%3D&targetOrigin=https%3A%2F%2Fapp.example.com&callbackMessage=done%20%26%20dusted%20%231%20%E2%9C%93",
    );
    const parsed = new URL(url).searchParams;
    expect(parsed.get("token")).toBe("ab+cd/ef==");
    expect(parsed.get("callbackMessage")).toBe("done & dusted #1 ✓");
  });

  it("leaves callbackMessage out for the redirect flow", () => {
    const url = buildConnectorAuthUrl({ serviceUrl: "http://localhost:4011", accountConnectorId: "7", signInToken: "t=", targetOrigin: "http://localhost:3000/connect/return?attempt=a&nonce=b" });
    expect(new URL(url).searchParams.has("callbackMessage")).toBe(false);
    expect(new URL(url).searchParams.get("targetOrigin")).toBe("http://localhost:3000/connect/return?attempt=a&nonce=b");
  });
});

describe("Cyclr payloads", () => {
  it("parses token responses of both flows", () => {
    const base = { access_token: "a+b/c=", token_type: "bearer", expires_in: 1209599, clientId: "x", ".refresh": "False", ".issued": "Sun, 22 Nov 2026 10:00:00 GMT", ".expires": "Sun, 06 Dec 2026 10:00:00 GMT" };
    expect(tokenResponse.parse(base).refresh_token).toBeUndefined();
    expect(tokenResponse.parse({ ...base, refresh_token: "r", userName: "p@example.com" }).refresh_token).toBe("r");
    expect(tokenResponse.safeParse({ ...base, token_type: "mac" }).success).toBe(false);
    expect(tokenResponse.safeParse({ token_type: "bearer" }).success).toBe(false);
  });

  it("parses Cyclr's seven-digit sign-in expiry", () => {
    const parsed = signInToken.parse({ Token: "x+y/z==", ExpiresAtUtc: "2017-12-08T11:02:48.7436471Z" });
    expect(parsed).toEqual({ token: "x+y/z==", expiresAt: new Date("2017-12-08T11:02:48.743Z") });
    expect(signInToken.safeParse({ Token: "x", ExpiresAtUtc: "soon" }).success).toBe(false);
  });

  it("turns account connectors into the app's shape, with numeric ids as strings", () => {
    const parsed = accountConnector.parse({
      Id: 100001,
      Name: "Salesforce",
      Description: null,
      AuthValue: null,
      Authenticated: true,
      Connector: { Id: 5001, Name: "Salesforce", Description: "d", Status: "Approved", Version: "1.0", Icon: "data:image/png;base64,AA==", AuthType: "OAuth2", OAuth2Type: "AuthorizationCode", AuthScheme: null },
      Properties: [],
      CustomFields: [],
    });
    expect(parsed).toMatchObject({ id: "100001", authenticated: true, connector: { id: "5001", authType: "OAuth2", icon: "data:image/png;base64,AA==" } });
    expect(accountConnector.safeParse({ Id: 1, Name: "x", Connector: {} }).success).toBe(false);
  });

  it("parses accounts, catalogue entries and error bodies", () => {
    expect(account.parse({ Id: "acme-corp", Name: "Acme Corp", Description: null, CreatedDate: "2026-01-01", Timezone: "UTC" })).toEqual({ id: "acme-corp", name: "Acme Corp", description: null });
    expect(connector.parse({ Id: 5004, Name: "Mailchimp", AuthType: "ApiKey" }).authType).toBe("ApiKey");
    expect(messageError.parse({ Message: "Authorization has been denied for this request." }).Message).toContain("denied");
    expect(account.safeParse({ Name: "no id" }).success).toBe(false);
  });
});
