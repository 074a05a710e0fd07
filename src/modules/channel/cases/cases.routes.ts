// Pages of the Channel case record: the chair's dashboard, the panel's case list, the case page, one assessment,
// and the forms of cases.forms.ts. Routes parse, let the service authorise and act, and render. Every form works
// the same way: GET renders it, POST validates it with its schema and calls the service; problems come back on
// the form with the values kept (422, or 409 for a conflict); success goes back to the case page with a message.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type FieldError } from '../../../platform/errors.js';
import { pageParam, signedIn, uuidParam } from '../../../platform/http/routeParams.js';
import { requestContext } from '../../../platform/http/requestContext.js';
import { dateParts, formString } from '../../../platform/views/dateInput.js';
import { orderFieldErrors, readPostedForm } from '../../../platform/views/formErrors.js';
import { render } from '../../../platform/views/views.js';
import { formatDay, londonDate } from '../../../platform/dates.js';
import { CHANNEL_CASE_STATES, CHANNEL_STATE_LABELS } from '../../../workflow/channelCase.js';
import { CASE_FILTERS, type CaseFilter } from './cases.repository.js';
import { caseForms, type Body, type FormSpec } from './cases.forms.js';
import {
  assessmentRows,
  consentCards,
  decisionCards,
  escapeHtml,
  factorGroups,
  FILTER_LABELS,
  interventionRows,
  personRows,
  postExitRows,
  referralRows,
  stateLabel,
  taskItems,
  timeline,
} from './cases.presenters.js';
import { STALE_CASE } from './channelCaseSteps.js';
import type { CasesService } from './cases.service.js';

const PAGE_SIZE = 25;
const STALE_ON_FORM = 'Someone else changed this Channel case while you were working on it. Check the case page, then submit again: your answers are kept below.';

const oneOf = <T extends string>(values: readonly T[], raw: unknown): T | undefined => (values as readonly unknown[]).includes(raw) ? (raw as T) : undefined;
const name = (p: { givenName: string; familyName: string }) => `${p.givenName} ${p.familyName}`;

export async function caseRoutes(app: FastifyInstance, opts: { service: CasesService }) {
  const { service } = opts;

  app.get('/channel', async (request, reply) => {
    signedIn(request);
    const lists = await service.dashboard(requestContext(request));
    return render(request, reply, 'channel/cases/views/dashboard.njk', {
      title: 'Channel',
      width: 'full',
      lists: lists.map((l) => ({
        ...l,
        ...FILTER_LABELS[l.filter],
        href: `/channel/cases?filter=${l.filter}`,
        rows: l.items.map((i) => ({ href: `/channel/cases/${i.id}`, name: name(i), on: i.on ? formatDay(i.on) : '', state: stateLabel(i.state) })),
      })),
    });
  });

  app.get<{ Querystring: { page?: string; state?: string; filter?: string } }>('/channel/cases', async (request, reply) => {
    signedIn(request);
    const page = pageParam(request);
    const state = oneOf(CHANNEL_CASE_STATES, request.query.state);
    const filter = oneOf<CaseFilter>(CASE_FILTERS, request.query.filter);
    const list = await service.list(requestContext(request), { state, filter, page, pageSize: PAGE_SIZE });
    const pages = Math.ceil(list.total / PAGE_SIZE);
    const query = (p: number) => `/channel/cases?${new URLSearchParams({ ...(state ? { state } : {}), ...(filter ? { filter } : {}), page: String(p) }).toString()}`;
    return render(request, reply, 'channel/cases/views/list.njk', {
      title: filter ? FILTER_LABELS[filter].title : 'Channel cases',
      width: 'full',
      total: list.total,
      rows: list.items.map((i) => [
        { html: `<a class="govuk-link" href="/channel/cases/${i.id}">${escapeHtml(name(i))}</a>` },
        { text: i.dateOfBirth ? formatDay(i.dateOfBirth) : 'Not known' },
        { text: stateLabel(i.state) },
        { text: formatDay(londonDate(i.referredAt)) },
      ]),
      states: [{ value: '', text: 'Any status' }, ...CHANNEL_CASE_STATES.map((s) => ({ value: s, text: CHANNEL_STATE_LABELS[s], selected: s === state }))],
      filters: [{ value: '', text: 'No filter' }, ...CASE_FILTERS.map((f) => ({ value: f, text: FILTER_LABELS[f].title, selected: f === filter }))],
      previousHref: page > 1 ? query(page - 1) : undefined,
      nextHref: page < pages ? query(page + 1) : undefined,
    });
  });

  app.get<{ Params: { id: string } }>('/channel/cases/:id', async (request, reply) => {
    signedIn(request);
    const view = await service.caseView(requestContext(request), uuidParam(request));
    return render(request, reply, 'channel/cases/views/case.njk', {
      title: `${name(view.person)}: Channel case`,
      width: 'full',
      view,
      personName: name(view.person),
      personRows: personRows(view),
      referralRows: referralRows(view),
      decisionCards: decisionCards(view),
      assessmentRows: assessmentRows(view),
      consentCards: consentCards(view),
      interventionRows: interventionRows(view),
      postExitRows: postExitRows(view),
      taskItems: taskItems(view),
      timeline: timeline(view),
    });
  });

  app.get<{ Params: { id: string; assessmentId: string } }>('/channel/cases/:id/assessments/:assessmentId', async (request, reply) => {
    signedIn(request);
    const id = uuidParam(request);
    const v = await service.assessment(requestContext(request), id, uuidParam(request, 'assessmentId'));
    return render(request, reply, 'channel/cases/views/assessment.njk', {
      title: v.first ? 'Vulnerability assessment' : 'Vulnerability reassessment',
      personName: name(v.person),
      v,
      groups: factorGroups(v.factors, v.assessment.factors),
      backLink: `/channel/cases/${id}`,
    });
  });

  for (const spec of caseForms(service)) registerForm(app, service, spec);
}


