// SQL for finding candidate people. Blocking is a union of bounded index lookups (migration 0013 explains
// each key), so its cost does not grow with the number of records; the scoring happens in TypeScript.
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { rowsOf } from '../../../db/rows.js';
import { personMatchCandidates } from '../../../db/schema.js';
import type { PersonRecordRow } from '../personRecords.js';

/** Rows each blocking key may return: enough for the most common name and birthday at national scale. */
const PER_KEY = 200;
/** Exact-name counts stop here: beyond it a name is simply "very common" (and counting it would be slow). */
export const NAME_COUNT_CAP = 10_000;

export interface BlockingQuery {
  givenFolded: string;
  familyFolded: string;
  dateOfBirth: string | null;
  birthYear: number | null;
  postcode: string | null;
  /** The person the new record already belongs to (itself when unlinked): never its own candidate. */
  selfRootId: string;
}

export type CandidateRow = Pick<PersonRecordRow, 'id' | 'givenName' | 'familyName' | 'dateOfBirth' | 'gender' | 'postcode' | 'address' | 'school'> & { rootId: string };

function swappedDayMonth(dob: string): string | null {
  const [y, m, d] = dob.split('-');
  if (!y || !m || !d || m === d || Number(d) > 12) return null;
  return `${y}-${d}-${m}`;
}

const CANDIDATE_COLUMNS = sql.raw(`id, given_name AS "givenName", family_name AS "familyName", date_of_birth::text AS "dateOfBirth", gender, postcode, address, school,
  coalesce(merged_into_id, id) AS "rootId"`);

export function blockingKeys(q: BlockingQuery): SQL[] {
  const keys: SQL[] = [];
  // Each key returns the rows themselves: joining the ids back to the table cost a second index probe per row.
  const lookup = (where: SQL, limit = PER_KEY) => sql`(SELECT ${CANDIDATE_COLUMNS} FROM person_records WHERE ${where} LIMIT ${limit})`;
  if (q.dateOfBirth) {
    // About 70 people share any birthday at 1,000,000 records. One whose names both start with other letters
    // and who lives elsewhere cannot reach the candidate threshold on a shared birthday alone, so the key leaves
    // them out: two thirds fewer rows to score, the same candidates (bench/person-candidates.ts).
    const initials = sql.join([...new Set([q.givenFolded.slice(0, 1), q.familyFolded.slice(0, 1)])].filter(Boolean).map((i) => sql`${i}`), sql`, `);
    const near = sql`(left(given_folded, 1) IN (${initials}) OR left(family_folded, 1) IN (${initials})${q.postcode ? sql` OR postcode = ${q.postcode}` : sql``})`;
    const onDay = (day: string) => (q.givenFolded || q.familyFolded ? sql`date_of_birth = ${day} AND ${near}` : sql`date_of_birth = ${day}`);
    keys.push(lookup(onDay(q.dateOfBirth)));
    const swapped = swappedDayMonth(q.dateOfBirth);
    if (swapped) keys.push(lookup(onDay(swapped)));
  }
  if (q.givenFolded && q.familyFolded) {
    const sound = (family: string, given: string) => sql`dmetaphone(family_folded) = dmetaphone(${family}) AND dmetaphone(given_folded) = dmetaphone(${given})`;
    const years = q.birthYear === null ? sql`TRUE` : sql`birth_year BETWEEN ${q.birthYear - 2} AND ${q.birthYear + 2}`;
    keys.push(lookup(sql`${sound(q.familyFolded, q.givenFolded)} AND ${years}`));
    keys.push(lookup(sql`${sound(q.givenFolded, q.familyFolded)} AND ${years}`));
  }
  if (q.postcode && q.familyFolded) keys.push(lookup(sql`postcode = ${q.postcode} AND dmetaphone(family_folded) = dmetaphone(${q.familyFolded})`, 50));
  return keys;
}

/** The blocking statement itself (null when the record has no key): bench/person-candidates.ts explains it. */
export function blockingQuery(q: BlockingQuery): SQL | null {
  const keys = blockingKeys(q);
  if (keys.length === 0) return null;
  // UNION drops a record reached by several keys (its rows are identical).
  return sql`SELECT * FROM (${sql.join(keys, sql` UNION `)}) hits WHERE "rootId" <> ${q.selfRootId}`;
}

/** Records reached by any blocking key, with the person (root record) each belongs to, other than the query's own. */
export async function blockCandidates(db: Db, q: BlockingQuery): Promise<CandidateRow[]> {
  const query = blockingQuery(q);
  return query ? rowsOf<CandidateRow>(await db.execute(query)) : [];
}

export async function nameFrequencies(db: Db, givenFolded: string, familyFolded: string): Promise<{ given: number; family: number; total: number }> {
  const capped = (column: SQL, value: string) => sql`(SELECT count(*)::int FROM (SELECT 1 FROM person_records WHERE ${column} = ${value} LIMIT ${NAME_COUNT_CAP}) x)`;
  // At scale a common name is in the column's statistics (migration 0014), and counting it up to the cap was
  // the largest part of finding candidates; a name missing from them is rare and cheap to count. The estimate
  // moves with each ANALYZE by a few per cent: a tenth of a bit of weight.
  const count = (column: string, value: string) =>
    sql`coalesce((SELECT least(round(t.big * m.share), ${NAME_COUNT_CAP})::int FROM (SELECT person_name_share(${column}, ${value}) AS share WHERE t.big IS NOT NULL) m WHERE m.share IS NOT NULL),
      ${capped(sql`${sql.identifier(column)}`, value)})`;
  // The planner's row estimate is exact enough for a prior at scale and costs nothing; small tables are counted.
  const result = await db.execute(sql`
    SELECT ${count('given_folded', givenFolded)} AS given, ${count('family_folded', familyFolded)} AS family,
      coalesce(t.big::bigint, (SELECT count(*) FROM person_records))::int AS total
    FROM (SELECT CASE WHEN c.reltuples >= 100000 THEN c.reltuples END AS big FROM pg_class c WHERE c.oid = 'person_records'::regclass) t`);
  const [row] = rowsOf<{ given: number; family: number; total: number }>(result);
  return { given: Number(row?.given ?? 0), family: Number(row?.family ?? 0), total: Number(row?.total ?? 0) };
}

export async function insertCandidates(db: Db, rows: Array<typeof personMatchCandidates.$inferInsert>): Promise<void> {
  if (rows.length > 0) await db.insert(personMatchCandidates).values(rows);
}

export async function storedCandidate(db: Db, referralId: string, candidateRecordId: string) {
  const [row] = await db
    .select()
    .from(personMatchCandidates)
    .where(and(eq(personMatchCandidates.referralId, referralId), eq(personMatchCandidates.candidateRecordId, candidateRecordId)));
  return row ?? null;
}
