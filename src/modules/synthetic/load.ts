// How the synthetic rows are written: in one bulk transaction into a database holding no referrals yet (as a
// restore would), or in batches alongside data already there, which leaves the service usable meanwhile.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';
import type { BatchRequest, EncodedTable } from './streams.js';

export const LOAD_MODES = ['bulk', 'batches'] as const;
export type LoadMode = (typeof LOAD_MODES)[number];

export interface LoadPlan {
  referrals: number;
  /** Every batch, in the order written (streams.ts). */
  batches: readonly BatchRequest[];
  /** The panel meetings, written before the first batch. */
  meetings: readonly EncodedTable[];
  /** Batch transactions in flight at once (PostgreSQL, batches only). */
  parallel: number;
  progress?: ((done: number, total: number) => void) | undefined;
  /** Says what a long step after the rows are written is doing. */
  phase?: ((text: string) => void) | undefined;
}

export interface LoadResult {
  rows: number;
  /** Of the time taken, what went on after the last row was written (bulk: indexes, keys and derived data). */
  finishingSeconds: number;
}

/** Batches asked for ahead of writing: enough to keep every worker busy, few enough to hold little memory. */
export const AHEAD = 8;

/** Bulk while the database holds no referrals: its tables are locked until the load commits. */
export async function chooseLoadMode(db: Db): Promise<LoadMode> {
  const [held] = rowsOf<{ any: boolean }>(await db.execute(sql`SELECT EXISTS (SELECT 1 FROM referrals) AS "any"`));
  return held!.any ? 'batches' : 'bulk';
}
