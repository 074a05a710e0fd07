// Graceful shutdown: the real server, started as the CLI starts it, is told to stop (SIGTERM) while
// referrals are arriving. It must exit cleanly, and every referral it acknowledged must be in the database.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inArray } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { referrals } from '../../src/db/schema.js';
import { verifyChain } from '../../src/platform/audit/chain.js';
import { projectRoot } from '../../src/platform/paths.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';
import { apiReferral } from '../support/referrals.js';

const WORKERS = 6;
const ACKNOWLEDGED_BEFORE_STOP = 20;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'ctc-shutdown-'));
let pgDatabase: TestDatabase | undefined;
let child: ChildProcess | undefined;

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await pgDatabase?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('graceful shutdown', () => {
  it('on SIGTERM mid-stream, exits 0 and keeps every referral it acknowledged', async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn' };
    delete env.SEED_DEMO;
    delete env.DATABASE_URL;
    if (process.env.DATABASE_URL) {
      // A fresh database of its own on the server, never the server's default database.
      pgDatabase = await createTestDatabase();
      env.DATABASE_URL = pgDatabase.url;
    }

    const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'start'], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let stdout = '';
    let stderr = '';
    proc.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));

    // Started: the demo data printed the NHS trust's API token, then the server said where it listens.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start\n${stdout}\n${stderr}`)), 40_000);
      const check = () => {
        if (stdout.includes('ct-casework is running at')) {
          clearTimeout(timer);
          resolve();
        }
      };
      proc.stdout!.on('data', check);
      void exited.then(({ code }) => reject(new Error(`server exited early (${code})\n${stdout}\n${stderr}`)));
    });
    const token = /API token for [^\n]*\n\s*(ctc_[A-Za-z0-9_-]{43})/.exec(stdout)?.[1];
    expect(token, stdout).toBeDefined();

    const acknowledged: string[] = [];
    const outcomes: Record<string, number> = {};
    let stopSentAt = 0;
    let sentAfterStop = 0;
    let n = 0;
    const worker = async () => {
      for (;;) {
        n += 1;
        const body = JSON.stringify(apiReferral(`Shutdown${n}`));
        if (stopSentAt) sentAfterStop += 1;
        try {
          const res = await fetch(`http://127.0.0.1:${port}/api/v1/referrals`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body,
          });
          const text = await res.text();
          outcomes[res.status] = (outcomes[res.status] ?? 0) + 1;
          if (res.status === 201) acknowledged.push((JSON.parse(text) as { id: string }).id);
          else if (!stopSentAt) throw new Error(`unexpected ${res.status} before shutdown: ${text}`);
        } catch (err) {
          if (!stopSentAt) throw err;
          outcomes.network = (outcomes.network ?? 0) + 1;
          return; // The server has stopped listening.
        }
        if (acknowledged.length >= ACKNOWLEDGED_BEFORE_STOP && !stopSentAt) {
          stopSentAt = Date.now();
          proc.kill('SIGTERM');
        }
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, worker));

    const { code, signal } = await exited;
    expect({ code, signal }, `${stderr}\n${JSON.stringify(outcomes)}`).toEqual({ code: 0, signal: null });
    expect(sentAfterStop).toBeGreaterThan(0);
    expect(acknowledged.length).toBeGreaterThanOrEqual(ACKNOWLEDGED_BEFORE_STOP);

    const database: Database = env.DATABASE_URL
      ? await openDatabase({ databaseUrl: env.DATABASE_URL, poolSize: 2 })
      : await openDatabase({ pgliteDir: path.join(dataDir, 'pglite') });
    try {
      const stored = await database.db.select({ id: referrals.id }).from(referrals).where(inArray(referrals.id, acknowledged));
      expect(new Set(stored.map((r) => r.id))).toEqual(new Set(acknowledged));
      // Shutdown also chains what the audit log still had pending.
      expect(await verifyChain(database.db)).toMatchObject({ intact: true, unchained: 0 });
    } finally {
      await database.close();
    }
  }, 60_000);
});
