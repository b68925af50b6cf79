import { describe, expect, it } from "vitest";
import { decodableTarget } from "./request-target";

describe("request targets Next could not decode", () => {
  it("takes an undecodable segment literally, leaving the others and the query alone", () => {
    expect(decodableTarget("/api/v1/accounts/%FF/connectors")).toBe("/api/v1/accounts/%25FF/connectors");
    expect(decodableTarget("/api/v1/accounts/%/connectors?refresh=%FF")).toBe("/api/v1/accounts/%25/connectors?refresh=%FF");
    expect(decodableTarget("/embed/%ED%A0%80")).toBe("/embed/%25ED%25A0%2580");
    expect(decodeURIComponent(decodableTarget("/connect/a%ZZb").split("/")[2]!)).toBe("a%ZZb");
  });

  it("leaves targets that decode exactly as they were", () => {
    for (const target of ["/", "/api/v1/accounts/acme-corp/connectors", "/connect/a%20b?x=%FF", "/api/v1/accounts/%E2%9C%93/connectors", "*"]) {
      expect(decodableTarget(target)).toBe(target);
    }
  });
});
