// Many small writes of the same kind, written together: items that arrive while one write is under way are all
// written by the next, and each caller's promise settles when the write holding its item has committed. Under
// no load an item is written at once, alone; under load a round trip and a commit serve many requests.

/** How many items one write takes at most; the rest wait for the next. */
export const MAX_ITEMS_PER_WRITE = 500;

export function writtenTogether<T>(write: (items: T[]) => Promise<void>): (item: T) => Promise<void> {
  let waiting: Array<{ item: T; resolve: () => void; reject: (err: unknown) => void }> = [];
  let writing = false;
  const drain = async () => {
    writing = true;
    while (waiting.length) {
      const batch = waiting.slice(0, MAX_ITEMS_PER_WRITE);
      waiting = waiting.slice(MAX_ITEMS_PER_WRITE);
      // A failed write fails every caller whose item it held, and no one else.
      await write(batch.map((w) => w.item)).then(
        () => batch.forEach((w) => w.resolve()),
        (err: unknown) => batch.forEach((w) => w.reject(err)),
      );
    }
    writing = false;
  };
  return (item) =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (!writing) void drain();
    });
}
