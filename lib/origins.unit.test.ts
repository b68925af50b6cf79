import { describe, expect, it } from "vitest";
import { frameAncestors, parseOrigin, parseOrigins } from "./origins";

describe("origins", () => {
  it("accepts exact http(s) origins, with or without a trailing slash", () => {
    expect(parseOrigin("https://app.example.com")).toEqual({ ok: true, origin: "https://app.example.com" });
    expect(parseOrigin("http://localhost:3100/")).toEqual({ ok: true, origin: "http://localhost:3100" });
    expect(parseOrigin("HTTPS://App.Example.com:8443")).toEqual({ ok: true, origin: "https://app.example.com:8443" });
  });

  it("refuses paths, wildcards, null, credentials and other schemes", () => {
    for (const bad of [
      "https://app.example.com/path",
      "https://*.example.com",
      "*",
      "null",
      "",
      "javascript:alert(1)",
      "https://u:p@example.com",
      "ftp://example.com",
      "https://example.com?x=1",
      "example.com",
    ]) {
      expect(parseOrigin(bad).ok, bad).toBe(false);
    }
  });

  it("builds frame-ancestors from valid origins only, 'none' when there are none", () => {
    expect(frameAncestors(["https://a.example", "http://localhost:3100"])).toBe("frame-ancestors https://a.example http://localhost:3100");
    expect(frameAncestors([])).toBe("frame-ancestors 'none'");
    expect(frameAncestors(["*"])).toBe("frame-ancestors 'none'");
    expect(parseOrigins(["https://a.example", "https://a.example/"])).toEqual({ ok: true, origins: ["https://a.example"] });
    expect(parseOrigins(["https://a.example", "bad"]).ok).toBe(false);
  });
});
