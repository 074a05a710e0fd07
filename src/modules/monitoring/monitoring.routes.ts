// Pages of monitoring after the gateway. The holding force: its monitoring list, a signposted case's follow-up
// (record the service's answer on its behalf, close the case) and a police-led case's reviews. The receiving
// service: the follow-ups addressed to it, each with the minimum it needs. Forms come back with a GOV.UK error
// summary and the values kept (422), or with the conflict's message (409); success redirects with a message.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { RequestContext } from '../../platform/access/actor.js';
import { ConflictError, ValidationError, type FieldError } from '../../platform/errors.js';
import { signedIn, uuidParam } from '../../platform/http/routeParams.js';
import { formatDay } from '../../platform/dates.js';
import { requestContext } from '../../platform/http/requestContext.js';
import { dateParts, formString, readDate } from '../../platform/views/dateInput.js';
import { render } from '../../platform/views/views.js';
import { londonDate } from '../../platform/workingDays.js';
import { REFERRER_OUTCOMES } from '../gateway/gateway.schemas.js';
import { SIGNPOST_SERVICE_LABELS } from '../gateway/presenters.js';
import {
  followUpOutcomeSchema,
  officerFollowUpSchema,
  policeLedReviewSchema,
  REVIEW_DECISION_LABELS,
  REVIEW_DECISIONS,
  reviewCommonSchema,
} from './monitoring.schemas.js';
import type { MonitoringService } from './monitoring.service.js';

type Body = Record<string, unknown>;

/** Shown on a form when the case changed while it was being filled in; what was typed is kept. */
export const STALE_ON_FORM = 'Someone else changed this case while you were working on it. Check the case, then submit again: your answers are kept below.';

const referrerOutcomeItems = (chosen: unknown) => Object.entries(REFERRER_OUTCOMES).map(([value, text]) => ({ value, text, checked: chosen === value }));
const serviceLabel = (type: string | null) => (type ? (SIGNPOST_SERVICE_LABELS[type] ?? type) : null);

/** Zod issues as GOV.UK field errors, one per field, in page order. */
function fieldErrors(issues: readonly z.core.$ZodIssue[], order: string[], idOf: (name: string) => string = (n) => n, already: FieldError[] = []): FieldError[] {
  const errors = [...already];
  const seen = new Set(errors.map((e) => e.field.replace(/-(day|month|year)$/, '')));
  for (const i of issues) {
    const name = String(i.path[0] ?? order[0]);
    if (seen.has(name)) continue;
    seen.add(name);
    errors.push({ field: idOf(name), message: i.message });
  }
  const at = (e: FieldError) => {
    const i = order.indexOf(e.field.replace(/-(day|month|year)$/, ''));
    return i === -1 ? order.length : i;
  };
  return errors.sort((a, b) => at(a) - at(b));
}

/** Runs a form's action; a conflict or a rule the service checks comes back as field errors with a status. */
async function attempt(act: () => Promise<unknown>, firstField: string): Promise<{ ok: true } | { ok: false; status: 409 | 422; errors: FieldError[] }> {
  try {
    await act();
    return { ok: true };
  } catch (err) {
    if (err instanceof ConflictError) return { ok: false, status: 409, errors: [{ field: firstField, message: err.type === 'stale' ? STALE_ON_FORM : err.message }] };
    if (err instanceof ValidationError) return { ok: false, status: 422, errors: err.errors };
    throw err;
  }
}

