// Monitoring after the gateway, so that no case drops silently out of sight: a signposted case is followed
// up with the receiving service (answered by that service's staff, or recorded by the holding force's officer),
// overdue follow-ups are escalated once to the force's supervisors, and a case under police-led management is
// reviewed on a cadence. Each call is one transaction with its audit entries; people decide, the service records.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.js';
import { systemContext, type RequestContext, type UserActor } from '../../platform/access/actor.js';
import { policy } from '../../platform/access/policy.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { addDays, formatDay, londonDate } from '../../platform/dates.js';
import type { ReferralTransition } from '../../workflow/referral.js';
import { findOrganisationById, listLocalAuthorities } from '../organisations/organisations.repository.js';
import { findReferralById, listEvents, lockReferral, updateReferral, type ReferralRow } from '../referrals/referrals.repository.js';
import { settingsFor } from '../gateway/gateway.repository.js';
import { addReferralEvent, moveReferral, referralFacts, type AfterAction } from '../referrals/referralSteps.js';
import type { DecisionInput } from '../gateway/gateway.schemas.js';
import { retentionFor, type RetentionSettings } from '../gateway/retention.js';
import * as repo from './monitoring.repository.js';
import { openChannelCase } from '../channel/cases/channelCaseSteps.js';
import type { OfficerFollowUpInput, PoliceLedReviewInput } from './monitoring.schemas.js';
import { inTurn } from '../../db/inTurn.js';

const REGIME = 'DPA_PART3' as const;
const facts = referralFacts;
const STALE = 'Someone else changed this case while you were working on it. Check the case, then submit again: your answers are kept below.';
const OFFICER_PURPOSE = 'Monitoring of a case by the police Prevent team holding it';
const RECEIVER_PURPOSE = 'Follow-up of a signposting by the receiving service';
const POLICE_KINDS = new Set(['police_force', 'national_police_hub']);



function user(ctx: RequestContext): UserActor {
  if (ctx.actor.kind !== 'user') throw new ForbiddenError();
  return ctx.actor;
}

/**
 * Called by the gateway when signposting or police-led management takes effect, inside its transaction: the
 * follow-up (due after the force's signpostFollowUpDays) or the first review date (policeLedReviewDays).
 */
export async function startMonitoring(
  tx: Db,
  a: { referralId: string; decisionId: string; decision: DecisionInput; settings: { signpostFollowUpDays: number; policeLedReviewDays: number }; today?: string },
): Promise<void> {
  const today = a.today ?? londonDate(new Date());
  const d = a.decision;
  if (d.outcome === 'signposted') {
    if (d.receivingOrganisationId) {
      // The receiving organisation's staff will see the person's name: it must be a partner, not another force.
      const org = await findOrganisationById(tx, d.receivingOrganisationId);
      if (!org || POLICE_KINDS.has(org.kind)) throw new ValidationError([{ field: 'receivingOrganisationId', message: 'Select the organisation that provides the service' }]);
    }
    await repo.insertFollowUp(tx, {
      id: randomUUID(),
      referralId: a.referralId,
      decisionId: a.decisionId,
      receivingOrganisationId: d.receivingOrganisationId ?? null,
      serviceName: d.serviceName,
      serviceContact: d.serviceContact,
      dueOn: addDays(today, a.settings.signpostFollowUpDays),
    });
  }
  if (d.outcome === 'police_led_management') await repo.setNextReviewOn(tx, a.referralId, addDays(today, a.settings.policeLedReviewDays));
}

/**
 * The overdue-follow-up escalation (a background job; tests call it with a chosen `now`). Each follow-up past
 * its due date without an outcome is escalated once: escalated_at is set as it is claimed, and every active
 * supervisor of the force holding the case gets a notification. Returns how many were escalated.
 */
