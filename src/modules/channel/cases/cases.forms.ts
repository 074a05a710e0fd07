// The chair's (and for a withdrawal, the police's) forms on a Channel case, each described once: its path, the
// schema that validates it, how the posted form becomes the schema's input, who may use it and when, and the
// service call. cases.routes.ts serves every one the same way (GET, POST, errors, conflicts, redirect).
import type { z } from 'zod';
import { formString } from '../../../platform/views/dateInput.js';
import { addMonths, formatDay, londonDate } from '../../../platform/dates.js';
import type { RequestContext } from '../../../platform/access/actor.js';
import { WITHDRAWAL_ROUTES } from './lifecycle.js';
import { assessmentSchema, consentSchema, interventionSchema, planSchema, POST_EXIT_OUTCOMES, postExitReviewSchema, VAF_DIMENSIONS, withdrawalSchema } from './cases.schemas.js';
import type { CaseFormView, CasesService } from './cases.service.js';

export type Body = Record<string, unknown>;

export interface FormSpec<S extends z.ZodType> {
  /** Path after /channel/cases/:id/ (may hold :reviewId). */
  path: string;
  template: string;
  title: string;
  /** Field ids in page order: the error summary follows it, and a conflict is reported at the first. */
  fields: (view: CaseFormView, params: Record<string, string>) => string[] | Promise<string[]>;
  dates?: Record<string, { label: string; required: string }>;
  schema: S;
  read(body: Body): Record<string, unknown>;
  /** Who may use the form (403 otherwise; the case is visible by then). */
  permitted(view: CaseFormView): boolean;
  /** Why the form cannot be used now (a fresh GET goes back to the case page saying so), or null. */
  closed(view: CaseFormView, params: Record<string, string>): string | null;
  act(ctx: RequestContext, id: string, data: z.output<S>, params: Record<string, string>): Promise<unknown>;
  success: string;
  /** The version the form carries: the case's, or the plan's for the plan. */
  version?(view: CaseFormView): number;
  defaults?(view: CaseFormView): Body;
  context?(view: CaseFormView, params: Record<string, string>): Promise<Body> | Body;
  /** The form field for an issue path the schema reports below the top level (assessment factors). */
  fieldFor?(path: readonly PropertyKey[], input: Record<string, unknown>): string | null;
}

const form = <S extends z.ZodType>(spec: FormSpec<S>) => spec as unknown as FormSpec<z.ZodType>;
const pick = (b: Body, ...names: string[]) => Object.fromEntries(names.map((n) => [n, formString(b, n)]));

const chair = (v: CaseFormView) => v.canRun;
const stateIs = (v: CaseFormView, states: string[], why: string) => (states.includes(v.row.state) ? null : why);
const NOT_ADOPTED = 'This can only be recorded for an adopted case.';

