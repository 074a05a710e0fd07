// Pages of a provider's own work: the interventions assigned to its organisation, the minimal view of one, and
// its three forms (log a session, the end-of-intervention report, a withdrawal of consent). Every form works the
// same way: GET renders it (or returns to the intervention when it is no longer active), POST validates it with
// the schema from providerWork.schemas.ts and calls the service. Problems come back on the form with the values
// kept (422, or 409 for a conflict); success redirects (303).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { ConflictError, ValidationError, type FieldError } from '../../../platform/errors.js';
import { pageParam, signedIn, uuidParam } from '../../../platform/http/routeParams.js';
import { requestContext } from '../../../platform/http/requestContext.js';
import { londonDate } from '../../../platform/dates.js';
import { dateParts, formString } from '../../../platform/views/dateInput.js';
import { orderFieldErrors, readPostedForm, type FormDate } from '../../../platform/views/formErrors.js';
import { render } from '../../../platform/views/views.js';
import { EXIT_REASONS } from '../cases/lifecycle.js';
import { endSchema, ENGAGEMENT, ENGAGEMENT_LABELS, sessionSchema, withdrawalSchema } from './providerWork.schemas.js';
import type { ProviderWorkService } from './providerWork.service.js';

type Body = Record<string, unknown>;
const VIEWS = 'channel/providers/views';
export const STATUS_LABELS = { active: 'Active', stopped: 'Stopped', completed: 'Completed' } as const;
const home = (id: string) => `/provider/interventions/${id}`;

interface FormSpec<S extends z.ZodType> {
  /** The form page (GET) and where it posts, after /provider/interventions/:id/. */
  page: string;
  post: string;
  template: string;
  title: string;
  /** Field names in page order: the error summary follows it, and a conflict is reported at the first. */
  fields: string[];
  dates: Record<string, FormDate>;
  schema: S;
  /** The posted form as the schema's input (the schemas are strict: only this form's fields). */
  read(body: Body): Body;
  act(service: ProviderWorkService, request: FastifyRequest, id: string, data: z.output<S>): Promise<unknown>;
  /** Where success leads, with the message shown there (none on a confirmation page). */
  done(id: string, result: unknown): { to: string; flash?: string };
}

const form = <S extends z.ZodType>(spec: FormSpec<S>) => spec as unknown as FormSpec<z.ZodType>;

export const PROVIDER_FORMS = [
  form({
    page: 'sessions/new',
    post: 'sessions',
    template: `${VIEWS}/work-session.njk`,
    title: 'Log a session',
    fields: ['heldOn', 'attended', 'engagement', 'notes', 'newConcern'],
    dates: { heldOn: { label: 'The date of the session', required: 'Enter the date of the session' } },
    schema: sessionSchema,
    read: (b) => {
      const attended = formString(b, 'attended');
      // Engagement is revealed by "yes": read it only then.
      return { attended, engagement: attended === 'yes' ? formString(b, 'engagement') : undefined, notes: formString(b, 'notes'), newConcern: formString(b, 'newConcern'), version: formString(b, 'version') };
    },
    act: (service, request, id, data) => service.logSession(requestContext(request), id, data),
    done: (id, r) => ({
      to: home(id),
      flash: (r as { alerted: boolean }).alerted ? 'Session logged. The Channel chair and the police have been alerted to the new concern.' : 'Session logged.',
    }),
  }),
  form({
    page: 'end',
    post: 'end',
    template: `${VIEWS}/work-end.njk`,
    title: 'End-of-intervention report',
    fields: ['endedOn', 'endReport'],
    dates: { endedOn: { label: 'The date the intervention ended', required: 'Enter the date the intervention ended' } },
    schema: endSchema,
    read: (b) => ({ endReport: formString(b, 'endReport'), version: formString(b, 'version') }),
    act: (service, request, id, data) => service.end(requestContext(request), id, data),
    done: (id) => ({ to: home(id), flash: 'End-of-intervention report saved. The intervention is completed.' }),
  }),
  form({
    page: 'consent-withdrawn',
    post: 'consent-withdrawn',
    template: `${VIEWS}/work-withdraw.njk`,
    title: 'Record that consent was withdrawn',
    fields: ['withdrawnOn', 'notes'],
    dates: { withdrawnOn: { label: 'The date consent was withdrawn', required: 'Enter the date consent was withdrawn' } },
    schema: withdrawalSchema,
    read: (b) => ({ notes: formString(b, 'notes'), version: formString(b, 'version') }),
    act: (service, request, id, data) => service.withdrawConsent(requestContext(request), id, data),
    done: (id) => ({ to: `${home(id)}/consent-withdrawn/confirmation` }),
  }),
];

/** GOV.UK field id for a schema field: a date's first box, otherwise the field's name. */
const fieldId = (spec: FormSpec<z.ZodType>, name: string) => (spec.dates[name] ? `${name}-day` : name);


