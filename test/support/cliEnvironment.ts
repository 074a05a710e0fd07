// Running the ct-casework command line in tests. The CLI reads its configuration from the environment and
// opens its own database: a PGlite directory, or (when DATABASE_URL is set) a fresh PostgreSQL database,
// never the server's shared one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, vi } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';
import { loadConfig } from '../../src/config.js';
import { main } from '../../src/main.js';
import { seedDemo } from '../../src/modules/organisations/demoSeed.js';
import { createTestDatabase } from './testDatabase.js';

export interface CliEnvironment {
  /** Opens (and migrates) the CLI's database for setting up or checking; close it before running the CLI. */
  open(): Promise<Database>;
  /** Opens the CLI's database, hands it to `fn` and closes it again, so the CLI can open it next. */
  withDatabase<T>(fn: (database: Database) => Promise<T>): Promise<T>;
  /** Adds the demo organisations and users to the CLI's database. */
  seedDemo(): Promise<void>;
  run(args: string[]): Promise<{ code: number; out: string }>;
  dispose(): Promise<void>;
}

export async function createCliEnvironment(): Promise<CliEnvironment> {
  const savedEnv = { ...process.env };
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ctc-cli-'));
  process.env.DATA_DIR = dataDir;
  process.env.LOG_LEVEL = 'silent';
  let disposeDb = async () => undefined as void;
  let open: () => Promise<Database>;
  if (process.env.DATABASE_URL) {
    const db = await createTestDatabase();
    process.env.DATABASE_URL = db.url!;
    open = async () => openDatabase({ databaseUrl: db.url, poolSize: 2 });
    disposeDb = () => db.dispose();
  } else {
    open = async () => {
      const database = await openDatabase({ pgliteDir: path.join(dataDir, 'pglite') });
      await runMigrations(database);
      return database;
    };
  }
  const withDatabase = async <T>(fn: (database: Database) => Promise<T>): Promise<T> => {
    const database = await open();
    try {
      return await fn(database);
    } finally {
      await database.close();
    }
  };
  return {
    open,
    withDatabase,
    seedDemo: () => withDatabase(async (database) => void (await seedDemo(database, loadConfig({ ...process.env, NODE_ENV: 'test' })))),
    async run(args) {
      let out = '';
      const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
        out += chunk.toString();
        return true;
      });
      try {
        return { code: await main(args), out };
      } finally {
        spy.mockRestore();
      }
    },
    async dispose() {
      process.env = savedEnv;
      await disposeDb();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A CLI environment with the demo organisations and users for the test file: made before its tests, removed after. */
export function cliWithDemoData(): () => CliEnvironment {
  let cli: CliEnvironment | undefined;
  beforeAll(async () => {
    cli = await createCliEnvironment();
    await cli.seedDemo();
  }, 60_000);
  afterAll(() => cli?.dispose());
  return () => cli!;
}
