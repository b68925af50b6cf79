import { describe, expect, it } from "vitest";
import { z } from "zod";
import { decodeCursor, encodeCursor, keysetPage, type PageDirection } from "./cursor";

// Keyset paging both ways over a list held in memory (what a query would return), checked
// against the list itself: every page in both directions, the ends, and cursors that
// point at rows since deleted.

const cursor = z.object({ id: z.string() });
const ids = (n: number) => Array.from({ length: n }, (_, i) => `r${String(i).padStart(3, "0")}`);

function reader(list: string[]) {
  return async (at: { id: string } | null, direction: PageDirection, take: number) => {
    if (direction === "after") return list.filter((id) => !at || id > at.id).slice(0, take);
    return list
      .filter((id) => at !== null && id < at.id)
      .reverse()
      .slice(0, take);
  };
}

const page = (list: string[], request: { after?: string; before?: string }) => keysetPage(cursor, request, 10, (id: string) => ({ id }), reader(list));
const at = (id: string) => encodeCursor({ id });

describe("keyset pages", () => {
  it("walks forward to the end and back to the start, every page full but the last", async () => {
    const list = ids(35);
    const forward = [await page(list, {})];
    while (forward.at(-1)!.next) forward.push(await page(list, { after: forward.at(-1)!.next! }));
    expect(forward.map((p) => p.rows)).toEqual([list.slice(0, 10), list.slice(10, 20), list.slice(20, 30), list.slice(30)]);
    expect(forward[0]!.previous).toBeNull();
    expect(forward.at(-1)!.next).toBeNull();

    const back = [forward.at(-1)!];
    while (back.at(-1)!.previous) back.push(await page(list, { before: back.at(-1)!.previous! }));
    expect(back.map((p) => p.rows)).toEqual([list.slice(30), list.slice(20, 30), list.slice(10, 20), list.slice(0, 10)]);
    // Back at the start: no previous, and the next page is the second one again.
    expect(back.at(-1)!.previous).toBeNull();
    expect((await page(list, { after: back.at(-1)!.next! })).rows).toEqual(list.slice(10, 20));
  });

  it("gives the first page (full) when fewer than a page lie before the cursor", async () => {
    const list = ids(35);
    const result = await page(list, { before: at("r004") });
    expect(result.rows).toEqual(list.slice(0, 10));
    expect(result.previous).toBeNull();
    expect(result.next).toBe(at("r009"));
  });

  it("keeps working when the cursor's row is gone", async () => {
    const list = ids(35).filter((id) => id !== "r020");
    expect((await page(list, { after: at("r020") })).rows[0]).toBe("r021");
    expect((await page(list, { before: at("r020") })).rows).toEqual(["r010", "r011", "r012", "r013", "r014", "r015", "r016", "r017", "r018", "r019"]);
  });

  it("treats a cursor that does not parse as the start, and an empty list as one empty page", async () => {
    expect((await page(ids(35), { after: "garbage", before: "also-garbage" })).rows).toEqual(ids(10));
    expect(await page([], {})).toEqual({ rows: [], next: null, previous: null });
    expect(decodeCursor(cursor, at("r001"))).toEqual({ id: "r001" });
  });
});

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
