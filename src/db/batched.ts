// Many small statements of one kind made as one: items that arrive while one statement is under way are all
// taken by the next, and each caller's promise settles with its own item's result once the statement holding
// it has finished (for a write, committed). Under no load an item goes at once, alone: nothing waits for a
// timer. Under load one round trip, and for writes one commit, serves many requests.

/** How many items one statement takes at most; the rest wait for the next. */
export const MAX_ITEMS_PER_BATCH = 500;

/** `run` answers for the items it is given, in their order. */
export function batched<T, R>(run: (items: T[]) => Promise<R[]>): (item: T) => Promise<R> {
  let waiting: Array<{ item: T; resolve: (result: R) => void; reject: (err: unknown) => void }> = [];
  let running = false;
  const drain = async () => {
    running = true;
    while (waiting.length) {
      const batch = waiting.slice(0, MAX_ITEMS_PER_BATCH);
      waiting = waiting.slice(MAX_ITEMS_PER_BATCH);
      // A failed statement fails every caller whose item it held, and no one else.
      try {
        const results = await run(batch.map((w) => w.item));
        if (results.length !== batch.length) throw new Error(`a batch of ${batch.length} items was answered with ${results.length} results`);
        batch.forEach((w, i) => w.resolve(results[i]!));
      } catch (err) {
        batch.forEach((w) => w.reject(err));
      }
    }
    running = false;
  };
  return (item) =>
    new Promise<R>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (!running) void drain();
    });
}

/**
 * The answers to a batch of keys from the rows found for them: a key asked again in the same batch gets a copy,
 * so that no two callers share an object one of them might change.
 */
export function answersByKey<R>(keys: readonly string[], found: ReadonlyMap<string, R>): (R | undefined)[] {
  const given = new Set<string>();
  return keys.map((key) => {
    const row = found.get(key);
    if (row === undefined) return undefined;
    if (given.has(key)) return structuredClone(row);
    given.add(key);
    return row;
  });
}
