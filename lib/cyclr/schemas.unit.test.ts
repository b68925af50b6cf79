import { describe, expect, it } from "vitest";
import {
  account,
  accountConnector,
  accountConnectorList,
  accountList,
  connector,
  connectorList,
  deauthenticated,
  messageError,
  signInToken,
  tokenError,
  tokenResponse,
} from "./schemas";

// Samples follow the shapes in CYCLR.md, field for field.

const clientCredentialsToken = {
  access_token: "a+b/c=",
  token_type: "bearer",
  expires_in: 1209599,
  clientId: "switchboard-local",
  ".refresh": "False",
  ".issued": "Sun, 22 Nov 2026 10:00:00 GMT",
  ".expires": "Sun, 06 Dec 2026 10:00:00 GMT",
};

const catalogueEntry = {
  Id: 5001,
  Name: "Salesforce",
  Description: "Salesforce connector",
  Status: "Approved",
  Version: "1.0",
  Icon: "data:image/png;base64,AA==",
  AuthType: "OAuth2",
  OAuth2Type: "AuthorizationCode",
  AuthScheme: null,
  Categories: ["CRM"],
};

const installed = {
  Id: 100001,
  Name: "Salesforce",
  Description: null,
  AuthValue: null,
  Authenticated: true,
  Connector: { ...catalogueEntry, Categories: undefined },
  Properties: [],
  CustomFields: [],
};

describe("token payloads", () => {
  it("parse client-credentials and password responses", () => {
    const plain = tokenResponse.parse(clientCredentialsToken);
    expect(plain).toMatchObject({ access_token: "a+b/c=", expires_in: 1209599, ".issued": "Sun, 22 Nov 2026 10:00:00 GMT" });
    expect(plain.refresh_token).toBeUndefined();
    const password = tokenResponse.parse({ ...clientCredentialsToken, ".refresh": "True", refresh_token: "r+/=", userName: "partner@example.com" });
    expect(password).toMatchObject({ refresh_token: "r+/=", userName: "partner@example.com" });
    expect(tokenResponse.parse({ ...clientCredentialsToken, token_type: "Bearer", expires_in: "3600", extra: 1 })).not.toHaveProperty("extra");
  });

  it("refuse responses without a usable token", () => {
    for (const bad of [
      { ...clientCredentialsToken, token_type: "mac" },
      { ...clientCredentialsToken, access_token: "" },
      { ...clientCredentialsToken, expires_in: 0 },
      { ...clientCredentialsToken, expires_in: "soon" },
      { token_type: "bearer", expires_in: 10 },
      null,
      [],
    ]) {
      expect(tokenResponse.safeParse(bad).success).toBe(false);
    }
  });

  it("parse OAuth error bodies", () => {
    for (const error of ["invalid_client", "invalid_grant", "unsupported_grant_type", "invalid_request"]) expect(tokenError.parse({ error }).error).toBe(error);
    expect(tokenError.parse({ error: "invalid_grant", error_description: "The user name or password is incorrect." }).error_description).toContain("password");
    expect(tokenError.safeParse({ Message: "x" }).success).toBe(false);
  });
});

