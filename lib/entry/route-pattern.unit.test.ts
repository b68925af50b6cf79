import { describe, expect, it } from "vitest";
import { routePattern, UNMATCHED_ROUTE } from "./route-pattern";

describe("route patterns for labels and log lines", () => {
  it("replaces each param's segment with its name", () => {
    expect(routePattern("/api/v1/accounts/acme-corp/connectors", { accountId: "acme-corp" })).toBe("/api/v1/accounts/[accountId]/connectors");
    expect(routePattern("/api/admin/catalogue/9f1c/offer", { id: "9f1c", action: "offer" })).toBe("/api/admin/catalogue/[id]/[action]");
    expect(routePattern("/api/v1/connect-sessions", {})).toBe("/api/v1/connect-sessions");
    expect(routePattern("/api/health")).toBe("/api/health");
  });

  it("compares with the decoded segment, as Next decodes params", () => {
    expect(routePattern("/api/v1/accounts/a%20b%2Fc/connectors", { accountId: "a b/c" })).toBe("/api/v1/accounts/[accountId]/connectors");
  });

  it("names a catch-all once for all its segments", () => {
    expect(routePattern("/api/auth/callback/oidc", { nextauth: ["callback", "oidc"] })).toBe("/api/auth/[...nextauth]");
    expect(routePattern("/api/auth/session", { nextauth: ["session"] })).toBe("/api/auth/[...nextauth]");
  });

  it("takes params in path order, so equal values land on their own segments", () => {
    expect(routePattern("/api/admin/catalogue/offer/offer", { id: "offer", action: "offer" })).toBe("/api/admin/catalogue/[id]/[action]");
  });

  it("never hands back a raw path it could not map", () => {
    expect(routePattern("/api/v1/accounts/%ED%A0%80/connectors", { accountId: "\ud800" })).toBe(UNMATCHED_ROUTE);
    expect(routePattern("/api/v1/accounts/x/connectors", { accountId: "y" })).toBe(UNMATCHED_ROUTE);
  });
});
