// SQL for a Channel panel's meetings: the meetings, their agendas (and the cases that could go on them), who
// attended, each agency's contribution and the panel's decisions, plus what a meeting pack shows of a case.
// Every function takes the database or transaction handle first. Candidates are found per local authority of
// the panel (channel_cases_la_state_idx for cases awaiting the panel, channel_cases_review_idx for reviews due).
// Police-only content is never read here: the pack reuses channel.repository.ts, which selects only what the
// panel may see.
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import {
  agencyContributions,
  agendaItems,
  channelPanelAuthorities,
  channelPanels,
  consents,
  interventionProviders,
  interventions,
  interventionTypes,
  meetingAttendance,
  panelDecisions,
  panelMeetings,
  panelMembers,
  vafAssessments,
} from '../../../db/schema.js';

const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;
const uuidList = (ids: readonly string[]) => sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `);

export type MeetingRow = typeof panelMeetings.$inferSelect;
export interface PanelRow {
  id: string;
  name: string;
  chairOrgId: string;
  reviewIntervalDays: number;
}

/** The panels a local authority chairs (its Channel chair schedules their meetings). */
export async function panelsChairedBy(db: Db, orgId: string): Promise<PanelRow[]> {
  return db
    .select({ id: channelPanels.id, name: channelPanels.name, chairOrgId: channelPanels.chairOrgId, reviewIntervalDays: channelPanels.reviewIntervalDays })
    .from(channelPanels)
    .where(eq(channelPanels.chairOrgId, orgId))
    .orderBy(asc(channelPanels.name));
}

/** Whether the user has any current place on a panel (standing or co-opted): who may open the meetings list. */
export async function hasAnyMembership(db: Db, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: panelMembers.id })
    .from(panelMembers)
    .where(and(eq(panelMembers.userId, userId), isNull(panelMembers.endedOn)))
    .limit(1);
  return Boolean(row);
}

export async function insertMeeting(db: Db, row: typeof panelMeetings.$inferInsert): Promise<void> {
  await db.insert(panelMeetings).values(row);
}

export interface ListedMeeting {
  id: string;
  panelId: string;
  panelName: string;
  chairOrgId: string;
  meetsAt: Date;
  location: string;
  status: string;
  packPublishedAt: Date | null;
  version: number;
  agendaItems: number;
}

/**
 * The meetings of the panels the user chairs (through `chairOrgId`), sits on as a standing member, or of which an
 * agenda item is a case they are co-opted for. Upcoming first (soonest first), then past ones (latest first).
 */
export async function listMeetingsFor(db: Db, who: { userId: string; chairOrgId: string | null }, now: Date, limit: number, offset: number) {
  const visible = sql`
    FROM panel_meetings m
    JOIN channel_panels p ON p.id = m.panel_id
    WHERE p.chair_org_id = ${who.chairOrgId}::uuid
       OR EXISTS (SELECT 1 FROM panel_members pm WHERE pm.panel_id = m.panel_id AND pm.user_id = ${who.userId}::uuid AND pm.ended_on IS NULL AND pm.channel_case_id IS NULL)
       OR EXISTS (SELECT 1 FROM panel_members pm JOIN agenda_items a ON a.channel_case_id = pm.channel_case_id
                  WHERE a.meeting_id = m.id AND pm.panel_id = m.panel_id AND pm.user_id = ${who.userId}::uuid AND pm.ended_on IS NULL)`;
  const items = rowsOf<Omit<ListedMeeting, 'meetsAt' | 'packPublishedAt'> & { meetsAt: Date | string; packPublishedAt: Date | string | null }>(
    await db.execute(sql`
      SELECT m.id, m.panel_id AS "panelId", p.name AS "panelName", p.chair_org_id AS "chairOrgId", m.meets_at AS "meetsAt", m.location,
             m.status, m.pack_published_at AS "packPublishedAt", m.version,
             (SELECT count(*) FROM agenda_items a WHERE a.meeting_id = m.id)::int AS "agendaItems"
      ${visible}
      ORDER BY (m.meets_at < ${now.toISOString()}::timestamptz), CASE WHEN m.meets_at >= ${now.toISOString()}::timestamptz THEN m.meets_at END ASC, m.meets_at DESC, m.id
      LIMIT ${limit} OFFSET ${offset}`),
  );
  const [count] = rowsOf<{ n: number | string }>(await db.execute(sql`SELECT count(*) AS n ${visible}`));
  return {
    items: items.map((i) => ({ ...i, meetsAt: new Date(i.meetsAt), packPublishedAt: i.packPublishedAt ? new Date(i.packPublishedAt) : null, agendaItems: Number(i.agendaItems) })),
    total: Number(count?.n ?? 0),
  };
}

/** A meeting with its panel; with `lock` the meeting row is locked for the rest of the transaction. */
export async function findMeeting(db: Db, id: string, lock = false): Promise<{ meeting: MeetingRow; panel: PanelRow } | null> {
  const q = db
    .select({ meeting: panelMeetings, panel: { id: channelPanels.id, name: channelPanels.name, chairOrgId: channelPanels.chairOrgId, reviewIntervalDays: channelPanels.reviewIntervalDays } })
    .from(panelMeetings)
    .innerJoin(channelPanels, eq(channelPanels.id, panelMeetings.panelId))
    .where(eq(panelMeetings.id, id));
  const [row] = lock ? await q.for('update', { of: panelMeetings }) : await q;
  return row ?? null;
}

export async function panelAuthorityIds(db: Db, panelId: string): Promise<string[]> {
  const rows = await db.select({ id: channelPanelAuthorities.localAuthorityId }).from(channelPanelAuthorities).where(eq(channelPanelAuthorities.panelId, panelId));
  return rows.map((r) => r.id);
}

/** The user's current places on a panel: as a standing member, and the cases they are co-opted for. */
export async function membershipOf(db: Db, panelId: string, userId: string): Promise<{ standing: boolean; coOptedCaseIds: string[] }> {
  const rows = await db
    .select({ caseId: panelMembers.channelCaseId })
    .from(panelMembers)
    .where(and(eq(panelMembers.panelId, panelId), eq(panelMembers.userId, userId), isNull(panelMembers.endedOn)));
  return { standing: rows.some((r) => r.caseId === null), coOptedCaseIds: rows.map((r) => r.caseId).filter((c): c is string => c !== null) };
}

/** Applies changes only if the meeting is still at the version the user saw. */
export async function updateMeeting(db: Db, id: string, expectedVersion: number, changes: Partial<typeof panelMeetings.$inferInsert> = {}): Promise<number | null> {
  const [row] = await db
    .update(panelMeetings)
    .set({ ...changes, version: sql`${panelMeetings.version} + 1` })
    .where(and(eq(panelMeetings.id, id), eq(panelMeetings.version, expectedVersion)))
    .returning({ version: panelMeetings.version });
  return row?.version ?? null;
}

export interface AgendaRow {
  id: string;
  channelCaseId: string;
  kind: string;
  position: number;
  givenName: string;
  familyName: string;
  dateOfBirth: string | null;
  caseState: string;
  caseVersion: number;
  policeOrgId: string;
  referralId: string;
  decision: string | null;
}

const agendaSelect = sql`
  SELECT a.id, a.channel_case_id AS "channelCaseId", a.kind, a.position, r.subject_given_name AS "givenName",
         r.subject_family_name AS "familyName", r.subject_date_of_birth::text AS "dateOfBirth", c.state AS "caseState",
         c.version AS "caseVersion", c.police_org_id AS "policeOrgId", c.referral_id AS "referralId", d.decision
  FROM agenda_items a
  JOIN channel_cases c ON c.id = a.channel_case_id
  JOIN referrals r ON r.id = c.referral_id
  LEFT JOIN panel_decisions d ON d.agenda_item_id = a.id`;

/** A meeting's agenda in order, with each person's name and the decision recorded, if any. */
export async function agendaOf(db: Db, meetingId: string): Promise<AgendaRow[]> {
  return rowsOf<AgendaRow>(await db.execute(sql`${agendaSelect} WHERE a.meeting_id = ${meetingId}::uuid ORDER BY a.position`));
}

export async function agendaItem(db: Db, meetingId: string, itemId: string): Promise<AgendaRow | null> {
  const [row] = rowsOf<AgendaRow>(await db.execute(sql`${agendaSelect} WHERE a.meeting_id = ${meetingId}::uuid AND a.id = ${itemId}::uuid`));
  return row ?? null;
}

export interface CandidateRow {
  channelCaseId: string;
  kind: 'new_referral' | 'review' | 'deferred' | 'reopened';
  givenName: string;
  familyName: string;
  dateOfBirth: string | null;
  caseState: string;
  nextReviewOn: string | null;
}

/**
 * Cases that may go on the agenda: of the panel's authorities, awaiting the panel (a new referral, a deferral
 * or a reopened case, by whichever came last) or adopted and due for review by the meeting's day; not already
 * on it. Each branch reads its own index; `onlyCaseId` narrows to one case (adding it).
 */
export async function agendaCandidates(db: Db, meetingId: string, authorityIds: readonly string[], meetingDay: string, onlyCaseId?: string): Promise<CandidateRow[]> {
  if (!authorityIds.length) return [];
  const one = onlyCaseId ? sql`AND c.id = ${onlyCaseId}::uuid` : sql``;
  return rowsOf<CandidateRow>(
    await db.execute(sql`
      SELECT c.id AS "channelCaseId", r.subject_given_name AS "givenName", r.subject_family_name AS "familyName",
             r.subject_date_of_birth::text AS "dateOfBirth", c.state AS "caseState", c.next_review_on::text AS "nextReviewOn",
             CASE WHEN c.state = 'adopted' THEN 'review'
                  WHEN lr.at IS NOT NULL AND (ld.at IS NULL OR lr.at > ld.at) THEN 'reopened'
                  WHEN ld.at IS NOT NULL THEN 'deferred'
                  ELSE 'new_referral' END AS kind
      FROM (
        SELECT c.id FROM channel_cases c
        WHERE c.local_authority_id IN (${uuidList(authorityIds)}) AND c.state = 'awaiting_panel' ${one}
        UNION ALL
        SELECT c.id FROM channel_cases c
        WHERE c.local_authority_id IN (${uuidList(authorityIds)}) AND c.next_review_on IS NOT NULL AND c.next_review_on <= ${meetingDay}::date
          AND c.state = 'adopted' ${one}
      ) k
      JOIN channel_cases c ON c.id = k.id
      JOIN referrals r ON r.id = c.referral_id
      LEFT JOIN LATERAL (SELECT max(d.recorded_at) AS at FROM panel_decisions d WHERE d.channel_case_id = c.id AND d.decision = 'defer') ld ON true
      LEFT JOIN LATERAL (SELECT max(e.occurred_at) AS at FROM channel_case_events e WHERE e.channel_case_id = c.id AND e.type = 'reopen') lr ON true
      WHERE NOT EXISTS (SELECT 1 FROM agenda_items a WHERE a.meeting_id = ${meetingId}::uuid AND a.channel_case_id = c.id)
      ORDER BY (c.state = 'adopted'), COALESCE(c.next_review_on, c.referred_at::date), c.referred_at, c.id`),
  );
}

export async function insertAgendaItem(db: Db, row: typeof agendaItems.$inferInsert): Promise<void> {
  await db.insert(agendaItems).values(row);
}

export async function nextPosition(db: Db, meetingId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`coalesce(max(${agendaItems.position}), 0) + 1`.mapWith(Number) }).from(agendaItems).where(eq(agendaItems.meetingId, meetingId));
  return row?.n ?? 1;
}

/** Whether anything was recorded against an item (a contribution or a decision): then it stays. */
export async function itemHasRecords(db: Db, itemId: string): Promise<boolean> {
  const [row] = rowsOf<{ used: boolean }>(
    await db.execute(sql`SELECT EXISTS (SELECT 1 FROM agency_contributions WHERE agenda_item_id = ${itemId}::uuid)
                          OR EXISTS (SELECT 1 FROM panel_decisions WHERE agenda_item_id = ${itemId}::uuid) AS used`),
  );
  return Boolean(row?.used);
}

export async function deleteAgendaItem(db: Db, itemId: string): Promise<void> {
  await db.delete(agendaItems).where(eq(agendaItems.id, itemId));
}

export interface MemberRow {
  id: string;
  name: string;
  organisationId: string | null;
  organisationName: string;
  agency: string;
  role: string;
  canDecide: boolean;
  channelCaseId: string | null;
}

/** Who may attend: the panel's current standing members, and members co-opted for a case on the agenda. */
export async function eligibleMembers(db: Db, panelId: string, agendaCaseIds: readonly string[]): Promise<MemberRow[]> {
  const coOpted = agendaCaseIds.length ? sql`OR m.channel_case_id IN (${uuidList(agendaCaseIds)})` : sql``;
  return rowsOf<MemberRow>(
    await db.execute(sql`
      SELECT m.id, m.name, m.organisation_id AS "organisationId", m.organisation_name AS "organisationName", m.agency, m.role,
             m.can_decide AS "canDecide", m.channel_case_id AS "channelCaseId"
      FROM panel_members m
      WHERE m.panel_id = ${panelId}::uuid AND m.ended_on IS NULL AND (m.channel_case_id IS NULL ${coOpted})
      ORDER BY (m.channel_case_id IS NOT NULL), m.agency = 'local_authority' DESC, m.name`),
  );
}

export interface AttendanceRow {
  memberId: string;
  name: string;
  organisationId: string | null;
  organisationName: string;
  agency: string;
  canDecide: boolean;
  conflicts: string | null;
}

export async function attendanceOf(db: Db, meetingId: string): Promise<AttendanceRow[]> {
  return db
    .select({
      memberId: meetingAttendance.memberId,
      name: panelMembers.name,
      organisationId: panelMembers.organisationId,
      organisationName: panelMembers.organisationName,
      agency: panelMembers.agency,
      canDecide: meetingAttendance.canDecide,
      conflicts: meetingAttendance.conflicts,
    })
    .from(meetingAttendance)
    .innerJoin(panelMembers, eq(panelMembers.id, meetingAttendance.memberId))
    .where(eq(meetingAttendance.meetingId, meetingId))
    .orderBy(asc(panelMembers.name));
}

/** The attendance as recorded now replaces what was recorded before (it is edited until the meeting closes). */
export async function replaceAttendance(db: Db, meetingId: string, rows: (typeof meetingAttendance.$inferInsert)[]): Promise<void> {
  await db.delete(meetingAttendance).where(eq(meetingAttendance.meetingId, meetingId));
  if (rows.length) await db.insert(meetingAttendance).values(rows);
}

/** The police attendance rule (s.37): someone from the force for the person's area attended the meeting. */
export async function policeAttended(db: Db, meetingId: string, policeOrgId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: meetingAttendance.id })
    .from(meetingAttendance)
    .innerJoin(panelMembers, eq(panelMembers.id, meetingAttendance.memberId))
    .where(and(eq(meetingAttendance.meetingId, meetingId), eq(panelMembers.organisationId, policeOrgId)))
    .limit(1);
  return Boolean(row);
}

export async function contributionsOf(db: Db, itemId: string) {
  return db
    .select({
      id: agencyContributions.id,
      memberName: panelMembers.name,
      organisationName: panelMembers.organisationName,
      agency: panelMembers.agency,
      contribution: agencyContributions.contribution,
      recordedAt: agencyContributions.recordedAt,
    })
    .from(agencyContributions)
    .innerJoin(panelMembers, eq(panelMembers.id, agencyContributions.memberId))
    .where(eq(agencyContributions.agendaItemId, itemId))
    .orderBy(asc(agencyContributions.recordedAt));
}

export async function insertContribution(db: Db, row: typeof agencyContributions.$inferInsert): Promise<void> {
  await db.insert(agencyContributions).values(row);
}

export async function decisionOfItem(db: Db, itemId: string) {
  const [row] = await db.select().from(panelDecisions).where(eq(panelDecisions.agendaItemId, itemId));
  return row ?? null;
}

export async function insertDecision(db: Db, row: typeof panelDecisions.$inferInsert): Promise<void> {
  await db.insert(panelDecisions).values(row);
}

/** The panel's decisions about a case, oldest first (panel_decisions_case_idx). */
export async function decisionsOfCase(db: Db, caseId: string) {
  return db
    .select({ id: panelDecisions.id, decision: panelDecisions.decision, method: panelDecisions.method, dissent: panelDecisions.dissent, rationale: panelDecisions.rationale, details: panelDecisions.details, recordedAt: panelDecisions.recordedAt })
    .from(panelDecisions)
    .where(eq(panelDecisions.channelCaseId, caseId))
    .orderBy(asc(panelDecisions.recordedAt));
}

/** The latest vulnerability assessment's conclusion and plan only (vaf_assessments_case_idx). */
export async function latestAssessment(db: Db, caseId: string) {
  const [row] = await db
    .select({ summary: vafAssessments.summary, managementPlan: vafAssessments.managementPlan, recordedAt: vafAssessments.recordedAt })
    .from(vafAssessments)
    .where(eq(vafAssessments.channelCaseId, caseId))
    .orderBy(desc(vafAssessments.recordedAt))
    .limit(1);
  return row ?? null;
}

/** The latest consent record's status (consents_case_idx): given, refused or withdrawn. */
export async function consentStatus(db: Db, caseId: string): Promise<'given' | 'refused' | 'withdrawn' | 'not_recorded'> {
  const [row] = await db.select({ status: consents.status, withdrawnOn: consents.withdrawnOn }).from(consents).where(eq(consents.channelCaseId, caseId)).orderBy(desc(consents.recordedAt)).limit(1);
  if (!row) return 'not_recorded';
  if (row.withdrawnOn) return 'withdrawn';
  return row.status === 'given' ? 'given' : 'refused';
}

/** Active interventions: their type and provider only. */
export async function activeInterventions(db: Db, caseId: string) {
  return db
    .select({ type: interventionTypes.label, provider: interventionProviders.name })
    .from(interventions)
    .innerJoin(interventionTypes, eq(interventionTypes.code, interventions.typeCode))
    .innerJoin(interventionProviders, eq(interventionProviders.id, interventions.providerId))
    .where(and(eq(interventions.channelCaseId, caseId), eq(interventions.status, 'active')))
    .orderBy(asc(interventions.createdAt));
}
