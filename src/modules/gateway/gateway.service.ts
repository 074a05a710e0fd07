// Police gateway assessment rules. Every call is one transaction: check the policy and the state,
// write the record, move the referral through the workflow table, add the timeline event and the
// audit entry. The software records the officers' decisions; it never proposes one.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.js';
import type { OrganisationKind, RequestContext, UserActor } from '../../platform/access/actor.js';
import { policy } from '../../platform/access/policy.js';
import { recordAudit, recordReadAudit } from '../../platform/audit/audit.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { referralTransitions, referrerStatus, type ReferralTransition } from '../../workflow/referral.js';
import { findOrganisationById } from '../organisations/organisations.repository.js';
import { insertEvent, lockReferral, type ReferralRow } from '../referrals/referrals.repository.js';
import { moveReferral, referralFacts, type AfterAction } from '../referrals/referralSteps.js';
import { startMonitoring } from '../monitoring/monitoring.service.js';
import { openChannelCase } from '../channel/cases/channelCaseSteps.js';
import * as repo from './gateway.repository.js';
import type { DecisionInput, Outcome } from './gateway.schemas.js';
import { retentionFor, type RetentionSettings } from './retention.js';

const REGIME = 'DPA_PART3' as const;
const facts = referralFacts;
const STALE = 'Someone else changed this referral while you were working on it. Reload the page and try again.';

function officer(ctx: RequestContext): UserActor {
  if (ctx.actor.kind !== 'user') throw new ForbiddenError();
  return ctx.actor;
}

