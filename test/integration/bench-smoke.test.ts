// The benchmark at tiny scale: 200 synthetic referrals, a second of load per measurement, against the real app
// on the per-test database (PGlite, or PostgreSQL with DATABASE_URL). Checks that it runs end to end and reports
// every figure, not the figures themselves (the full run is `npm run bench`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchEnv, formatTable, runBench, type BenchResults } from '../../bench/run.js';
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
