// Loading into a database that holds no referrals yet: every row in one transaction on one connection, through
// COPY on PostgreSQL, with the tables' indexes, foreign keys and derived data built once at the end
// (deferredChecks.ts). Until it commits the service cannot use the loaded tables, and a failure leaves the
// database as it was.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Database } from '../../db/client.js';
import { rowCopier } from '../../db/copyRows.js';
import { emptyTables, insertRows, rowCount, TABLE_ORDER, writeTables, type RowWriter, type Tables } from './bulkInsert.js';
import { deferChecks } from './deferredChecks.js';
import type { Generator } from './generate.js';
import type { LoadPlan, LoadResult } from './load.js';

// A batch is generated in slices, giving way between them, so that the previous batch's statements go on being
// sent while the next is made: the database and the generator then work at the same time.
const SLICE = 100;

async function generate(gen: Generator, count: number): Promise<Tables> {
  const tables = emptyTables();
  for (let made = 0; made < count; made += SLICE) {
    gen.batch(Math.min(SLICE, count - made), tables);
    await nextTurn();
  }
  return tables;
}

/** Writes the plan's referrals. */
export function loadInBulk(database: Database, gen: Generator, plan: LoadPlan): Promise<LoadResult> {
  return database.withConnection((db, client) =>
    db.transaction(async (tx) => {
      const write: RowWriter = client ? rowCopier(client) : (table, rows) => insertRows(tx, table, rows);
      const restoreChecks = await deferChecks(tx, [...TABLE_ORDER, 'referral_statistics']);
      await writeTables(write, gen.meetings());
      let rows = rowCount(gen.meetings());
      let done = 0;
      let writing: Promise<void> = Promise.resolve();
      for (let queued = 0; queued < plan.referrals; ) {
        const tables = await generate(gen, Math.min(plan.batch, plan.referrals - queued));
        queued += tables.referrals.length;
        await writing;
        writing = writeTables(write, tables).then(() => {
          rows += rowCount(tables);
          done += tables.referrals.length;
          plan.progress?.(done, plan.referrals);
        });
        // Awaited at the next batch or after the loop; marked handled so that a failure while the next batch is
        // generated is not reported as unhandled first.
        writing.catch(() => undefined);
      }
      await writing;
      const late = gen.takeLateEvents();
      await write('referral_events', late);
      plan.phase?.('Building indexes, working out statistics and checking foreign keys…');
      const finishing = performance.now();
      await restoreChecks();
      return { rows: rows + late.length, finishingSeconds: (performance.now() - finishing) / 1000 };
    }),
  );
}
