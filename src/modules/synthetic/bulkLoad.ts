// Loading into a database that holds no referrals yet: every row in one transaction on one connection, through
// COPY on PostgreSQL, with the tables' indexes, foreign keys and derived data built once at the end
// (deferredChecks.ts). Until it commits the service cannot use the loaded tables, and a failure leaves the
// database as it was.
import type { Database } from '../../db/client.js';
import { TABLE_ORDER } from './bulkInsert.js';
import { deferChecks } from './deferredChecks.js';
import { AHEAD, type LoadPlan, type LoadResult } from './load.js';
import { inOrder, rowsIn, type BatchSource } from './streams.js';
import { encodedWriter } from './writeEncoded.js';

/** Writes the plan's referrals. */
export function loadInBulk(database: Database, source: BatchSource, plan: LoadPlan): Promise<LoadResult> {
  return database.withConnection((db, client) =>
    db.transaction(async (tx) => {
      const write = encodedWriter(tx, client);
      const restoreChecks = await deferChecks(tx, [...TABLE_ORDER, 'referral_statistics']);
      await write(plan.meetings);
      let rows = rowsIn(plan.meetings);
      let done = 0;
      // The next batches are made (in workers, or in slices between writes) while this one is written.
      for await (const batch of inOrder(source, plan.batches, AHEAD)) {
        await write(batch.tables);
        rows += rowsIn(batch.tables);
        done += batch.referrals;
        plan.progress?.(done, plan.referrals);
      }
      const late = await source.lateEvents();
      await write(late);
      plan.phase?.('Building indexes, working out statistics and checking foreign keys…');
      const finishing = performance.now();
      await restoreChecks();
      return { rows: rows + rowsIn(late), finishingSeconds: (performance.now() - finishing) / 1000 };
    }),
  );
}
