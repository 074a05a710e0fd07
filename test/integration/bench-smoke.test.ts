// The benchmark at tiny scale: 200 synthetic referrals, a second of load per measurement, against the real app
// on the per-test database (PGlite, or PostgreSQL with DATABASE_URL). Checks that it runs end to end and reports
// every figure, not the figures themselves (the full run is `npm run bench`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPeopleTable, runPeopleBench, type PeopleBenchResults } from '../../bench/person-candidates.js';
import { benchEnv, formatTable, runBench, type BenchResults } from '../../bench/run.js';
import { personRecords } from '../../src/db/schema.js';
import { normaliseName } from '../../src/modules/people/matching/normalise.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';

describe('bench smoke', () => {
  let t: TestDatabase;
  let results: BenchResults;
  beforeAll(async () => {
    t = await createTestDatabase();
    results = await runBench(t.database, benchEnv(t.url), { referrals: 200, seed: 3, duration: 1, connections: 2, log: () => undefined });
  }, 180_000);
  afterAll(() => t.dispose());

  it('measures intake, pages, statistics and memory', () => {
    const names = results.measurements.map((m) => m.name);
    for (const expected of ['Intake via API (referrals/s)', 'Intake direct (referrals/s)', 'Intake API ÷ direct', 'Case page /cases/:id p99 (32 conn)', 'Case JSON /api/v1/cases/:id p99 (32 conn)', 'Triage queue /triage p99', 'Chair dashboard /channel p99', 'Server RSS peak during load']) {
      expect(names).toContain(expected);
    }
    expect(names.some((n) => n.startsWith('Statistics '))).toBe(true);
    // What each request cost the server, beside each page's rate.
    const cpu = results.measurements.filter((m) => m.name.endsWith('server CPU per request'));
    expect(cpu.map((m) => m.name.split(' server')[0])).toEqual(['Case page', 'Case JSON', 'Triage queue', 'Chair dashboard']);
    expect(cpu.every((m) => m.value > 0 && m.unit === 'ms')).toBe(true);
    // The machine's speed, before and after, so that runs in a slow spell can be told apart.
    const checks = results.measurements.filter((m) => m.name.startsWith('Machine check'));
    expect(checks.map((m) => m.unit)).toEqual(['ms', 'ms']);
    expect(checks.every((m) => m.value > 0)).toBe(true);
    expect(results.referralsSeeded).toBe(200);
    expect(formatTable(results)).toContain('Intake API ÷ direct');
  });

  it('gets only successful responses from the app under load', () => {
    const failed = results.measurements.find((m) => m.name === 'Intake via API non-2xx + errors');
    expect(failed?.value).toBe(0);
    // A page that answered with an error is flagged as not met beside its request rate.
    expect(results.measurements.filter((m) => m.name.endsWith('requests/s') && m.met === false)).toEqual([]);
  });
});

// Candidate finding at intake, at tiny scale: the seeding SQL, the query records and every figure (the full run
// is `npm run bench:people`, 1,000,000 records on PostgreSQL).
describe('person candidates bench smoke', () => {
  let t: TestDatabase;
  let results: PeopleBenchResults;
  beforeAll(async () => {
    t = await createTestDatabase();
    results = await runPeopleBench(t.database, { people: 2000, queries: 50, concurrency: 2, seed: 3, explain: true, log: () => undefined });
  }, 180_000);
  afterAll(() => t.dispose());

  it('seeds the people and times every referral', async () => {
    expect(results.people).toBe(2000);
    expect(results.sequential.count).toBe(50);
    expect(results.concurrent.count).toBe(50);
    expect(results.sequential.p99).toBeGreaterThan(0);
    expect(results.explain).toContain('person_records');
    expect(formatPeopleTable(results)).toContain('findCandidates, 2 clients');
    // Nothing written by the measured transactions is left behind.
    const left = await t.database.db.$count(personRecords);
    expect(left).toBe(2000);
  });

  it('seeds folded names, postcodes and birth years as intake would store them', async () => {
    const rows = await t.database.db.select().from(personRecords);
    for (const r of rows) {
      expect(r.givenFolded).toBe(normaliseName(r.givenName));
      expect(r.familyFolded).toBe(normaliseName(r.familyName));
      if (r.postcode) expect(r.postcode).toMatch(/^[A-Z]{1,2}[0-9]{1,2}[0-9][A-Z]{2}$/);
      if (r.dateOfBirth) expect(r.birthYear).toBe(Number(r.dateOfBirth.slice(0, 4)));
    }
    expect(rows.filter((r) => r.mergedIntoId !== null).length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.dateOfBirth === null && r.birthYear !== null).length).toBeGreaterThan(0);
  });

  it('finds the known person for nearly every repeat referral', () => {
    expect(results.sourceBlocked).toBeGreaterThan(0.8);
  });
});
