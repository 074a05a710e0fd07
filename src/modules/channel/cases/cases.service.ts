// Rules of the Channel case record: who sees a case and its lists, and the panel's records on it (assessments,
// consent and its withdrawal, the support plan, interventions, post-exit reviews). Each call is one transaction:
// load and lock the case with its policy facts, check the policy (404 when it may not be seen, 403 when seen but
// not allowed), the state and the version, write, add the timeline event and the audit record. The shared rules
// (consent, interventions, withdrawal, reopening) are lifecycle.ts and supportRules.ts; they are called, not copied.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../../db/client.js';
import { hasRole, type RequestContext, type UserActor } from '../../../platform/access/actor.js';
import { policy } from '../../../platform/access/policy.js';
import { recordAudit, recordReadAudit, type AuditEntry } from '../../../platform/audit/audit.js';
import { addMonths, londonDate } from '../../../platform/dates.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../platform/errors.js';
import { latestChannelReferral } from '../channel.repository.js';
import { loadChannelCase, type LoadedChannelCase } from './channelCase.repository.js';
import { addChannelCaseEvent, STALE_CASE, type ChannelAfterAction } from './channelCaseSteps.js';
import { CHANNEL_CASE_PURPOSE, CHANNEL_REGIME, EXTENDED_POST_EXIT_MONTHS, liveConsent, reopenCase, withdrawConsent, type WithdrawalRoute } from './lifecycle.js';
import { addIntervention, recordConsent, type ConsentInput, type InterventionInput } from './supportRules.js';
import * as repo from './cases.repository.js';
import type { AssessmentInput } from './cases.schemas.js';

const FRAMEWORK = 'vaf-2012';
type CaseAction = 'consultation' | 'collection' | 'alteration';
const caseEntry = (action: CaseAction, event: string, recordIds: string[]): AuditEntry => ({ action, event, recordType: 'channel_case', recordIds, purpose: CHANNEL_CASE_PURPOSE, regime: CHANNEL_REGIME });
const audit = (tx: Db, ctx: RequestContext, action: CaseAction, event: string, recordIds: string[]) => recordAudit(tx, ctx, caseEntry(action, event, recordIds));

const userOf = (ctx: RequestContext): UserActor => {
  if (ctx.actor.kind !== 'user') throw new NotFoundError();
  return ctx.actor;
};

/** A case the actor may see (chairing authority's Channel staff, police of the area); anything else is not found. */
async function visibleCase(tx: Db, ctx: RequestContext, id: string, lock = false): Promise<LoadedChannelCase> {
  const actor = userOf(ctx);
  const loaded = await loadChannelCase(tx, id, actor.userId, lock);
  if (!loaded || !policy.viewChannelCase(actor, loaded.facts).allowed) throw new NotFoundError();
  return loaded;
}

/** A case the actor runs as its panel's chair, locked for the rest of the transaction, at the version they saw. */
async function chairedCase(tx: Db, ctx: RequestContext, id: string, version: number | null): Promise<LoadedChannelCase> {
  const loaded = await visibleCase(tx, ctx, id, true);
  if (!policy.canRunChannelCase(ctx.actor, loaded.facts)) throw new ForbiddenError('Only the chair of the panel can record this.');
  if (version !== null && loaded.row.version !== version) throw new ConflictError(STALE_CASE, 'stale');
  return loaded;
}

function requireState(loaded: LoadedChannelCase, states: readonly string[], what: string) {
  if (!states.includes(loaded.row.state)) {
    throw new ConflictError(`${what} cannot be recorded while the case is ${loaded.row.state.replace(/_/g, ' ')}.`, 'illegal-transition');
  }
}

/** The authorities whose cases the actor's panel list shows: the chairing authority's Channel staff only. */
async function panelAuthorities(tx: Db, ctx: RequestContext): Promise<string[]> {
  const actor = userOf(ctx);
  const authorities = hasRole(actor, 'channel_chair', 'panel_member') ? await repo.authoritiesChairedBy(tx, actor.organisation.id) : [];
  if (!authorities.length) throw new NotFoundError();
  return authorities;
}

