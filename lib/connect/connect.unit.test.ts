import { describe, expect, it } from "vitest";
import type { AccountConnector } from "@/lib/generated/prisma/client";
import { toConnectorView } from "./connectors";
import { credentialsInput } from "./credentials";
import { accountInput } from "./accounts";
import { createSessionInput } from "./sessions";

const row = (overrides: Partial<AccountConnector>): AccountConnector => ({
  id: "00000000-0000-4000-8000-000000000001",
  accountId: "00000000-0000-4000-8000-000000000002",
  cyclrAccountConnectorId: "101",
  name: "Salesforce",
  connectorId: "1",
  connectorName: "Salesforce",
  connectorIcon: null,
  authType: "OAuth2",
  status: "NOT_CONNECTED",
  authenticatedAt: null,
  lastCheckedAt: null,
  retiredAt: null,
  createdAt: new Date(),
  updatedAt: new Date(),
  ...overrides,
});

describe("toConnectorView", () => {
  it("keeps inline image icons and drops anything else", () => {
    const svg = "data:image/svg+xml;base64,PHN2Zy8+";
    expect(toConnectorView(row({ connectorIcon: svg })).icon).toBe(svg);
    expect(toConnectorView(row({ connectorIcon: "javascript:alert(1)" })).icon).toBeNull();
    expect(toConnectorView(row({ connectorIcon: "https://tracker.example/pixel.png" })).icon).toBeNull();
    expect(toConnectorView(row({ connectorIcon: "data:text/html,<script>alert(1)</script>" })).icon).toBeNull();
  });
});

describe("input validation", () => {
  it("names the fields that are wrong in a connect-session request", () => {
    const result = createSessionInput.safeParse({ accountId: "", userId: "bad user id" });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path[0]);
    expect(paths).toEqual(expect.arrayContaining(["accountId", "userId"]));
  });

  it("accepts API keys and Basic credentials, and refuses a colon in a Basic username", () => {
    expect(credentialsInput.safeParse({ kind: "apiKey", apiKey: " k " }).data).toEqual({ kind: "apiKey", apiKey: "k" });
    expect(credentialsInput.safeParse({ kind: "basic", username: "a:b", password: "p" }).success).toBe(false);
    expect(credentialsInput.safeParse({ kind: "apiKey", apiKey: "" }).success).toBe(false);
  });

  it("refuses account names PostgreSQL or Cyclr cannot hold as given: control characters, unpaired surrogates", () => {
    const message = (name: unknown) => accountInput.safeParse({ name }).error?.issues[0]?.message;
    expect(message("a\u0000b")).toBe("name may not hold control characters");
    expect(message("line\nbreak")).toBe("name may not hold control characters");
    expect(message("x\ud800")).toBe("name may not hold unpaired surrogates");
    expect(accountInput.safeParse({ name: " Acme 😀 Ünïcode " }).data).toEqual({ name: "Acme 😀 Ünïcode" });
  });
});
