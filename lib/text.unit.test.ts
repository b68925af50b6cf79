import { describe, expect, it } from "vitest";
import { z } from "zod";
import { filterText } from "./text";

describe("text PostgreSQL cannot hold (U+0000)", () => {
  it("a filter with it is ignored; others are trimmed and kept", () => {
    const filters = z.object({ q: filterText(10) });
    expect(filters.parse({ q: "a\u0000b" })).toEqual({ q: undefined });
    expect(filters.parse({ q: "\u0000" })).toEqual({ q: undefined });
    expect(filters.parse({ q: "  acme " })).toEqual({ q: "acme" });
    expect(filters.parse({ q: "x".repeat(11) })).toEqual({ q: undefined });
    expect(filters.parse({ q: ["a", "b"] })).toEqual({ q: undefined });
  });
});
