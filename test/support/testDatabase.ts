// A migrated, throwaway database per test file: PGlite in memory by default, or a fresh database on the
// PostgreSQL server named by DATABASE_URL (never that database itself, so runs cannot see each other's rows).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';

export interface TestDatabase {
  database: Database;
  /** Connection string of the per-test database when running against PostgreSQL. */
  url?: string;
  dispose(): Promise<void>;
}

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

// The migrated database that test/support/pgliteTemplate.ts dumped, read once per test process.
let dumped: Blob | undefined;
function migratedDump(): Blob | undefined {
  const file = inject('pgliteTemplate');
  if (file) dumped ??= new Blob([readFileSync(file)]);
  return dumped;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dump = migratedDump();
    const database = await openDatabase(dump ? { pgliteDump: dump } : {});
    if (!dump) await runMigrations(database);
    return { database, dispose: () => database.close() };
  }

  // Random lowercase hex: a valid unquoted identifier, unique across parallel test workers.
  const name = `t_${randomBytes(8).toString('hex')}`;
  await onServer(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let database: Database | undefined;
  const dispose = async () => {
    await database?.close();
    // FORCE (PostgreSQL 13+) ends connections a failed test may have leaked.
    await onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  };
  try {
    database = await openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
    await runMigrations(database);
  } catch (err) {
    await dispose();
    throw err;
  }
  return { database, url: url.toString(), dispose };
}
