import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/testDatabase.js';
import { organisations } from './schema.js';
import { prepared, type Placeholders } from './prepared.js';
import { inKeys, keysParameter } from './keys.js';
import { rowsOf } from './rows.js';

let t: TestDatabase;
const codes = Array.from({ length: 8 }, (_, i) => `keys-${i}`);
beforeAll(async () => {
  t = await createTestDatabase();
  await t.database.db.insert(organisations).values(codes.map((code) => ({ id: randomUUID(), code, name: code, kind: 'school' as const })));
});
afterAll(() => t.dispose());

const byCodes = prepared((p: Placeholders<'keys'>) => sql`SELECT code FROM organisations WHERE ${inKeys(sql`code`, p.keys, 'text')} ORDER BY code`);

describe('the keys of a batched read', () => {
  it('select the rows of the keys given, each once, and none for an empty list', async () => {
    expect(await byCodes(t.database.db, { keys: keysParameter(['keys-3', 'keys-1', 'keys-3', 'no-such-code']) })).toEqual([{ code: 'keys-1' }, { code: 'keys-3' }]);
    expect(await byCodes(t.database.db, { keys: keysParameter([]) })).toEqual([]);
    expect(keysParameter(['a', 'b', 'a'])).toBe('["a","b"]');
  });

  // PGlite plans in the process, with no prepared statements to reuse a plan in.
  it.skipIf(!process.env.DATABASE_URL)('are planned once on a connection, however many there are in each call', async () => {
    await t.database.withConnection(async (db) => {
      for (const n of [1, 3, 2, 7, 1, 4, 2, 5, 1, 6]) await byCodes(db, { keys: keysParameter(codes.slice(0, n)) });
      const [plans] = rowsOf<{ generic: number; custom: number }>(
        await db.execute(sql`SELECT generic_plans::int AS generic, custom_plans::int AS custom FROM pg_prepared_statements WHERE statement LIKE '%json_array_elements_text%'`),
      );
      // PostgreSQL plans the first five calls on a connection for their values, then keeps the generic plan.
      expect(plans!.custom).toBe(5);
      expect(plans!.generic).toBeGreaterThanOrEqual(5);
    });
  });
});
