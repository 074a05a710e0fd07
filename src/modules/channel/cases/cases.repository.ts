// SQL for the Channel case record: the chair's dashboard lists and the panel's case list (filtered in SQL over
// the authorities of the panels the chair's authority chairs), and the parts of one case's page. Every function
// takes the database or transaction handle. Only what the panel may see is selected: no police-only column of
// the referral or the gateway is read here (the referral to Channel comes from channel.repository.ts).
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import {
  channelCaseEvents,
  consents,
  interventionProviders,
  interventionTypes,
  organisations,
  panelDecisions,
  postExitReviews,
  referrals,
  supportPlans,
  users,
  vafAssessments,
  vafFactors,
} from '../../../db/schema.js';
import { rowsOf } from '../../../db/rows.js';
import { jsonList, preparedTogether, readTogether, value } from '../../../db/together.js';
import type { Bound, Placeholders } from '../../../db/prepared.js';


// ---- The panel's cases -----------------------------------------------------------------------------------

/** The local authorities covered by the panels an organisation chairs (channel_panel_authorities_panel_idx). */
const chairedAuthorities = (orgId: Bound<string>) =>
  sql`SELECT pa.local_authority_id AS id FROM channel_panels p JOIN channel_panel_authorities pa ON pa.panel_id = p.id WHERE p.chair_org_id = ${orgId}::uuid`;

export async function authoritiesChairedBy(db: Db, orgId: string): Promise<string[]> {
  return rowsOf<{ id: string }>(await db.execute(chairedAuthorities(orgId))).map((r) => r.id);
}

export const CASE_FILTERS = ['awaiting_panel', 'no_consent', 'no_recent_session', 'review_overdue', 'post_exit_due'] as const;
export type CaseFilter = (typeof CASE_FILTERS)[number];

// Today's date in the UK, worked out by the database, for the dashboard and the lists behind it alike. As a
// parameter, the date made PostgreSQL plan the dashboard's statement again on every view (3.5 ms, against 1 ms
// running it): its plan for a given date looked cheaper than its plan for any date.
const LONDON_TODAY = sql<string>`(now() AT TIME ZONE 'Europe/London')::date`;

/**
 * What each dashboard list means, as a condition on a case `c` and the date it is listed by (oldest first on the
 * dashboard). The case list uses the same conditions, so "view all" shows exactly what was counted. Live consent,
 * last contact and the next post-exit review due are columns of the case, kept by triggers (migration 0020, where
 * they are defined), each list with a partial index of the cases it can hold.
 */
function filterSql(filter: CaseFilter): { where: SQL; on: SQL; byReferral?: true } {
  switch (filter) {
    case 'awaiting_panel':
      // Listed by the referral's date: in the order of referred_at itself.
      return { where: sql`c.state = 'awaiting_panel'`, on: sql`(c.referred_at AT TIME ZONE 'Europe/London')::date`, byReferral: true };
    case 'no_consent':
      return { where: sql`c.state = 'adopted' AND NOT c.live_consent`, on: sql`(c.adopted_at AT TIME ZONE 'Europe/London')::date` };
    case 'no_recent_session':
      return { where: sql`c.state = 'adopted' AND c.last_contact_on IS NOT NULL AND c.last_contact_on < ${LONDON_TODAY} - 30`, on: sql`c.last_contact_on` };
    case 'review_overdue':
      return { where: sql`c.state = 'adopted' AND c.next_review_on < ${LONDON_TODAY}`, on: sql`c.next_review_on` };
    case 'post_exit_due':
      return { where: sql`c.state = 'exited' AND c.post_exit_due_on IS NOT NULL AND c.post_exit_due_on <= ${LONDON_TODAY} + 30`, on: sql`c.post_exit_due_on` };
  }
}

export interface CaseListItem {
  id: string;
  state: string;
  referredAt: Date;
  givenName: string;
  familyName: string;
  dateOfBirth: string | null;
  /** The date the list is about (review due, last contact...); null in the plain case list. */
  on: string | null;
}

type RawItem = Omit<CaseListItem, 'referredAt'> & { referredAt: Date | string };
// `n` is the row's place in its list: the page's join and json_agg keep that order by it.
const item = ({ n: _n, ...r }: RawItem & { n?: unknown }): CaseListItem => ({ ...r, referredAt: new Date(r.referredAt) });

