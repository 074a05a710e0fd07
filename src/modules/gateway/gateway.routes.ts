// The police officer's case page and the gateway assessment forms. Every form works the same way: GET
// renders it, POST validates it with the schema from gateway.schemas.ts and calls the service (which checks
// the policy, the workflow step and the version). Problems come back on the form with the values kept
// (422, or 409 for a conflict); success returns to the case page with a message.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Db } from '../../db/client.js';
import type { RequestContext, UserActor } from '../../platform/access/actor.js';
import { ConflictError, ForbiddenError, ValidationError, type FieldError } from '../../platform/errors.js';
import { signedIn, uuidParam } from '../../platform/http/routeParams.js';
import { requestContext } from '../../platform/http/requestContext.js';
import { dateParts, formString } from '../../platform/views/dateInput.js';
import { orderFieldErrors, readPostedForm, type FormDate } from '../../platform/views/formErrors.js';
import { render } from '../../platform/views/views.js';
import { listLocalAuthorities, listSignpostingPartners } from '../organisations/organisations.repository.js';
import type { Answers } from '../referrals/journey.js';
import { summaryRows } from '../referrals/presenters.js';
import { currentConcernCategories, officersOf } from './gateway.repository.js';
import {
  assignSchema,
  CHECK_KIND_LABELS,
  CHECK_KINDS,
  checkSchema,
  decisionSchema,
  deconflictionSchema,
  judgementSchema,
  OUTCOMES,
  REFERRER_OUTCOMES,
  reviewSchema,
  SIGNPOST_SERVICES,
} from './gateway.schemas.js';
import type { GatewayService } from './gateway.service.js';
import {
  CHANNEL_LABELS,
  checkRows,
  CONCERN_PRESENT_LABELS,
  decisionCard,
  judgementRows,
  ordinal,
  otherReferralRows,
  channelCaseRows,
  OUTCOME_HINTS,
  OUTCOME_LABELS,
  overdue,
  SIGNPOST_SERVICE_LABELS,
  STATE_LABELS,
  statsYear,
  taskListItems,
  tasks,
  timeline,
  type CaseView,
  type Task,
} from './presenters.js';

type Body = Record<string, unknown>;

/** Shown on the form when someone else moved the referral on first; the form keeps what was typed. */
export const STALE_ON_FORM = 'Someone else changed this referral while you were working on it. Check the case page, then submit again: your answers are kept below.';

