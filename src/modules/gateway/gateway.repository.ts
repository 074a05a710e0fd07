// SQL for the gateway assessment. Every function takes the database or transaction handle first.
import { and, asc, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import { concernCategories, deconflictions, forceSettings, gatewayChecks, gatewayDecisions, organisations, referrals, thresholdJudgements, users } from '../../db/schema.js';
import { members } from '../people/people.repository.js';
import type { Db } from '../../db/client.js';

export async function settingsFor(db: Db, organisationId: string) {
  const [row] = await db.select().from(forceSettings).where(eq(forceSettings.organisationId, organisationId));
  return row ?? { organisationId, approvalForNoFurtherAction: true, approvalForHandover: true, policeLedReviewDays: 30, signpostFollowUpDays: 20 };
}

export type ForceSettings = Awaited<ReturnType<typeof settingsFor>>;

/** Changes a force's gateway settings (the rest keep their current or default values). */
export async function saveSettings(db: Db, organisationId: string, changes: Partial<Omit<ForceSettings, 'organisationId'>>): Promise<ForceSettings> {
  const next = { ...(await settingsFor(db, organisationId)), ...changes, organisationId };
  await db.insert(forceSettings).values(next).onConflictDoUpdate({ target: forceSettings.organisationId, set: next });
  return next;
}

export async function insertCheck(db: Db, row: typeof gatewayChecks.$inferInsert) {
  await db.insert(gatewayChecks).values(row);
}

export async function insertDeconfliction(db: Db, row: typeof deconflictions.$inferInsert) {
  await db.insert(deconflictions).values(row);
}

export async function insertJudgement(db: Db, row: typeof thresholdJudgements.$inferInsert) {
  await db.insert(thresholdJudgements).values(row);
}

export async function insertDecision(db: Db, row: typeof gatewayDecisions.$inferInsert) {
  await db.insert(gatewayDecisions).values(row);
}

export async function pendingDecision(db: Db, referralId: string) {
  const [row] = await db
    .select()
    .from(gatewayDecisions)
    .where(and(eq(gatewayDecisions.referralId, referralId), eq(gatewayDecisions.status, 'awaiting_approval')));
  return row ?? null;
}

export async function reviewDecision(db: Db, id: string, change: { status: 'effective' | 'returned'; reviewedBy: string; reviewComments: string | null }) {
  await db
    .update(gatewayDecisions)
    .set({ ...change, reviewedAt: new Date() })
    .where(eq(gatewayDecisions.id, id));
}


const recorder = { recordedByName: users.displayName };

export async function listChecks(db: Db, referralId: string) {
  return db
    .select({ id: gatewayChecks.id, kind: gatewayChecks.kind, source: gatewayChecks.source, requestedOn: gatewayChecks.requestedOn, receivedOn: gatewayChecks.receivedOn, notes: gatewayChecks.notes, recordedAt: gatewayChecks.recordedAt, ...recorder })
    .from(gatewayChecks)
    .innerJoin(users, eq(users.id, gatewayChecks.recordedBy))
    .where(eq(gatewayChecks.referralId, referralId))
    .orderBy(asc(gatewayChecks.requestedOn), asc(gatewayChecks.recordedAt));
}

export async function listDeconflictions(db: Db, referralId: string) {
  return db
    .select({ id: deconflictions.id, doneOn: deconflictions.doneOn, sealedNotes: deconflictions.sealedNotes, recordedAt: deconflictions.recordedAt, ...recorder })
    .from(deconflictions)
    .innerJoin(users, eq(users.id, deconflictions.recordedBy))
    .where(eq(deconflictions.referralId, referralId))
    .orderBy(asc(deconflictions.doneOn));
}

export async function latestJudgement(db: Db, referralId: string) {
  const [row] = await db
    .select({ judgement: thresholdJudgements, ...recorder })
    .from(thresholdJudgements)
    .innerJoin(users, eq(users.id, thresholdJudgements.recordedBy))
    .where(eq(thresholdJudgements.referralId, referralId))
    .orderBy(desc(thresholdJudgements.recordedAt))
    .limit(1);
  return row ? { ...row.judgement, recordedByName: row.recordedByName } : null;
}

export async function listDecisions(db: Db, referralId: string) {
  const reviewer = sql<string | null>`(SELECT display_name FROM users WHERE id = ${gatewayDecisions.reviewedBy})`;
  return db
    .select({ decision: gatewayDecisions, decidedByName: users.displayName, reviewedByName: reviewer })
    .from(gatewayDecisions)
    .innerJoin(users, eq(users.id, gatewayDecisions.decidedBy))
    .where(eq(gatewayDecisions.referralId, referralId))
    .orderBy(asc(gatewayDecisions.decidedAt));
}

/**
 * Other referrals of the same person, oldest first, with the force holding each and its gateway outcome: those
 * with the same names and date of birth (exact key), and those someone has confirmed are about the same person.
 */
export async function otherReferralsOf(db: Db, of: { personKey: string | null; personRecordId: string }, exceptId: string) {
  // Two index lookups joined by UNION: an OR of the two conditions would read every referral.
  const root = sql`(SELECT coalesce(merged_into_id, id) FROM person_records WHERE id = ${of.personRecordId})`;
  const samePerson = sql`SELECT id FROM referrals WHERE person_record_id IN ${members(root)}`;
  const ids = of.personKey ? sql`(SELECT id FROM referrals WHERE person_key = ${of.personKey} UNION ${samePerson})` : sql`(${samePerson})`;
  return db
    .select({
      id: referrals.id,
      reference: referrals.reference,
      submittedAt: referrals.submittedAt,
      state: referrals.state,
      referrerOutcome: referrals.referrerOutcome,
      owner: organisations.name,
      owningOrgId: referrals.owningOrgId,
      primaryReferralId: referrals.primaryReferralId,
      outcome: sql<string | null>`(SELECT outcome FROM gateway_decisions d WHERE d.referral_id = ${referrals.id} AND d.status = 'effective' ORDER BY d.decided_at DESC LIMIT 1)`,
      // Where its latest Channel case got to (channel_cases_referral_idx), so a new referral links back to it.
      channel: sql<{ state: string; exitedAt: string | null; exitReason: string | null } | null>`(
        SELECT json_build_object('state', c.state, 'exitedAt', c.exited_at, 'exitReason', c.exit_reason)
        FROM channel_cases c WHERE c.referral_id = ${referrals.id} ORDER BY c.referred_at DESC LIMIT 1)`,
    })
    .from(referrals)
    .innerJoin(organisations, eq(organisations.id, referrals.owningOrgId))
    .where(and(inArray(referrals.id, ids), ne(referrals.id, exceptId)))
    .orderBy(asc(referrals.submittedAt))
    .limit(100);
}

export async function displayNameOf(db: Db, userId: string): Promise<string | null> {
  const [row] = await db.select({ name: users.displayName }).from(users).where(eq(users.id, userId));
  return row?.name ?? null;
}

/** Prevent officers of an organisation: who a referral can be assigned to. */
export async function officersOf(db: Db, organisationId: string) {
  return db
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(and(eq(users.organisationId, organisationId), sql`${users.roles} && ARRAY['prevent_officer','prevent_supervisor']::text[]`, sql`${users.disabledAt} IS NULL`))
    .orderBy(asc(users.displayName));
}

/** Concern categories in use for the statistics year starting in `year`. */
export async function currentConcernCategories(db: Db, year: number) {
  return db
    .select({ code: concernCategories.code, label: concernCategories.label })
    .from(concernCategories)
    .where(and(sql`${concernCategories.fromYear} <= ${year}`, sql`(${concernCategories.toYear} IS NULL OR ${concernCategories.toYear} >= ${year})`))
    .orderBy(asc(concernCategories.sortOrder));
}

export async function concernLabels(db: Db, codes: string[]) {
  if (codes.length === 0) return new Map<string, string>();
  const rows = await db.select({ code: concernCategories.code, label: concernCategories.label }).from(concernCategories).where(inArray(concernCategories.code, codes));
  return new Map(rows.map((r) => [r.code, r.label]));
}
