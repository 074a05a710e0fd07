import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import { rowsOf } from '../../src/db/rows.js';

/** Every index, constraint and trigger of the public schema, with its definition and whether it is enabled. */
export const catalogue = async (db: Db) =>
  rowsOf<{ kind: string; name: string; definition: string }>(
    await db.execute(sql`SELECT 'index' AS kind, indexname AS name, indexdef AS definition FROM pg_indexes WHERE schemaname = 'public'
      UNION ALL SELECT 'constraint', conname, pg_get_constraintdef(oid) || (CASE WHEN convalidated THEN '' ELSE ' not valid' END) FROM pg_constraint WHERE connamespace = 'public'::regnamespace
      UNION ALL SELECT 'trigger', tgname, tgenabled::text FROM pg_trigger WHERE NOT tgisinternal
      ORDER BY 1, 2, 3`),
  );
