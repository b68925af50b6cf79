import { describe, expect, it } from "vitest";
import { z } from "zod";
import { decodeCursor, encodeCursor } from "./cursor";

describe("cursors", () => {
  const schema = z.object({ name: z.string(), id: z.string() });

  it("come back as they were handed out", () => {
    expect(decodeCursor(schema, encodeCursor({ name: "Acme", id: "1" }))).toEqual({ name: "Acme", id: "1" });
  });

  it("start from the top when they are not ours: not base64 JSON, the wrong shape, or holding U+0000 (PostgreSQL cannot compare with it)", () => {
    expect(decodeCursor(schema, "!!!")).toBeNull();
    expect(decodeCursor(schema, encodeCursor({ name: "Acme" }))).toBeNull();
    expect(decodeCursor(schema, encodeCursor({ name: "a\u0000b", id: "1" }))).toBeNull();
    expect(decodeCursor(schema, Buffer.from('{"name":"\\u0000","id":"1"}').toString("base64url"))).toBeNull();
  });
});
