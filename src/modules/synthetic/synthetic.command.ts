// `ct-casework seed --synthetic --referrals N --seed S [--years 5] [--until YYYY-MM-DD] [--load bulk|batches]`: loads a
// national-scale, reproducible synthetic dataset (on top of the demo data) for load tests and benchmarks, reporting
// the rate; how it is written (in bulk into an empty database, else in batches) is load.ts's.
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import { arrayColumnsOf } from '../../db/copyRows.js';
import { seedDemo } from '../organisations/demoSeed.js';
import { loadInBatches } from './batchLoad.js';
import { loadInBulk } from './bulkLoad.js';
import { TABLE_ORDER } from './bulkInsert.js';
import { chooseLoadMode, LOAD_MODES, type LoadMode } from './load.js';
import { localSource } from './localSource.js';
import { prepareContext } from './context.js';
import { batchPlan, encodedMeetings, STREAMS, type Encoding } from './streams.js';
import { workerSource } from './workerSource.js';

export const SYNTHETIC_USAGE = 'Usage: ct-casework seed --synthetic --referrals N --seed S [--years 5] [--until YYYY-MM-DD] [--batch 1000] [--parallel 3] [--threads N] [--load bulk|batches]';

export interface SyntheticOptions {
  referrals: number;
  seed: number;
  years: number;
  until: Date;
  batch: number;
  /** Transactions in flight at once (PostgreSQL, batches only). */
  parallel: number;
  /** Chosen by the database's contents when not given (load.ts). */
  load?: LoadMode | undefined;
  /** Worker threads generating the rows; 0 generates them in this thread. The rows are the same either way. */
  threads?: number | undefined;
}

/** Below this a load is over before workers would have started. */
const WORKERS_FROM = 20_000;

export const defaultThreads = (referrals: number): number => (referrals < WORKERS_FROM ? 0 : Math.min(STREAMS, availableParallelism()));

export interface SyntheticResult {
  referrals: number;
  rows: number;
  seconds: number;
  perSecond: number;
  mode: LoadMode;
  finishingSeconds: number;
}

/** Seeds the demo data if missing, then the synthetic referrals, in bulk into an empty database or else in batches. */
export async function seedSynthetic(database: Database, config: Config, o: SyntheticOptions, progress?: (done: number, total: number) => void, phase?: (text: string) => void): Promise<SyntheticResult> {
  await seedDemo(database, config);
  const ctx = await prepareContext(database.db);
  const started = performance.now();
  const mode = o.load ?? (await chooseLoadMode(database.db));
  // COPY needs node-postgres's client, and only the bulk load holds one connection throughout.
  const encoding: Encoding = mode === 'bulk' && database.kind === 'postgres' ? { kind: 'copy', arrayColumns: await database.withConnection((_db, client) => arrayColumnsOf(client!, TABLE_ORDER)) } : { kind: 'json' };
  const spec = { ctx, seed: o.seed, options: { until: o.until, years: o.years, triageTargetWorkingDays: config.triageTargetWorkingDays, retention: config.retention }, encoding };
  const threads = o.threads ?? defaultThreads(o.referrals);
  const source = threads > 0 ? workerSource(spec, threads) : localSource({ ...spec, streams: Array.from({ length: STREAMS }, (_, s) => s) });
  const plan = { referrals: o.referrals, batches: batchPlan(o.referrals, o.batch), meetings: encodedMeetings(spec), parallel: o.parallel, progress, phase };
  const { rows, finishingSeconds } = await (mode === 'bulk' ? loadInBulk(database, source, plan) : loadInBatches(database, source, plan)).finally(() => source.close());
  const seconds = (performance.now() - started) / 1000;
  return { referrals: o.referrals, rows, seconds, perSecond: o.referrals / seconds, mode, finishingSeconds };
}

function whole(value: string | undefined, flag: string, least: number, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < least) throw new Error(`--${flag} takes a whole number of ${least} or more\n${SYNTHETIC_USAGE}`);
  return n;
}

const positive = (value: string | undefined, flag: string, fallback?: number): number => whole(value, flag, 1, fallback);

export function parseSyntheticArgs(argv: string[]): SyntheticOptions {
  const { values } = parseArgs({
    args: argv,
    options: { synthetic: { type: 'boolean' }, referrals: { type: 'string' }, seed: { type: 'string' }, years: { type: 'string' }, until: { type: 'string' }, batch: { type: 'string' }, parallel: { type: 'string' }, threads: { type: 'string' }, load: { type: 'string' } },
  });
  const until = values.until ? new Date(`${values.until}T00:00:00Z`) : new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(until.getTime())) throw new Error(`--until takes a date like 2025-03-31\n${SYNTHETIC_USAGE}`);
  if (values.load !== undefined && !(LOAD_MODES as readonly string[]).includes(values.load)) throw new Error(`--load takes bulk or batches\n${SYNTHETIC_USAGE}`);
  return {
    referrals: positive(values.referrals, 'referrals'),
    seed: positive(values.seed, 'seed', 1),
    years: Math.min(10, positive(values.years, 'years', 5)),
    until,
    batch: positive(values.batch, 'batch', 1000),
    parallel: positive(values.parallel, 'parallel', 3),
    load: values.load as LoadMode | undefined,
    threads: values.threads === undefined ? undefined : whole(values.threads, 'threads', 0),
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
    const r = await seedSynthetic(database, config, options, progressBar(process.stderr), (text) => process.stderr.write(`${text}\n`)).catch((err: unknown) => {
      // The driver's message repeats the whole batch as its parameters: report the database's reason instead.
      const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
      throw new Error(`Synthetic seeding failed: ${cause instanceof Error ? cause.message : String(cause)}`.slice(0, 2000));
    });
    out.write(`Synthetic data: ${r.referrals} referrals (${r.rows} rows) in ${r.seconds.toFixed(1)} s: ${Math.round(r.perSecond)} referrals/s on ${database.kind === 'pglite' ? 'PGlite' : 'PostgreSQL'}, ${r.mode === 'bulk' ? `in bulk (of which ${r.finishingSeconds.toFixed(1)} s after the last row)` : 'in batches'}.\n`);
    return 0;
  } finally {
    await database.close();
  }
}