const list = (body: Body, name: string): string[] => {
  const v = body[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string' && x !== '');
};

interface FormSpec<S extends z.ZodType, C extends Record<string, unknown> = Record<string, unknown>> {
  /** Path after /cases/:id/. */
  slug: string;
  task: Task;
  template: string;
  title: string;
  /** Field ids in page order: the error summary follows it, and a conflict is reported at the first. */
  fields: string[];
  /** GOV.UK date inputs: the label used in messages, and the message when a required date is blank. */
  dates?: Record<string, FormDate>;
  schema: S;
  /** The posted form as the schema's input (only this form's fields: the schemas are strict). */
  read(body: Body): Record<string, unknown>;
  act(ctx: RequestContext, id: string, data: z.output<S>): Promise<unknown>;
  success(result: unknown): string;
  /** What the form shows before anything is posted, given its lists. */
  defaults?(view: CaseView, actor: UserActor, context: C): Record<string, unknown>;
  /** Lists for the form's questions, read when the form is shown (the case page does not read them). */
  context?(view: CaseView): Promise<C>;
  /** Errors the schema does not report in the same pass (the outcome's common fields when no outcome is chosen). */
  moreErrors?(input: Record<string, unknown>): z.core.$ZodIssue[];
}

// Type-erased so forms with different schemas fit in one list; each spec is checked against its own schema here.
const form = <S extends z.ZodType, C extends Record<string, unknown> = Record<string, unknown>>(spec: FormSpec<S, C>) => spec as unknown as FormSpec<z.ZodType>;

/** The decisionSchema member without its discriminator: the fields every outcome shares. */
const decisionBase = decisionSchema.options[0].omit({ outcome: true });

export function gatewayForms(db: Db, service: GatewayService) {
  return [
    form({
      slug: 'assign',
      task: 'assign',
      template: 'gateway/views/assign.njk',
      title: 'Assign an officer',
      fields: ['officerId'],
      schema: assignSchema,
      read: (b) => ({ officerId: formString(b, 'officerId'), version: formString(b, 'version') }),
      act: (ctx, id, data) => service.assign(ctx, id, data),
      success: () => 'Officer assigned.',
      context: async (view) => ({ officers: await officersOf(db, view.referral.owningOrgId) }),
      // "Assign to me" unless the actor cannot be assigned (then whoever has it now).
      defaults: (view, actor, { officers }) => ({ officerId: officers.some((o) => o.id === actor.userId) ? actor.userId : (view.referral.assignedOfficerId ?? '') }),
    }),
    form({
      slug: 'checks/new',
      task: 'checks',
      template: 'gateway/views/check.njk',
      title: 'Record a check',
      fields: ['kind', 'source', 'requestedOn', 'receivedOn', 'notes'],
      dates: { requestedOn: { label: 'The date of the check', required: 'Enter the date of the check' }, receivedOn: { label: 'The date the answer came back' } },
      schema: checkSchema,
      read: (b) => ({ kind: formString(b, 'kind'), source: formString(b, 'source'), notes: formString(b, 'notes') }),
      act: (ctx, id, data) => service.recordCheck(ctx, id, data),
      success: () => 'Check recorded.',
      context: async () => ({ kinds: CHECK_KINDS.map((k) => ({ value: k, text: CHECK_KIND_LABELS[k] })) }),
    }),
    form({
      slug: 'deconfliction',
      task: 'deconfliction',
      template: 'gateway/views/deconfliction.njk',
      title: 'Record deconfliction',
      fields: ['doneOn', 'sealedNotes'],
      dates: { doneOn: { label: 'The date of deconfliction', required: 'Enter the date of deconfliction' } },
      schema: deconflictionSchema,
      read: (b) => ({ sealedNotes: formString(b, 'sealedNotes') }),
      act: (ctx, id, data) => service.recordDeconfliction(ctx, id, data),
      success: () => 'Deconfliction recorded.',
    }),
    form({
      slug: 'judgement',
      task: 'judgement',
      template: 'gateway/views/judgement.njk',
      title: 'Threshold judgement',
      fields: ['concernPresent', 'concernTypes', 'vulnerabilityFactors', 'immediateRisk', 'immediateRiskDetails', 'rationale'],
      schema: judgementSchema,
      read: (b) => ({
        concernPresent: formString(b, 'concernPresent'),
        concernTypes: list(b, 'concernTypes'),
        vulnerabilityFactors: formString(b, 'vulnerabilityFactors'),
        immediateRisk: formString(b, 'immediateRisk'),
        // The details box stays in the form when its radio is not chosen: only read it with "yes".
        immediateRiskDetails: formString(b, 'immediateRisk') === 'yes' ? formString(b, 'immediateRiskDetails') : undefined,
        rationale: formString(b, 'rationale'),
      }),
      act: (ctx, id, data) => service.recordJudgement(ctx, id, data),
      success: () => 'Threshold judgement recorded.',
      // A new judgement replaces the current one: start from it.
      defaults: (view) => view.judgement ?? {},
      context: async () => ({ categories: await currentConcernCategories(db, statsYear()), concernPresentLabels: CONCERN_PRESENT_LABELS }),
    }),
    form({
      slug: 'outcome',
      task: 'outcome',
      template: 'gateway/views/outcome.njk',
      title: 'Outcome of the gateway assessment',
      fields: ['outcome', 'serviceType', 'serviceName', 'serviceContact', 'receivingOrganisationId', 'localAuthorityId', 'reasonableGrounds', 'sealedNotes', 'referrerOutcome', 'rationale'],
      schema: decisionSchema,
      read: (b) => {
        const outcome = formString(b, 'outcome');
        const pick = (...names: string[]) => Object.fromEntries(names.map((n) => [n, formString(b, n)]));
        // Every outcome's follow-up questions are in the form (revealed by its radio); send only the chosen one's.
        const own =
          outcome === 'signposted'
            ? pick('serviceType', 'serviceName', 'serviceContact', 'receivingOrganisationId')
            : outcome === 'channel'
              ? pick('localAuthorityId', 'reasonableGrounds')
              : outcome === 'investigation_handover'
                ? pick('sealedNotes')
                : {};
        return { outcome, ...pick('rationale', 'referrerOutcome', 'version'), ...own };
      },
      moreErrors: (input) => {
        if ((OUTCOMES as readonly unknown[]).includes(input.outcome)) return [];
        const { outcome: _o, ...rest } = input;
        const common = decisionBase.safeParse(rest);
        return common.success ? [] : common.error.issues;
      },
      act: (ctx, id, data) => service.decide(ctx, id, data),
      success: (r) => ((r as { needsApproval?: boolean }).needsApproval ? 'Outcome recorded. It is waiting for a supervisor’s approval.' : 'Outcome recorded.'),
      context: async (view) => ({
        // From police-led management the only step left at the gateway is a referral to Channel.
        outcomes: (view.referral.state === 'police_led_management' ? (['channel'] as const) : OUTCOMES).map((o) => ({ value: o, text: OUTCOME_LABELS[o], hint: OUTCOME_HINTS[o] })),
        signpostServices: SIGNPOST_SERVICES.map((s) => ({ value: s, text: SIGNPOST_SERVICE_LABELS[s] ?? s })),
        localAuthorities: await listLocalAuthorities(db),
        partners: await listSignpostingPartners(db),
        referrerOutcomes: Object.entries(REFERRER_OUTCOMES).map(([value, text]) => ({ value, text })),
      }),
    }),
    form({
      slug: 'approval',
      task: 'approval',
      template: 'gateway/views/approval.njk',
      title: 'Approve or return the outcome',
      fields: ['decision', 'comments'],
      schema: reviewSchema,
      read: (b) => ({ decision: formString(b, 'decision'), comments: formString(b, 'comments'), version: formString(b, 'version') }),
      act: (ctx, id, data) => service.review(ctx, id, data),
      success: () => 'Review recorded.',
      context: async (view) => {
        const pending = view.decisions.find((d) => d.status === 'awaiting_approval');
        return { pending: pending ? decisionCard(pending) : null };
      },
    }),
  ];
}

/** GOV.UK field id for a schema path: a date's first box, otherwise the field's name. */
function fieldId(spec: FormSpec<z.ZodType>, name: string): string {
  return spec.dates?.[name] ? `${name}-day` : name;
}


function forbiddenMessage(task: Task, view: CaseView, actor: UserActor): string | undefined {
  if (task !== 'approval') return undefined;
  if (!view.canApprove) return 'Only a Prevent supervisor of the force holding the referral can approve or return an outcome.';
  return view.decisions.some((d) => d.status === 'awaiting_approval' && d.decidedBy === actor.userId)
    ? 'You cannot approve or return your own decision: another supervisor must review it.'
    : undefined;
}

export async function gatewayRoutes(app: FastifyInstance, opts: { db: Db; service: GatewayService }) {
  const { db, service } = opts;

  app.get<{ Params: { id: string } }>('/cases/:id', async (request, reply) => {
    const actor = signedIn(request);
    const view = await service.caseView(requestContext(request), uuidParam(request));
    const submission = view.referral.submission as Answers & { professional?: unknown };
    const earlier = view.earlierReferrals.length;
    return render(request, reply, 'gateway/views/case.njk', {
      title: `Case ${view.referral.reference}`,
      width: 'full',
      view,
      referral: view.referral,
      stateLabel: STATE_LABELS[view.referral.state as keyof typeof STATE_LABELS] ?? view.referral.state,
      overdue: overdue(view),
      repeatFlag: earlier > 0 ? `${ordinal(earlier + 1)} referral` : null,
      earlierCount: earlier,
      channelLabel: CHANNEL_LABELS[view.referral.channel] ?? view.referral.channel,
      taskItems: taskListItems(view, actor.userId),
      checkRows: checkRows(view),
      judgementRows: judgementRows(view),
      decisionCards: view.decisions.map(decisionCard).reverse(),
      earlierRows: otherReferralRows(view.earlierReferrals, actor.organisation.id),
      laterRows: otherReferralRows(view.laterReferrals, actor.organisation.id),
      channelRows: channelCaseRows(view),
      sections: summaryRows(submission, submission.professional ? 'professional' : 'public', null),
      timeline: timeline(view),
      person: view.candidates ? { id: view.referral.personRecordId, ...view.candidates } : null,
    });
  });

  for (const spec of gatewayForms(db, service)) {
    const path = `/cases/:id/${spec.slug}`;

    /** Renders the form; `posted` is null for a fresh GET. */
    const show = async (request: FastifyRequest, reply: FastifyReply, id: string, posted: { body: Body; errors: FieldError[]; version?: string | undefined } | null) => {
      const actor = signedIn(request);
      const view = await service.caseView(requestContext(request), id);
      const task = tasks(view, actor.userId)[spec.task];
      if (!task.permitted) throw new ForbiddenError(forbiddenMessage(spec.task, view, actor));
      // A fresh form for a step the case is not at: back to the case page, saying why. (A posted form is shown
      // with its errors instead: the person keeps what they typed.)
      if (!posted && task.closedReason) {
        request.session.flash = { text: task.closedReason };
        return reply.redirect(`/cases/${id}`, 303);
      }
      const lists = (await spec.context?.(view)) ?? {};
      const values: Body = posted ? posted.body : (spec.defaults?.(view, actor, lists) ?? {});
      const dates = Object.fromEntries(Object.keys(spec.dates ?? {}).map((name) => [name, dateParts(posted ? posted.body : null, name, values[name] as string | undefined)]));
      return render(request, reply, spec.template, {
        title: spec.title,
        referral: view.referral,
        values,
        checked: (name: string) => list(values, name),
        dates,
        errors: posted?.errors ?? [],
        version: posted?.version ?? String(view.referral.version),
        action: `/cases/${id}/${spec.slug}`,
        backLink: `/cases/${id}`,
        ...lists,
      });
    };

    app.get<{ Params: { id: string } }>(path, async (request, reply) => {
      signedIn(request);
      return show(request, reply, uuidParam(request), null);
    });

    app.post<{ Params: { id: string } }>(path, async (request, reply) => {
      signedIn(request);
      const id = uuidParam(request);
      const body = (request.body ?? {}) as Body;
      const { data, errors } = readPostedForm(body, spec.read(body), { schema: spec.schema, dates: spec.dates, moreIssues: spec.moreErrors, fieldFor: (path) => fieldId(spec, String(path[0] ?? spec.fields[0])) });
      if (data !== null) {
        try {
          const result = await spec.act(requestContext(request), id, data);
          request.session.flash = { text: spec.success(result), success: true };
          return reply.redirect(`/cases/${id}`, 303);
        } catch (err) {
          if (err instanceof ConflictError) {
            // Shown against the first question; the form then carries the referral's current version, so
            // submitting again is a decision made knowing the case changed, never a silent overwrite.
            const message = err.type === 'stale' ? STALE_ON_FORM : err.message;
            return show(request, reply.code(409), id, { body, errors: [{ field: fieldId(spec, spec.fields[0]!), message }] });
          }
          if (!(err instanceof ValidationError)) throw err;
          errors.push(...err.errors.map((e) => ({ field: fieldId(spec, e.field), message: e.message })));
        }
      }
      return show(request, reply.code(422), id, { body, errors: orderFieldErrors(spec.fields, errors), version: formString(body, 'version') });
    });
  }
}