export async function escalateOverdue(db: Db, now: Date): Promise<number> {
  const today = londonDate(now);
  return db.transaction(async (tx) => {
    const claimed = await repo.claimOverdueFollowUps(tx, today, now);
    for (const f of claimed) {
      let to = await repo.activeUsersWithRole(tx, f.owningOrgId, ['prevent_supervisor']);
      // A force without an active supervisor must still hear of it: its Prevent officers are told instead.
      if (to.length === 0) to = await repo.activeUsersWithRole(tx, f.owningOrgId, ['prevent_officer']);
      await repo.insertNotifications(
        tx,
        to.map((u) => ({
          id: randomUUID(),
          userId: u.id,
          kind: 'follow_up_overdue',
          referralId: f.referralId,
          // The reference only: the dashboard is not the place for the person's name.
          message: `The signposting follow-up of case ${f.reference} was due on ${formatDay(f.dueOn)} and has no outcome.`,
        })),
      );
      await addReferralEvent(tx, systemContext, f.referralId, 'follow_up_escalated', { followUpId: f.id, notified: to.length });
    }
    if (claimed.length) {
      await recordAudit(tx, systemContext, {
        action: 'alteration',
        event: 'monitoring.follow_up_escalated',
        recordType: 'referral',
        recordIds: claimed.flatMap((f) => [f.referralId, f.id]),
        purpose: 'Escalation of overdue signposting follow-ups to the holding force’s supervisors',
        regime: REGIME,
      });
    }
    return claimed.length;
  });
}

