// The synthetic seeder killed part way through a bulk load (kill -9: no shutdown, no rollback of its own): the
// database, embedded PGlite or PostgreSQL, must open as it was, every index, key and trigger in place and no
// referral written, and a second run must load in bulk again.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { rowsOf } from '../../src/db/rows.js';
import { runMigrations } from '../../src/db/migrate.js';
import { projectRoot } from '../../src/platform/paths.js';
import { seedSynthetic } from '../../src/modules/synthetic/synthetic.command.js';
import { catalogue } from '../support/catalogue.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';

// Killed once this many referrals are written: well into the load, well before its end.
const KILL_AFTER = 2_000;

const dataDir = mkdtempSync(path.join(tmpdir(), 'ctc-seed-killed-'));
let pgDatabase: TestDatabase | undefined;
let pglite: Database | undefined;
afterAll(async () => {
  await pglite?.close();
  await pgDatabase?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Runs the seeder as the CLI runs it and kills it once its progress passes KILL_AFTER referrals. */
async function seedAndKill(env: NodeJS.ProcessEnv): Promise<{ written: number; signal: NodeJS.Signals | null }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'seed', '--synthetic', '--referrals', '50000', '--seed', '3'], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let written = 0;
  const exited = new Promise<NodeJS.Signals | null>((resolve) => proc.on('exit', (_code, signal) => resolve(signal)));
  const onData = (d: Buffer) => {
    output += d.toString();
    const counts = [...output.matchAll(/(\d+)\/50000 referrals/g)].map((m) => Number(m[1]));
    written = Math.max(0, ...counts);
    if (written >= KILL_AFTER && proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  };
  proc.stdout!.on('data', onData);
  proc.stderr!.on('data', onData);
  const timer = setTimeout(() => proc.kill('SIGKILL'), 120_000);
  const signal = await exited;
  clearTimeout(timer);
  if (written < KILL_AFTER) throw new Error(`the seeder stopped before ${KILL_AFTER} referrals:\n${output}`);
  return { written, signal };
}

describe('a bulk load killed part way', () => {
  it('leaves the database as it was, and the next load goes in bulk', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    delete env.DATABASE_URL;
    if (process.env.DATABASE_URL) {
      pgDatabase = await createTestDatabase();
      env.DATABASE_URL = pgDatabase.url;
    }
    const { written, signal } = await seedAndKill(env);
    expect(signal).toBe('SIGKILL');
    expect(written).toBeGreaterThanOrEqual(KILL_AFTER);

    // On PostgreSQL the server ends the dropped connection's transaction; PGlite recovers its directory on opening.
    const fresh = await createTestDatabase();
    const expected = await catalogue(fresh.database.db);
    await fresh.dispose();
    const database = pgDatabase ? pgDatabase.database : (pglite = await openDatabase({ pgliteDir: path.join(dataDir, 'pglite') }));
    await runMigrations(database);
    const [held] = rowsOf<{ referrals: number; statistics: number; audits: number }>(
      await database.db.execute(sql`SELECT (SELECT count(*)::int FROM referrals) AS referrals, (SELECT count(*)::int FROM referral_statistics) AS statistics,
        (SELECT count(*)::int FROM audit_log WHERE event = 'referral.submitted') AS audits`),
    );
    expect(held).toEqual({ referrals: 0, statistics: 0, audits: 0 });
    expect(await catalogue(database.db)).toEqual(expected);

    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, SESSION_SECRET: 'test-session-secret-that-is-long-enough-000', ENCRYPTION_KEY: '0'.repeat(64) });
    const again = await seedSynthetic(database, config, { referrals: 200, seed: 3, years: 2, until: new Date('2025-03-31T00:00:00Z'), batch: 100, parallel: 2 });
    expect(again.mode).toBe('bulk');
    const [after] = rowsOf<{ referrals: number }>(await database.db.execute(sql`SELECT count(*)::int AS referrals FROM referrals`));
    expect(after!.referrals).toBe(200);
    expect(await catalogue(database.db)).toEqual(expected);
  }, 240_000);
});
