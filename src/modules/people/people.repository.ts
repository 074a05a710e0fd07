// SQL for person records, the people they form, links, merges and match decisions. A person is a root record
// (merged_into_id null) with every record pointing at it; `members` is that set.
import { and, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';
import { organisations, personMatchDecisions, personMerges, personRecords, referrals } from '../../db/schema.js';
import type { NewPersonRecord, PersonRecordRow } from './personRecords.js';

/**
 * The ids of a person's records: the root and every record joined to it. Use it as `column IN members(...)`
 * on its own or in a UNION: OR-ed with another condition it stops the planner using the column's index.
 */
export const members = (rootId: SQL | string) => sql`(SELECT id FROM person_records WHERE id = ${rootId} OR merged_into_id = ${rootId})`;

export async function insertPersonRecord(db: Db, row: NewPersonRecord): Promise<void> {
  await db.insert(personRecords).values(row);
}

export async function findRecord(db: Db, id: string): Promise<PersonRecordRow | null> {
  const [row] = await db.select().from(personRecords).where(eq(personRecords.id, id));
  return row ?? null;
}

/** Locks the given root records, in id order so two merges of the same pair cannot deadlock. */
export async function lockRecords(db: Db, ids: readonly string[]): Promise<PersonRecordRow[]> {
  return db.select().from(personRecords).where(inArray(personRecords.id, [...ids])).orderBy(personRecords.id).for('update');
}

export async function memberRecords(db: Db, rootId: string): Promise<PersonRecordRow[]> {
  return db
    .select()
    .from(personRecords)
    .where(or(eq(personRecords.id, rootId), eq(personRecords.mergedIntoId, rootId)))
    .orderBy(personRecords.createdAt);
}

/** Every referral made from any of the person's records, newest first, with the force holding it. */
export async function personReferrals(db: Db, rootId: string) {
  return db
    .select({
      id: referrals.id,
      reference: referrals.reference,
      submittedAt: referrals.submittedAt,
      state: referrals.state,
      owningOrgId: referrals.owningOrgId,
      owningOrgName: organisations.name,
      personRecordId: referrals.personRecordId,
      subjectGivenName: referrals.subjectGivenName,
      subjectFamilyName: referrals.subjectFamilyName,
    })
    .from(referrals)
    .innerJoin(organisations, eq(organisations.id, referrals.owningOrgId))
    .where(inArray(referrals.personRecordId, members(rootId)))
    .orderBy(desc(referrals.submittedAt));
}

/** The organisations holding a referral about the person: who may see and merge it. */
export async function holdingOrgIds(db: Db, rootId: string): Promise<string[]> {
  const rows = await db.selectDistinct({ id: referrals.owningOrgId }).from(referrals).where(inArray(referrals.personRecordId, members(rootId)));
  return rows.map((r) => r.id);
}

/**
 * A standing "not the same person" answer between any record of one person and any record of the other: the
 * latest answer about that pair of records is "not the same" (a later answer on the referral replaces it).
 */
export async function notSameBetween(db: Db, rootA: string, rootB: string, answering?: { recordId: string; candidateRecordId: string }) {
  // The pair being answered now is about to get a newer answer, so its old one no longer stands.
  const answered = answering ? sql`AND NOT (d.record_id = ${answering.recordId} AND d.candidate_record_id = ${answering.candidateRecordId})` : sql``;
  const result = await db.execute(sql`
    SELECT d.decided_at AS "decidedAt", u.display_name AS "decidedBy"
    FROM person_match_decisions d JOIN users u ON u.id = d.decided_by
    WHERE d.decision = 'not_same'
      AND d.id IN (
        SELECT id FROM person_match_decisions WHERE record_id IN ${members(rootA)} AND candidate_record_id IN ${members(rootB)}
        UNION SELECT id FROM person_match_decisions WHERE record_id IN ${members(rootB)} AND candidate_record_id IN ${members(rootA)})
      AND NOT EXISTS (SELECT 1 FROM person_match_decisions later
        WHERE later.record_id = d.record_id AND later.candidate_record_id = d.candidate_record_id AND later.decided_at > d.decided_at)
      ${answered}
    LIMIT 1`);
  return rowsOf<{ decidedAt: Date | string; decidedBy: string }>(result)[0] ?? null;
}

/** Points the merged root and its records at the survivor; returns the records that had pointed at the merged root. */
export async function joinPeople(db: Db, survivorId: string, mergedId: string): Promise<string[]> {
  const repointed = await db.update(personRecords).set({ mergedIntoId: survivorId }).where(eq(personRecords.mergedIntoId, mergedId)).returning({ id: personRecords.id });
  await db.update(personRecords).set({ mergedIntoId: survivorId }).where(and(eq(personRecords.id, mergedId), isNull(personRecords.mergedIntoId)));
  return repointed.map((r) => r.id);
}

/** Undoes `joinPeople`: the merged record becomes a root again and takes back the records it brought. */
export async function separatePeople(db: Db, survivorId: string, mergedId: string, repointedIds: readonly string[]): Promise<void> {
  await db.update(personRecords).set({ mergedIntoId: null }).where(and(eq(personRecords.id, mergedId), eq(personRecords.mergedIntoId, survivorId)));
  if (repointedIds.length > 0) {
    await db
      .update(personRecords)
      .set({ mergedIntoId: mergedId })
      .where(and(inArray(personRecords.id, [...repointedIds]), eq(personRecords.mergedIntoId, survivorId)));
  }
}

export async function insertMerge(db: Db, row: typeof personMerges.$inferInsert): Promise<void> {
  await db.insert(personMerges).values(row);
}

export async function findMerge(db: Db, id: string) {
  const [row] = await db.select().from(personMerges).where(eq(personMerges.id, id)).for('update');
  return row ?? null;
}

export async function markMergeUndone(db: Db, id: string, by: string, at: Date, reason: string): Promise<void> {
  await db.update(personMerges).set({ undoneBy: by, undoneAt: at, undoReason: reason }).where(eq(personMerges.id, id));
}

/** One link or merge that touched a person, with who made and undid it. */
export interface MergeHistoryRow {
  id: string;
  kind: 'link' | 'merge';
  survivorId: string;
  mergedId: string;
  reason: string;
  mergedAt: Date | string;
  mergedBy: string;
  undoneAt: Date | string | null;
  undoneBy: string | null;
  undoReason: string | null;
  survivorName: string;
  mergedName: string;
}

/** Links and merges that touched the person, newest first, with who made and undid them. */
export async function personMergeHistory(db: Db, rootId: string) {
  const result = await db.execute(sql`
    SELECT m.id, m.kind, m.survivor_id AS "survivorId", m.merged_id AS "mergedId", m.reason, m.merged_at AS "mergedAt", mb.display_name AS "mergedBy",
      m.undone_at AS "undoneAt", ub.display_name AS "undoneBy", m.undo_reason AS "undoReason",
      s.given_name || ' ' || s.family_name AS "survivorName", x.given_name || ' ' || x.family_name AS "mergedName"
    FROM person_merges m
    JOIN users mb ON mb.id = m.merged_by
    LEFT JOIN users ub ON ub.id = m.undone_by
    JOIN person_records s ON s.id = m.survivor_id
    JOIN person_records x ON x.id = m.merged_id
    WHERE m.id IN (SELECT id FROM person_merges WHERE survivor_id IN ${members(rootId)} UNION SELECT id FROM person_merges WHERE merged_id IN ${members(rootId)})
    ORDER BY m.merged_at DESC
    LIMIT 100`);
  return rowsOf<MergeHistoryRow>(result);
}

export async function insertDecision(db: Db, row: typeof personMatchDecisions.$inferInsert): Promise<void> {
  await db.insert(personMatchDecisions).values(row);
}

/** The candidates stored for a referral, strongest first, with each one's person now and the latest decision on it. */
export async function candidatesOfReferral(db: Db, referralId: string) {
  const result = await db.execute(sql`
    SELECT c.candidate_record_id AS "candidateRecordId", c.match_weight AS "matchWeight", c.match_probability AS "matchProbability", c.explanation,
      p.given_name AS "givenName", p.family_name AS "familyName", p.date_of_birth::text AS "dateOfBirth", p.postcode,
      coalesce(p.merged_into_id, p.id) AS "rootId",
      held.referrals AS "referralCount", held.forces AS "heldBy",
      d.decision, d.reason AS "decisionReason", d.decided_at AS "decidedAt", u.display_name AS "decidedBy"
    FROM person_match_candidates c
    JOIN person_records p ON p.id = c.candidate_record_id
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS referrals, string_agg(DISTINCT o.name, ', ') AS forces
      FROM referrals r JOIN organisations o ON o.id = r.owning_org_id
      WHERE r.person_record_id IN ${members(sql`coalesce(p.merged_into_id, p.id)`)}
    ) held
    LEFT JOIN LATERAL (
      SELECT * FROM person_match_decisions d WHERE d.referral_id = c.referral_id AND d.candidate_record_id = c.candidate_record_id ORDER BY d.decided_at DESC LIMIT 1
    ) d ON TRUE
    LEFT JOIN users u ON u.id = d.decided_by
    WHERE c.referral_id = ${referralId}
    ORDER BY c.match_weight DESC`);
  return rowsOf<{
    candidateRecordId: string;
    matchWeight: number;
    matchProbability: number;
    explanation: unknown;
    givenName: string;
    familyName: string;
    dateOfBirth: string | null;
    postcode: string | null;
    rootId: string;
    referralCount: number;
    heldBy: string | null;
    decision: 'same' | 'not_same' | 'unsure' | null;
    decisionReason: string | null;
    decidedAt: Date | string | null;
    decidedBy: string | null;
  }>(result);
}
