// SQL for the gateway assessment. Every function takes the database or transaction handle first.
import { and, asc, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import { concernCategories, deconflictions, forceSettings, gatewayChecks, gatewayDecisions, organisations, referrals, thresholdJudgements, users } from '../../db/schema.js';
import { members } from '../people/people.repository.js';
import { candidateCountsOf } from '../people/caseSummary.js';
import { organisationById } from '../organisations/organisations.repository.js';
import { officersSource } from '../organisations/officers.repository.js';
import { eventsOf } from '../referrals/referrals.repository.js';
import { channelCasesOf } from '../channel/cases/channelCase.repository.js';
import { first, list, preparedTogetherByKey, readFirst, readList, value } from '../../db/together.js';
import type { Bound } from '../../db/prepared.js';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.js';
import { isUuid } from '../../platform/http/routeParams.js';
import { inKeys } from '../../db/keys.js';

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
const recordedBy = (column: AnyPgColumn) => sql`JOIN ${users} ON ${users.id} = ${column}`;

const checksOf = (referralId: Bound<string>) => ({
  fields: { id: gatewayChecks.id, kind: gatewayChecks.kind, source: gatewayChecks.source, requestedOn: gatewayChecks.requestedOn, receivedOn: gatewayChecks.receivedOn, notes: gatewayChecks.notes, recordedAt: gatewayChecks.recordedAt, ...recorder },
  from: sql`${gatewayChecks} ${recordedBy(gatewayChecks.recordedBy)} WHERE ${gatewayChecks.referralId} = ${referralId}`,
  orderBy: sql`${gatewayChecks.requestedOn}, ${gatewayChecks.recordedAt}`,
});

const deconflictionsOf = (referralId: Bound<string>) => ({
  fields: { id: deconflictions.id, doneOn: deconflictions.doneOn, sealedNotes: deconflictions.sealedNotes, recordedAt: deconflictions.recordedAt, ...recorder },
  from: sql`${deconflictions} ${recordedBy(deconflictions.recordedBy)} WHERE ${deconflictions.referralId} = ${referralId}`,
  orderBy: sql`${deconflictions.doneOn}`,
});

/** The latest threshold judgement, with the labels of its concern types in their order (a retired code shows as itself). */
const latestJudgementOf = (referralId: Bound<string>) => ({
  fields: {
    ...getTableColumns(thresholdJudgements),
    ...recorder,
    concernLabels: sql<string[]>`(SELECT coalesce(json_agg(coalesce(c.label, t.code) ORDER BY t.n), '[]'::json)
      FROM unnest(${thresholdJudgements.concernTypes}) WITH ORDINALITY AS t(code, n) LEFT JOIN ${concernCategories} c ON c.code = t.code)`,
  },
  from: sql`${thresholdJudgements} ${recordedBy(thresholdJudgements.recordedBy)} WHERE ${thresholdJudgements.referralId} = ${referralId}`,
  orderBy: sql`${thresholdJudgements.recordedAt} DESC`,
});

export async function latestJudgement(db: Db, referralId: string) {
  return readFirst(db, latestJudgementOf(referralId));
}

const decisionsOf = (referralId: Bound<string>) => ({
  fields: {
    ...getTableColumns(gatewayDecisions),
    decidedByName: users.displayName,
    reviewedByName: sql<string | null>`(SELECT display_name FROM users WHERE id = ${gatewayDecisions.reviewedBy})`,
  },
  from: sql`${gatewayDecisions} JOIN ${users} ON ${users.id} = ${gatewayDecisions.decidedBy} WHERE ${gatewayDecisions.referralId} = ${referralId}`,
  orderBy: sql`${gatewayDecisions.decidedAt}`,
});

/**
 * Other referrals of the same person, oldest first, with the force holding each and its gateway outcome: those
 * with the same names and date of birth (exact key), and those someone has confirmed are about the same person.
 */
const otherReferralsOf = (of: { id: Bound<string>; personKey: Bound<string | null>; personRecordId: Bound<string> }) => {
  // Two index lookups joined by UNION: an OR of the two conditions would read every referral. Without a person
  // key (a null) the first finds nothing.
  const root = sql`(SELECT coalesce(merged_into_id, id) FROM person_records WHERE id = ${of.personRecordId})`;
  const ids = sql`(SELECT id FROM referrals WHERE person_key = ${of.personKey} UNION SELECT id FROM referrals WHERE person_record_id IN ${members(root)})`;
  return {
    fields: {
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
    },
    from: sql`${referrals} JOIN ${organisations} ON ${organisations.id} = ${referrals.owningOrgId} WHERE ${referrals.id} IN ${ids} AND ${referrals.id} <> ${of.id}`,
    orderBy: sql`${referrals.submittedAt}`,
    limit: 100,
  };
};

/**
 * Everything the case page reads, in one statement built once: the referral, its checks, deconflictions, latest
 * judgement, decisions, the person's other referrals, the force's name, the timeline, the Channel
 * cases it opened, and counts of the person's possible earlier records (shown only to whoever may assess it).
 * Null when there is no such referral. The caller decides access from the referral before showing any of it.
 * Cases opened at the same time are read by one statement.
 */
const caseReadByKey = preparedTogetherByKey(
  () => {
    // The referral's own columns, from the one row the statement reads.
    const r = { id: sql`r.id`, personKey: sql`r.person_key`, personRecordId: sql`r.person_record_id`, owningOrgId: sql`r.owning_org_id` };
    return {
      // Read again by its key (one index probe): the parts' own subqueries scan referrals too, so the outer row
      // goes by the alias r and the table's column names stay theirs.
      referral: first({ fields: getTableColumns(referrals), from: sql`${referrals} WHERE ${referrals.id} = r.id` }),
      checks: list(checksOf(r.id)),
      deconflictions: list(deconflictionsOf(r.id)),
      judgement: first(latestJudgementOf(r.id)),
      decisions: list(decisionsOf(r.id)),
      others: list(otherReferralsOf(r)),
      owner: first(organisationById(r.owningOrgId)),
      events: list(eventsOf(r.id)),
      assignedOfficerName: value(sql<string | null>`SELECT to_json(display_name) FROM users WHERE id = r.assigned_officer_id`),
      channelCases: list(channelCasesOf(r.id)),
      candidates: value(candidateCountsOf(r.id, r.personRecordId)),
    };
  },
  (p) => sql`${referrals} r WHERE ${inKeys(sql`r.id`, p.keys, 'uuid')}`,
  sql`r.id`,
);

/** A key that is not a UUID would fail the cast, and with it the reads of other requests it was batched with. */
export const caseRead = async (db: Db, id: string) => (isUuid(id) ? caseReadByKey(db, id) : null);

export async function officersOf(db: Db, organisationId: string) {
  return readList(db, officersSource(organisationId));
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
