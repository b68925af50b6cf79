// Delays between retries, for every retry loop (provider calls, webhook deliveries): the
// ceiling doubles after each failure up to `maxMs`, and the delay is drawn between
// `spread[0]` and `spread[1]` times the ceiling so that callers that failed together do
// not retry together.

export type Backoff = { baseMs: number; maxMs?: number; spread: readonly [number, number] };

/** The pause before retry number `attempt` (1-based). */
export function backoffDelay(backoff: Backoff, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(backoff.maxMs ?? Number.POSITIVE_INFINITY, backoff.baseMs * 2 ** Math.max(0, attempt - 1));
  const [low, high] = backoff.spread;
  return ceiling * (low + random() * (high - low));
}
