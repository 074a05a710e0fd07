// Pages of the register of Intervention Providers: the list (filtered by specialism and by current approval), a
// new provider, and one provider (its form for administrators, read-only for chairs). A failed form comes back
// with a GOV.UK error summary and the values kept (422), or the conflict's message (409).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { FieldError } from '../../../platform/errors.js';
import { pageParam, signedIn, uuidParam } from '../../../platform/http/routeParams.js';
import { requestContext } from '../../../platform/http/requestContext.js';
import { dateParts, formString, readDate } from '../../../platform/views/dateInput.js';
import { render } from '../../../platform/views/views.js';
import { attempt, fieldErrors, formList, pagination, type Body } from '../panels/forms.js';
import type { ProviderRow } from './register.repository.js';
import {
  APPROVAL_STATUS_LABELS,
  APPROVAL_STATUSES,
  APPROVED_ON,
  approvalSchema,
  EXPIRES_ON,
  PROVIDER_KIND_LABELS,
  PROVIDER_KINDS,
  providerSchema,
  providerUpdateSchema,
} from './register.schemas.js';
import { approvalState, type RegisterService } from './register.service.js';

const FIELDS = ['name', 'kind', 'organisationId', 'contact', 'approvalStatus', 'approvedOn', 'approvalExpiresOn', 'specialisms', 'languages'] as const;
const DATES = { approvedOn: APPROVED_ON, approvalExpiresOn: EXPIRES_ON } as const;
const idOf = (name: string) => (name in DATES ? `${name}-day` : name);

type Posted = { body: Body; errors: FieldError[] } | null;

/** Languages are typed in one box, separated by commas. */
const splitLanguages = (s: string | undefined) => (s ?? '').split(/[,;\n]/).map((x) => x.trim()).filter(Boolean);

/** The posted form as the schema's input, and the errors of dates that could not be read. */
function readProvider(body: Body): { input: Record<string, unknown>; dateErrors: FieldError[] } {
  const input: Record<string, unknown> = {
    ...Object.fromEntries(['name', 'kind', 'organisationId', 'contact', 'approvalStatus'].map((n) => [n, formString(body, n)])),
    specialisms: formList(body, 'specialisms'),
    languages: splitLanguages(formString(body, 'languages')),
  };
  const dateErrors: FieldError[] = [];
  for (const [name, label] of Object.entries(DATES)) {
    const d = readDate(body, name, label);
    if (d.error) dateErrors.push(d.error);
    input[name] = d.value;
  }
  return { input, dateErrors };
}

/** Validates the form; the approval-date rule is reported even when other questions have errors. */
function validate<S extends z.ZodType>(schema: S, body: Body, extra: Record<string, unknown> = {}): { ok: true; data: z.output<S> } | { ok: false; errors: FieldError[] } {
  const { input, dateErrors } = readProvider(body);
  const parsed = schema.safeParse({ ...input, ...extra });
  if (parsed.success && !dateErrors.length) return { ok: true, data: parsed.data };
  const issues = parsed.success ? [] : parsed.error.issues;
  const more = parsed.success ? [] : (approvalSchema.safeParse({ approvalStatus: input.approvalStatus, approvedOn: input.approvedOn, approvalExpiresOn: input.approvalExpiresOn }).error?.issues ?? []);
  return { ok: false, errors: fieldErrors([...issues, ...more], FIELDS, idOf, dateErrors) };
}

/** A provider as the list and the read-only page show it. */
function present(p: ProviderRow, labels: Map<string, string>, today: string) {
  const state = approvalState(p, today);
  return {
    ...p,
    ...state,
    kindLabel: PROVIDER_KIND_LABELS[p.kind as keyof typeof PROVIDER_KIND_LABELS] ?? p.kind,
    statusLabel: state.expired ? 'Expired' : (APPROVAL_STATUS_LABELS[p.approvalStatus as keyof typeof APPROVAL_STATUS_LABELS] ?? p.approvalStatus),
    specialismLabels: p.specialisms.map((s) => labels.get(s) ?? s),
  };
}

/** The form's starting values from a saved provider. */
const formValues = (p: ProviderRow): Body => ({
  name: p.name,
  kind: p.kind,
  organisationId: p.organisationId ?? '',
  contact: p.contact,
  approvalStatus: p.approvalStatus,
  specialisms: p.specialisms,
  languages: p.languages.join(', '),
});

