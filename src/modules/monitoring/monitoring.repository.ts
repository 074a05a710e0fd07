// SQL for monitoring after the gateway. Every function takes the database or transaction handle first.
// Each list and count is served by an index named next to it (see migrations/0006_monitoring.sql).
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { gatewayDecisions, notifications, organisations, policeLedReviews, referrals, signpostFollowUps, users } from '../../db/schema.js';
import type { Db } from '../../db/client.js';

export type FollowUpRow = typeof signpostFollowUps.$inferSelect;

export async function insertFollowUp(db: Db, row: typeof signpostFollowUps.$inferInsert): Promise<void> {
  await db.insert(signpostFollowUps).values(row);
}

/** Sets the next police-led review date without moving the referral (the caller has just moved it, in the same transaction). */
export async function setNextReviewOn(db: Db, referralId: string, on: string | null): Promise<void> {
  await db.update(referrals).set({ nextReviewOn: on }).where(eq(referrals.id, referralId));
}

const acknowledger = alias(users, 'acknowledger');
const outcomeRecorder = alias(users, 'outcome_recorder');
const receiver = alias(organisations, 'receiver');

/** The case's follow-up as the holding force sees it, with who answered it (signpost_follow_ups_referral_idx). */
export async function followUpOfReferral(db: Db, referralId: string) {
  const [row] = await db
    .select({
      followUp: signpostFollowUps,
      serviceType: sql<string | null>`${gatewayDecisions.details} ->> 'serviceType'`,
      decisionReferrerOutcome: gatewayDecisions.referrerOutcome,
      receivingOrganisationName: receiver.name,
      acknowledgedByName: acknowledger.displayName,
      outcomeRecordedByName: outcomeRecorder.displayName,
    })
    .from(signpostFollowUps)
    .innerJoin(gatewayDecisions, eq(gatewayDecisions.id, signpostFollowUps.decisionId))
    .leftJoin(receiver, eq(receiver.id, signpostFollowUps.receivingOrganisationId))
    .leftJoin(acknowledger, eq(acknowledger.id, signpostFollowUps.acknowledgedBy))
    .leftJoin(outcomeRecorder, eq(outcomeRecorder.id, signpostFollowUps.outcomeRecordedBy))
    .where(eq(signpostFollowUps.referralId, referralId))
    .orderBy(desc(signpostFollowUps.createdAt))
    .limit(1);
  return row ?? null;
}

/**
 * What a receiving service may see: the person's name and date of birth, the service asked for, and the force
 * that asked. Never the referral, the rationale or anything sealed: those columns are not selected.
 */
const receiverColumns = {
  id: signpostFollowUps.id,
  referralId: signpostFollowUps.referralId,
  receivingOrganisationId: signpostFollowUps.receivingOrganisationId,
  serviceType: sql<string | null>`${gatewayDecisions.details} ->> 'serviceType'`,
  serviceName: signpostFollowUps.serviceName,
  serviceContact: signpostFollowUps.serviceContact,
  dueOn: signpostFollowUps.dueOn,
  acknowledgedAt: signpostFollowUps.acknowledgedAt,
  outcome: signpostFollowUps.outcome,
  outcomeRecordedAt: signpostFollowUps.outcomeRecordedAt,
  subjectGivenName: referrals.subjectGivenName,
  subjectFamilyName: referrals.subjectFamilyName,
  subjectDateOfBirth: referrals.subjectDateOfBirth,
  requestedBy: organisations.name,
};

export async function followUpForReceiver(db: Db, id: string) {
  const [row] = await db
    .select(receiverColumns)
    .from(signpostFollowUps)
    .innerJoin(referrals, eq(referrals.id, signpostFollowUps.referralId))
    .innerJoin(organisations, eq(organisations.id, referrals.owningOrgId))
    .innerJoin(gatewayDecisions, eq(gatewayDecisions.id, signpostFollowUps.decisionId))
    .where(eq(signpostFollowUps.id, id));
  return row ?? null;
}

/** Follow-ups addressed to an organisation and not yet answered, soonest due first (signpost_follow_ups_receiver_idx). */
export async function openFollowUpsForReceiver(db: Db, organisationId: string, limit: number) {
  return db
    .select(receiverColumns)
    .from(signpostFollowUps)
    .innerJoin(referrals, eq(referrals.id, signpostFollowUps.referralId))
    .innerJoin(organisations, eq(organisations.id, referrals.owningOrgId))
    .innerJoin(gatewayDecisions, eq(gatewayDecisions.id, signpostFollowUps.decisionId))
    .where(and(eq(signpostFollowUps.receivingOrganisationId, organisationId), isNull(signpostFollowUps.outcomeRecordedAt)))
    .orderBy(asc(signpostFollowUps.dueOn), asc(signpostFollowUps.id))
    .limit(limit);
}

/** Records the acknowledgement once: false when it was already there. */
export async function acknowledge(db: Db, id: string, by: string, onBehalf: boolean, at: Date): Promise<boolean> {
  const rows = await db
    .update(signpostFollowUps)
    .set({ acknowledgedAt: at, acknowledgedBy: by, acknowledgementRecordedByOfficer: onBehalf })
    .where(and(eq(signpostFollowUps.id, id), isNull(signpostFollowUps.acknowledgedAt)))
    .returning({ id: signpostFollowUps.id });
  return rows.length === 1;
}