describe("API payloads", () => {
  it("parse {Message} error bodies", () => {
    expect(messageError.parse({ Message: "Authorization has been denied for this request." }).Message).toContain("denied");
    expect(messageError.safeParse({ message: "lowercase" }).success).toBe(false);
  });

  it("turn accounts into the app's shape", () => {
    const sample = { Id: "acme-corp", Name: "Acme Corp", Description: null, CreatedDate: "2026-01-01T00:00:00Z", Timezone: "Europe/London", StepDataSize: 1 };
    expect(account.parse(sample)).toEqual({ id: "acme-corp", name: "Acme Corp", description: null, timezone: "Europe/London" });
    expect(account.parse({ Id: 42, Name: "Numbered" })).toEqual({ id: "42", name: "Numbered", description: null, timezone: null });
    expect(accountList.parse([sample, sample])).toHaveLength(2);
    for (const bad of [{ Name: "no id" }, { Id: "", Name: "x" }, { Id: "x" }, { Id: 1.5, Name: "x" }]) expect(account.safeParse(bad).success).toBe(false);
    expect(accountList.safeParse({ items: [] }).success).toBe(false);
  });

  it("parse Cyclr's seven-digit sign-in expiry to a Date", () => {
    const parsed = signInToken.parse({ Token: "x+y/z==", ExpiresAtUtc: "2017-12-08T11:02:48.7436471Z" });
    expect(parsed).toEqual({ token: "x+y/z==", expiresAt: new Date("2017-12-08T11:02:48.743Z") });
    expect(signInToken.parse({ Token: "t", ExpiresAtUtc: "2017-12-08T11:02:48Z" }).expiresAt.toISOString()).toBe("2017-12-08T11:02:48.000Z");
    expect(signInToken.parse({ Token: "t", ExpiresAtUtc: "2017-12-08T11:02:48.5" }).expiresAt.toISOString()).toBe("2017-12-08T11:02:48.500Z");
    expect(signInToken.parse({ Token: "t", ExpiresAtUtc: "2017-12-08T12:02:48.1234567+01:00" }).expiresAt.toISOString()).toBe("2017-12-08T11:02:48.123Z");
    for (const bad of [
      { Token: "x", ExpiresAtUtc: "soon" },
      { Token: "x", ExpiresAtUtc: "2017-13-45T99:00:00Z" },
      { Token: "", ExpiresAtUtc: "2017-12-08T11:02:48Z" },
      { ExpiresAtUtc: "2017-12-08T11:02:48Z" },
    ]) {
      expect(signInToken.safeParse(bad).success).toBe(false);
    }
  });

  it("turn catalogue entries into the app's shape", () => {
    expect(connector.parse(catalogueEntry)).toEqual({
      id: "5001",
      name: "Salesforce",
      description: "Salesforce connector",
      status: "Approved",
      version: "1.0",
      icon: "data:image/png;base64,AA==",
      authType: "OAuth2",
      oauth2Type: "AuthorizationCode",
      authScheme: null,
      categories: ["CRM"],
    });
    expect(connector.parse({ Id: 5004, Name: "Mailchimp", AuthType: "ApiKey" })).toMatchObject({ authType: "ApiKey", icon: null, categories: [] });
    expect(connector.parse({ ...catalogueEntry, AuthType: 2, Status: 1 })).toMatchObject({ authType: "2", status: "1" });
    expect(connectorList.parse([catalogueEntry])).toHaveLength(1);
    expect(connector.safeParse({ ...catalogueEntry, AuthType: undefined }).success).toBe(false);
    expect(connector.safeParse({ ...catalogueEntry, Name: null }).success).toBe(false);
  });

  it("turn account connectors into the app's shape, with numeric ids as strings and no AuthValue", () => {
    const parsed = accountConnector.parse({ ...installed, AuthValue: "secret-api-key" });
    expect(parsed).toMatchObject({
      id: "100001",
      name: "Salesforce",
      description: null,
      authenticated: true,
      connector: { id: "5001", authType: "OAuth2", icon: "data:image/png;base64,AA==" },
    });
    expect(JSON.stringify(parsed)).not.toContain("secret-api-key");
    expect(accountConnector.parse({ ...installed, Id: "ac-1", Properties: undefined, CustomFields: null }).id).toBe("ac-1");
    expect(accountConnectorList.parse([installed, { ...installed, Id: 100002, Authenticated: false }]).map((c) => c.authenticated)).toEqual([true, false]);
  });

  it("refuse account connectors without the fields we rely on", () => {
    for (const bad of [
      { Id: 1, Name: "x", Connector: {} },
      { ...installed, Authenticated: "true" },
      { ...installed, Authenticated: undefined },
      { ...installed, Connector: undefined },
      { ...installed, Id: null },
    ]) {
      expect(accountConnector.safeParse(bad).success).toBe(false);
    }
    expect(accountConnectorList.safeParse([installed, { Id: 2 }]).success).toBe(false);
  });

  it("parse the deauthenticate message", () => {
    expect(deauthenticated.parse({ Message: "Connector 'Salesforce' successfully de-authenticated." })).toEqual({
      message: "Connector 'Salesforce' successfully de-authenticated.",
    });
    expect(deauthenticated.safeParse({}).success).toBe(false);
  });
});
