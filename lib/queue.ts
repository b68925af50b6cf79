// Work on one key (an account id, an account and connector) done one call after another in
// this process, so concurrent requests for the same thing wait their turn instead of each
// taking a database connection to wait on an advisory lock. Across processes the callers
// still lock.

const queues = new Map<string, Promise<unknown>>();

export function oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const mine = previous.catch(() => undefined).then(work);
  queues.set(key, mine);
  void mine
    .finally(() => {
      if (queues.get(key) === mine) queues.delete(key);
    })
    .catch(() => undefined);
  return mine;
}

/**
 * At most `limit` of the calls made through the returned function run at once in this
 * process; the others wait their turn, first come first served (for CPU- or memory-heavy
 * work such as a password hash, which a flood must not multiply).
 */
export function atMost(limit: number): <T>(work: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (work) => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
