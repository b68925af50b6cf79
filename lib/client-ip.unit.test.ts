import { describe, expect, it } from "vitest";
import { addressKey, clientIp, normalizeAddress, PEER_HEADER, UNKNOWN_ADDRESS } from "./client-ip";

// The client's address as the limits see it, from the headers a request reaches the app with.

const request = (peer: string | undefined, forwardedFor?: string) =>
  new Headers({ ...(peer === undefined ? {} : { [PEER_HEADER]: peer }), ...(forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor }) });

describe("clientIp", () => {
  it("without TRUST_PROXY is the connection's address, whatever X-Forwarded-For says", () => {
    expect(clientIp(request("::ffff:203.0.113.9", "1.2.3.4"), 0)).toBe("203.0.113.9");
    expect(clientIp(request("203.0.113.9", "1.2.3.4, 5.6.7.8"), 0)).toBe("203.0.113.9");
    expect(clientIp(request(undefined, "1.2.3.4"), 0)).toBe(UNKNOWN_ADDRESS);
  });

  it("with TRUST_PROXY=N is the Nth address from the right of X-Forwarded-For", () => {
    expect(clientIp(request("10.0.0.2", "6.6.6.6, 198.51.100.4"), 1)).toBe("198.51.100.4");
    expect(clientIp(request("10.0.0.2", "6.6.6.6, 198.51.100.4, 10.0.0.9"), 2)).toBe("198.51.100.4");
    // Fewer entries than proxies: the leftmost, which the first proxy wrote.
    expect(clientIp(request("10.0.0.2", "198.51.100.4"), 2)).toBe("198.51.100.4");
    // No header (the proxy did not set one) or an entry no proxy would write: the connection's address.
    expect(clientIp(request("10.0.0.2"), 1)).toBe("10.0.0.2");
    expect(clientIp(request("10.0.0.2", "6.6.6.6, not-an-address"), 1)).toBe("10.0.0.2");
  });

  it("reads next-auth's plain header object as well as Headers", () => {
    expect(clientIp({ [PEER_HEADER]: "::1", "x-forwarded-for": "6.6.6.6" }, 0)).toBe("::1");
    expect(clientIp({ [PEER_HEADER]: "10.0.0.2", "x-forwarded-for": ["6.6.6.6", "198.51.100.4"] }, 1)).toBe("198.51.100.4");
    expect(clientIp({ get: "a header named get" }, 0)).toBe(UNKNOWN_ADDRESS);
  });
});

describe("normalizeAddress", () => {
  it.each([
    ["203.0.113.9", "203.0.113.9"],
    [" ::ffff:203.0.113.9 ", "203.0.113.9"],
    ["203.0.113.9:4711", "203.0.113.9"],
    ["[2001:DB8::1]:443", "2001:db8::1"],
    ["2001:DB8::1", "2001:db8::1"],
    ["unknown", undefined],
    ["", undefined],
    ["999.1.1.1", undefined],
  ])("%j is %j", (input, expected) => {
    expect(normalizeAddress(input)).toBe(expected);
  });
});

describe("addressKey", () => {
  it("keeps an IPv4 address and takes an IPv6 address's /64", () => {
    expect(addressKey("203.0.113.9")).toBe("203.0.113.9");
    expect(addressKey("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:db8:1:2:ffff:1:2:3")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressKey("::1")).toBe("0:0:0:0::/64");
    expect(addressKey("::ffff:1.2.3.4")).toBe("0:0:0:0::/64");
    expect(addressKey(UNKNOWN_ADDRESS)).toBe(UNKNOWN_ADDRESS);
  });
});
