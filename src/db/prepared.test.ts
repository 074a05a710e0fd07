import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/testDatabase.js';
import { organisations } from './schema.js';
import { prepared, type Placeholders } from './prepared.js';
import { inKeys } from './keys.js';
import { first, list, preparedTogether, preparedTogetherByKey, value } from './together.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await t.database.db.insert(organisations).values([
    { id: randomUUID(), code: 'prep-a', name: 'Prepared A', kind: 'school' },
    { id: randomUUID(), code: 'prep-b', name: 'Prepared B', kind: 'school' },
  ]);
});
afterAll(() => t.dispose());

describe('a statement compiled once', () => {
  it('builds its SQL on the first call only and answers each call with its own values, nulls included', async () => {
    let builds = 0;
    const names = prepared((p: Placeholders<'code'>) => {
      builds++;
      return sql`SELECT name FROM organisations WHERE code = ${p.code}`;
    });
    expect(await names(t.database.db, { code: 'prep-a' })).toEqual([{ name: 'Prepared A' }]);
    expect(await names(t.database.db, { code: 'prep-b' })).toEqual([{ name: 'Prepared B' }]);
    expect(await names(t.database.db, { code: null })).toEqual([]);
    expect(builds).toBe(1);
  });

  it('runs inside a transaction as well as on the database', async () => {
    const count = prepared((p: Placeholders<'prefix'>) => sql`SELECT count(*)::int AS n FROM organisations WHERE code LIKE ${p.prefix}`);
    await t.database.db.transaction(async (tx) => {
      await tx.insert(organisations).values({ id: randomUUID(), code: 'prep-c', name: 'Prepared C', kind: 'school' });
      expect(await count(tx, { prefix: 'prep-%' })).toEqual([{ n: 3 }]);
      tx.rollback();
    }).catch(() => undefined);
    expect(await count(t.database.db, { prefix: 'prep-%' })).toEqual([{ n: 2 }]);
  });
});

describe('a combined read compiled once', () => {
  const byCode = preparedTogether(
    () => ({
      organisation: first({ fields: { name: organisations.name, createdAt: organisations.createdAt }, from: sql`${organisations} WHERE ${organisations.id} = o.id` }),
      others: list({ fields: { code: organisations.code }, from: sql`${organisations} WHERE ${organisations.code} LIKE 'prep-%' AND ${organisations.id} <> o.id`, orderBy: sql`${organisations.code}` }),
      length: value(sql<number>`SELECT to_json(length(o.name))`),
    }),
    (p: Placeholders<'code'>) => sql`${organisations} o WHERE o.code = ${p.code}`,
  );

  it('reads the parts for the row its FROM selects, decoding columns as a select would', async () => {
    const a = await byCode(t.database.db, { code: 'prep-a' });
    expect(a?.organisation?.name).toBe('Prepared A');
    expect(a?.organisation?.createdAt).toBeInstanceOf(Date);
    expect(a?.others).toEqual([{ code: 'prep-b' }]);
    expect(a?.length).toBe('Prepared A'.length);
    expect((await byCode(t.database.db, { code: 'prep-b' }))?.others).toEqual([{ code: 'prep-a' }]);
  });

  it('is null when its FROM selects no row', async () => {
    expect(await byCode(t.database.db, { code: 'no-such-code' })).toBeNull();
  });
});

describe('a combined read by key, made together for requests arriving together', () => {
  const byCode = preparedTogetherByKey(
    () => ({
      organisation: first({ fields: { name: organisations.name, createdAt: organisations.createdAt }, from: sql`${organisations} WHERE ${organisations.id} = o.id` }),
      tags: value(sql<string[]>`SELECT json_build_array(o.code, 'tag')`),
    }),
    (p) => sql`${organisations} o WHERE ${inKeys(sql`o.code`, p.keys, 'text')}`,
    sql`o.code`,
  );

  it('answers each caller with the parts of its own key, null for a key selecting no row', async () => {
    const codes = ['prep-b', 'prep-a', 'no-such-code', 'prep-b'];
    const [b, a, none, bAgain] = await Promise.all(codes.map((code) => byCode(t.database.db, code)));
    expect(a?.organisation?.name).toBe('Prepared A');
    expect(a?.organisation?.createdAt).toBeInstanceOf(Date);
    expect(b?.organisation?.name).toBe('Prepared B');
    expect(none).toBeNull();
    expect(bAgain).toEqual(b);
  });

  it('gives callers asking for the same key in one statement their own objects', async () => {
    // The first read goes alone; the two after it wait for it and are read together.
    const [, one, other] = await Promise.all(['prep-a', 'prep-b', 'prep-b'].map((code) => byCode(t.database.db, code)));
    one!.tags.push('changed by one request');
    expect(other!.tags).toEqual(['prep-b', 'tag']);
  });

  it('refuses a transaction, whose connection it would share with the reads of other requests', async () => {
    await expect(t.database.db.transaction((tx) => byCode(tx, 'prep-a'))).rejects.toThrow('outside a transaction');
  });
});