export function createMonitoringService(db: Db, retention: RetentionSettings) {
  /** The case, if the actor is on the holding force's Prevent team; anything else is not found. Locked when changing it. */
  async function monitored(tx: Db, ctx: RequestContext, id: string, lock: boolean): Promise<ReferralRow> {
    const referral = lock ? await lockReferral(tx, id) : await findReferralById(tx, id);
    if (!referral || !policy.canMonitorCase(ctx.actor, facts(referral))) throw new NotFoundError();
    return referral;
  }

  const move = (tx: Db, ctx: RequestContext, referral: ReferralRow, name: ReferralTransition, expectedVersion: number, changes: Partial<ReferralRow>, data: Record<string, unknown>) =>
    moveReferral(tx, ctx, referral, name, expectedVersion, changes, data, STALE);

  const event = addReferralEvent;

  /** The follow-up addressed to the actor's organisation; anything else is not found. */
  async function received(tx: Db, ctx: RequestContext, followUpId: string) {
    const f = await repo.followUpForReceiver(tx, followUpId);
    if (!f || !policy.canActOnFollowUp(ctx.actor, f)) throw new NotFoundError();
    return f;
  }

  /** For a receiving service's change: the case row is locked first (the officer's steps lock it first too, so neither waits on the other in turn). */
  async function receivedForChange(tx: Db, ctx: RequestContext, followUpId: string) {
    const first = await received(tx, ctx, followUpId);
    await lockReferral(tx, first.referralId);
    return received(tx, ctx, followUpId);
  }

  return {
    // ---- The holding force ------------------------------------------------------------------------

    /** The follow-up page of a signposted case. */
    async followUpForOfficer(ctx: RequestContext, id: string) {
      return db.transaction(async (tx) => {
        const referral = await monitored(tx, ctx, id, false);
        const found = await repo.followUpOfReferral(tx, id);
        if (!found) throw new NotFoundError();
        const closing = referral.state === 'closed' ? (await listEvents(tx, id)).filter((e) => e.type === 'closeMonitoring').pop() : undefined;
        await recordAudit(tx, ctx, { action: 'consultation', event: 'monitoring.follow_up_viewed', recordType: 'referral', recordIds: [id, found.followUp.id], purpose: OFFICER_PURPOSE, regime: REGIME });
        return {
          referral,
          ...found,
          closingNote: ((closing?.data ?? {}) as { comments?: string }).comments ?? null,
          overdue: found.followUp.outcomeRecordedAt === null && found.followUp.dueOn < londonDate(new Date()),
        };
      });
    },

    /** The officer records that the service acknowledged the request (it told them by phone or email). */
    async acknowledgeOnBehalf(ctx: RequestContext, id: string): Promise<void> {
      await db.transaction(async (tx) => {
        const referral = await monitored(tx, ctx, id, true);
        const found = await repo.followUpOfReferral(tx, id);
        if (!found) throw new NotFoundError();
        if (referral.state !== 'signposted') throw new ConflictError('This case is closed: its follow-up cannot change.', 'illegal-transition');
        const actor = user(ctx);
        if (!(await repo.acknowledge(tx, found.followUp.id, actor.userId, true, new Date()))) {
          throw new ConflictError('The service’s acknowledgement is already recorded.', 'already-recorded');
        }
        await event(tx, ctx, id, 'follow_up_acknowledged', { followUpId: found.followUp.id, onBehalf: true });
        await recordAudit(tx, ctx, { action: 'alteration', event: 'monitoring.follow_up_acknowledged', recordType: 'referral', recordIds: [id, found.followUp.id], purpose: OFFICER_PURPOSE, regime: REGIME });
      });
    },

    /**
     * The officer records the service's outcome on its behalf, closes the case, or both at once. Closing needs
     * the outcome on file (recorded before, or in this step): a signposted case never closes unanswered.
     */
    async recordFollowUp(ctx: RequestContext, id: string, input: OfficerFollowUpInput): Promise<AfterAction & { closed: boolean }> {
      return db.transaction(async (tx) => {
        const referral = await monitored(tx, ctx, id, true);
        const found = await repo.followUpOfReferral(tx, id);
        if (!found) throw new NotFoundError();
        if (referral.state !== 'signposted') throw new ConflictError('This case is closed: its follow-up cannot change.', 'illegal-transition');
        const actor = user(ctx);
        const fu = found.followUp;
        const now = new Date();
        let answered = fu.outcomeRecordedAt !== null;
        if (input.outcome) {
          if (answered || !(await repo.recordOutcome(tx, fu.id, input.outcome, actor.userId, now))) {
            throw new ConflictError(`The outcome was already recorded${found.outcomeRecordedByName ? ` by ${found.outcomeRecordedByName}` : ''}. Read it on this page before closing the case.`, 'already-recorded');
          }
          // An answer implies the request reached the service.
          if (!fu.acknowledgedAt) await repo.acknowledge(tx, fu.id, actor.userId, true, now);
          await event(tx, ctx, id, 'follow_up_outcome_recorded', { followUpId: fu.id, onBehalf: true });
          await recordAudit(tx, ctx, { action: 'collection', event: 'monitoring.follow_up_outcome_recorded', recordType: 'referral', recordIds: [id, fu.id], purpose: OFFICER_PURPOSE, regime: REGIME });
          answered = true;
        }
        if (input.close === 'no') return { state: referral.state, version: referral.version, closed: false };
        if (!answered) throw new ValidationError([{ field: 'outcome', message: 'Enter what the service did before closing the case' }]);
        const closedAt = now;
        const r = retentionFor('signposted', closedAt, retention);
        const after = await move(tx, ctx, referral, 'closeMonitoring', input.version, { closedAt, referrerOutcome: input.referrerOutcome, retentionRule: r.rule, retentionReviewOn: r.reviewOn }, { followUpId: fu.id, referrerOutcome: input.referrerOutcome, comments: input.closingNote });
        await recordAudit(tx, ctx, { action: 'alteration', event: 'monitoring.case_closed', recordType: 'referral', recordIds: [id, fu.id], purpose: OFFICER_PURPOSE, regime: REGIME });
        return { ...after, closed: true };
      });
    },

    /** The review page of a case under police-led management (history stays readable after it moves on). */
    async reviewView(ctx: RequestContext, id: string) {
      return db.transaction(async (tx) => {
        const referral = await monitored(tx, ctx, id, false);
        const [reviews, settings, localAuthorities] = await inTurn(
          () => repo.listReviews(tx, id),
          () => settingsFor(tx, referral.owningOrgId),
          () => listLocalAuthorities(tx),
        );
        if (referral.state !== 'police_led_management' && reviews.length === 0) throw new NotFoundError();
        await recordAudit(tx, ctx, { action: 'consultation', event: 'monitoring.reviews_viewed', recordType: 'referral', recordIds: [id, ...reviews.map((r) => r.review.id)], purpose: OFFICER_PURPOSE, regime: REGIME });
        return {
          referral,
          reviews: reviews.map((r) => ({ ...r.review, reviewedByName: r.reviewedByName, localAuthorityName: r.localAuthorityName })),
          cadenceDays: settings.policeLedReviewDays,
          open: referral.state === 'police_led_management',
          overdue: referral.state === 'police_led_management' && referral.nextReviewOn !== null && referral.nextReviewOn < londonDate(new Date()),
          localAuthorities,
        };
      });
    },

    /** Records a review and applies its decision: continue (next date by the force's cadence), refer to Channel, or close. */
    async recordReview(ctx: RequestContext, id: string, input: PoliceLedReviewInput): Promise<AfterAction & { reviewId: string; nextReviewOn: string | null }> {
      return db.transaction(async (tx) => {
        const referral = await monitored(tx, ctx, id, true);
        if (referral.state !== 'police_led_management') {
          throw new ConflictError(`This case is ${referral.state.replace(/_/g, ' ')}, no longer under police-led management: the review cannot be recorded.`, 'illegal-transition');
        }
        const actor = user(ctx);
        let la: { id: string; name: string } | null = null;
        if (input.decision === 'refer_to_channel') {
          const org = await findOrganisationById(tx, input.localAuthorityId);
          if (!org || org.kind !== 'local_authority') throw new ValidationError([{ field: 'localAuthorityId', message: 'Select a local authority' }]);
          la = org;
        }
        const reviewId = randomUUID();
        await repo.insertReview(tx, {
          id: reviewId,
          referralId: id,
          reviewedOn: input.reviewedOn,
          changes: input.changes,
          actions: input.actions,
          decision: input.decision,
          rationale: input.rationale,
          localAuthorityId: la?.id ?? null,
          reasonableGrounds: input.decision === 'refer_to_channel' ? input.reasonableGrounds : null,
          reviewedBy: actor.userId,
        });
        await recordAudit(tx, ctx, { action: 'collection', event: 'monitoring.police_led_review_recorded', recordType: 'referral', recordIds: [id, reviewId], purpose: OFFICER_PURPOSE, regime: REGIME });

        if (input.decision === 'continue') {
          const settings = await settingsFor(tx, referral.owningOrgId);
          // From the day the review was held: a review recorded late does not push the next one back.
          const next = addDays(input.reviewedOn, settings.policeLedReviewDays);
          if (!(await updateReferral(tx, id, input.version, { nextReviewOn: next }))) throw new ConflictError(STALE, 'stale');
          await event(tx, ctx, id, 'police_led_review', { reviewId, decision: input.decision, nextReviewOn: next });
          await recordAudit(tx, ctx, { action: 'alteration', event: 'monitoring.next_review_set', recordType: 'referral', recordIds: [id], purpose: OFFICER_PURPOSE, regime: REGIME });
          return { reviewId, state: referral.state, version: input.version + 1, nextReviewOn: next };
        }
        if (input.decision === 'refer_to_channel') {
          const r = retentionFor('channel', null, retention);
          const after = await move(tx, ctx, referral, 'referToChannel', input.version, { nextReviewOn: null, retentionRule: r.rule, retentionReviewOn: r.reviewOn }, { reviewId, localAuthorityId: la!.id, localAuthorityName: la!.name });
          await openChannelCase(tx, ctx, { referralId: id, localAuthorityId: la!.id, policeOrgId: referral.owningOrgId, via: 'police_led_review' });
          await recordAudit(tx, ctx, { action: 'alteration', event: 'monitoring.referred_to_channel', recordType: 'referral', recordIds: [id, reviewId], purpose: OFFICER_PURPOSE, regime: REGIME });
          await recordAudit(tx, ctx, { action: 'disclosure', event: 'monitoring.shared.channel', recordType: 'referral', recordIds: [id], purpose: 'Referral to the Channel panel (CTSA 2015 s.36)', recipients: [la!.id], regime: REGIME });
          return { reviewId, ...after, nextReviewOn: null };
        }
        const closedAt = new Date();
        const r = retentionFor('police_led_management', closedAt, retention);
        const after = await move(
          tx,
          ctx,
          referral,
          'closeMonitoring',
          input.version,
          { closedAt, referrerOutcome: input.referrerOutcome, nextReviewOn: null, retentionRule: r.rule, retentionReviewOn: r.reviewOn },
          { reviewId, referrerOutcome: input.referrerOutcome },
        );
        await recordAudit(tx, ctx, { action: 'alteration', event: 'monitoring.case_closed', recordType: 'referral', recordIds: [id, reviewId], purpose: OFFICER_PURPOSE, regime: REGIME });
        return { reviewId, ...after, nextReviewOn: null };
      });
    },

    /** The force's signposted and police-led cases, for its Prevent team (a list filtered in SQL by the team's force). */
    async forceMonitoring(ctx: RequestContext) {
      if (!policy.canViewTriageQueue(ctx.actor) || ctx.actor.kind !== 'user') throw new NotFoundError();
      const orgId = ctx.actor.organisation.id;
      return db.transaction(async (tx) => {
        const [followUps, policeLed] = await inTurn(
          () => repo.forceFollowUps(tx, orgId, 200),
          () => repo.forcePoliceLedCases(tx, orgId, 200),
        );
        const ids = [...followUps.map((f) => f.referralId), ...policeLed.map((p) => p.referralId)];
        if (ids.length) await recordAudit(tx, ctx, { action: 'consultation', event: 'monitoring.list_viewed', recordType: 'referral', recordIds: ids, purpose: OFFICER_PURPOSE, regime: REGIME });
        return { followUps, policeLed, today: londonDate(new Date()) };
      });
    },

    /** Opens one of the user's notifications (marking it read) and says where it leads. */
    async openNotification(ctx: RequestContext, id: string): Promise<string> {
      const actor = user(ctx);
      // Read state is the user's own working list, not personal data of the case: no audit entry.
      const n = await repo.openNotification(db, id, actor.userId, new Date());
      if (!n) throw new NotFoundError();
      if (n.link) return n.link;
      return n.referralId ? `/cases/${n.referralId}/follow-up` : '/dashboard';
    },

    // ---- The receiving service --------------------------------------------------------------------

    /** Follow-ups addressed to the actor's organisation and not yet answered. */
    async receivedFollowUps(ctx: RequestContext) {
      if (!policy.canReceiveFollowUps(ctx.actor) || ctx.actor.kind !== 'user') throw new NotFoundError();
      const actor = ctx.actor;
      return db.transaction(async (tx) => {
        const rows = await repo.openFollowUpsForReceiver(tx, actor.organisation.id, 200);
        if (rows.length) {
          await recordAudit(tx, ctx, {
            action: 'disclosure',
            event: 'monitoring.follow_ups_disclosed',
            recordType: 'referral',
            recordIds: rows.flatMap((r) => [r.referralId, r.id]),
            purpose: RECEIVER_PURPOSE,
            recipients: [actor.organisation.id],
            regime: REGIME,
          });
        }
        return { rows, today: londonDate(new Date()) };
      });
    },

    async receivedFollowUp(ctx: RequestContext, followUpId: string) {
      return db.transaction(async (tx) => {
        const f = await received(tx, ctx, followUpId);
        await recordAudit(tx, ctx, { action: 'disclosure', event: 'monitoring.follow_up_disclosed', recordType: 'referral', recordIds: [f.referralId, f.id], purpose: RECEIVER_PURPOSE, recipients: [f.receivingOrganisationId!], regime: REGIME });
        return { followUp: f, overdue: f.outcomeRecordedAt === null && f.dueOn < londonDate(new Date()) };
      });
    },

    async acknowledgeAsReceiver(ctx: RequestContext, followUpId: string): Promise<void> {
      await db.transaction(async (tx) => {
        const f = await receivedForChange(tx, ctx, followUpId);
        const actor = user(ctx);
        if (f.outcomeRecordedAt) throw new ConflictError('The outcome is already recorded: there is nothing more to do.', 'already-recorded');
        if (!(await repo.acknowledge(tx, f.id, actor.userId, false, new Date()))) throw new ConflictError('The request is already acknowledged.', 'already-recorded');
        await event(tx, ctx, f.referralId, 'follow_up_acknowledged', { followUpId: f.id, onBehalf: false });
        await recordAudit(tx, ctx, { action: 'alteration', event: 'monitoring.follow_up_acknowledged', recordType: 'referral', recordIds: [f.referralId, f.id], purpose: RECEIVER_PURPOSE, regime: REGIME });
      });
    },

    async recordOutcomeAsReceiver(ctx: RequestContext, followUpId: string, input: { outcome: string }): Promise<void> {
      await db.transaction(async (tx) => {
        const f = await receivedForChange(tx, ctx, followUpId);
        const actor = user(ctx);
        const now = new Date();
        if (!(await repo.recordOutcome(tx, f.id, input.outcome, actor.userId, now))) throw new ConflictError('The outcome is already recorded.', 'already-recorded');
        if (!f.acknowledgedAt) await repo.acknowledge(tx, f.id, actor.userId, false, now);
        await event(tx, ctx, f.referralId, 'follow_up_outcome_recorded', { followUpId: f.id, onBehalf: false });
        await recordAudit(tx, ctx, { action: 'collection', event: 'monitoring.follow_up_outcome_recorded', recordType: 'referral', recordIds: [f.referralId, f.id], purpose: RECEIVER_PURPOSE, regime: REGIME });
      });
    },
  };
}

export type MonitoringService = ReturnType<typeof createMonitoringService>;
