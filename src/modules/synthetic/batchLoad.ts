// Loading alongside existing data: batches of referrals, one transaction each, a few in flight on separate
// connections, every index, key and trigger kept up as it goes, so the service stays usable while it runs.
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { insertRows, insertTables, rowCount } from './bulkInsert.js';
import type { Generator } from './generate.js';
import type { LoadPlan, LoadResult } from './load.js';

/** Writes the plan's referrals. */
export async function loadInBatches(database: Database, gen: Generator, plan: LoadPlan): Promise<LoadResult> {
  await database.db.transaction((tx) => insertTables(tx, gen.meetings()));
  let rows = 0;
  let done = 0;
  // While the database works on one batch the next is generated (PGlite serialises them). A later batch may
  // refer to an earlier one (a repeat referral joining an open case): its foreign-key check waits for the
  // earlier transaction to commit, so batches still commit in a valid order.
  const inFlight = new Set<Promise<void>>();
  // The planner's statistics are refreshed as the tables grow (at 5,000 referrals, then at each doubling):
  // left at an empty database's, the foreign-key checks and statistics triggers pick plans that scan.
  let analyzeAt = 5_000;
  for (let queued = 0; queued < plan.referrals; ) {
    const tables = gen.batch(Math.min(plan.batch, plan.referrals - queued));
    queued += tables.referrals.length;
    const writing: Promise<void> = database.db
      .transaction((tx) => insertTables(tx, tables))
      .then(() => {
        inFlight.delete(writing);
        rows += rowCount(tables);
        done += tables.referrals.length;
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
  const late = gen.takeLateEvents();
  await database.db.transaction((tx) => insertRows(tx, 'referral_events', late));
  return { rows: rows + late.length + rowCount(gen.meetings()), finishingSeconds: 0 };
}