export function createCasesService(db: Db) {
  /** Everything the case page and the case JSON show; the read is a consultation of the case. */
  async function readCase(tx: Db, ctx: RequestContext, loaded: LoadedChannelCase) {
    const c = loaded.row;
    const [person, localAuthority, referral, decisions, assessments, factors, consents, plan, interventions, postExitReviews, events, live] = [
      await repo.personOf(tx, c.referralId),
      await repo.organisationName(tx, c.localAuthorityId),
      await latestChannelReferral(tx, c.referralId),
      await repo.decisionsOf(tx, c.id),
      await repo.assessmentsOf(tx, c.id),
      await repo.vafFactorList(tx),
      await repo.consentsOf(tx, c.id),
      await repo.planOf(tx, c.id),
      await repo.interventionsOf(tx, c.id),
      await repo.postExitReviewsOf(tx, c.id),
      await repo.eventsOf(tx, c.id),
      await liveConsent(tx, c.id),
    ];
    if (!person) throw new NotFoundError();
    const referringForce = await repo.organisationName(tx, c.policeOrgId);
    return {
      row: c,
      person,
      localAuthority,
      referringForce,
      referral,
      decisions,
      assessments,
      factors,
      consents: consents.map((k) => ({ ...k, live: k.id === live?.id })),
      liveConsent: live,
      plan,
      interventions,
      postExitReviews,
      events,
      canRun: policy.canRunChannelCase(ctx.actor, loaded.facts),
      canWithdrawConsent: c.state === 'adopted' && live !== null && policy.canRecordConsentWithdrawal(ctx.actor, loaded.facts),
    };
  }

  return {
    /** The chair's dashboard: each list's total and its first few, over the panels the chair's authority chairs. */
    async dashboard(ctx: RequestContext) {
      // A read and its audit need no transaction: the audit row is written before anything is shown.
      const actor = userOf(ctx);
      if (!policy.canChairPanel(actor, { chairOrgId: actor.organisation.id })) throw new NotFoundError();
      const lists = await repo.dashboardLists(db, actor.organisation.id);
      if (!lists) throw new NotFoundError();
      const shown = [...new Set(lists.flatMap((l) => l.items.map((i) => i.id)))];
      if (shown.length) await recordReadAudit(db, ctx, caseEntry('consultation', 'channel.dashboard_viewed', shown));
      return lists;
    },

    /** The panel's cases, newest first, by state and dashboard filter; the ids shown are audited as consulted. */
    async list(ctx: RequestContext, q: { state?: string | undefined; filter?: repo.CaseFilter | undefined; page: number; pageSize: number }) {
      return db.transaction(async (tx) => {
        const authorities = await panelAuthorities(tx, ctx);
        const result = await repo.listCases(tx, authorities, { state: q.state, filter: q.filter, limit: q.pageSize, offset: (q.page - 1) * q.pageSize, order: 'newest' });
        if (result.items.length) await audit(tx, ctx, 'consultation', 'channel.cases_listed', result.items.map((i) => i.id));
        return result;
      });
    },

    async caseView(ctx: RequestContext, id: string) {
      return db.transaction(async (tx) => {
        const loaded = await visibleCase(tx, ctx, id);
        const view = await readCase(tx, ctx, loaded);
        await audit(tx, ctx, 'consultation', 'channel.case_viewed', [id]);
        return view;
      });
    },

    /** What a form needs: the case and the person's name; opening a form is a consultation of the case too. */
    async formView(ctx: RequestContext, id: string) {
      return db.transaction(async (tx) => {
        const loaded = await visibleCase(tx, ctx, id);
        const person = await repo.personOf(tx, loaded.row.referralId);
        if (!person) throw new NotFoundError();
        const [assessments, plan, live, postExitReviews] = [await repo.countAssessments(tx, id), await repo.planOf(tx, id), await liveConsent(tx, id), await repo.postExitReviewsOf(tx, id)];
        await audit(tx, ctx, 'consultation', 'channel.case_form_viewed', [id]);
        return {
          row: loaded.row,
          person,
          previousAssessments: assessments,
          plan,
          liveConsent: live,
          postExitReviews,
          canRun: policy.canRunChannelCase(ctx.actor, loaded.facts),
          canWithdrawConsent: policy.canRecordConsentWithdrawal(ctx.actor, loaded.facts),
        };
      });
    },

    /** One assessment, as recorded: evidence and judgement in words per factor, never a score. */
    async assessment(ctx: RequestContext, id: string, assessmentId: string) {
      return db.transaction(async (tx) => {
        const loaded = await visibleCase(tx, ctx, id);
        const [person, all, factors] = [await repo.personOf(tx, loaded.row.referralId), await repo.assessmentsOf(tx, id), await repo.vafFactorList(tx)];
        const index = all.findIndex((a) => a.id === assessmentId);
        if (!person || index === -1) throw new NotFoundError();
        await audit(tx, ctx, 'consultation', 'channel.assessment_viewed', [id, assessmentId]);
        return { row: loaded.row, person, assessment: all[index]!, first: index === 0, factors };
      });
    },

    async recordAssessment(ctx: RequestContext, id: string, input: AssessmentInput) {
      return db.transaction(async (tx) => {
        const loaded = await chairedCase(tx, ctx, id, input.version);
        requireState(loaded, ['awaiting_panel', 'adopted'], 'An assessment');
        const active = new Set((await repo.vafFactorList(tx)).filter((f) => f.active).map((f) => f.code));
        const unknown = input.factors.findIndex((f) => !active.has(f.code));
        if (unknown !== -1) throw new ValidationError([{ field: `factors.${unknown}.code`, message: 'Choose factors of the current framework only' }]);
        if ((await repo.countAssessments(tx, id)) > 0 && !input.significantChanges) {
          throw new ValidationError([{ field: 'significantChanges', message: 'Enter what has changed significantly since the last assessment' }]);
        }
        const assessmentId = randomUUID();
        await repo.insertAssessment(tx, {
          id: assessmentId,
          channelCaseId: id,
          framework: FRAMEWORK,
          factors: input.factors.map((f) => ({ code: f.code, evidence: f.evidence, judgement: f.judgement })),
          summary: input.summary,
          managementPlan: input.managementPlan,
          significantChanges: input.significantChanges ?? null,
          recordedBy: userOf(ctx).userId,
          recordedAt: new Date(),
        });
        await addChannelCaseEvent(tx, ctx, id, 'assessment_recorded', { assessmentId });
        await audit(tx, ctx, 'collection', 'channel.assessment_recorded', [id, assessmentId]);
        return { id: assessmentId, state: loaded.row.state, version: loaded.row.version };
      });
    },

    async recordConsent(ctx: RequestContext, id: string, input: ConsentInput & { version: number }) {
      return db.transaction(async (tx) => {
        const { version, ...consent } = input;
        const loaded = await chairedCase(tx, ctx, id, version);
        const consentId = await recordConsent(tx, ctx, loaded, consent);
        return { id: consentId, state: loaded.row.state, version: loaded.row.version };
      });
    },

    /** The chair or the police of the area; the shared step tells the providers, the chair and the police. */
    async withdrawConsent(ctx: RequestContext, id: string, input: { route: WithdrawalRoute; withdrawnOn: string; notes?: string | undefined; version: number }): Promise<ChannelAfterAction> {
      return db.transaction(async (tx) => {
        const loaded = await visibleCase(tx, ctx, id, true);
        if (!policy.canRecordConsentWithdrawal(ctx.actor, loaded.facts)) throw new ForbiddenError();
        if (loaded.row.version !== input.version) throw new ConflictError(STALE_CASE, 'stale');
        return withdrawConsent(tx, ctx, loaded, input);
      });
    },

    /** The support plan (s.36(5)); its own version guards against two chairs writing it at once. */
    async savePlan(ctx: RequestContext, id: string, input: { consentApproach: string; adjustments?: string | undefined; version: number }) {
      return db.transaction(async (tx) => {
        const loaded = await chairedCase(tx, ctx, id, null);
        requireState(loaded, ['adopted'], 'A support plan');
        const saved = await repo.savePlan(tx, id, input.version, { consentApproach: input.consentApproach, adjustments: input.adjustments ?? null, updatedBy: userOf(ctx).userId });
        if (!saved) throw new ConflictError('Someone else changed the support plan while you were working on it. Reload the page and try again.', 'stale');
        await addChannelCaseEvent(tx, ctx, id, 'plan_saved', { planVersion: input.version + 1 });
        await audit(tx, ctx, input.version === 0 ? 'collection' : 'alteration', 'channel.plan_saved', [id]);
        return { state: loaded.row.state, version: loaded.row.version, planVersion: input.version + 1 };
      });
    },

    async addIntervention(ctx: RequestContext, id: string, input: InterventionInput & { version: number }) {
      return db.transaction(async (tx) => {
        const { version, ...intervention } = input;
        const loaded = await chairedCase(tx, ctx, id, version);
        const interventionId = await addIntervention(tx, ctx, loaded, intervention);
        return { id: interventionId, state: loaded.row.state, version: loaded.row.version };
      });
    },

    /** The review of an exited case: all clear, extend watch to 24 months, or reopen the case for the panel. */
    async completePostExitReview(ctx: RequestContext, id: string, reviewId: string, input: { outcome: 'no_concerns' | 'extend' | 'reopen'; notes: string; completedOn: string; version: number }) {
      return db.transaction(async (tx) => {
        const loaded = await chairedCase(tx, ctx, id, input.version);
        const review = (await repo.postExitReviewsOf(tx, id)).find((r) => r.id === reviewId);
        if (!review) throw new NotFoundError();
        if (review.completedOn) throw new ConflictError('This post-exit review is already complete.', 'review-completed');
        requireState(loaded, ['exited'], 'A post-exit review');
        const exitDay = loaded.row.exitedAt ? londonDate(loaded.row.exitedAt) : null;
        if (exitDay && input.completedOn < exitDay) throw new ValidationError([{ field: 'completedOn', message: 'The review cannot come before the person left Channel' }]);
        if (!(await repo.completePostExitReview(tx, reviewId, { outcome: input.outcome, notes: input.notes, completedOn: input.completedOn, recordedBy: userOf(ctx).userId }))) {
          throw new ConflictError('This post-exit review is already complete.', 'review-completed');
        }
        const scheduled = input.outcome === 'extend' && exitDay ? await repo.schedulePostExitReview(tx, id, EXTENDED_POST_EXIT_MONTHS, addMonths(exitDay, EXTENDED_POST_EXIT_MONTHS)) : null;
        await addChannelCaseEvent(tx, ctx, id, 'post_exit_review_completed', { postExitReviewId: reviewId, months: review.monthsAfterExit, outcome: input.outcome });
        await audit(tx, ctx, 'collection', 'channel.post_exit_review_completed', [id, reviewId, ...(scheduled ? [scheduled] : [])]);
        const after = input.outcome === 'reopen' ? await reopenCase(tx, ctx, loaded, { version: input.version, reviewId }) : { state: loaded.row.state, version: loaded.row.version };
        return { id: reviewId, ...after, scheduledReviewId: scheduled };
      });
    },

    /** Lists for the intervention form: the catalogue and the providers approved today. */
    async interventionChoices() {
      const today = londonDate(new Date());
      return { types: await repo.activeInterventionTypes(db), providers: await repo.currentProviders(db, today) };
    },

    activeFactors: async () => (await repo.vafFactorList(db)).filter((f) => f.active),
  };
}

export type CasesService = ReturnType<typeof createCasesService>;
export type CaseView = Awaited<ReturnType<CasesService['caseView']>>;
export type CaseFormView = Awaited<ReturnType<CasesService['formView']>>;
