import { describe, expect, it } from "vitest";
import { cyclrPaths, cyclrRoutes } from "./urls";

// Metric labels name Cyclr's routes by pattern; each must be what its path builder makes, ids aside.
describe("Cyclr route patterns", () => {
  it("match the paths they label", () => {
    const built: Record<keyof typeof cyclrPaths, string> = {
      token: cyclrPaths.token(),
      accounts: cyclrPaths.accounts({ page: 2 }),
      account: cyclrPaths.account("acme corp"),
      signInToken: cyclrPaths.signInToken("acme"),
      connectors: cyclrPaths.connectors({ query: "sales" }),
      install: cyclrPaths.install("5001"),
      accountConnectors: cyclrPaths.accountConnectors(),
      accountConnector: cyclrPaths.accountConnector("100001"),
      deauthenticate: cyclrPaths.deauthenticate("100001"),
    };
    for (const [name, path] of Object.entries(built)) {
      const pattern = new RegExp(`^${cyclrRoutes[name as keyof typeof cyclrPaths].replace("{id}", "[^/?]+")}(\\?|$)`);
      expect(path, name).toMatch(pattern);
    }
  });
});
