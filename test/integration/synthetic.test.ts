// The synthetic generator writes rows the database accepts (every check constraint and foreign key), in the
// published proportions, valid under the referral schema, and the same rows for the same seed, whether it loads
// them in bulk (indexes, keys and derived data built at the end) or in batches (kept up as it goes).
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../../src/config.js';
import { professionalReferralSchema, publicReferralSchema } from '../../src/modules/referrals/referrals.schemas.js';
import { TABLE_ORDER } from '../../src/modules/synthetic/bulkInsert.js';
import { prepareContext } from '../../src/modules/synthetic/context.js';
import { localSource } from '../../src/modules/synthetic/localSource.js';
import { batchPlan, inOrder, STREAMS, type BatchSource, type EncodedBatch, type EncodedTable, type Encoding } from '../../src/modules/synthetic/streams.js';
import { workerSource } from '../../src/modules/synthetic/workerSource.js';
import { seedSynthetic, type SyntheticResult } from '../../src/modules/synthetic/synthetic.command.js';
import type { Db } from '../../src/db/client.js';
import { catalogue } from '../support/catalogue.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';

const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: `/tmp/ct-casework-synthetic-${process.pid}`, SESSION_SECRET: 'test-session-secret-that-is-long-enough-000', ENCRYPTION_KEY: '0'.repeat(64) });
const options = { referrals: 200, seed: 42, years: 5, until: new Date('2025-03-31T00:00:00Z'), batch: 100, parallel: 2 };
const rows = <T>(r: unknown) => (r as { rows: T[] }).rows;

describe('synthetic national data', () => {
  let t: TestDatabase;
  let bulk: SyntheticResult;
  beforeAll(async () => {
    t = await createTestDatabase();
    bulk = await seedSynthetic(t.database, config, options);
  }, 120_000);
  afterAll(() => t.dispose());

  it('writes every referral with its audit record and events', async () => {
    const [c] = rows<Record<string, string>>(await t.database.db.execute(sql`SELECT
      (SELECT count(*) FROM referrals WHERE person_key IS DISTINCT FROM 'x') AS referrals,
      (SELECT count(*) FROM audit_log WHERE action = 'collection' AND event = 'referral.submitted' AND hash IS NULL) AS audits,
      (SELECT count(*) FROM referrals r WHERE NOT EXISTS (SELECT 1 FROM referral_events e WHERE e.referral_id = r.id AND e.type = 'submitted')) AS without_event,
      (SELECT count(*) FROM channel_cases) AS cases,
      (SELECT count(*) FROM panel_decisions) AS decisions,
      (SELECT count(*) FROM gateway_decisions) AS gateway,
      (SELECT count(*) FILTER (WHERE submission->'subject'->>'gender' = 'male')::float / count(*) FROM referrals) AS male`));
    // The demo data holds no referrals, so every one is synthetic.
    expect(Number(c!.referrals)).toBe(200);
    expect(Number(c!.audits)).toBe(200);
    expect(Number(c!.without_event)).toBe(0);
    expect(Number(c!.gateway)).toBeGreaterThan(150);
    expect(Number(c!.cases)).toBeGreaterThan(10);
    expect(Number(c!.decisions)).toBeGreaterThan(5);
    expect(Number(c!.male)).toBeGreaterThan(0.75);
  });

  it('discusses every panel decision at a meeting the police of the area attended, after an assessment, and gives every referral its person record', async () => {
    const [c] = rows<Record<string, string>>(await t.database.db.execute(sql`SELECT
      (SELECT count(*) FROM panel_meetings) AS meetings,
      (SELECT count(*) FROM panel_decisions WHERE agenda_item_id IS NULL) AS without_item,
      (SELECT count(*) FROM panel_decisions d JOIN agenda_items i ON i.id = d.agenda_item_id JOIN channel_cases c ON c.id = d.channel_case_id
        WHERE NOT EXISTS (SELECT 1 FROM meeting_attendance a JOIN panel_members m ON m.id = a.member_id WHERE a.meeting_id = i.meeting_id AND m.organisation_id = c.police_org_id)) AS without_police,
      (SELECT count(*) FROM panel_decisions d WHERE d.decision IN ('adopt', 'not_adopt')
        AND NOT EXISTS (SELECT 1 FROM vaf_assessments v WHERE v.channel_case_id = d.channel_case_id AND v.recorded_at < d.recorded_at)) AS without_assessment,
      (SELECT count(*) FROM referrals r LEFT JOIN person_records p ON p.id = r.person_record_id WHERE p.given_name IS DISTINCT FROM r.subject_given_name) AS without_person`));
    expect(Number(c!.meetings)).toBeGreaterThan(0);
    expect(Number(c!.without_item)).toBe(0);
    expect(Number(c!.without_police)).toBe(0);
    expect(Number(c!.without_assessment)).toBe(0);
    expect(Number(c!.without_person)).toBe(0);
  });

  it('stores submissions the referral schema accepts unchanged', async () => {
    const sample = rows<{ channel: string; submission: unknown }>(await t.database.db.execute(sql`SELECT channel, submission FROM referrals ORDER BY reference LIMIT 50`));
    for (const r of sample) {
      const schema = r.channel === 'public' ? publicReferralSchema : professionalReferralSchema;
      const parsed = schema.safeParse(r.submission);
      expect(parsed.error?.issues).toBeUndefined();
      expect(JSON.parse(JSON.stringify(parsed.data))).toEqual(r.submission);
    }
  });

  it('writes in bulk into a database holding no referrals, leaving every index, key and trigger as it was', async () => {
    expect(bulk.mode).toBe('bulk');
    const other = await createTestDatabase();
    try {
      expect(await catalogue(other.database.db)).toEqual(await catalogue(t.database.db));
    } finally {
      await other.dispose();
    }
  });

  it('makes the same batches in worker threads as in this thread, in either encoding, and reports a worker that fails', async () => {
    const ctx = await prepareContext(t.database.db);
    const generateOptions = { until: options.until, years: options.years, triageTargetWorkingDays: config.triageTargetWorkingDays, retention: config.retention };
    const plan = batchPlan(2_000, 250);
    const allStreams = Array.from({ length: STREAMS }, (_, s) => s);
    const made = async (source: BatchSource) => {
      try {
        const batches = [];
        for await (const b of inOrder(source, plan, 4)) batches.push(b);
        return { batches, late: await source.lateEvents() };
      } finally {
        await source.close();
      }
    };
    const encodings: Encoding[] = [{ kind: 'json' }, { kind: 'copy', arrayColumns: { threshold_judgements: ['concern_types'], audit_log: ['record_ids', 'recipients'] } }];
    for (const encoding of encodings) {
      const spec = { ctx, seed: 5, options: generateOptions, encoding };
      const here = await made(localSource({ ...spec, streams: allStreams }));
      const there = await made(workerSource(spec, 3));
      expect(there.batches.map(digest)).toEqual(here.batches.map(digest));
      // Late events come stream by stream in this thread and worker by worker from threads: the same rows.
      expect(lines(there.late)).toEqual(lines(here.late));
      expect(lines(here.late).length).toBeGreaterThan(0);
    }
    const broken = workerSource({ ctx: { ...ctx, forces: [] }, seed: 5, options: generateOptions, encoding: { kind: 'json' } }, 1);
    await expect(made(broken)).rejects.toThrow(/Synthetic data worker failed/);
  }, 60_000);

  it('writes the same rows for the same seed, in bulk or in batches, derived statistics and dashboard dates included', async () => {
    const other = await createTestDatabase();
    try {
      // Made by worker threads this time: the rows must not depend on where they were made.
      const batches = await seedSynthetic(other.database, config, { ...options, load: 'batches', threads: 2 });
      expect(batches.mode).toBe('batches');
      expect(batches.rows).toBe(bulk.rows);
      const mine = await contents(t.database.db);
      const theirs = await contents(other.database.db);
      for (const table of Object.keys(mine)) expect({ table, rows: theirs[table] }).toEqual({ table, rows: mine[table] });
      // A later load goes in batches, alongside what is there.
      const again = await seedSynthetic(other.database, config, { ...options, referrals: 10, seed: 7 });
      expect(again.mode).toBe('batches');
    } finally {
      await other.dispose();
    }
  }, 120_000);
});

