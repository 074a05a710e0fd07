import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/testDatabase.js';
import { inConstants } from './constants.js';
import { rowsOf } from './rows.js';

const KNOWN = ['open', 'waiting', 'closed', "it's"] as const;
const text = (q: ReturnType<typeof inConstants>) => new PgDialect().sqlToQuery(q);

describe('values written as constants', () => {
  it('writes each known value once, quoted, with no parameters; none is false', () => {
    expect(text(inConstants(sql`state`, ['waiting', 'open', 'waiting', "it's"], KNOWN))).toEqual({ sql: `state IN ('waiting', 'open', 'it''s')`, params: [] });
    expect(text(inConstants(sql`state`, [], KNOWN))).toEqual({ sql: 'false', params: [] });
  });

  it('refuses a value that is not one of the known ones', () => {
    expect(() => inConstants(sql`state`, ["open') OR (true"] as never[], KNOWN)).toThrow(/not one of the known values/);
  });

  describe('in a statement planned once', () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase();
      await t.database.db.execute(sql`CREATE TABLE constants_check (org int NOT NULL, state text NOT NULL)`);
      await t.database.db.execute(sql`CREATE INDEX constants_check_open_idx ON constants_check (org) WHERE state IN ('open', 'waiting')`);
    });
    afterAll(() => t.dispose());

    // The generic plan (the one PostgreSQL keeps for a prepared statement) with the planner steered off a scan
    // of the table, so that the only question is whether it may use the partial index.
    const genericPlan = (condition: string) =>
      t.database.withConnection(async (db) => {
        await db.execute(sql`SET plan_cache_mode = force_generic_plan`);
        await db.execute(sql`SET enable_seqscan = off`);
        try {
          await db.execute(sql.raw(`PREPARE constants_plan(int, text) AS SELECT count(*) FROM constants_check WHERE org = $1 AND ${condition}`));
          const plan = rowsOf<{ 'QUERY PLAN': string }>(await db.execute(sql`EXPLAIN EXECUTE constants_plan(1, 'open')`));
          return plan.map((r) => r['QUERY PLAN']).join('\n');
        } finally {
          await db.execute(sql`DEALLOCATE ALL`);
          await db.execute(sql`RESET plan_cache_mode`);
          await db.execute(sql`RESET enable_seqscan`);
        }
      });

    it('lets the plan use a partial index on those values, as a parameter does not', async () => {
      expect(await genericPlan(`${text(inConstants(sql`state`, ['open'], KNOWN)).sql} AND $2 IS NOT NULL`)).toContain('constants_check_open_idx');
      expect(await genericPlan('state = $2')).not.toContain('constants_check_open_idx');
    });
  });
});
