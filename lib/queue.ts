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