function registerForm(app: FastifyInstance, service: CasesService, spec: FormSpec<z.ZodType>) {
  const path = `/channel/cases/:id/${spec.path}`;
  const paramsOf = (request: FastifyRequest) => {
    const p: Record<string, string> = {};
    if (spec.path.includes(':reviewId')) p.reviewId = uuidParam(request, 'reviewId');
    return p;
  };
  const actionOf = (id: string, p: Record<string, string>) => `/channel/cases/${id}/${spec.path.replace(':reviewId', p.reviewId ?? '')}`;

  /** Renders the form; `posted` is null for a fresh GET. */
  const show = async (request: FastifyRequest, reply: FastifyReply, id: string, posted: { body: Body; errors: FieldError[]; conflict?: string } | null) => {
    const params = paramsOf(request);
    const view = await service.formView(requestContext(request), id);
    if (params.reviewId && !view.postExitReviews.some((r) => r.id === params.reviewId)) throw new NotFoundError();
    if (!spec.permitted(view)) throw new ForbiddenError();
    const closed = spec.closed(view, params);
    // A fresh form for a step the case is not at: back to the case page, saying why. A posted form is shown with
    // its errors instead, so the person keeps what they typed.
    if (!posted && closed) {
      request.session.flash = { text: closed };
      return reply.redirect(`/channel/cases/${id}`, 303);
    }
    const values: Body = posted ? posted.body : (spec.defaults?.(view) ?? {});
    const dates = Object.fromEntries(Object.keys(spec.dates ?? {}).map((n) => [n, dateParts(posted ? posted.body : null, n, values[n] as string | undefined)]));
    const fields = await spec.fields(view, params);
    // After a conflict the form carries the current version; after invalid input, the one the user saw.
    const version = posted && !posted.conflict ? (formString(posted.body, 'version') ?? '') : String(spec.version?.(view) ?? view.row.version);
    const errors = posted?.conflict ? [{ field: fieldIdOf(spec, fields[0]!), message: posted.conflict }] : orderFieldErrors(fields, posted?.errors ?? []);
    return render(request, reply, spec.template, {
      title: spec.title,
      personName: name(view.person),
      view,
      values,
      dates,
      errors,
      version,
      action: actionOf(id, params),
      backLink: `/channel/cases/${id}`,
      caseLink: `/channel/cases/${id}`,
      ...(await spec.context?.(view, params)),
    });
  };

  app.get<{ Params: { id: string } }>(path, async (request, reply) => {
    signedIn(request);
    return show(request, reply, uuidParam(request), null);
  });

  app.post<{ Params: { id: string } }>(path, async (request, reply) => {
    signedIn(request);
    const id = uuidParam(request);
    const params = paramsOf(request);
    const body = (request.body ?? {}) as Body;
    const input = spec.read(body);
    const fieldId = (n: string) => fieldIdOf(spec, n);
    const { data, errors } = readPostedForm(body, input, { schema: spec.schema, dates: spec.dates, fieldFor: (path) => spec.fieldFor?.(path, input) ?? fieldId(String(path[0] ?? 'version')) });
    if (data !== null) {
      try {
        await spec.act(requestContext(request), id, data, params);
        request.session.flash = { text: spec.success, success: true };
        return reply.redirect(`/channel/cases/${id}`, 303);
      } catch (err) {
        if (err instanceof ConflictError) {
          // Shown against the first question; the form then carries the current version, so submitting again is a
          // decision made knowing the case changed, never a silent overwrite.
          const message = err.type === 'stale' || err.message === STALE_CASE ? STALE_ON_FORM : err.message;
          return show(request, reply.code(409), id, { body, errors: [], conflict: message });
        }
        if (!(err instanceof ValidationError)) throw err;
        errors.push(...err.errors.map((e) => ({ field: spec.fieldFor?.(e.field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)), input) ?? fieldId(e.field), message: e.message })));
      }
    }
    return show(request, reply.code(422), id, { body, errors });
  });
}

/** GOV.UK field id for a schema field: a date's first box, otherwise the field's name. */
const fieldIdOf = (spec: FormSpec<z.ZodType>, n: string) => (spec.dates?.[n] ? `${n}-day` : n);

