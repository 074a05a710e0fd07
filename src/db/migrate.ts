import path from 'node:path';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { Database } from './client.js';
import { projectRoot } from '../platform/paths.js';

const MIGRATION_LOCK = 7_301_001;

/** Applies pending SQL migrations; safe when several instances start at once. */
export async function runMigrations(database: Database): Promise<void> {
  const migrationsFolder = path.join(projectRoot, 'migrations');
  await database.withLock(MIGRATION_LOCK, async (db) => {
    if (database.kind === 'pglite') await migratePglite(db as never, { migrationsFolder });
    else await migratePg(db as never, { migrationsFolder });
  });
}