/**
 * Cases of the authorities, one page of them: by the dashboard's order (the listed date, oldest first) or newest
 * referral first. channel_cases_la_state_idx and the lists' partial indexes serve these.
 */
type ListOptions = { state?: string | undefined; filter?: CaseFilter | undefined; limit: number; offset: number; order: 'listed' | 'newest' };

/**
 * The page of a list and its total, as parts of one statement. The page is chosen from channel_cases alone and
 * only its rows are joined to their referrals; the total is counted on its own. Counting over the page's window
 * (count(*) OVER ()) read every case of a list from the heap and sorted them all to show five; apart, the count
 * is an index-only scan and, for one authority's list in its index's order, the page an index walk that stops at
 * the page's end (a few hundred cases at most are sorted otherwise). `authorities` selects or lists the ids of the
 * authorities whose cases are listed.
 */
function listParts(authorities: SQL, opts: ListOptions) {
  const f = opts.filter ? filterSql(opts.filter) : null;
  const conditions = [sql`c.local_authority_id IN (${authorities})`];
  if (opts.state) conditions.push(sql`c.state = ${opts.state}`);
  if (f) conditions.push(f.where);
  const where = sql.join(conditions, sql` AND `);
  const on = f ? f.on : sql`NULL::date`;
  // The date itself, not its output name: a window's ORDER BY cannot see output names. A list whose date is
  // the referral's own date is in referred_at order, which its index holds.
  const order = opts.order === 'listed' && f ? (f.byReferral ? sql`c.referred_at ASC, c.id` : sql`(${on}) ASC NULLS LAST, c.referred_at ASC, c.id`) : sql`c.referred_at DESC, c.id DESC`;
  const select = sql`
      SELECT c.id, c.state, c."referredAt", r.subject_given_name AS "givenName", r.subject_family_name AS "familyName",
             r.subject_date_of_birth::text AS "dateOfBirth", c."on", c.n
      FROM (
        SELECT c.id, c.state, c.referral_id, c.referred_at AS "referredAt", (${on})::text AS "on", row_number() OVER (ORDER BY ${order}) AS n
        FROM channel_cases c
        WHERE ${where}
        ORDER BY ${order}
        LIMIT ${opts.limit} OFFSET ${opts.offset}
      ) c JOIN referrals r ON r.id = c.referral_id`;
  return {
    items: value(jsonList(select) as SQL<RawItem[]>),
    total: value(sql<number>`SELECT to_json(count(*)) FROM channel_cases c WHERE ${where}`),
  };
}

export async function listCases(db: Db, authorityIds: readonly string[], opts: ListOptions): Promise<{ items: CaseListItem[]; total: number }> {
  if (!authorityIds.length) return { items: [], total: 0 };
  const { items, total } = await readTogether(db, listParts(sql.join(authorityIds.map((id) => sql`${id}::uuid`), sql`, `), opts));
  return { items: items.map(item), total };
}

export const DASHBOARD_LIMIT = 5;

/**
 * The chair's dashboard in one statement built once: whether the organisation chairs a panel, and the first cases
 * of each list with each list's total, over the authorities of the panels it chairs. Each list walks its partial
 * index for each of those authorities (one or a few) and sorts what it finds: a few hundred cases at most.
 */
const dashboardRead = preparedTogether((p: Placeholders<'orgId'>) => ({
  chairs: value(sql<boolean>`SELECT to_json(EXISTS (${chairedAuthorities(p.orgId)}))`),
  ...Object.fromEntries(
    CASE_FILTERS.flatMap((filter) => {
      const { items, total } = listParts(chairedAuthorities(p.orgId), { filter, limit: DASHBOARD_LIMIT, offset: 0, order: 'listed' });
      return [
        [`${filter}.items`, items],
        [`${filter}.total`, total],
      ];
    }),
  ),
}));

