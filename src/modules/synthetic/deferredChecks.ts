// A bulk load as a restore does it: the loaded tables' indexes, keys and derived-data triggers
// are set aside, the rows written, and then the indexes built, the derived data worked out once and the keys
// added back, all inside the caller's transaction. Row by row, each index entry, key check (a locked lookup of
// the referenced row) and trigger call is paid per batch; set aside, an index is built by one sort and a key
// checked for all rows by one join. A failure anywhere rolls all of it back, the dropped indexes and keys too.
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';

interface Refresh {
  /** The insert triggers whose work this does. */
  triggers: string[];
  /** The tables it looks rows up in: indexed and analysed first, so that it is planned from their contents. */
  reads: string[];
  /** The tables it fills in, by their primary keys only: their other indexes are built after it, in one pass each. */
  fills: string[];
  statement: SQL;
}

/**
 * What the insert triggers on the loaded tables keep, recomputed for every row once the load is in: the functions
 * the triggers call, over the ids the migrations that added them used. An insert trigger not listed here stops
 * the load rather than leave what it keeps unwritten. In this order: the dashboard columns are an update of
 * channel_cases, which the statistics' update trigger follows.
 */
const REFRESHES: Refresh[] = [
  {
    triggers: ['channel_case_dashboard_consents_insert', 'channel_case_dashboard_interventions_insert', 'channel_case_dashboard_reviews_insert', 'channel_case_dashboard_sessions_insert'],
    reads: ['channel_cases', 'consents', 'interventions', 'intervention_sessions', 'post_exit_reviews'],
    fills: [],
    statement: sql`SELECT channel_case_dashboard_dates(ARRAY(
      SELECT channel_case_id FROM consents UNION SELECT channel_case_id FROM interventions UNION SELECT channel_case_id FROM post_exit_reviews))`,
  },
  {
    triggers: ['referral_statistics_referrals_insert', 'referral_statistics_judgements_insert', 'referral_statistics_cases_insert', 'referral_statistics_decisions_insert', 'referral_statistics_consents_insert'],
    reads: ['referrals', 'threshold_judgements', 'channel_cases', 'panel_decisions', 'consents'],
    fills: ['referral_statistics'],
    // Every row in one pass (migration 0022): the table is empty, as the loaded ones were.
    statement: sql`SELECT referral_statistics_rebuild()`,
  },
];

interface Named {
  table: string;
  name: string;
  definition: string;
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
const run = async (tx: Db, statements: string[]) => {
  for (const s of statements) await tx.execute(sql.raw(s));
};

/**
 * Sets aside the checks of the tables (those written, and those the refreshes write); the function returned puts
 * them back and must run in the same transaction.
 */
export async function deferChecks(tx: Db, tables: readonly string[]): Promise<() => Promise<void>> {
  const list = tables.join(',');
  const inTables = (alias: string) => sql`${sql.raw(alias)}.relname = ANY (string_to_array(${list}, ',')) AND ${sql.raw(alias)}.relnamespace = 'public'::regnamespace`;
  // Foreign keys from the tables, and into them from any other (those hang on the primary keys dropped below).
  const keys = rowsOf<Named>(await tx.execute(sql`SELECT c.relname AS "table", k.conname AS name, pg_get_constraintdef(k.oid) AS definition
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid
    WHERE k.contype = 'f' AND (${inTables('c')} OR ${inTables('r')}) ORDER BY k.conname`));
  // Primary keys and unique constraints too: built by one sort each at the end, which checks every row at once
  // (a duplicate fails the load), rather than kept up by a search of a growing index for every row.
  const uniques = rowsOf<Named>(await tx.execute(sql`SELECT c.relname AS "table", k.conname AS name, pg_get_constraintdef(k.oid) AS definition
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid WHERE k.contype IN ('p', 'u') AND ${inTables('c')} ORDER BY k.conname`));
  const indexes = rowsOf<Named>(await tx.execute(sql`SELECT c.relname AS "table", x.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
    FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_class x ON x.oid = i.indexrelid
    WHERE ${inTables('c')} AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x')) ORDER BY x.relname`));
  const triggers = rowsOf<Omit<Named, 'definition'>>(await tx.execute(sql`SELECT c.relname AS "table", t.tgname AS name
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' AND (t.tgtype & 4) <> 0 AND ${inTables('c')} ORDER BY t.tgname`));
  const refreshes = REFRESHES.filter((r) => triggers.some((t) => r.triggers.includes(t.name)));
  const unknown = triggers.filter((t) => !REFRESHES.some((r) => r.triggers.includes(t.name))).map((t) => t.name);
  if (unknown.length > 0) throw new Error(`The bulk load does not know what these insert triggers keep: ${unknown.join(', ')}`);

  await run(tx, keys.map((k) => `ALTER TABLE ${ident(k.table)} DROP CONSTRAINT ${ident(k.name)}`));
  await run(tx, uniques.map((u) => `ALTER TABLE ${ident(u.table)} DROP CONSTRAINT ${ident(u.name)}`));
  await run(tx, indexes.map((i) => `DROP INDEX ${ident(i.name)}`));
  await run(tx, triggers.map((t) => `ALTER TABLE ${ident(t.table)} DISABLE TRIGGER ${ident(t.name)}`));

  const addUniques = (of: Named[]) => run(tx, of.map((u) => `ALTER TABLE ${ident(u.table)} ADD CONSTRAINT ${ident(u.name)} ${u.definition}`));
  return async () => {
    const filled = new Set(refreshes.flatMap((r) => r.fills));
    await addUniques(uniques.filter((u) => !filled.has(u.table)));
    await run(tx, indexes.filter((i) => !filled.has(i.table)).map((i) => i.definition));
    await run(tx, [...new Set(refreshes.flatMap((r) => r.reads))].map((t) => `ANALYZE ${ident(t)}`));
    for (const r of refreshes) await tx.execute(r.statement);
    await addUniques(uniques.filter((u) => filled.has(u.table)));
    await run(tx, indexes.filter((i) => filled.has(i.table)).map((i) => i.definition));
    // Added back after the refreshes, so that the rows these write are checked with the rest in one pass.
    await run(tx, keys.map((k) => `ALTER TABLE ${ident(k.table)} ADD CONSTRAINT ${ident(k.name)} ${k.definition}`));
    await run(tx, triggers.map((t) => `ALTER TABLE ${ident(t.table)} ENABLE TRIGGER ${ident(t.name)}`));
  };
}
