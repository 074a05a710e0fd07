// `ct-casework seed --synthetic --referrals N --seed S [--years 5] [--until YYYY-MM-DD]`: loads a national-scale,
// reproducible synthetic dataset (on top of the demo data) for load tests and benchmarks, reporting the rate.
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import { seedDemo } from '../organisations/demoSeed.js';
import { insertRows, insertTables } from './bulkInsert.js';
import { prepareContext } from './context.js';
import { createGenerator } from './generate.js';
import { createRandom } from './random.js';

export const SYNTHETIC_USAGE = 'Usage: ct-casework seed --synthetic --referrals N --seed S [--years 5] [--until YYYY-MM-DD] [--batch 1000] [--parallel 3]';

export interface SyntheticOptions {
  referrals: number;
  seed: number;
  years: number;
  until: Date;
  batch: number;
  /** Transactions in flight at once (PostgreSQL). */
  parallel: number;
}

export interface SyntheticResult {
  referrals: number;
  rows: number;
  seconds: number;
  perSecond: number;
}

/** Seeds the demo data if missing, then the synthetic referrals in batches, one transaction each. */
export async function seedSynthetic(database: Database, config: Config, o: SyntheticOptions, progress?: (done: number, total: number) => void): Promise<SyntheticResult> {
  await seedDemo(database, config);
  const ctx = await prepareContext(database.db);
  const gen = createGenerator(ctx, createRandom(o.seed), { until: o.until, years: o.years, triageTargetWorkingDays: config.triageTargetWorkingDays, retention: config.retention });
  const started = performance.now();
  await database.db.transaction((tx) => insertTables(tx, gen.meetings()));
  let rows = 0;
  let done = 0;
  // A few batches in flight on separate connections (PGlite serialises them): the database works on one while
  // the next is generated. A later batch may refer to an earlier one (a repeat referral joining an open case):
  // its foreign-key check waits for the earlier transaction to commit, so batches still commit in a valid order.
  const inFlight = new Set<Promise<void>>();
  // The planner's statistics are refreshed as the tables grow (at 5,000 referrals, then at each doubling):
  // left at an empty database's, the foreign-key checks and statistics triggers pick plans that scan.
  let analyzeAt = 5_000;
  for (let queued = 0; queued < o.referrals; ) {
    const tables = gen.batch(Math.min(o.batch, o.referrals - queued));
    queued += tables.referrals.length;
    const count = Object.values(tables).reduce((s, t) => s + t.length, 0);
    const writing: Promise<void> = database.db
      .transaction((tx) => insertTables(tx, tables))
      .then(() => {
        inFlight.delete(writing);
        rows += count;
        done += tables.referrals.length;
        progress?.(done, o.referrals);
      });
    inFlight.add(writing);
    if (inFlight.size >= o.parallel) await Promise.race(inFlight);
    if (done >= analyzeAt) {
      analyzeAt *= 2;
      await database.db.execute(sql`ANALYZE`);
    }
  }
  await Promise.all(inFlight);
  const late = gen.takeLateEvents();
  await database.db.transaction((tx) => insertRows(tx, 'referral_events', late));
  rows += late.length;
  const seconds = (performance.now() - started) / 1000;
  return { referrals: o.referrals, rows, seconds, perSecond: o.referrals / seconds };
}

function positive(value: string | undefined, flag: string, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${flag} takes a whole number of 1 or more\n${SYNTHETIC_USAGE}`);
  return n;
}

export function parseSyntheticArgs(argv: string[]): SyntheticOptions {
  const { values } = parseArgs({
    args: argv,
    options: { synthetic: { type: 'boolean' }, referrals: { type: 'string' }, seed: { type: 'string' }, years: { type: 'string' }, until: { type: 'string' }, batch: { type: 'string' }, parallel: { type: 'string' } },
  });
  const until = values.until ? new Date(`${values.until}T00:00:00Z`) : new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(until.getTime())) throw new Error(`--until takes a date like 2025-03-31\n${SYNTHETIC_USAGE}`);
  return {
    referrals: positive(values.referrals, 'referrals'),
    seed: positive(values.seed, 'seed', 1),
    years: Math.min(10, positive(values.years, 'years', 5)),
    until,
    batch: positive(values.batch, 'batch', 1000),
    parallel: positive(values.parallel, 'parallel', 3),
  };
}

/** A one-line progress bar, redrawn in place on a terminal. */
export function progressBar(stream: NodeJS.WriteStream): (done: number, total: number) => void {
  const started = performance.now();
  return (done, total) => {
    const width = 30;
    const filled = Math.round((done / total) * width);
    const rate = done / ((performance.now() - started) / 1000);
    stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} referrals, ${Math.round(rate)}/s${done === total ? '\n' : ''}`);
  };
}

export async function runSynthetic(argv: string[], out: NodeJS.WritableStream, config: Config, open: () => Promise<Database>): Promise<number> {
  const options = parseSyntheticArgs(argv);
  const database = await open();
  try {
    const r = await seedSynthetic(database, config, options, progressBar(process.stderr)).catch((err: unknown) => {
      // The driver's message repeats the whole batch as its parameters: report the database's reason instead.
      const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
      throw new Error(`Synthetic seeding failed: ${cause instanceof Error ? cause.message : String(cause)}`.slice(0, 2000));
    });
    out.write(`Synthetic data: ${r.referrals} referrals (${r.rows} rows) in ${r.seconds.toFixed(1)} s: ${Math.round(r.perSecond)} referrals/s on ${database.kind === 'pglite' ? 'PGlite' : 'PostgreSQL'}.\n`);
    return 0;
  } finally {
    await database.close();
  }
}