export async function registerRoutes(app: FastifyInstance, opts: { service: RegisterService }) {
  const { service } = opts;
  const ctx = requestContext;

  app.get<{ Querystring: { specialism?: string; approved?: string; page?: string } }>('/channel/providers', async (request, reply) => {
    signedIn(request);
    const page = pageParam(request);
    const specialism = typeof request.query.specialism === 'string' && request.query.specialism ? request.query.specialism.slice(0, 60) : undefined;
    const approvedOnly = request.query.approved === 'yes';
    const list = await service.list(ctx(request), { specialism, approvedOnly }, page);
    const labels = new Map(list.types.map((t) => [t.code, t.label]));
    return render(request, reply, 'channel/providers/views/register-list.njk', {
      title: 'Intervention Providers',
      width: 'full',
      list,
      providers: list.items.map((p) => present(p, labels, list.today)),
      filter: { specialism, approvedOnly },
      ...pagination('/channel/providers', page, list.total, list.pageSize, { specialism, approved: approvedOnly ? 'yes' : undefined }),
    });
  });

  /** The form, new or for one provider; `posted` carries a failed form back. */
  async function showForm(request: FastifyRequest, reply: FastifyReply, id: string | null, posted: Posted & { version?: string | undefined } | null) {
    signedIn(request);
    const view = id ? await service.view(ctx(request), id) : (service.assertCanManage(ctx(request)), { ...(await service.formContext()), provider: null, canManage: true, today: '' });
    const p = view.provider;
    if (p && !view.canManage) {
      return render(request, reply, 'channel/providers/views/register-provider.njk', {
        title: p.name,
        provider: present(p, new Map(view.types.map((t) => [t.code, t.label])), view.today),
        backLink: '/channel/providers',
      });
    }
    const values = posted?.body ?? (p ? formValues(p) : {});
    return render(request, reply, 'channel/providers/views/register-form.njk', {
      title: p ? `Change ${p.name}` : 'Add an Intervention Provider',
      values,
      checkedSpecialisms: posted ? formList(posted.body, 'specialisms') : (p?.specialisms ?? []),
      dates: Object.fromEntries(Object.keys(DATES).map((n) => [n, dateParts(posted?.body ?? null, n, p ? (p[n as keyof typeof DATES] as string | null) : undefined)])),
      kinds: PROVIDER_KINDS.map((k) => ({ value: k, text: PROVIDER_KIND_LABELS[k], checked: values.kind === k })),
      statuses: APPROVAL_STATUSES.map((s) => ({ value: s, text: APPROVAL_STATUS_LABELS[s], checked: values.approvalStatus === s })),
      types: view.types,
      organisations: view.organisations,
      version: posted?.version ?? (p ? String(p.version) : undefined),
      errors: posted?.errors ?? [],
      action: p ? `/channel/providers/${p.id}` : '/channel/providers',
      button: p ? 'Save changes' : 'Add provider',
      backLink: '/channel/providers',
    });
  }

  app.get('/channel/providers/new', async (request, reply) => showForm(request, reply, null, null));

  app.post('/channel/providers', async (request, reply) => {
    signedIn(request);
    const body = (request.body ?? {}) as Body;
    const v = validate(providerSchema, body);
    if (!v.ok) return showForm(request, reply.code(422), null, { body, errors: v.errors });
    const result = await attempt(() => service.create(ctx(request), v.data), 'name', idOf);
    if (!result.ok) return showForm(request, reply.code(result.status), null, { body, errors: fieldErrors([], FIELDS, idOf, result.errors) });
    request.session.flash = { text: `${v.data.name} added to the register.`, success: true };
    return reply.redirect('/channel/providers', 303);
  });

  app.get<{ Params: { id: string } }>('/channel/providers/:id', async (request, reply) => showForm(request, reply, uuidParam(request), null));

  app.post<{ Params: { id: string } }>('/channel/providers/:id', async (request, reply) => {
    signedIn(request);
    const id = uuidParam(request);
    const body = (request.body ?? {}) as Body;
    const version = formString(body, 'version');
    const v = validate(providerUpdateSchema, body, { version });
    if (!v.ok) return showForm(request, reply.code(422), id, { body, errors: v.errors, version });
    const result = await attempt(() => service.update(ctx(request), id, v.data), 'name', idOf);
    // After a conflict the form carries the provider's current version: saving again is a choice made knowing of the change.
    if (!result.ok) return showForm(request, reply.code(result.status), id, { body, errors: fieldErrors([], FIELDS, idOf, result.errors), version: result.status === 409 ? undefined : version });
    request.session.flash = { text: `${v.data.name} saved.`, success: true };
    return reply.redirect('/channel/providers', 303);
  });
}
