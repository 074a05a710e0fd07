// Loading alongside existing data: batches of referrals, one transaction each, a few in flight on separate
// connections, every index, key and trigger kept up as it goes, so the service stays usable while it runs.
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { AHEAD, type LoadPlan, type LoadResult } from './load.js';
import { inOrder, rowsIn, type BatchSource, type EncodedTable } from './streams.js';
import { encodedWriter } from './writeEncoded.js';

/** Writes the plan's referrals. */
export async function loadInBatches(database: Database, source: BatchSource, plan: LoadPlan): Promise<LoadResult> {
  const commit = (tables: readonly EncodedTable[]) => database.db.transaction((tx) => encodedWriter(tx, null)(tables));
  await commit(plan.meetings);
  let rows = rowsIn(plan.meetings);
  let done = 0;
  // While the database works on one batch the next is made (PGlite serialises them). A later batch may refer to
  // an earlier one of its stream (a repeat referral joining an open case): its foreign-key check waits for the
  // earlier transaction to commit, so batches still commit in a valid order.
  const inFlight = new Set<Promise<void>>();
  // The planner's statistics are refreshed as the tables grow (at 5,000 referrals, then at each doubling):
  // left at an empty database's, the foreign-key checks and statistics triggers pick plans that scan.
  let analyzeAt = 5_000;
  for await (const batch of inOrder(source, plan.batches, AHEAD)) {
    const writing: Promise<void> = commit(batch.tables).then(() => {
      inFlight.delete(writing);
      rows += rowsIn(batch.tables);
      done += batch.referrals;
      plan.progress?.(done, plan.referrals);
    });
    inFlight.add(writing);
    if (inFlight.size >= plan.parallel) await Promise.race(inFlight);
    if (done >= analyzeAt) {
      analyzeAt *= 2;
      await database.db.execute(sql`ANALYZE`);
    }
  }
  await Promise.all(inFlight);
  const late = await source.lateEvents();
  await commit(late);
  return { rows: rows + rowsIn(late), finishingSeconds: 0 };
}