export async function providerWorkRoutes(app: FastifyInstance, opts: { service: ProviderWorkService }) {
  const { service } = opts;

  app.get<{ Querystring: { page?: string } }>('/provider/interventions', async (request, reply) => {
    signedIn(request);
    const page = pageParam(request);
    const list = await service.list(requestContext(request), page);
    const pages = Math.ceil(list.total / list.pageSize);
    return render(request, reply, `${VIEWS}/work-list.njk`, {
      title: 'Your interventions',
      width: 'full',
      list,
      statusLabels: STATUS_LABELS,
      previousHref: page > 1 ? `/provider/interventions?page=${page - 1}` : undefined,
      nextHref: page < pages ? `/provider/interventions?page=${page + 1}` : undefined,
    });
  });

  app.get<{ Params: { id: string } }>('/provider/interventions/:id', async (request, reply) => {
    signedIn(request);
    const { intervention, sessions } = await service.view(requestContext(request), uuidParam(request));
    return render(request, reply, `${VIEWS}/work-intervention.njk`, {
      title: `${intervention.givenName} ${intervention.familyName}`,
      i: intervention,
      sessions,
      statusLabel: STATUS_LABELS[intervention.status],
      engagementLabels: ENGAGEMENT_LABELS,
      backLink: '/provider/interventions',
    });
  });

  app.get<{ Params: { id: string } }>('/provider/interventions/:id/consent-withdrawn/confirmation', async (request, reply) => {
    signedIn(request);
    const id = uuidParam(request);
    const { intervention } = await service.view(requestContext(request), id);
    // Only after a withdrawal: an intervention that is active, completed or stopped for another reason is shown as it is.
    if (intervention.status !== 'stopped' || intervention.stopReason !== EXIT_REASONS.consent_withdrawn) return reply.redirect(home(id), 303);
    return render(request, reply, `${VIEWS}/work-withdrawn.njk`, { title: 'Consent withdrawal recorded', i: intervention });
  });

  for (const spec of PROVIDER_FORMS) {
    /** Renders the form; `posted` is null for a fresh GET. */
    const show = async (request: FastifyRequest, reply: FastifyReply, id: string, posted: { body: Body; errors: FieldError[]; version?: string | undefined } | null) => {
      const { intervention } = await service.view(requestContext(request), id);
      // A fresh form for an intervention that has ended: back to it, saying why. (A posted form is shown with
      // its errors instead: the person keeps what they typed.)
      if (!posted && intervention.status !== 'active') {
        request.session.flash = { text: `This intervention is ${STATUS_LABELS[intervention.status].toLowerCase()}: nothing more can be recorded on it.` };
        return reply.redirect(home(id), 303);
      }
      const values: Body = posted?.body ?? {};
      const today = londonDate(new Date());
      return render(request, reply, spec.template, {
        title: spec.title,
        i: intervention,
        values,
        dates: Object.fromEntries(Object.keys(spec.dates).map((name) => [name, dateParts(posted ? posted.body : null, name, posted ? undefined : today)])),
        errors: posted?.errors ?? [],
        // Invalid answers keep the version they were made against; after a conflict the form carries the current
        // one, so submitting again is a decision made knowing the intervention changed, never a silent overwrite.
        version: posted?.version ?? String(intervention.version),
        action: `${home(id)}/${spec.post}`,
        engagementItems: ENGAGEMENT.map((e) => ({ value: e, text: ENGAGEMENT_LABELS[e], checked: values.engagement === e })),
        backLink: home(id),
      });
    };

    app.get<{ Params: { id: string } }>(`/provider/interventions/:id/${spec.page}`, async (request, reply) => {
      signedIn(request);
      return show(request, reply, uuidParam(request), null);
    });

    app.post<{ Params: { id: string } }>(`/provider/interventions/:id/${spec.post}`, async (request, reply) => {
      signedIn(request);
      const id = uuidParam(request);
      const body = (request.body ?? {}) as Body;
      const { data, errors } = readPostedForm(body, spec.read(body), { schema: spec.schema, dates: spec.dates, fieldFor: (path) => fieldId(spec, String(path[0] ?? spec.fields[0])) });
      if (data !== null) {
        try {
          const result = await spec.act(service, request, id, data);
          const next = spec.done(id, result);
          if (next.flash) request.session.flash = { text: next.flash, success: true };
          return reply.redirect(next.to, 303);
        } catch (err) {
          if (err instanceof ConflictError) return show(request, reply.code(409), id, { body, errors: [{ field: fieldId(spec, spec.fields[0]!), message: err.message }] });
          if (!(err instanceof ValidationError)) throw err;
          errors.push(...err.errors.map((e) => ({ field: fieldId(spec, e.field), message: e.message })));
        }
      }
      return show(request, reply.code(422), id, { body, errors: orderFieldErrors(spec.fields, errors), version: formString(body, 'version') });
    });
  }
}
