// Writes encoded tables (streams.ts) in order: COPY text through the connection's own client, JSON by an insert.
import type pg from 'pg';
import type { Db } from '../../db/client.js';
import { copyEncoded } from '../../db/copyRows.js';
import { insertJson } from './bulkInsert.js';
import type { EncodedTable } from './streams.js';

export type EncodedWriter = (tables: readonly EncodedTable[]) => Promise<void>;

/** `db` and `client` are the same connection (the caller's transaction); COPY text needs the client. */
export function encodedWriter(db: Db, client: pg.PoolClient | null): EncodedWriter {
  return async (tables) => {
    for (const t of tables) {
      if (typeof t.data === 'string') await insertJson(db, t.table, t.columns, t.data);
      else if (client) await copyEncoded(client, t.table, t.columns, t.data);
      else throw new Error('COPY needs a PostgreSQL connection');
    }
  };
}
