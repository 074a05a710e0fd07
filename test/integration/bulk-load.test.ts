// A bulk load sets the tables' indexes, keys and derived-data triggers aside only inside its own transaction:
// whatever fails, the database is left as it was, and a trigger it does not know stops it before it starts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../src/db/rows.js';
import { TABLE_ORDER } from '../../src/modules/synthetic/bulkInsert.js';
import { deferChecks } from '../../src/modules/synthetic/deferredChecks.js';
import { catalogue } from '../support/catalogue.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';

describe('bulk load checks set aside', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.dispose());

  it('drops and puts back every index, key and insert trigger of the tables', async () => {
    const before = await catalogue(t.database.db);
    await t.database.db.transaction(async (tx) => {
      const restore = await deferChecks(tx, TABLE_ORDER);
      const during = await catalogue(tx);
      expect(during.some((c) => c.name === 'referral_events_referral_idx')).toBe(false);
      expect(during.some((c) => c.name === 'referral_events_referral_id_referrals_id_fk')).toBe(false);
      expect(during.find((c) => c.name === 'referral_statistics_referrals_insert')?.definition).toBe('D');
      // Primary keys and unique constraints and indexes go too, and with them the keys other tables hold on them.
      expect(during.some((c) => c.name === 'referrals_reference_unique')).toBe(false);
      expect(during.some((c) => c.name === 'referrals_pkey')).toBe(false);
      expect(during.some((c) => c.name === 'agenda_items_meeting_case_key')).toBe(false);
      await restore();
    });
    expect(await catalogue(t.database.db)).toEqual(before);
  });

  it('rolls back rows, dropped indexes and keys together when a row breaks a key', async () => {
    const before = await catalogue(t.database.db);
    const load = t.database.db.transaction(async (tx) => {
      const restore = await deferChecks(tx, TABLE_ORDER);
      await tx.execute(sql`INSERT INTO referral_events (id, referral_id, type, occurred_at) VALUES (gen_random_uuid(), gen_random_uuid(), 'submitted', now())`);
      await restore();
    });
    const failure = await load.then(() => null, (err: unknown) => err as Error & { cause?: Error });
    expect(failure?.cause?.message ?? failure?.message).toMatch(/foreign key constraint "referral_events_referral_id_referrals_id_fk"/);
    expect(await catalogue(t.database.db)).toEqual(before);
    const [n] = rowsOf<{ n: number }>(await t.database.db.execute(sql`SELECT count(*)::int AS n FROM referral_events`));
    expect(n!.n).toBe(0);
  });

  it('fails the load, and leaves the database as it was, when two rows share a primary key', async () => {
    const before = await catalogue(t.database.db);
    const load = t.database.db.transaction(async (tx) => {
      const restore = await deferChecks(tx, TABLE_ORDER);
      const id = '00000000-0000-4000-8000-000000000001';
      await tx.execute(sql`INSERT INTO referral_events (id, referral_id, type, occurred_at) SELECT ${id}::uuid, gen_random_uuid(), 'submitted', now() FROM generate_series(1, 2)`);
      await restore();
    });
    const failure = await load.then(() => null, (err: unknown) => err as Error & { cause?: Error });
    expect(failure?.cause?.message ?? failure?.message).toMatch(/could not create unique index "referral_events_pkey"/);
    expect(await catalogue(t.database.db)).toEqual(before);
  });

  it('refuses to start when an insert trigger keeps something it does not know how to work out', async () => {
    const load = t.database.db.transaction(async (tx) => {
      await tx.execute(sql`CREATE FUNCTION unknown_keeper() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$`);
      await tx.execute(sql`CREATE TRIGGER unknown_keeper_insert AFTER INSERT ON referral_events FOR EACH STATEMENT EXECUTE FUNCTION unknown_keeper()`);
      await deferChecks(tx, TABLE_ORDER);
    });
    await expect(load).rejects.toThrow(/does not know what these insert triggers keep: unknown_keeper_insert/);
  });
});
