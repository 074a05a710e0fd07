// Opens the database: embedded PGlite when no DATABASE_URL is set, PostgreSQL through node-postgres otherwise.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { NamedStatementClient } from './namedStatements.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** A database handle or an open transaction: repository functions accept either. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
  /** Runs a function holding a connection with a session-level advisory lock (migrations, chaining). */
  withLock<T>(key: number, fn: (db: Db) => Promise<T>): Promise<T>;
  /** Runs a function on one connection held for it; on PostgreSQL it also gets that connection's client (for COPY). */
  withConnection<T>(fn: (db: Db, client: pg.PoolClient | null) => Promise<T>): Promise<T>;
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** PGlite data directory; 'memory://' for a throwaway database. */
  pgliteDir?: string;
  /** A dump of a PGlite data directory (its dumpDataDir) to start from, instead of an empty database. */
  pgliteDump?: Blob;
  poolSize?: number;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.poolSize ?? 10);
  return openPglite(opts.pgliteDir ?? 'memory://', opts.pgliteDump);
}

export class DataDirectoryInUseError extends Error {}

/**
 * PGlite is one process's database: a second process opening the same directory would corrupt it.
 * A lock file holding the owner's pid refuses that (a stale lock from a dead process is taken over).
 */
function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, '.ct-casework.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return () => rmSync(lockFile, { force: true });
    } catch {
      const pid = Number(readFileSync(lockFile, 'utf8'));
      let alive = false;
      try {
        alive = pid > 0 && pid !== process.pid && process.kill(pid, 0);
      } catch {
        alive = false;
      }
      if (alive) throw new DataDirectoryInUseError(`The data directory ${dataDir} is in use by process ${pid} (is the server running?). Stop it first, or use PostgreSQL (DATABASE_URL).`);
      rmSync(lockFile, { force: true });
    }
  }
  throw new DataDirectoryInUseError(`Could not lock ${dataDir}`);
}

async function openPglite(dir: string, dump: Blob | undefined): Promise<Database> {
  const inMemory = dir.startsWith('memory://');
  const dataDir = inMemory ? dir : path.resolve(dir);
  const unlock = inMemory ? () => undefined : lockDataDir(dataDir);
  const client = await PGlite.create({ dataDir, ...(dump ? { loadDataDir: dump } : {}), extensions: { pg_trgm, fuzzystrmatch } }).catch((err: unknown) => {
    unlock();
    throw err;
  });
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    close: async () => {
      await client.close();
      unlock();
    },
    // PGlite has a single connection: every query is already serialised, so no lock is needed.
    withLock: (_key, fn) => fn(db),
    withConnection: (fn) => fn(db, null),
  };
}

async function openPostgres(url: string, max: number): Promise<Database> {
  // No JIT compilation: a batch of case reads was estimated costly enough to be compiled, for 140 ms, to run in
  // 5 ms; a year's statistics, one index-only scan, spent 0.2 s of 0.7 s compiling. A connection string's own
  // options win.
  const pool = new pg.Pool({ connectionString: url, max, Client: NamedStatementClient, options: '-c jit=off' });
  // A dropped idle connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  const db = drizzlePg({ client: pool, schema }) as unknown as Db;
  const hold = async <T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      return await fn(client);
    } finally {
      client.release();
    }
  };
  const on = (client: pg.PoolClient) => drizzlePg({ client, schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    close: () => pool.end(),
    withLock: (key, fn) =>
      hold(async (client) => {
        await client.query('SELECT pg_advisory_lock($1)', [key]);
        try {
          return await fn(on(client));
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [key]);
        }
      }),
    withConnection: (fn) => hold((client) => fn(on(client), client)),
  };
}
