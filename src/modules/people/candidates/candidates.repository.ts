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

export function blockingKeys(q: BlockingQuery): SQL[] {
  const keys: SQL[] = [];
  const lookup = (where: SQL, limit = PER_KEY) => sql`(SELECT id FROM person_records WHERE ${where} LIMIT ${limit})`;
  if (q.dateOfBirth) {
    keys.push(lookup(sql`date_of_birth = ${q.dateOfBirth}`));
    const swapped = swappedDayMonth(q.dateOfBirth);
    if (swapped) keys.push(lookup(sql`date_of_birth = ${swapped}`));
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

/** Records reached by any blocking key, with the person (root record) each belongs to, other than the query's own. */
export async function blockCandidates(db: Db, q: BlockingQuery): Promise<CandidateRow[]> {
  const keys = blockingKeys(q);
  if (keys.length === 0) return [];
  const result = await db.execute(sql`
    WITH hits AS (${sql.join(keys, sql` UNION `)})
    SELECT p.id, p.given_name AS "givenName", p.family_name AS "familyName", p.date_of_birth::text AS "dateOfBirth", p.gender, p.postcode, p.address, p.school,
      coalesce(p.merged_into_id, p.id) AS "rootId"
    FROM person_records p JOIN hits ON hits.id = p.id
    WHERE coalesce(p.merged_into_id, p.id) <> ${q.selfRootId}`);
  return rowsOf<CandidateRow>(result);
}

export async function nameFrequencies(db: Db, givenFolded: string, familyFolded: string): Promise<{ given: number; family: number; total: number }> {
  const capped = (column: SQL, value: string) => sql`(SELECT count(*)::int FROM (SELECT 1 FROM person_records WHERE ${column} = ${value} LIMIT ${NAME_COUNT_CAP}) x)`;
  // The planner's row estimate is exact enough for a prior at scale and costs nothing; small tables are counted.
  const result = await db.execute(sql`
    SELECT ${capped(sql`given_folded`, givenFolded)} AS given, ${capped(sql`family_folded`, familyFolded)} AS family,
      (SELECT CASE WHEN c.reltuples >= 100000 THEN c.reltuples::bigint ELSE (SELECT count(*) FROM person_records) END FROM pg_class c WHERE c.oid = 'person_records'::regclass)::int AS total`);
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
