// `npm run bench`: seeds synthetic national data into a fresh PostgreSQL database, starts the real application
// on a local port, signs in demo users through the real sign-in, and measures intake, case pages, queues,
// dashboards, official statistics and memory against the targets; prints a table and writes bench/results.json.
// Options: --referrals N (20,000), --seed S, --duration seconds per load (10). DATABASE_URL names the server
// (default postgres://postgres@127.0.0.1:5432/bench); a fresh bench_<random> database is created and dropped,
// unless --keep NAME: that database is kept, and seeded only while it holds no referrals, so a 1,000,000-referral
// set is seeded once and measured again after each change.
import { randomBytes, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execFileSync, fork } from 'node:child_process';
import { parseArgs } from 'node:util';
import { availableParallelism } from 'node:os';
import { eq, sql } from 'drizzle-orm';
import { machineCheckMs } from './machineCheck.js';
import { createDatabaseIfMissing, markdownTable, onServer } from './support.js';
import { loadConfig, type Config } from '../src/config.js';
import { openDatabase, type Database } from '../src/db/client.js';
import { runMigrations } from '../src/db/migrate.js';
import { organisations, users } from '../src/db/schema.js';
import { createApiToken, API_SCOPES } from '../src/platform/auth/apiTokens.js';
import { hashPassword } from '../src/platform/auth/passwords.js';
import { currentTotpCode } from '../src/platform/auth/totp.js';
import { createSecretBox } from '../src/platform/crypto/secretBox.js';
import type { RequestContext } from '../src/platform/access/actor.js';
import { createReferralService } from '../src/modules/referrals/referrals.service.js';
import { createStatisticsService } from '../src/modules/statistics/statistics.service.js';
import { seedSynthetic } from '../src/modules/synthetic/synthetic.command.js';
import { buildApp } from '../src/server.js';

const PASSWORD = 'bench password that is long enough';
const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const OFFICER = 'officer@westmidlands.example';
const CHAIR = 'chair@birmingham.example';
const REFERRING_ORG = 'northfield-academy';

export interface BenchOptions {
  referrals: number;
  /** The database already holds its referrals (a kept bench database): measure without seeding. */
  seeded?: boolean;
  seed: number;
  /** Seconds of load per measurement. */
  duration: number;
  connections: number;
  /** Progress lines (stderr by default). */
  log?: (line: string) => void;
}

export interface Measurement {
  name: string;
  value: number;
  unit: string;
  target: string;
  met: boolean | null;
}

export interface BenchResults {
  startedAt: string;
  database: 'postgres' | 'pglite';
  referralsSeeded: number;
  /** null when the run measured an already seeded database. */
  seedRatePerSecond: number | null;
  measurements: Measurement[];
}

/** The environment the bench's app runs with: the bench database, quiet logs, limits that do not throttle the load. */
export function benchEnv(databaseUrl: string | undefined): Record<string, string> {
  return {
    NODE_ENV: 'test',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    DATA_DIR: `/tmp/ct-casework-bench-${process.pid}`,
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
    // The API limits requests per client address: each request says it comes from its own (X-Forwarded-For), so
    // the load looks like many organisations' systems rather than one client being throttled.
    TRUST_PROXY: 'true',
    RATE_LIMIT_SIGN_IN_PER_MINUTE: '1000',
    // The database server is this machine: a connection per core and one more waiting each keeps its processes
    // busy rather than woken one query at a time (README, Benchmarks).
    DATABASE_POOL_SIZE: String(availableParallelism() * 2),
  };
}

export function benchConfig(databaseUrl: string | undefined): Config {
  return loadConfig(benchEnv(databaseUrl));
}

const cpuMsOf = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

/** The app under test: in this process (PGlite, the smoke test) or its own (PostgreSQL), so load and server do not share a CPU or heap. */
interface Server {
  base: string;
  rssMb(): Promise<number>;
  /** CPU time the server's process has used so far, all its threads (in process: the bench's own too). */
  cpuMs(): Promise<number>;
  close(): Promise<void>;
}

async function serveInProcess(database: Database, config: Config): Promise<Server> {
  const app = await buildApp({ config, database });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    rssMb: async () => process.memoryUsage().rss / 2 ** 20,
    cpuMs: async () => cpuMsOf(process.cpuUsage()),
    close: () => app.close(),
  };
}

