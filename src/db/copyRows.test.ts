import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../test/support/testDatabase.js';
import { arrayColumnsOf, copyEncoded } from './copyRows.js';
import { copyField, encodeCopyRows } from './copyText.js';
import { rowsOf } from './rows.js';

describe('copyField', () => {
  it('writes NULL as \\N, and escapes only a backslash, a tab or a line break', () => {
    expect(copyField(null, false)).toBe('\\N');
    expect(copyField(undefined, false)).toBe('\\N');
    expect(copyField('', false)).toBe('');
    expect(copyField('say "no", then\nleave', false)).toBe('say "no", then\\nleave');
    expect(copyField('line\rbreak\tand tab', false)).toBe('line\\rbreak\\tand tab');
    expect(copyField('\\.', false)).toBe('\\\\.');
    expect(copyField('2025-01-02T03:04:05.678Z', false)).toBe('2025-01-02T03:04:05.678Z');
    expect(copyField(true, false)).toBe('t');
    expect(copyField(3, false)).toBe('3');
  });

  it('writes an array as an array literal in an SQL array column and as JSON in any other', () => {
    const literal = '{"a","b \\"c\\"","d\\\\e"}';
    expect(copyField(['a', 'b "c"', 'd\\e'], true)).toBe(literal.replaceAll('\\', '\\\\'));
    expect(copyField([{ code: 'x' }], false)).toBe('[{"code":"x"}]');
  });
});

// COPY is node-postgres's: on PGlite the synthetic load inserts through JSON instead (bulkLoad.ts).
describe.skipIf(!process.env.DATABASE_URL)('COPY text on PostgreSQL', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await t.database.db.execute(sql`CREATE TABLE copied (n integer PRIMARY KEY, t text, tags text[], doc jsonb, flag boolean, at timestamptz, d text DEFAULT 'kept')`);
  });
  afterAll(() => t?.dispose());

  const read = async () => rowsOf<Record<string, unknown>>(await t.database.db.execute(sql`SELECT n, t, tags, doc, flag, (extract(epoch FROM at) * 1000)::float8 AS at, d FROM copied ORDER BY n`));
  /** Encodes and sends the rows as the synthetic load does: every row of a call has the same keys. */
  const copyInto = (table: string, rows: Record<string, unknown>[]) =>
    t.database.withConnection(async (_db, client) => {
      const columns = Object.keys(rows[0] ?? { n: 0 });
      const arrays = await arrayColumnsOf(client!, [table]);
      await copyEncoded(client!, table, columns, encodeCopyRows(rows, columns, new Set(arrays[table])));
    });
  const copy = (rows: Record<string, unknown>[]) => copyInto('copied', rows);

  it('writes every kind of value back as it was, and leaves columns not named at their defaults', async () => {
    await copy([
      { n: 1, t: '', tags: [], doc: { a: [1, 'two "2"'], b: null }, flag: false, at: '2025-01-02T03:04:05.678Z' },
      { n: 2, t: null, tags: ['x,y', '{z}', 'q"r', 'b\\s', ''], doc: [{ code: 'c' }], flag: true, at: null },
    ]);
    expect(await read()).toEqual([
      { n: 1, t: '', tags: [], doc: { a: [1, 'two "2"'], b: null }, flag: false, at: Date.parse('2025-01-02T03:04:05.678Z'), d: 'kept' },
      { n: 2, t: null, tags: ['x,y', '{z}', 'q"r', 'b\\s', ''], doc: [{ code: 'c' }], flag: true, at: null, d: 'kept' },
    ]);
  });

  it('round-trips any text, in a column and in an array', async () => {
    // PostgreSQL text holds any character but NUL.
    const text = fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.replaceAll('\u0000', ''));
    let n = 100;
    await fc.assert(
      fc.asyncProperty(text, fc.array(text, { maxLength: 4 }), async (value, tags) => {
        const key = n++;
        await copy([{ n: key, t: value, tags }]);
        const [row] = rowsOf<{ t: string; tags: string[] }>(await t.database.db.execute(sql`SELECT t, tags FROM copied WHERE n = ${key}`));
        expect(row).toEqual({ t: value, tags });
      }),
      { numRuns: 100 },
    );
  });

  it('writes a lone backslash-dot as a value, not as the end of the data', async () => {
    await t.database.db.execute(sql`CREATE TABLE single (t text)`);
    await copyInto('single', [{ t: '\\.' }, { t: 'after' }]);
    expect(rowsOf(await t.database.db.execute(sql`SELECT t FROM single ORDER BY t`))).toEqual([{ t: '\\.' }, { t: 'after' }]);
  });

  it('writes nothing for no rows, and refuses a name that is not a table name', async () => {
    await expect(copy([])).resolves.toBeUndefined();
    await expect(t.database.withConnection((_db, client) => copyEncoded(client!, 'copied; DROP TABLE copied', ['n'], new TextEncoder().encode('1\n')))).rejects.toThrow(/not a table name/);
  });
});
