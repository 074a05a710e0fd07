// Counts for the signed-in home page. Each is one indexed query over the actor's own organisation or user.
import { and, asc, count, eq, gte, isNotNull, isNull, lt, ne, sql } from 'drizzle-orm';
import { channelPanels, notifications, panelMeetings, panelMembers, referrals, signpostFollowUps } from '../../db/schema.js';
import type { Db } from '../../db/client.js';
import { inTurn } from '../../db/inTurn.js';

const AWAITING_DECISION = ['awaiting_triage', 'in_assessment', 'awaiting_approval'];

/**
 * A Prevent team's work: referrals awaiting triage, those past the triage target, those awaiting a supervisor
 * (referrals_queue_idx: force and state), overdue follow-ups (signpost_follow_ups_open_idx, then the referral
 * by key) and overdue police-led reviews (referrals_next_review_idx).
 */
export async function forceCounts(db: Db, owningOrgId: string, today: string) {
  const [[gateway], [followUps], [reviews]] = await inTurn(
    () => db
      .select({
        awaitingTriage: sql<number>`count(*) FILTER (WHERE ${referrals.state} = 'awaiting_triage')`.mapWith(Number),
        overdueTriage: sql<number>`count(*) FILTER (WHERE ${referrals.triageDueOn} < ${today})`.mapWith(Number),
        awaitingApproval: sql<number>`count(*) FILTER (WHERE ${referrals.state} = 'awaiting_approval')`.mapWith(Number),
      })
      .from(referrals)
      .where(and(eq(referrals.owningOrgId, owningOrgId), sql`${referrals.state} IN (${sql.join(AWAITING_DECISION.map((s) => sql`${s}`), sql`, `)})`)),
    () => db
      .select({ n: count() })
      .from(signpostFollowUps)
      .innerJoin(referrals, eq(referrals.id, signpostFollowUps.referralId))
      .where(and(isNull(signpostFollowUps.outcomeRecordedAt), lt(signpostFollowUps.dueOn, today), eq(referrals.owningOrgId, owningOrgId))),
    () => db
      .select({ n: count() })
      .from(referrals)
      .where(and(eq(referrals.owningOrgId, owningOrgId), isNotNull(referrals.nextReviewOn), lt(referrals.nextReviewOn, today), eq(referrals.state, 'police_led_management'))),
  );
  return {
    awaitingTriage: gateway?.awaitingTriage ?? 0,
    overdueTriage: gateway?.overdueTriage ?? 0,
    awaitingApproval: gateway?.awaitingApproval ?? 0,
    overdueFollowUps: Number(followUps?.n ?? 0),
    overdueReviews: Number(reviews?.n ?? 0),
  };
}

/** Follow-ups addressed to an organisation and not yet answered (signpost_follow_ups_receiver_idx). */
export async function receiverCounts(db: Db, organisationId: string) {
  const [row] = await db
    .select({
      awaitingAcknowledgement: sql<number>`count(*) FILTER (WHERE ${signpostFollowUps.acknowledgedAt} IS NULL)`.mapWith(Number),
      open: count(),
    })
    .from(signpostFollowUps)
    .where(and(eq(signpostFollowUps.receivingOrganisationId, organisationId), isNull(signpostFollowUps.outcomeRecordedAt)));
  return { awaitingAcknowledgement: row?.awaitingAcknowledgement ?? 0, open: Number(row?.open ?? 0) };
}

/** How many unread notifications a user has (notifications_unread_idx). */
export async function unreadCount(db: Db, userId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(notifications).where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return Number(row?.n ?? 0);
}

/**
 * Upcoming meetings of the panels the user is a standing member of, soonest first (panel_members_user_idx, then
 * panel_meetings_panel_idx). Dates and places only: no personal data.
 */
export async function upcomingPanelMeetings(db: Db, userId: string, now: Date, limit = 5) {
  return db
    .select({ id: panelMeetings.id, panelName: channelPanels.name, meetsAt: panelMeetings.meetsAt, location: panelMeetings.location, status: panelMeetings.status })
    .from(panelMembers)
    .innerJoin(panelMeetings, eq(panelMeetings.panelId, panelMembers.panelId))
    .innerJoin(channelPanels, eq(channelPanels.id, panelMembers.panelId))
    .where(and(eq(panelMembers.userId, userId), isNull(panelMembers.endedOn), isNull(panelMembers.channelCaseId), gte(panelMeetings.meetsAt, now), ne(panelMeetings.status, 'closed')))
    .orderBy(asc(panelMeetings.meetsAt))
    .limit(limit);
}
