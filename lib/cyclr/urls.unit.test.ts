import { describe, expect, it } from "vitest";
import { buildConnectorAuthUrl, cyclrPaths } from "./urls";

// How a server reads the query: WHATWG URL parsing, as Node, browsers and our emulator do.
const query = (url: string) => new URL(url).searchParams;

describe("buildConnectorAuthUrl", () => {
  it("percent-encodes every value so tokens with + / = come back exactly", () => {
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
    expect(query(url).get("token")).toBe("ab+cd/ef==");
    expect(query(url).get("callbackMessage")).toBe("done & dusted #1 ✓");
    expect(new URL(url).hash).toBe("");
  });

  it("round-trips awkward tokens and messages through query parsing", () => {
    const tokens = ["+/=", "a+b+c", "==", "x/y/z+", " leading space", "%2B", "a&token=evil"];
    const messages = ["switchboard:connected:abc", "a b", "a+b", "50% & more#frag", "日本語 ✓ 🔌", "?x=1&y=2", "line\nbreak"];
    for (const [index, token] of tokens.entries()) {
      const callbackMessage = messages[index]!;
      const url = buildConnectorAuthUrl({
        serviceUrl: "http://localhost:4011",
        accountConnectorId: "7",
        signInToken: token,
        targetOrigin: "http://localhost:3000",
        callbackMessage,
      });
      const params = query(url);
      expect(params.get("token")).toBe(token);
      expect(params.get("callbackMessage")).toBe(callbackMessage);
      expect([...params.keys()]).toEqual(["id", "token", "targetOrigin", "callbackMessage"]);
      expect(decodeURIComponent(url.split("token=")[1]!.split("&")[0]!)).toBe(token); // also for servers that do not turn + into space
    }
  });

  it("leaves callbackMessage out for the redirect flow, where targetOrigin is a full URL", () => {
    const target = "http://localhost:3000/connect/return?attempt=a&nonce=b+c";
    const url = buildConnectorAuthUrl({ serviceUrl: "http://localhost:4011", accountConnectorId: "7", signInToken: "t=", targetOrigin: target });
    expect(query(url).has("callbackMessage")).toBe(false);
    expect(query(url).get("targetOrigin")).toBe(target);
  });

  it("uses only the Service Domain's origin and encodes the connector id", () => {
    const url = buildConnectorAuthUrl({
      serviceUrl: "https://connect.example.com/some/path?x=1",
      accountConnectorId: "a b&c",
      signInToken: "t",
      targetOrigin: "https://app.example.com",
    });
    expect(url.startsWith("https://connect.example.com/connectorauth/updateaccountconnectoroauth?id=a%20b%26c&")).toBe(true);
  });

  it("refuses a targetOrigin that is not an exact origin when a message is posted to it", () => {
    const base = { serviceUrl: "http://localhost:4011", accountConnectorId: "7", signInToken: "t", callbackMessage: "m" };
    expect(() => buildConnectorAuthUrl({ ...base, targetOrigin: "http://localhost:3000/" })).toThrow(/exact origin/);
    expect(() => buildConnectorAuthUrl({ ...base, targetOrigin: "not a url" })).toThrow();
  });
});

describe("API paths", () => {
  it("encode ids as one path segment", () => {
    expect(cyclrPaths.account("acme corp/../x")).toBe("/v1.0/accounts/acme%20corp%2F..%2Fx");
    expect(cyclrPaths.signInToken("acme-corp")).toBe("/v1.0/accounts/acme-corp/signintoken");
    expect(cyclrPaths.accountConnector("100001")).toBe("/v1.0/account/connectors/100001");
    expect(cyclrPaths.deauthenticate("100001")).toBe("/v1.0/account/connectors/100001/deauthenticate");
    expect(() => cyclrPaths.account("..")).toThrow();
    expect(() => cyclrPaths.accountConnector("")).toThrow();
  });

  it("page with 1-based pages and an optional query", () => {
    expect(cyclrPaths.accounts()).toBe("/v1.0/accounts?page=1&pageSize=100");
    expect(cyclrPaths.accountConnectors({ page: 3, pageSize: 25 })).toBe("/v1.0/account/connectors?page=3&pageSize=25");
    expect(cyclrPaths.connectors({ query: "sales force+" })).toBe("/v1.0/connectors?page=1&pageSize=100&query=sales%20force%2B");
    expect(cyclrPaths.connectors({ query: "" })).toBe("/v1.0/connectors?page=1&pageSize=100");
    expect(() => cyclrPaths.accounts({ page: 0 })).toThrow(/page/);
    expect(() => cyclrPaths.accounts({ pageSize: 1.5 })).toThrow(/pageSize/);
  });
});