export async function monitoringRoutes(app: FastifyInstance, opts: { service: MonitoringService }) {
  const { service } = opts;
  const ctx = (request: FastifyRequest): RequestContext => requestContext(request);

  // ---- The holding force ----------------------------------------------------------------------------

  app.get('/monitoring', async (request, reply) => {
    signedIn(request);
    const { followUps, policeLed, today } = await service.forceMonitoring(ctx(request));
    return render(request, reply, 'monitoring/views/list.njk', {
      title: 'Monitoring',
      width: 'full',
      followUps: followUps.map((f) => ({ ...f, overdue: f.outcomeRecordedAt === null && f.dueOn < today })),
      policeLed: policeLed.map((p) => ({ ...p, overdue: p.nextReviewOn !== null && p.nextReviewOn < today })),
    });
  });

  const FOLLOW_UP_FIELDS = ['outcome', 'close', 'closingNote', 'referrerOutcome'];

  /** The officer's follow-up page; `posted` carries a failed form back. */
  async function showFollowUp(request: FastifyRequest, reply: FastifyReply, id: string, posted: { body: Body; errors: FieldError[] } | null) {
    signedIn(request);
    const view = await service.followUpForOfficer(ctx(request), id);
    const values: Body = posted?.body ?? { referrerOutcome: view.decisionReferrerOutcome };
    return render(request, reply, 'monitoring/views/follow-up.njk', {
      title: 'Signposting follow-up',
      referral: view.referral,
      view,
      serviceType: serviceLabel(view.serviceType),
      values,
      errors: posted?.errors ?? [],
      // A failed post keeps the version it was made against: submitting again is a choice made knowing of the change.
      version: posted ? (formString(posted.body, 'version') ?? String(view.referral.version)) : String(view.referral.version),
      referrerOutcomes: referrerOutcomeItems(values.referrerOutcome),
      backLink: `/cases/${id}`,
    });
  }

  app.get<{ Params: { id: string } }>('/cases/:id/follow-up', async (request, reply) => showFollowUp(request, reply, uuidParam(request), null));

  app.post<{ Params: { id: string } }>('/cases/:id/follow-up/acknowledge', async (request, reply) => {
    signedIn(request);
    const id = uuidParam(request);
    const result = await attempt(() => service.acknowledgeOnBehalf(ctx(request), id), 'acknowledge');
    if (!result.ok) return showFollowUp(request, reply.code(result.status), id, { body: {}, errors: result.errors });
    request.session.flash = { text: 'Acknowledgement recorded on the service’s behalf.', success: true };
    return reply.redirect(`/cases/${id}/follow-up`, 303);
  });

  app.post<{ Params: { id: string } }>('/cases/:id/follow-up', async (request, reply) => {
    signedIn(request);
    const id = uuidParam(request);
    const body = (request.body ?? {}) as Body;
    const close = formString(body, 'close');
    const input: Body = { close, outcome: formString(body, 'outcome'), version: formString(body, 'version') };
    if (close === 'yes') Object.assign(input, { closingNote: formString(body, 'closingNote'), referrerOutcome: formString(body, 'referrerOutcome') });
    const parsed = officerFollowUpSchema.safeParse(input);
    if (!parsed.success) return showFollowUp(request, reply.code(422), id, { body, errors: fieldErrors(parsed.error.issues, FOLLOW_UP_FIELDS) });
    const result = await attempt(() => service.recordFollowUp(ctx(request), id, parsed.data), 'outcome');
    if (!result.ok) return showFollowUp(request, reply.code(result.status), id, { body, errors: result.errors });
    const closed = parsed.data.close === 'yes';
    request.session.flash = { text: closed ? 'Case closed.' : 'Outcome recorded on the service’s behalf.', success: true };
    return reply.redirect(closed ? `/cases/${id}` : `/cases/${id}/follow-up`, 303);
  });

  const REVIEW_FIELDS = ['reviewedOn', 'changes', 'actions', 'decision', 'localAuthorityId', 'reasonableGrounds', 'referrerOutcome', 'rationale'];
  const reviewFieldId = (name: string) => (name === 'reviewedOn' ? 'reviewedOn-day' : name);

  async function showReview(request: FastifyRequest, reply: FastifyReply, id: string, posted: { body: Body; errors: FieldError[] } | null) {
    signedIn(request);
    const view = await service.reviewView(ctx(request), id);
    const values: Body = posted?.body ?? {};
    return render(request, reply, 'monitoring/views/review.njk', {
      title: 'Police-led management review',
      referral: view.referral,
      view,
      values,
      reviewedOn: dateParts(posted ? posted.body : null, 'reviewedOn', posted ? undefined : londonDate(new Date())),
      errors: posted?.errors ?? [],
      version: posted ? (formString(posted.body, 'version') ?? String(view.referral.version)) : String(view.referral.version),
      decisions: REVIEW_DECISIONS.map((d) => ({ value: d, text: REVIEW_DECISION_LABELS[d] })),
      decisionLabels: REVIEW_DECISION_LABELS,
      referrerOutcomes: referrerOutcomeItems(values.referrerOutcome),
      referrerOutcomeLabels: REFERRER_OUTCOMES,
      backLink: `/cases/${id}`,
    });
  }

  app.get<{ Params: { id: string } }>('/cases/:id/review', async (request, reply) => showReview(request, reply, uuidParam(request), null));

  app.post<{ Params: { id: string } }>('/cases/:id/review', async (request, reply) => {
    signedIn(request);
    const id = uuidParam(request);
    const body = (request.body ?? {}) as Body;
    const decision = formString(body, 'decision');
    const date = readDate(body, 'reviewedOn', 'The date of the review');
    const pick = (...names: string[]) => Object.fromEntries(names.map((n) => [n, formString(body, n)]));
    // Each decision's own questions are in the form (revealed by its radio): send only the chosen one's.
    const own = decision === 'refer_to_channel' ? pick('localAuthorityId', 'reasonableGrounds') : decision === 'close' ? pick('referrerOutcome') : {};
    const common = { reviewedOn: date.value, ...pick('changes', 'actions', 'rationale', 'version') };
    const dateErrors: FieldError[] = date.error ? [date.error] : date.value ? [] : [{ field: 'reviewedOn-day', message: 'Enter the date of the review' }];
    const parsed = policeLedReviewSchema.safeParse({ decision, ...common, ...own });
    // Without a decision the union reports only that: check the questions every review has as well.
    const more = (REVIEW_DECISIONS as readonly unknown[]).includes(decision) ? [] : (reviewCommonSchema.safeParse(common).error?.issues ?? []);
    if (!parsed.success || dateErrors.length || more.length) {
      const issues = [...(parsed.success ? [] : parsed.error.issues), ...more];
      return showReview(request, reply.code(422), id, { body, errors: fieldErrors(issues, REVIEW_FIELDS, reviewFieldId, dateErrors) });
    }
    let outcome: Awaited<ReturnType<MonitoringService['recordReview']>> | undefined;
    const result = await attempt(async () => {
      outcome = await service.recordReview(ctx(request), id, parsed.data);
    }, 'reviewedOn-day');
    if (!result.ok) return showReview(request, reply.code(result.status), id, { body, errors: result.errors.map((e) => ({ ...e, field: reviewFieldId(e.field) })) });
    if (parsed.data.decision === 'continue') {
      request.session.flash = { text: `Review recorded. The next review is due by ${formatDay(outcome!.nextReviewOn)}.`, success: true };
      return reply.redirect(`/cases/${id}/review`, 303);
    }
    request.session.flash = { text: parsed.data.decision === 'close' ? 'Review recorded and case closed.' : 'Review recorded and case referred to Channel.', success: true };
    return reply.redirect(`/cases/${id}`, 303);
  });

  app.get<{ Params: { id: string } }>('/notifications/:id', async (request, reply) => {
    signedIn(request);
    return reply.redirect(await service.openNotification(ctx(request), uuidParam(request)), 303);
  });

  // ---- The receiving service ------------------------------------------------------------------------

  app.get('/follow-ups', async (request, reply) => {
    signedIn(request);
    const { rows, today } = await service.receivedFollowUps(ctx(request));
    return render(request, reply, 'monitoring/views/received-list.njk', {
      title: 'Follow-up requests',
      width: 'full',
      rows: rows.map((r) => ({ ...r, serviceType: serviceLabel(r.serviceType), overdue: r.dueOn < today })),
    });
  });

  async function showReceived(request: FastifyRequest, reply: FastifyReply, id: string, posted: { body: Body; errors: FieldError[] } | null) {
    signedIn(request);
    const view = await service.receivedFollowUp(ctx(request), id);
    return render(request, reply, 'monitoring/views/received.njk', {
      title: 'Follow-up request',
      followUp: view.followUp,
      overdue: view.overdue,
      serviceType: serviceLabel(view.followUp.serviceType),
      values: posted?.body ?? {},
      errors: posted?.errors ?? [],
      backLink: '/follow-ups',
    });
  }

  app.get<{ Params: { id: string } }>('/follow-ups/:id', async (request, reply) => showReceived(request, reply, uuidParam(request), null));

  app.post<{ Params: { id: string } }>('/follow-ups/:id/acknowledge', async (request, reply) => {
    signedIn(request);
    const id = uuidParam(request);
    const result = await attempt(() => service.acknowledgeAsReceiver(ctx(request), id), 'acknowledge');
    if (!result.ok) return showReceived(request, reply.code(result.status), id, { body: {}, errors: result.errors });
    request.session.flash = { text: 'Request acknowledged. Record what happened once you know.', success: true };
    return reply.redirect(`/follow-ups/${id}`, 303);
  });

  app.post<{ Params: { id: string } }>('/follow-ups/:id/outcome', async (request, reply) => {
    signedIn(request);
    const id = uuidParam(request);
    const body = (request.body ?? {}) as Body;
    const parsed = followUpOutcomeSchema.safeParse({ outcome: formString(body, 'outcome') });
    if (!parsed.success) return showReceived(request, reply.code(422), id, { body, errors: fieldErrors(parsed.error.issues, ['outcome']) });
    const result = await attempt(() => service.recordOutcomeAsReceiver(ctx(request), id, parsed.data), 'outcome');
    if (!result.ok) return showReceived(request, reply.code(result.status), id, { body, errors: result.errors });
    request.session.flash = { text: 'Outcome recorded. The police team holding the case can now see it.', success: true };
    return reply.redirect(`/follow-ups/${id}`, 303);
  });
}
