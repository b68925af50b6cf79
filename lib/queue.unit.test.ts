import { describe, expect, it } from "vitest";
import { atMost } from "./queue";

describe("atMost", () => {
  it("runs at most `limit` calls at once, the rest in the order they came, and frees a slot when a call fails", async () => {
    const limited = atMost(2);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const releases: (() => void)[] = [];
    const calls = Array.from({ length: 6 }, (_, i) =>
      limited(async () => {
        started.push(i);
        running++;
        peak = Math.max(peak, running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running--;
        if (i === 1) throw new Error("call 1 fails");
        return i;
      }).catch(() => "failed"),
    );
    // Let the first two start, then release whatever is running, one at a time.
    for (let done = 0; done < 6; done++) {
      await new Promise((resolve) => setImmediate(resolve));
      expect(running).toBeLessThanOrEqual(2);
      releases.shift()!();
    }
    expect(await Promise.all(calls)).toEqual([0, "failed", 2, 3, 4, 5]);
    expect(peak).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