/** Records the outcome once: false when it was already there. */
export async function recordOutcome(db: Db, id: string, outcome: string, by: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(signpostFollowUps)
    .set({ outcome, outcomeRecordedAt: at, outcomeRecordedBy: by })
    .where(and(eq(signpostFollowUps.id, id), isNull(signpostFollowUps.outcomeRecordedAt)))
    .returning({ id: signpostFollowUps.id });
  return rows.length === 1;
}

/**
 * Marks overdue, unanswered, never-escalated follow-ups as escalated and returns them, with the force holding
 * each case. SKIP LOCKED and the escalated_at test make a second runner find nothing to take twice.
 * (signpost_follow_ups_open_idx: only open follow-ups are scanned.)
 */
export async function claimOverdueFollowUps(db: Db, today: string, at: Date, limit = 500) {
  const result = await db.execute(sql`
    UPDATE signpost_follow_ups AS f SET escalated_at = ${at.toISOString()}::timestamptz
    FROM referrals AS r
    WHERE r.id = f.referral_id
      AND f.id IN (
        SELECT id FROM signpost_follow_ups
        WHERE outcome_recorded_at IS NULL AND escalated_at IS NULL AND due_on < ${today}::date
        ORDER BY due_on LIMIT ${limit} FOR UPDATE SKIP LOCKED)
      AND f.escalated_at IS NULL
    RETURNING f.id AS "id", f.referral_id AS "referralId", f.due_on::text AS "dueOn", r.owning_org_id AS "owningOrgId", r.reference AS "reference"`);
  return (result as unknown as { rows: Array<{ id: string; referralId: string; dueOn: string; owningOrgId: string; reference: string }> }).rows;
}

/** Active users of an organisation holding any of the roles (users_organisation_idx). */
export async function activeUsersWithRole(db: Db, organisationId: string, roles: string[]) {
  return db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.organisationId, organisationId), sql`${users.roles} && ${sql.param(roles)}::text[]`, isNull(users.disabledAt)))
    .orderBy(asc(users.id));
}

export async function insertNotifications(db: Db, rows: Array<typeof notifications.$inferInsert>): Promise<void> {
  if (rows.length) await db.insert(notifications).values(rows);
}

/** A user's unread notifications, newest first (notifications_unread_idx). */
export async function unreadNotifications(db: Db, userId: string, limit: number) {
  return db
    .select({ id: notifications.id, kind: notifications.kind, referralId: notifications.referralId, message: notifications.message, createdAt: notifications.createdAt })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit);
}

/** Marks the user's own notification read (the first time) and returns it; null when it is not theirs. */
export async function openNotification(db: Db, id: string, userId: string, at: Date) {
  const [row] = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, ${at})` })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .returning({ id: notifications.id, kind: notifications.kind, referralId: notifications.referralId, link: notifications.link });
  return row ?? null;
}

export async function insertReview(db: Db, row: typeof policeLedReviews.$inferInsert): Promise<void> {
  await db.insert(policeLedReviews).values(row);
}

/** A case's reviews, newest first, with the reviewer and any local authority (police_led_reviews_referral_idx). */
export async function listReviews(db: Db, referralId: string) {
  const la = alias(organisations, 'la');
  return db
    .select({ review: policeLedReviews, reviewedByName: users.displayName, localAuthorityName: la.name })
    .from(policeLedReviews)
    .innerJoin(users, eq(users.id, policeLedReviews.reviewedBy))
    .leftJoin(la, eq(la.id, policeLedReviews.localAuthorityId))
    .where(eq(policeLedReviews.referralId, referralId))
    .orderBy(desc(policeLedReviews.createdAt));
}

/** A force's signposted cases with their follow-up, overdue first (referrals_queue_idx, then signpost_follow_ups_referral_idx). */
export async function forceFollowUps(db: Db, owningOrgId: string, limit: number) {
  return db
    .select({
      referralId: referrals.id,
      reference: referrals.reference,
      subjectGivenName: referrals.subjectGivenName,
      subjectFamilyName: referrals.subjectFamilyName,
      serviceName: signpostFollowUps.serviceName,
      dueOn: signpostFollowUps.dueOn,
      acknowledgedAt: signpostFollowUps.acknowledgedAt,
      outcomeRecordedAt: signpostFollowUps.outcomeRecordedAt,
      escalatedAt: signpostFollowUps.escalatedAt,
    })
    .from(referrals)
    .innerJoin(signpostFollowUps, eq(signpostFollowUps.referralId, referrals.id))
    .where(and(eq(referrals.owningOrgId, owningOrgId), eq(referrals.state, 'signposted')))
    .orderBy(asc(signpostFollowUps.dueOn), asc(referrals.id))
    .limit(limit);
}

/** A force's cases under police-led management, next review first (referrals_next_review_idx). */
export async function forcePoliceLedCases(db: Db, owningOrgId: string, limit: number) {
  return db
    .select({ referralId: referrals.id, reference: referrals.reference, subjectGivenName: referrals.subjectGivenName, subjectFamilyName: referrals.subjectFamilyName, nextReviewOn: referrals.nextReviewOn })
    .from(referrals)
    .where(and(eq(referrals.owningOrgId, owningOrgId), eq(referrals.state, 'police_led_management')))
    .orderBy(sql`${referrals.nextReviewOn} ASC NULLS FIRST`, asc(referrals.id))
    .limit(limit);
}