/** The dashboard's lists as of today, or null when the organisation chairs no panel. */
export async function dashboardLists(db: Db, orgId: string) {
  const read = (await dashboardRead(db, { orgId }))!;
  if (!read.chairs) return null;
  return CASE_FILTERS.map((filter) => ({ filter, items: ((read[`${filter}.items`] ?? []) as RawItem[]).map(item), total: (read[`${filter}.total`] ?? 0) as number }));
}

// ---- One case ------------------------------------------------------------------------------------------

/** The person as the referral names them, and the reference: nothing of the referral's triage. */
export async function personOf(db: Db, referralId: string) {
  const [row] = await db
    .select({ reference: referrals.reference, givenName: referrals.subjectGivenName, familyName: referrals.subjectFamilyName, dateOfBirth: referrals.subjectDateOfBirth })
    .from(referrals)
    .where(eq(referrals.id, referralId));
  return row ?? null;
}

export async function organisationName(db: Db, id: string): Promise<string> {
  const [row] = await db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, id));
  return row?.name ?? '';
}

/** The panel's decisions with the chair who recorded them (panel_decisions_case_idx). */
export async function decisionsOf(db: Db, caseId: string) {
  return db
    .select({ id: panelDecisions.id, decision: panelDecisions.decision, method: panelDecisions.method, dissent: panelDecisions.dissent, rationale: panelDecisions.rationale, decidedBy: users.displayName, recordedAt: panelDecisions.recordedAt })
    .from(panelDecisions)
    .innerJoin(users, eq(users.id, panelDecisions.decidedBy))
    .where(eq(panelDecisions.channelCaseId, caseId))
    .orderBy(asc(panelDecisions.recordedAt));
}

export type StoredFactor = { code: string; evidence: string; judgement: string };

/** Assessments, oldest first (vaf_assessments_case_idx). */
export async function assessmentsOf(db: Db, caseId: string) {
  const rows = await db
    .select({ id: vafAssessments.id, framework: vafAssessments.framework, factors: vafAssessments.factors, summary: vafAssessments.summary, managementPlan: vafAssessments.managementPlan, significantChanges: vafAssessments.significantChanges, recordedBy: users.displayName, recordedAt: vafAssessments.recordedAt })
    .from(vafAssessments)
    .innerJoin(users, eq(users.id, vafAssessments.recordedBy))
    .where(eq(vafAssessments.channelCaseId, caseId))
    .orderBy(asc(vafAssessments.recordedAt));
  return rows.map((r) => ({ ...r, factors: r.factors as StoredFactor[] }));
}

export async function countAssessments(db: Db, caseId: string): Promise<number> {
  const [row] = rowsOf<{ n: number | string }>(await db.execute(sql`SELECT count(*) AS n FROM vaf_assessments WHERE channel_case_id = ${caseId}::uuid`));
  return Number(row?.n ?? 0);
}

export async function insertAssessment(db: Db, row: typeof vafAssessments.$inferInsert): Promise<void> {
  await db.insert(vafAssessments).values(row);
}

/** Every factor (inactive ones too, for assessments made while they were in use), by dimension and order. */
export async function vafFactorList(db: Db) {
  return db.select().from(vafFactors).orderBy(asc(vafFactors.sortOrder));
}

/** Consents, newest first (consents_case_idx). */
export async function consentsOf(db: Db, caseId: string) {
  return db.select().from(consents).where(eq(consents.channelCaseId, caseId)).orderBy(desc(consents.recordedAt));
}

export async function planOf(db: Db, caseId: string) {
  const [row] = await db.select().from(supportPlans).where(eq(supportPlans.channelCaseId, caseId));
  return row ?? null;
}

/**
 * Writes the plan only if it is still at the version the user saw (0: none yet); false when someone else
 * wrote it first.
 */
export async function savePlan(db: Db, caseId: string, expectedVersion: number, plan: { consentApproach: string; adjustments: string | null; updatedBy: string }): Promise<boolean> {
  const now = new Date();
  if (expectedVersion === 0) {
    const inserted = await db.insert(supportPlans).values({ channelCaseId: caseId, ...plan, version: 1, updatedAt: now }).onConflictDoNothing().returning({ v: supportPlans.version });
    return inserted.length === 1;
  }
  const updated = await db
    .update(supportPlans)
    .set({ ...plan, version: sql`${supportPlans.version} + 1`, updatedAt: now })
    .where(and(eq(supportPlans.channelCaseId, caseId), eq(supportPlans.version, expectedVersion)))
    .returning({ v: supportPlans.version });
  return updated.length === 1;
}

