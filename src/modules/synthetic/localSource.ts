// Batches made in this thread, for small loads where starting workers costs more than it saves. A batch is made
// in slices, giving way between them, so that the batch before it goes on being written meanwhile.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { emptyTables } from './bulkInsert.js';
import { streamSet, type BatchSource, type EncodedBatch, type StreamSpec } from './streams.js';

const SLICE = 100;

export function localSource(spec: StreamSpec): BatchSource {
  const set = streamSet(spec);
  // One batch at a time, in the order asked: a stream's state carries from one of its batches to the next.
  let last: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(make: () => Promise<T>): Promise<T> => {
    const next = last.then(make);
    last = next.catch(() => undefined);
    return next;
  };
  return {
    batch: ({ stream, count }) =>
      inTurn(async (): Promise<EncodedBatch> => {
        const tables = emptyTables();
        for (let made = 0; made < count; made += SLICE) {
          set.generate(stream, Math.min(SLICE, count - made), tables);
          await nextTurn();
        }
        return { referrals: count, tables: set.encode(tables) };
      }),
    lateEvents: () => inTurn(async () => set.lateEvents()),
    close: async () => undefined,
  };
}
