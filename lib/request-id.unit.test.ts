import { describe, expect, it } from "vitest";
import { requestIdFrom } from "./request-id";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("request ids", () => {
  it("keeps a sane id the client sent", () => {
    expect(requestIdFrom("abc-123")).toBe("abc-123");
    expect(requestIdFrom("x".repeat(128))).toBe("x".repeat(128));
    expect(requestIdFrom("trace=4bf92f3577b34da6;span=00f067aa0ba902b7")).toBe("trace=4bf92f3577b34da6;span=00f067aa0ba902b7");
  });

  it.each([
    ["missing", null],
    ["empty", ""],
    ["too long", "x".repeat(129)],
    ["with a space", "a b"],
    ["with a newline (a forged log line)", 'a\n{"level":"info"}'],
    ["with a control character", "a\u0000b"],
    ["not ASCII", "café"],
  ])("makes a new one when the client's is %s", (_, given) => {
    const id = requestIdFrom(given);
    expect(id).toMatch(uuid);
    expect(requestIdFrom(given)).not.toBe(id);
  });
});
