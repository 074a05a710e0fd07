import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/testDatabase.js';
import { MAX_NAMED_STATEMENTS, statementName, withStatementName } from './namedStatements.js';
import { rowsOf } from './rows.js';

describe('withStatementName', () => {
  it('names parameterised text, the same name for the same text', () => {
    const a = withStatementName({ text: 'SELECT $1::int AS a' }, [1]) as { name?: string };
    const b = withStatementName({ text: 'SELECT $1::int AS a', values: [2] }, undefined) as { name?: string };
    const c = withStatementName({ text: 'SELECT $1::int AS c' }, [1]) as { name?: string };
    expect(a.name).toMatch(/^ct\d+$/);
    expect(b.name).toBe(a.name);
    expect(c.name).not.toBe(a.name);
  });

  it('leaves text without parameters unnamed: it may hold several statements', () => {
    expect(withStatementName({ text: 'CREATE TABLE a (); CREATE TABLE b ()' }, [])).not.toHaveProperty('name');
    expect(withStatementName('SELECT 1', undefined)).toBe('SELECT 1');
  });

  it('keeps a name given by the caller and leaves query objects alone', () => {
    expect(withStatementName({ name: 'mine', text: 'SELECT $1::int' }, [1])).toEqual({ name: 'mine', text: 'SELECT $1::int' });
    const query = { submit: () => undefined, text: 'SELECT $1::int' };
    expect(withStatementName(query, [1])).toBe(query);
  });

  it('does not change the config it was given (drizzle reuses it)', () => {
    const config = { text: 'SELECT $1::int AS d' };
    withStatementName(config, [1]);
    expect(config).toEqual({ text: 'SELECT $1::int AS d' });
  });
});

describe.runIf(process.env.DATABASE_URL)('on PostgreSQL', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.dispose());

  it('prepares a parameterised query once per connection and answers it correctly each time', async () => {
    // One connection held for the checks: a transaction, so every query below runs on it.
    await t.database.db.transaction(async (tx) => {
      for (const n of [1, 2, 3]) {
        const [row] = rowsOf<{ n: number }>(await tx.execute(sql`SELECT ${n}::int AS n, 'prepared-check' AS tag`));
        expect(row?.n).toBe(n);
      }
      const prepared = rowsOf<{ name: string }>(await tx.execute(sql`SELECT name FROM pg_prepared_statements WHERE statement LIKE ${'%prepared-check%'} AND statement NOT LIKE ${'%pg_prepared_statements%'}`));
      expect(prepared).toHaveLength(1);
      expect(prepared[0]?.name).toMatch(/^ct\d+$/);
    });
  });
});

// Last in the file: it uses up this process's names.
describe('the bound on names', () => {
  it('sends text beyond the bound unnamed and keeps the names already given', () => {
    const first = statementName('SELECT $1::int AS kept');
    for (let i = 0; i < MAX_NAMED_STATEMENTS; i++) statementName(`SELECT $1::int AS filler${i}`);
    expect(statementName('SELECT $1::int AS one_too_many')).toBeUndefined();
    expect(withStatementName({ text: 'SELECT $1::int AS one_too_many' }, [1])).not.toHaveProperty('name');
    expect(statementName('SELECT $1::int AS kept')).toBe(first);
  });
});