async function serveInChild(env: Record<string, string>): Promise<Server> {
  execFileSync(process.execPath, [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  // No inherited --import tsx: the child runs the compiled service only.
  const child = fork(fileURLToPath(new URL('./serve-child.mjs', import.meta.url)), [], { env: { ...process.env, ...env }, execArgv: [] });
  const message = <T>(want: string) =>
    new Promise<T>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`bench server exited (${code})`));
      const onMessage = (m: { type: string } & T) => {
        if (m.type !== want) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(m);
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const { port } = await message<{ port: number }>('listening');
  return {
    base: `http://127.0.0.1:${port}`,
    async cpuMs() {
      const reply = message<{ cpu: NodeJS.CpuUsage }>('cpu');
      child.send('cpu');
      return cpuMsOf((await reply).cpu);
    },
    async rssMb() {
      const reply = message<{ rss: number }>('rss');
      child.send('rss');
      return (await reply).rss / 2 ** 20;
    },
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('stop');
      await exited;
    },
  };
}

/** Gives a demo user known credentials, so the bench signs in through the real pages. */
export async function prepareUser(database: Database, config: Config, email: string): Promise<void> {
  const box = createSecretBox(config.encryptionKey);
  await database.db
    .update(users)
    .set({ passwordHash: await hashPassword(PASSWORD), mfaSecret: box.seal(TOTP_SECRET), mfaLastStep: null, failedSignIns: 0, lockedUntil: null })
    .where(eq(sql`lower(${users.email})`, email));
}

