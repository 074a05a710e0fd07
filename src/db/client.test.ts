import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/testDatabase.js';
import { rowsOf } from './rows.js';

// PGlite has no JIT compiler to turn off.
describe.skipIf(!process.env.DATABASE_URL)('the PostgreSQL pool', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.dispose());

  it('runs its statements without JIT compilation', async () => {
    const reads = await Promise.all([1, 2, 3].map(() => t.database.db.execute(sql`SHOW jit`)));
    expect(reads.map((r) => rowsOf<{ jit: string }>(r)[0]?.jit)).toEqual(['off', 'off', 'off']);
  });
});
