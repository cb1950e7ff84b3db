// Work started ahead of a serial consumer, at most `limit` items at a time, in the items' order.

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Starts `work` for every item, `limit` at a time (the first items first), and returns one
 * promise per item, in order, that never rejects: a failure is a settled `{ ok: false }`, so an
 * item the consumer has not reached yet cannot be an unhandled rejection.
 */
export function startAhead<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<Settled<R>>[] {
  if (!(limit >= 1)) throw new Error("startAhead needs a limit of at least 1");
  let running = 0;
  const waiting: (() => void)[] = [];
  const slot = () => (running < limit ? (running++, Promise.resolve()) : new Promise<void>((resolve) => waiting.push(resolve)));
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  return items.map(async (item): Promise<Settled<R>> => {
    await slot();
    try {
      return { ok: true, value: await work(item) };
    } catch (error) {
      return { ok: false, error };
    } finally {
      release();
    }
  });
}
