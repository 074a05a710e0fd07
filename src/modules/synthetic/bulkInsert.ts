// Fast loading of many rows: one statement per table and batch, the rows passed as a single JSON parameter
// and expanded by json_populate_recordset. One parameter means no 65,535-parameter limit, and the same SQL
// runs on PostgreSQL and PGlite. Columns not named in the rows keep their defaults.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';

export type Row = Record<string, unknown>;

/** Inserts the rows (snake_case keys; every row of a call has the same keys) into the table. */
export async function insertRows(db: Db, table: string, rows: readonly Row[]): Promise<void> {
  if (rows.length > 0) await insertJson(db, table, Object.keys(rows[0]!), JSON.stringify(rows));
}

/** Inserts rows given as a JSON array of objects with the named columns as keys. */
export async function insertJson(db: Db, table: string, columns: readonly string[], json: string): Promise<void> {
  if (!/^[a-z_]+$/.test(table)) throw new Error(`not a table name: ${table}`);
  const list = columns.map((c) => `"${c}"`).join(', ');
  await db.execute(sql`INSERT INTO ${sql.raw(`"${table}" (${list})`)} SELECT ${sql.raw(list)} FROM json_populate_recordset(NULL::${sql.raw(`"${table}"`)}, ${json}::json)`);
}

/** Every table the generator writes, parents before children, so foreign keys hold within a batch. */
export const TABLE_ORDER = [
  'person_records',
  'referrals',
  'referral_events',
  'threshold_judgements',
  'gateway_decisions',
  'signpost_follow_ups',
  'police_led_reviews',
  'channel_cases',
  'channel_case_events',
  'panel_meetings',
  'meeting_attendance',
  'agenda_items',
  'vaf_assessments',
  'panel_decisions',
  'consents',
  'support_plans',
  'interventions',
  'intervention_sessions',
  'post_exit_reviews',
  'audit_log',
] as const;
export type TableName = (typeof TABLE_ORDER)[number];
export type Tables = Record<TableName, Row[]>;

export function emptyTables(): Tables {
  return Object.fromEntries(TABLE_ORDER.map((t) => [t, []])) as unknown as Tables;
}