/** A batch with each table's encoded rows as a digest: comparing megabytes element by element is slow. */
const digest = (b: EncodedBatch) => ({ ...b, tables: b.tables.map((t) => ({ ...t, data: createHash('sha256').update(t.data).digest('hex') })) });

/** The encoded tables' rows, one string each, sorted. */
const lines = (tables: EncodedTable[]): string[] =>
  tables.flatMap((t) => (typeof t.data === 'string' ? (JSON.parse(t.data) as unknown[]).map((r) => JSON.stringify(r)) : new TextDecoder().decode(t.data).split('\n').filter(Boolean))).sort();

// The demo organisations, users, panels, members and providers have random ids, different in each database:
// within rows they are read as their place in a fixed order, and audit rows without their serial id.
async function contents(db: Db): Promise<Record<string, string[]>> {
  const demo = rows<{ id: string }>(await db.execute(sql`SELECT id::text FROM (
    SELECT id, 1 AS t, code AS k FROM organisations UNION ALL SELECT id, 2, lower(email) FROM users
    UNION ALL SELECT id, 3, name FROM channel_panels UNION ALL SELECT m.id, 4, p.name || m.name || m.role FROM panel_members m JOIN channel_panels p ON p.id = m.panel_id
    UNION ALL SELECT id, 5, name FROM intervention_providers) d ORDER BY t, k`));
  const place = new Map(demo.map((d, i) => [d.id, `#${i}`]));
  const tables: Record<string, string[]> = {};
  for (const table of [...TABLE_ORDER, 'referral_statistics']) {
    const text = rows<{ j: string }>(await db.execute(sql.raw(`SELECT (to_jsonb(x) - 'chain_seq' - ${table === 'audit_log' ? `'id'` : `'-'`})::text AS j FROM "${table}" x`)));
    tables[table] = text.map((r) => r.j.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => place.get(id) ?? id)).sort();
  }
  return tables;
}