export function createGatewayService(db: Db, retention: RetentionSettings) {
  /** Loads and locks a referral the actor may assess; anything else is not found. */
  async function assessable(tx: Db, ctx: RequestContext, id: string): Promise<ReferralRow> {
    const referral = await lockReferral(tx, id);
    if (!referral || !policy.viewReferral(ctx.actor, facts(referral)).allowed) throw new NotFoundError();
    if (!policy.canAssessReferral(ctx.actor, facts(referral))) throw new ForbiddenError();
    return referral;
  }

  const move = (tx: Db, ctx: RequestContext, referral: ReferralRow, name: ReferralTransition, expectedVersion: number, changes: Partial<ReferralRow>, data: Record<string, unknown>) =>
    moveReferral(tx, ctx, referral, name, expectedVersion, changes, data, STALE);

  /** Adds an assessment record (check, deconfliction, judgement): only while the referral is being assessed. */
  async function addRecord(ctx: RequestContext, id: string, event: string, write: (tx: Db, referral: ReferralRow, actor: UserActor) => Promise<string>): Promise<AfterAction & { recordId: string }> {
    return db.transaction(async (tx) => {
      const referral = await assessable(tx, ctx, id);
      if (referral.state !== 'in_assessment') {
        throw new ConflictError(referral.state === 'awaiting_triage' ? 'Assign the referral to an officer before recording the assessment.' : 'The assessment of this referral is finished; it cannot be changed.', 'illegal-transition');
      }
      const actor = officer(ctx);
      const recordId = await write(tx, referral, actor);
      await insertEvent(tx, { id: randomUUID(), referralId: id, type: event, fromState: null, toState: null, actorUserId: actor.userId, actorOrgId: actor.organisation.id, data: {}, occurredAt: new Date() });
      await recordAudit(tx, ctx, { action: 'collection', event: `gateway.${event}`, recordType: 'referral', recordIds: [id, recordId], purpose: 'Prevent gateway assessment', regime: REGIME });
      // A record does not move the referral on, so its version is unchanged.
      return { recordId, state: referral.state, version: referral.version };
    });
  }

  async function makeEffective(tx: Db, ctx: RequestContext, referral: ReferralRow, name: ReferralTransition, version: number, outcome: Outcome, referrerOutcome: string, data: Record<string, unknown>) {
    const to = referralTransitions[name].to;
    const closedAt = to === 'closed' ? new Date() : null;
    const r = retentionFor(outcome, closedAt, retention);
    // The referrer hears the outcome once Prevent's part ends for them, even while the police still monitor.
    const toldReferrer = referrerStatus(to) === 'closed';
    return move(tx, ctx, referral, name, version, { ...(closedAt ? { closedAt } : {}), ...(toldReferrer ? { referrerOutcome } : {}), retentionRule: r.rule, retentionReviewOn: r.reviewOn }, data);
  }

  return {
    async assign(ctx: RequestContext, id: string, input: { officerId: string; version: number }): Promise<AfterAction> {
      return db.transaction(async (tx) => {
        const referral = await assessable(tx, ctx, id);
        const officers = await repo.officersOf(tx, referral.owningOrgId);
        const chosen = officers.find((o) => o.id === input.officerId);
        if (!chosen) throw new ValidationError([{ field: 'officerId', message: 'Select an officer of this force' }]);
        const after = await move(tx, ctx, referral, 'assign', input.version, { assignedOfficerId: chosen.id }, { officerId: chosen.id, officerName: chosen.displayName });
        await recordAudit(tx, ctx, { action: 'alteration', event: 'gateway.assigned', recordType: 'referral', recordIds: [id], purpose: 'Allocation for gateway assessment', regime: REGIME });
        return after;
      });
    },

    recordCheck(ctx: RequestContext, id: string, input: { kind: string; source: string; requestedOn: string; receivedOn?: string | undefined; notes?: string | undefined }) {
      if (input.receivedOn && input.receivedOn < input.requestedOn) throw new ValidationError([{ field: 'receivedOn', message: 'The answer cannot come back before the check was made' }]);
      return addRecord(ctx, id, 'check_recorded', async (tx, _r, actor) => {
        const recordId = randomUUID();
        await repo.insertCheck(tx, { id: recordId, referralId: id, ...input, receivedOn: input.receivedOn ?? null, notes: input.notes ?? null, recordedBy: actor.userId, recordedAt: new Date() });
        return recordId;
      });
    },

    recordDeconfliction(ctx: RequestContext, id: string, input: { doneOn: string; sealedNotes: string }) {
      return addRecord(ctx, id, 'deconfliction_recorded', async (tx, _r, actor) => {
        const recordId = randomUUID();
        await repo.insertDeconfliction(tx, { id: recordId, referralId: id, ...input, recordedBy: actor.userId, recordedAt: new Date() });
        return recordId;
      });
    },

    recordJudgement(ctx: RequestContext, id: string, input: { concernPresent: string; concernTypes: string[]; vulnerabilityFactors?: string | undefined; immediateRisk: string; immediateRiskDetails?: string | undefined; rationale: string }) {
      return addRecord(ctx, id, 'judgement_recorded', async (tx, _r, actor) => {
        const known = await repo.concernLabels(tx, input.concernTypes);
        const unknown = input.concernTypes.filter((c) => !known.has(c));
        if (unknown.length) throw new ValidationError([{ field: 'concernTypes', message: 'Select a type of concern from the list' }]);
        const recordId = randomUUID();
        await repo.insertJudgement(tx, {
          id: recordId,
          referralId: id,
          ...input,
          concernTypes: input.concernPresent === 'no' ? [] : input.concernTypes,
          vulnerabilityFactors: input.vulnerabilityFactors ?? null,
          immediateRiskDetails: input.immediateRisk === 'yes' ? (input.immediateRiskDetails ?? null) : null,
          recordedBy: actor.userId,
          recordedAt: new Date(),
        });
        return recordId;
      });
    },

    /** Records the officer's outcome. No further action and handover wait for a supervisor where the force says so. */
    async decide(ctx: RequestContext, id: string, input: DecisionInput) {
      return db.transaction(async (tx) => {
        const referral = await assessable(tx, ctx, id);
        const actor = officer(ctx);
        if (referral.state === 'in_assessment' && !(await repo.latestJudgement(tx, id))) {
          throw new ConflictError('Record the threshold judgement before deciding the outcome.', 'judgement-missing');
        }
        const details: Record<string, unknown> = {};
        const recipients: string[] = [];
        if (input.outcome === 'signposted') {
          Object.assign(details, { serviceType: input.serviceType, serviceName: input.serviceName, serviceContact: input.serviceContact, receivingOrganisationId: input.receivingOrganisationId ?? null });
          recipients.push(input.receivingOrganisationId ?? `${input.serviceName} (${input.serviceContact})`);
        }
        if (input.outcome === 'channel') {
          const la = await findOrganisationById(tx, input.localAuthorityId);
          if (!la || la.kind !== 'local_authority') throw new ValidationError([{ field: 'localAuthorityId', message: 'Select a local authority' }]);
          Object.assign(details, { localAuthorityId: la.id, localAuthorityName: la.name, reasonableGrounds: input.reasonableGrounds });
          recipients.push(la.id);
        }
        const settings = await repo.settingsFor(tx, referral.owningOrgId);
        const needsApproval =
          (input.outcome === 'no_further_action' && settings.approvalForNoFurtherAction) || (input.outcome === 'investigation_handover' && settings.approvalForHandover);
        const decisionId = randomUUID();
        await repo.insertDecision(tx, {
          id: decisionId,
          referralId: id,
          outcome: input.outcome,
          details,
          sealedNotes: input.outcome === 'investigation_handover' ? input.sealedNotes : null,
          rationale: input.rationale,
          referrerOutcome: input.referrerOutcome,
          status: needsApproval ? 'awaiting_approval' : 'effective',
          decidedBy: actor.userId,
          decidedAt: new Date(),
        });
        const data = { decisionId, outcome: input.outcome };
        let after: AfterAction;
        if (needsApproval) after = await move(tx, ctx, referral, 'submitForApproval', input.version, {}, data);
        else {
          const step: ReferralTransition =
            input.outcome === 'signposted' ? 'signpost' : input.outcome === 'police_led_management' ? 'policeLed' : input.outcome === 'channel' ? 'referToChannel' : 'close';
          after = await makeEffective(tx, ctx, referral, step, input.version, input.outcome, input.referrerOutcome, data);
          // Signposting and police-led management stay in sight: a follow-up with a due date, or the first review date.
          await startMonitoring(tx, { referralId: id, decisionId, decision: input, settings });
          // A referral to Channel opens the case the local authority's panel will discuss.
          if (input.outcome === 'channel') await openChannelCase(tx, ctx, { referralId: id, localAuthorityId: input.localAuthorityId, policeOrgId: referral.owningOrgId, via: 'gateway' });
        }
        await recordAudit(tx, ctx, { action: 'alteration', event: `gateway.decided.${input.outcome}`, recordType: 'referral', recordIds: [id, decisionId], purpose: 'Prevent gateway outcome', regime: REGIME });
        // Signposting and Channel referral share the person's information with another body (s.62 disclosure).
        if (recipients.length) {
          await recordAudit(tx, ctx, { action: 'disclosure', event: `gateway.shared.${input.outcome}`, recordType: 'referral', recordIds: [id], purpose: input.outcome === 'channel' ? 'Referral to the Channel panel (CTSA 2015 s.36)' : 'Signposting to a support service', recipients, regime: REGIME });
        }
        return { needsApproval, decisionId, ...after };
      });
    },

    /** The second pair of eyes: a supervisor other than the decider approves or returns the decision. */
    async review(ctx: RequestContext, id: string, input: { decision: 'approve' | 'return'; comments?: string | undefined; version: number }): Promise<AfterAction> {
      return db.transaction(async (tx) => {
        const referral = await lockReferral(tx, id);
        if (!referral || !policy.viewReferral(ctx.actor, facts(referral)).allowed) throw new NotFoundError();
        const actor = officer(ctx);
        const pending = await repo.pendingDecision(tx, id);
        if (!pending) throw new ConflictError('There is no decision waiting for approval on this referral.', 'illegal-transition');
        if (pending.decidedBy === actor.userId) throw new ForbiddenError('You cannot approve or return your own decision: another supervisor must review it.');
        const data = { decisionId: pending.id, outcome: pending.outcome, comments: input.comments ?? null };
        const after =
          input.decision === 'approve'
            ? await makeEffective(tx, ctx, referral, 'approve', input.version, pending.outcome as Outcome, pending.referrerOutcome, data)
            : await move(tx, ctx, referral, 'returnForChanges', input.version, {}, data);
        await repo.reviewDecision(tx, pending.id, { status: input.decision === 'approve' ? 'effective' : 'returned', reviewedBy: actor.userId, reviewComments: input.comments ?? null });
        await recordAudit(tx, ctx, { action: 'alteration', event: `gateway.decision_${input.decision === 'approve' ? 'approved' : 'returned'}`, recordType: 'referral', recordIds: [id, pending.id], purpose: 'Supervisor review of a gateway outcome', regime: REGIME });
        return after;
      });
    },

    /**
     * Everything the case page shows. Sealed content only for the holding force's police. No transaction: the
     * referral and all the page shows of it are read in one statement, access is decided on the referral, then
     * the consultation is audited before anything is returned (a failed audit write fails the request).
     */
    async caseView(ctx: RequestContext, id: string) {
      const read = await repo.caseRead(db, id);
      const referral = read?.referral;
      const access = referral ? policy.viewReferral(ctx.actor, facts(referral)) : ({ allowed: false } as const);
      if (!read || !referral || !access.allowed || access.view !== 'full') throw new NotFoundError();
      const f = facts(referral);
      const sealed = policy.canReadSealed(ctx.actor, f);
      // Who may assess the referral is who may check its possible earlier records and read the person.
      const canAssess = policy.canAssessReferral(ctx.actor, f);
      const { checks, deconflictions, judgement, decisions, others, owner, events, assignedOfficerName, channelCases } = read;
      await recordReadAudit(db, ctx, { action: 'consultation', event: 'gateway.case_viewed', recordType: 'referral', recordIds: [id, ...others.map((o) => o.id)], purpose: access.basis, regime: REGIME });
      return {
        referral,
        owner: owner && { ...owner, kind: owner.kind as OrganisationKind },
        checks,
        deconflictions: deconflictions.map((d) => ({ ...d, sealedNotes: sealed ? d.sealedNotes : null })),
        judgement,
        decisions: decisions.map((d) => ({ ...d, sealedNotes: sealed ? d.sealedNotes : null })),
        earlierReferrals: others.filter((o) => o.submittedAt < referral.submittedAt),
        /** The Channel cases this referral opened (newest first): the police of the area sit on the panel. */
        channelCases,
        laterReferrals: others.filter((o) => o.submittedAt >= referral.submittedAt),
        assignedOfficerName,
        /** The case timeline, oldest first. */
        events,
        /** Possible earlier records of the person, and those still to check: null for whoever may not assess. */
        candidates: canAssess ? read.candidates : null,
        canAssess,
        canApprove: policy.canApproveGatewayDecision(ctx.actor, f),
        sealed,
      };
    },
  };
}

export type GatewayService = ReturnType<typeof createGatewayService>;