export function caseForms(service: CasesService) {
  return [
    form({
      path: 'assessments/new',
      template: 'channel/cases/views/assessmentForm.njk',
      title: 'Vulnerability assessment',
      // The factor boxes are named by code; their errors follow the summary and plan in page order.
      fields: async (v) => [
        'factors',
        ...(await service.activeFactors()).flatMap((f) => [`evidence-${f.code}`, `judgement-${f.code}`]),
        'summary',
        'managementPlan',
        ...(v.previousAssessments > 0 ? ['significantChanges'] : []),
      ],
      schema: assessmentSchema,
      read: (b) => {
        const factors = Object.keys(b)
          .filter((k) => k.startsWith('evidence-') || k.startsWith('judgement-'))
          .map((k) => k.replace(/^(evidence|judgement)-/, ''))
          .filter((code, i, all) => all.indexOf(code) === i)
          .map((code) => ({ code, evidence: formString(b, `evidence-${code}`) ?? '', judgement: formString(b, `judgement-${code}`) ?? '' }))
          .filter((f) => f.evidence || f.judgement);
        return { factors, ...pick(b, 'summary', 'managementPlan', 'significantChanges', 'version') };
      },
      permitted: chair,
      closed: (v) => stateIs(v, ['awaiting_panel', 'adopted'], 'An assessment can be recorded while the case awaits the panel or is adopted.'),
      act: (ctx, id, data) => service.recordAssessment(ctx, id, data),
      success: 'Vulnerability assessment recorded.',
      context: async (v) => {
        const factors = await service.activeFactors();
        return { dimensions: Object.entries(VAF_DIMENSIONS).map(([key, title]) => ({ key, title, factors: factors.filter((f) => f.dimension === key) })), reassessment: v.previousAssessments > 0 };
      },
      fieldFor: (path, input) => {
        if (path[0] !== 'factors' || typeof path[1] !== 'number') return null;
        const f = (input.factors as Array<{ code: string }>)[path[1]];
        return f ? `${path[2] === 'judgement' ? 'judgement' : 'evidence'}-${f.code}` : null;
      },
    }),
    form({
      path: 'consent',
      template: 'channel/cases/views/consentForm.njk',
      title: 'Record consent',
      fields: () => ['status', 'givenBy', 'giverName', 'relationship', 'soughtHow', 'soughtBy', 'soughtOn', 'capacityNotes', 'decidedOn', 'purposes'],
      dates: { soughtOn: { label: 'The date consent was sought', required: 'Enter the date consent was sought' }, decidedOn: { label: 'The date of the decision', required: 'Enter the date of the decision' } },
      schema: consentSchema,
      read: (b) => pick(b, 'status', 'givenBy', 'giverName', 'relationship', 'soughtHow', 'soughtBy', 'capacityNotes', 'purposes', 'version'),
      permitted: chair,
      closed: (v) => stateIs(v, ['adopted'], NOT_ADOPTED) ?? (v.liveConsent ? 'Consent is already live on this case. Record a withdrawal first if it has changed.' : null),
      act: (ctx, id, data) => service.recordConsent(ctx, id, data),
      success: 'Consent recorded.',
      // Under 18 today (the rule is applied on the day of the decision): the form says a parent or guardian decides.
      context: (v) => ({ under18: v.person.dateOfBirth ? v.person.dateOfBirth > addMonths(londonDate(new Date()), -18 * 12) : false }),
    }),
    form({
      path: 'consent/withdraw',
      template: 'channel/cases/views/withdrawForm.njk',
      title: 'Record that consent was withdrawn',
      fields: () => ['route', 'withdrawnOn', 'notes'],
      dates: { withdrawnOn: { label: 'The date consent was withdrawn', required: 'Enter the date consent was withdrawn' } },
      schema: withdrawalSchema,
      read: (b) => pick(b, 'route', 'notes', 'version'),
      permitted: (v) => v.canWithdrawConsent,
      closed: (v) => stateIs(v, ['adopted'], NOT_ADOPTED) ?? (v.liveConsent ? null : 'There is no live consent on this case to withdraw.'),
      act: (ctx, id, data) => service.withdrawConsent(ctx, id, data),
      success: 'Withdrawal recorded. Support has stopped; the providers, the chair and the police have been told, and the case is back with the police.',
      context: (v) => ({ routes: Object.entries(WITHDRAWAL_ROUTES).map(([value, text]) => ({ value, text })), liveSince: v.liveConsent ? formatDay(v.liveConsent.decidedOn) : null }),
    }),
    form({
      path: 'plan',
      template: 'channel/cases/views/planForm.njk',
      title: 'Support plan',
      fields: () => ['consentApproach', 'adjustments'],
      schema: planSchema,
      read: (b) => pick(b, 'consentApproach', 'adjustments', 'version'),
      permitted: chair,
      closed: (v) => stateIs(v, ['adopted'], NOT_ADOPTED),
      act: (ctx, id, data) => service.savePlan(ctx, id, data),
      success: 'Support plan saved.',
      version: (v) => v.plan?.version ?? 0,
      defaults: (v) => (v.plan ? { consentApproach: v.plan.consentApproach, adjustments: v.plan.adjustments ?? '' } : {}),
    }),
    form({
      path: 'interventions/new',
      template: 'channel/cases/views/interventionForm.njk',
      title: 'Add an intervention',
      fields: () => ['typeCode', 'providerId', 'goal', 'contactRoute', 'startsOn', 'expectedSessions'],
      dates: { startsOn: { label: 'The start date', required: 'Enter the start date' } },
      schema: interventionSchema,
      read: (b) => pick(b, 'typeCode', 'providerId', 'goal', 'contactRoute', 'expectedSessions', 'version'),
      permitted: chair,
      closed: (v) => stateIs(v, ['adopted'], NOT_ADOPTED),
      act: (ctx, id, data) => service.addIntervention(ctx, id, data),
      success: 'Intervention started. The provider has been given what they need to contact the person.',
      context: async (v) => ({ ...(await service.interventionChoices()), noConsent: !v.liveConsent }),
    }),
    form({
      path: 'post-exit-reviews/:reviewId',
      template: 'channel/cases/views/postExitForm.njk',
      title: 'Post-exit review',
      fields: () => ['outcome', 'notes', 'completedOn'],
      dates: { completedOn: { label: 'The date of the review', required: 'Enter the date of the review' } },
      schema: postExitReviewSchema,
      read: (b) => pick(b, 'outcome', 'notes', 'version'),
      permitted: chair,
      closed: (v, p) => {
        const review = v.postExitReviews.find((r) => r.id === p.reviewId);
        if (review?.completedOn) return 'This post-exit review is already complete.';
        return stateIs(v, ['exited'], 'Post-exit reviews are recorded for a case that has exited Channel.');
      },
      act: (ctx, id, data, p) => service.completePostExitReview(ctx, id, p.reviewId!, data),
      success: 'Post-exit review recorded.',
      context: (v, p) => {
        const review = v.postExitReviews.find((r) => r.id === p.reviewId)!;
        return { review, dueOn: formatDay(review.dueOn), outcomes: Object.entries(POST_EXIT_OUTCOMES).map(([value, text]) => ({ value, text })) };
      },
    }),
  ];
}
