import { pageGenerationWatchIfAny, type GenerationWatch } from "./page-generation.server";

// What every reader of a page sees alike (a consultation's record, its plan, a page of threads)
// is read once per generation of public content and shared by the requests that follow, signed
// in or not; what is personal is worked out per request on top of it. The generation moves on any
// write that a page shows, by any process (app/services/page-generation.server.ts), so the next
// request after a write reads afresh. Values are shared: callers must not change them (outside
// production they are frozen, so a change throws in tests).

const MAX_ENTRIES = 500;

let entries = new Map<string, Promise<unknown>>();
let madeFrom: { watch: GenerationWatch; generation: number } | null = null;

/**
 * The value of `compute` for `key` in the current generation of public content: computed once,
 * then shared. `key` must name everything the value depends on (never the viewer).
 */
export function memoPublic<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const watch = pageGenerationWatchIfAny();
  if (!watch) return compute();
  const looking = watch.refreshThisTurn?.();
  return looking ? looking.then(() => memoIn(watch, key, compute)) : memoIn(watch, key, compute);
}

function memoIn<T>(watch: GenerationWatch, key: string, compute: () => Promise<T>): Promise<T> {
  // Read before computing: a value is never filed under a generation older than what it saw.
  const generation = watch.current();
  if (madeFrom?.watch !== watch || madeFrom.generation !== generation) {
    entries = new Map();
    madeFrom = { watch, generation };
  }
  const kept = entries.get(key) as Promise<T> | undefined;
  if (kept) {
    // Most recently used last: the oldest entry is the one dropped when full.
    entries.delete(key);
    entries.set(key, kept);
    return kept;
  }
  const store = entries;
  const value = compute().then((v) => (process.env.NODE_ENV === "production" ? v : deepFreeze(v)));
  store.set(key, value);
  if (store.size > MAX_ENTRIES) store.delete(store.keys().next().value!);
  // A failure is not remembered: the next request tries again.
  value.catch(() => store.get(key) === value && store.delete(key));
  return value;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