/** Signs in through /sign-in and /sign-in/code; returns the session cookie header. */
export async function signIn(base: string, email: string): Promise<string> {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const request = async (path: string, form?: Record<string, string>) => {
    const res = await fetch(base + path, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { cookie: cookie(), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    return { status: res.status, location: res.headers.get('location'), body: await res.text() };
  };
  const csrf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const pw = await request('/sign-in', { email, password: PASSWORD, _csrf: csrf((await request('/sign-in')).body) });
  if (pw.location !== '/sign-in/code') throw new Error(`password step failed for ${email}: ${pw.status}`);
  const code = await request('/sign-in/code', { code: await currentTotpCode(TOTP_SECRET), _csrf: csrf((await request('/sign-in/code')).body) });
  if (code.location !== '/dashboard') throw new Error(`code step failed for ${email}: ${code.status}`);
  return cookie();
}

/** n in letters ("a", "b", … "ba"): names fold to letters, so digits would make every name the same. */
function letters(n: number): string {
  let text = '';
  do {
    text = String.fromCharCode(97 + (n % 26)) + text;
    n = Math.floor(n / 26);
  } while (n > 0);
  return text;
}

// Intake's referrals are about people in London, so they join the Met's queue: measured again on a kept dataset,
// the West Midlands queue and cases are what the seed made, not grown by each earlier run's intake.
const LONDON_POSTCODES = ['NW1 5LR', 'N1 9GU', 'E1 6AN', 'SW1A 2AA', 'SE1 7PB', 'W2 1HB'];
const RUN = randomBytes(4).readUInt32BE();

/**
 * A new person for every referral of every run, as most real referrals are: the family name is drawn from i and
 * the run, the date of birth and postcode spread by i. One name for them all (as before) made every referral a
 * possible earlier record of all the others, and a name from an earlier run joined that run's open case.
 */
function benchSubject(kind: 'Bench' | 'Direct', i: number) {
  const family = letters(((Math.imul(i + 1, 2_654_435_761) ^ RUN) >>> 0) % 26 ** 5);
  return {
    givenName: `${kind}${letters(i)}`,
    familyName: `${family[0]!.toUpperCase()}${family.slice(1)}son`,
    dateOfBirth: new Date(Date.UTC(2000, 0, 1) + ((i * 37) % 4_745) * 86_400_000).toISOString().slice(0, 10),
    gender: 'male',
    postcode: LONDON_POSTCODES[i % LONDON_POSTCODES.length]!,
  };
}

/** A professional referral the API accepts, about a new person each time. */
function referralBody(i: number, kind: 'Bench' | 'Direct' = 'Bench') {
  return {
    subject: benchSubject(kind, i),
    concern: { narrative: 'Bench referral: worrying statements at school.', threatOfHarm: 'no' },
    awareness: { subjectAware: 'no', parentAware: 'no' },
    professional: { name: 'Rachel Evans', role: 'Designated safeguarding lead', email: 'dsl@northfield.example', safeguardingLeadConsulted: 'not_applicable' },
  };
}

// autocannon ships no types: the part of its interface the bench uses.
interface AutocannonRequest {
  path: string;
  headers?: Record<string, string>;
  body?: string;
}
type Autocannon = (opts: {
  url: string;
  connections: number;
  duration: number;
  method: string;
  requests: Array<{ setupRequest: (req: AutocannonRequest) => AutocannonRequest }>;
}) => Promise<{ requests: { average: number; total: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number }>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

interface LoadResult {
  requestsPerSecond: number;
  requests: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

/** Runs autocannon; `paths` rotate per request (with a fresh Idempotency-Key and client address each time). */
export async function load(url: string, opts: { paths: string[]; cookie?: string; connections: number; duration: number; body?: (i: number) => unknown; headers?: Record<string, string> }): Promise<LoadResult> {
  let n = 0;
  const result = await autocannon({
    url,
    connections: opts.connections,
    duration: opts.duration,
    method: opts.body ? 'POST' : 'GET',
    requests: [
      {
        setupRequest: (req) => {
          const i = n++;
          const headers: Record<string, string> = { ...opts.headers, ...(opts.cookie ? { cookie: opts.cookie } : {}), 'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` };
          if (opts.body) Object.assign(headers, { 'content-type': 'application/json', 'idempotency-key': randomUUID() });
          return { ...req, path: opts.paths[i % opts.paths.length]!, headers, ...(opts.body ? { body: JSON.stringify(opts.body(i)) } : {}) };
        },
      },
    ],
  });
  return { requestsPerSecond: result.requests.average, requests: result.requests.total, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors };
}

// Seconds of the same load run first and not counted: a page's first requests compile its templates and code
// paths, which a running service has done long before.
const WARM_UP_SECONDS = 2;

/** The load, after a warm-up of the same requests, with the server's CPU time for each request counted. */
async function warmLoad(server: Server, opts: Parameters<typeof load>[1]): Promise<LoadResult & { serverCpuMs: number }> {
  await load(server.base, { ...opts, duration: Math.min(WARM_UP_SECONDS, opts.duration) });
  const before = await server.cpuMs();
  const result = await load(server.base, opts);
  return { ...result, serverCpuMs: ((await server.cpuMs()) - before) / Math.max(1, result.requests) };
}

/** Peak and mean resident memory of the server, sampled while loads run. */
function rssSampler(server: Server) {
  const samples: number[] = [];
  const timer = setInterval(() => void server.rssMb().then((mb) => samples.push(mb), () => undefined), 200);
  return {
    async stop() {
      clearInterval(timer);
      samples.push(await server.rssMb());
      return { peakMb: Math.max(...samples), meanMb: samples.reduce((s, x) => s + x, 0) / samples.length };
    },
  };
}

/** The same intake done directly through the referral service (the API's own insert path), one transaction each. */
async function directIntake(database: Database, config: Config, orgId: string, duration: number, concurrency: number): Promise<number> {
  const service = createReferralService(database.db, { triageTargetWorkingDays: config.triageTargetWorkingDays });
  const [org] = await database.db.select().from(organisations).where(eq(organisations.id, orgId));
  const ctx: RequestContext = {
    actor: { kind: 'api', tokenId: randomUUID(), scopes: [...API_SCOPES], organisation: { id: org!.id, kind: org!.kind as 'school', name: org!.name, forceCode: org!.forceCode, preventDuty: org!.preventDuty } },
    requestId: null,
    client: {},
  };
  const end = performance.now() + duration * 1000;
  let begun = 0;
  let done = 0;
  const worker = async () => {
    while (performance.now() < end) {
      const key = randomUUID();
      // A new person each time, as through the API: numbered as it starts, so that workers running together never
      // refer the same person (they would wait on each other's person lock and join each other's case).
      const submission = referralBody(begun++, 'Direct');
      await service.submit(ctx, { channel: 'api', submission: { ...submission, subject: { ...submission.subject, aliases: [] } } as never, referrerUserId: null, referrerOrgId: orgId }, { organisationId: orgId, key, body: submission });
      done++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return done / ((performance.now() - started) / 1000);
}

const rowsOf = <T>(r: unknown): T[] => (r as { rows: T[] }).rows;

/** Seeds, starts the app and measures; the database is the caller's (migrated, empty or not). */
export async function runBench(database: Database, env: Record<string, string>, o: BenchOptions): Promise<BenchResults> {
  const config = loadConfig(env);
  const log = o.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const startedAt = new Date().toISOString();
  let seedRate: number | null = null;
  if (!o.seeded) {
    log(`Seeding ${o.referrals} synthetic referrals…`);
    const seeded = await seedSynthetic(database, config, { referrals: o.referrals, seed: o.seed, years: 5, until: new Date(`${startedAt.slice(0, 10)}T00:00:00Z`), batch: 1000, parallel: 3 });
    seedRate = Math.round(seeded.perSecond);
    log(`Seeded at ${seedRate} referrals/s, ${seeded.mode === 'bulk' ? `in bulk (of which ${seeded.finishingSeconds.toFixed(1)} s after the last row)` : 'in batches'}.`);
  }
  // A bulk load leaves the visibility map unset, so index-only scans (the queue's counts) would read the heap
  // until autovacuum came round: measure the steady state a running service is in.
  await database.db.execute(sql`VACUUM ANALYZE`);
  for (const email of [OFFICER, CHAIR]) await prepareUser(database, config, email);
  const [referringOrg] = await database.db.select().from(organisations).where(eq(organisations.code, REFERRING_ORG));
  const { token } = await createApiToken(database.db, referringOrg!.id, 'bench', [...API_SCOPES]);

  const server = database.kind === 'postgres' ? await serveInChild(env) : await serveInProcess(database, config);
  const checkBefore = machineCheckMs();
  const base = server.base;
  const measurements: Measurement[] = [];
  const add = (name: string, value: number, unit: string, target: string, met: boolean | null) => measurements.push({ name, value: Math.round(value * 100) / 100, unit, target, met });
  const rss = rssSampler(server);
  try {
    const officer = await signIn(base, OFFICER);
    const chair = await signIn(base, CHAIR);
    const load1 = { connections: o.connections, duration: o.duration };

    // Cases the West Midlands officer can open: the force's referrals, most recent first.
    const wm = rowsOf<{ id: string }>(await database.db.execute(sql`SELECT r.id FROM referrals r JOIN organisations o ON o.id = r.owning_org_id WHERE o.code = 'west-midlands-police' AND r.state <> 'joined' ORDER BY r.submitted_at DESC LIMIT 200`)).map((r) => r.id);
    if (wm.length === 0) throw new Error('No West Midlands referrals were seeded: seed more referrals');
    const at32 = { connections: 32, duration: o.duration };
    log('Case page and case JSON…');
    const page = await warmLoad(server, { ...at32, paths: wm.map((id) => `/cases/${id}`), cookie: officer });
    add('Case page /cases/:id p99 (32 conn)', page.p99, 'ms', '< 25', page.p99 < 25);
    add('Case page requests/s', page.requestsPerSecond, '/s', '', page.non2xx === 0 ? null : false);
    add('Case page server CPU per request', page.serverCpuMs, 'ms', '', null);
    const json = await warmLoad(server, { ...at32, paths: wm.map((id) => `/api/v1/cases/${id}`), cookie: officer });
    add('Case JSON /api/v1/cases/:id p99 (32 conn)', json.p99, 'ms', '< 25', json.p99 < 25);
    add('Case JSON requests/s', json.requestsPerSecond, '/s', '', json.non2xx === 0 ? null : false);
    add('Case JSON server CPU per request', json.serverCpuMs, 'ms', '', null);
    log('Triage queue and Channel dashboard…');
    const triage = await warmLoad(server, { ...load1, paths: ['/triage'], cookie: officer });
    add('Triage queue /triage p99', triage.p99, 'ms', '< 50', triage.p99 < 50 && triage.non2xx === 0);
    add('Triage queue requests/s', triage.requestsPerSecond, '/s', '', triage.non2xx === 0 ? null : false);
    add('Triage queue server CPU per request', triage.serverCpuMs, 'ms', '', null);
    const dashboard = await warmLoad(server, { ...load1, paths: ['/channel'], cookie: chair });
    add('Chair dashboard /channel p99', dashboard.p99, 'ms', '< 50', dashboard.p99 < 50 && dashboard.non2xx === 0);
    add('Chair dashboard requests/s', dashboard.requestsPerSecond, '/s', '', dashboard.non2xx === 0 ? null : false);
    add('Chair dashboard server CPU per request', dashboard.serverCpuMs, 'ms', '', null);

    log('Official statistics…');
    // The last complete April–March year.
    const today = new Date();
    const year = (today.getUTCMonth() < 3 ? today.getUTCFullYear() - 1 : today.getUTCFullYear()) - 1;
    const yearCode = `${year}-${String((year + 1) % 100).padStart(2, '0')}`;
    const timed = async () => {
      const started = performance.now();
      await createStatisticsService(database.db).forExport(yearCode);
      return performance.now() - started;
    };
    // The first on a connection is held to the target; the warm figure (median of three more) is what a service
    // whose pool has run them before sees.
    const statsMs = await timed();
    const warm = [await timed(), await timed(), await timed()].sort((a, b) => a - b)[1]!;
    add(`Statistics ${yearCode} (one year)`, statsMs, 'ms', '< 1000', statsMs < 1000);
    add(`Statistics ${yearCode}, warm (median of 3)`, warm, 'ms', '', null);

    // Intake last: it adds thousands of open referrals to the forces' queues in seconds (a year of one force's
    // referrals), whose pages autovacuum has not yet marked all-visible. Measured before it, the reads see the
    // seeded data as a running service holds it.
    log('Intake through POST /api/v1/referrals…');
    const api = await load(base, { ...load1, paths: ['/api/v1/referrals'], body: (i) => referralBody(i), headers: { authorization: `Bearer ${token}` } });
    log('Intake directly through the referral service…');
    const direct = await directIntake(database, config, referringOrg!.id, o.duration, o.connections);
    add('Intake via API (referrals/s)', api.requestsPerSecond, '/s', '', null);
    add('Intake via API p50', api.p50, 'ms', '', null);
    add('Intake via API p99', api.p99, 'ms', '', null);
    add('Intake via API non-2xx + errors', api.non2xx + api.errors, 'requests', '0', api.non2xx + api.errors === 0);
    add('Intake direct (referrals/s)', direct, '/s', '', null);
    add('Intake API ÷ direct', api.requestsPerSecond / direct, 'ratio', '≥ 0.5', api.requestsPerSecond / direct >= 0.5);
  } finally {
    const memory = await rss.stop();
    add('Server RSS peak during load', memory.peakMb, 'MB', '< 300', memory.peakMb < 300);
    add('Server RSS mean during load', memory.meanMb, 'MB', '', null);
    add('Machine check before the loads (fixed CPU work)', checkBefore, 'ms', '', null);
    add('Machine check after the loads', machineCheckMs(), 'ms', '', null);
    await server.close();
  }
  return { startedAt, database: database.kind, referralsSeeded: o.referrals, seedRatePerSecond: seedRate, measurements };
}

export function formatTable(r: BenchResults): string {
  const rows = r.measurements.map((m) => [m.name, `${m.value} ${m.unit}`, m.target, m.met === null ? '' : m.met ? 'met' : 'NOT MET']);
  const seeding = r.seedRatePerSecond === null ? `${r.referralsSeeded} referrals, seeded before` : `Seeded ${r.referralsSeeded} referrals at ${r.seedRatePerSecond} referrals/s`;
  return markdownTable(`${seeding} (${r.database})`, ['Measurement', 'Value', 'Target', ''], rows);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { referrals: { type: 'string' }, seed: { type: 'string' }, duration: { type: 'string' }, connections: { type: 'string' }, keep: { type: 'string' } } });
  const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/bench';
  if (values.keep !== undefined && !/^[a-z_][a-z0-9_]*$/.test(values.keep)) throw new Error('--keep takes a database name of lower-case letters, digits and _');
  // A fresh database next to the named one, dropped at the end (runs never see each other's rows), or the kept one.
  const name = values.keep ?? `bench_${randomBytes(6).toString('hex')}`;
  const adminUrl = new URL(serverUrl);
  adminUrl.pathname = '/postgres';
  if (values.keep === undefined) await onServer(adminUrl.toString(), `CREATE DATABASE ${name}`);
  else await createDatabaseIfMissing(adminUrl.toString(), name);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const env = benchEnv(url.toString());
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 20 });
  try {
    await runMigrations(database);
    const [held] = rowsOf<{ n: number }>(await database.db.execute(sql`SELECT count(*)::int AS n FROM referrals`));
    const results = await runBench(database, env, {
      seeded: values.keep !== undefined && held!.n > 0,
      referrals: values.keep !== undefined && held!.n > 0 ? held!.n : Number(values.referrals ?? 20_000),
      seed: Number(values.seed ?? 1),
      duration: Number(values.duration ?? 10),
      connections: Number(values.connections ?? 16),
    });
    process.stdout.write(`${formatTable(results)}\n`);
    writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
  } finally {
    await database.close();
    if (values.keep === undefined) await onServer(adminUrl.toString(), `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  });
}