/** The case's interventions with their type, provider, and how many sessions were logged and when the last was. */
export async function interventionsOf(db: Db, caseId: string) {
  const rows = rowsOf<{
    id: string;
    type: string;
    provider: string;
    goal: string;
    contactRoute: string;
    startsOn: string;
    expectedSessions: number;
    status: string;
    sessionsHeld: number | string;
    lastSessionOn: string | null;
  }>(
    await db.execute(sql`
      SELECT i.id, t.label AS type, p.name AS provider, i.goal, i.contact_route AS "contactRoute", i.starts_on::text AS "startsOn",
             i.expected_sessions AS "expectedSessions", i.status,
             count(s.id) AS "sessionsHeld", max(s.held_on)::text AS "lastSessionOn"
      FROM interventions i
      JOIN intervention_types t ON t.code = i.type_code
      JOIN intervention_providers p ON p.id = i.provider_id
      LEFT JOIN intervention_sessions s ON s.intervention_id = i.id
      WHERE i.channel_case_id = ${caseId}::uuid
      GROUP BY i.id, t.label, p.name
      ORDER BY i.created_at`),
  );
  return rows.map((r) => ({ ...r, sessionsHeld: Number(r.sessionsHeld) }));
}

export async function activeInterventionTypes(db: Db) {
  return db.select({ code: interventionTypes.code, label: interventionTypes.label }).from(interventionTypes).where(eq(interventionTypes.active, true)).orderBy(asc(interventionTypes.sortOrder));
}

/** Providers whose approval is current on `day`: the only ones a chair is offered. */
export async function currentProviders(db: Db, day: string) {
  return db
    .select({ id: interventionProviders.id, name: interventionProviders.name, approvalExpiresOn: interventionProviders.approvalExpiresOn })
    .from(interventionProviders)
    .where(and(eq(interventionProviders.approvalStatus, 'approved'), sql`${interventionProviders.approvalExpiresOn} >= ${day}::date`))
    .orderBy(asc(interventionProviders.name));
}

export async function postExitReviewsOf(db: Db, caseId: string) {
  return db.select().from(postExitReviews).where(eq(postExitReviews.channelCaseId, caseId)).orderBy(asc(postExitReviews.monthsAfterExit));
}

/** Completes an open review; false when it was already completed. */
export async function completePostExitReview(db: Db, id: string, r: { outcome: string; notes: string; completedOn: string; recordedBy: string }): Promise<boolean> {
  const done = await db
    .update(postExitReviews)
    .set({ ...r, recordedAt: new Date() })
    .where(and(eq(postExitReviews.id, id), sql`${postExitReviews.completedOn} IS NULL`))
    .returning({ id: postExitReviews.id });
  return done.length === 1;
}

/** Schedules a review `months` after exit unless the case has one already; returns its id when added. */
export async function schedulePostExitReview(db: Db, caseId: string, months: number, dueOn: string): Promise<string | null> {
  const id = randomUUID();
  const added = await db.insert(postExitReviews).values({ id, channelCaseId: caseId, monthsAfterExit: months, dueOn }).onConflictDoNothing().returning({ id: postExitReviews.id });
  return added[0]?.id ?? null;
}

/** The timeline, oldest first, with who acted (channel_case_events_case_idx). */
export async function eventsOf(db: Db, caseId: string) {
  return db
    .select({ type: channelCaseEvents.type, fromState: channelCaseEvents.fromState, toState: channelCaseEvents.toState, data: channelCaseEvents.data, by: users.displayName, organisation: organisations.name, occurredAt: channelCaseEvents.occurredAt })
    .from(channelCaseEvents)
    .leftJoin(users, eq(users.id, channelCaseEvents.actorUserId))
    .leftJoin(organisations, eq(organisations.id, channelCaseEvents.actorOrgId))
    .where(eq(channelCaseEvents.channelCaseId, caseId))
    .orderBy(asc(channelCaseEvents.occurredAt));
}
