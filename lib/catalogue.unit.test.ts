import { describe, expect, it } from "vitest";
import type { CatalogueConnector } from "@/lib/generated/prisma/client";
import { isReleased, notOfferable, safeIcon, toCatalogueView } from "./catalogue";

const row = (fields: Partial<CatalogueConnector> = {}): CatalogueConnector => ({
  id: "0b0b5d0e-8f4a-4b8e-9a57-3c1f4a1d2e01",
  cyclrConnectorId: "5001",
  name: "Salesforce",
  description: "Salesforce connector",
  status: "Approved",
  version: "1.0",
  icon: "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=",
  authType: "OAuth2",
  categories: ["CRM"],
  offered: false,
  seenAt: new Date(),
  retiredAt: null,
  createdAt: new Date(),
  updatedAt: new Date(),
  ...fields,
});

describe("catalogue: which connectors can be offered", () => {
  it("takes Cyclr's released statuses, in any case and spacing, and no status at all, as released", () => {
    for (const status of ["Approved", "approved", " APPROVED ", "Released", "Live", "Published", null]) expect(isReleased(status), String(status)).toBe(true);
  });

  it("takes anything else as not released", () => {
    for (const status of ["Draft", "draft", "Beta", "Deprecated", "", "1"]) expect(isReleased(status), status).toBe(false);
  });

  it("says why a Draft connector or one Cyclr no longer lists cannot be offered", () => {
    expect(notOfferable({ status: "Approved", retiredAt: null })).toBeNull();
    expect(notOfferable({ status: "Draft", retiredAt: null })).toBe("Its status at Cyclr is Draft: only released connectors can be offered.");
    expect(notOfferable({ status: "Approved", retiredAt: new Date() })).toBe("Cyclr no longer lists this connector.");
  });
});

describe("catalogue: the view the console and the CLI show", () => {
  it("carries the row's fields and why it is blocked, and no timestamps", () => {
    const view = toCatalogueView(row({ status: "Draft" }));
    expect(view).toEqual({
      id: "0b0b5d0e-8f4a-4b8e-9a57-3c1f4a1d2e01",
      cyclrConnectorId: "5001",
      name: "Salesforce",
      description: "Salesforce connector",
      status: "Draft",
      version: "1.0",
      icon: "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=",
      authType: "OAuth2",
      categories: ["CRM"],
      offered: false,
      blocked: "Its status at Cyclr is Draft: only released connectors can be offered.",
    });
    expect(toCatalogueView(row()).blocked).toBeNull();
  });

  it("keeps only inline raster and SVG images as icons", () => {
    expect(safeIcon("data:image/png;base64,iVBORw0KGgo=")).toBe("data:image/png;base64,iVBORw0KGgo=");
    for (const icon of [
      "https://cdn.example.com/icon.png",
      "javascript:alert(1)",
      "data:text/html;base64,PHNjcmlwdD4=",
      'data:image/svg+xml,<svg onload="alert(1)">',
      "",
      null,
    ]) {
      expect(safeIcon(icon), String(icon)).toBeNull();
    }
    expect(toCatalogueView(row({ icon: "https://cdn.example.com/icon.png" })).icon).toBeNull();
  });
});
