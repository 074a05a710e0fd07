// Pages for setting up a Channel panel: the panels an administrator's authority is covered by, a new panel, the
// panel page (settings, standing and co-opted members; read-only for its chair), adding a standing member, ending
// a membership and co-opting a member for a case. Routes parse, call the service and render; a failed form comes
// back with a GOV.UK error summary and the values kept (422), or the conflict's message (409).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { FieldError } from '../../../platform/errors.js';
import { pageParam, signedIn, uuidParam } from '../../../platform/http/routeParams.js';
import { requestContext } from '../../../platform/http/requestContext.js';
import { formString } from '../../../platform/views/dateInput.js';
import { render } from '../../../platform/views/views.js';
import { attempt, fieldErrors, formList, formYesNo, pagination, type Body } from './forms.js';
import {
  AGENCIES,
  AGENCY_LABELS,
  coOptSchema,
  DEFAULT_REVIEW_INTERVAL_DAYS,
  MEMBER_WHO,
  memberCommonSchema,
  memberSchema,
  panelSchema,
  panelSettingsSchema,
} from './panels.schemas.js';
import type { PanelsService } from './panels.service.js';

const PANEL_FIELDS = ['name', 'authorityIds', 'chairOrgId', 'reviewIntervalDays'] as const;
const MEMBER_FIELDS = ['channelCaseId', 'who', 'email', 'name', 'organisationId', 'organisationName', 'agency', 'role', 'canDecide'] as const;

type Posted = { body: Body; errors: FieldError[] } | null;

function readPanel(body: Body) {
  return { ...Object.fromEntries(['name', 'chairOrgId', 'reviewIntervalDays'].map((n) => [n, formString(body, n)])), authorityIds: formList(body, 'authorityIds') };
}

/** The member form as the schema's input: only the chosen kind of member's own questions are sent. */
function readMember(body: Body, withCase: boolean): Record<string, unknown> {
  const who = formString(body, 'who');
  const own = who === 'user' ? { email: formString(body, 'email') } : who === 'named' ? { name: formString(body, 'name'), organisationId: formString(body, 'organisationId'), organisationName: formString(body, 'organisationName') } : {};
  return { who, ...own, agency: formString(body, 'agency'), role: formString(body, 'role'), canDecide: formYesNo(body, 'canDecide'), ...(withCase ? { channelCaseId: formString(body, 'channelCaseId') } : {}) };
}

/** Validates a member form; without a choice of account or not, the questions every member has are checked too. */
function validateMember<S extends z.ZodType>(schema: S, input: Record<string, unknown>): { ok: true; data: z.output<S> } | { ok: false; errors: FieldError[] } {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, data: parsed.data };
  const { who, channelCaseId: _c, email: _e, name: _n, organisationId: _o, organisationName: _on, ...common } = input;
  const more = (MEMBER_WHO as readonly unknown[]).includes(who) ? [] : (memberCommonSchema.safeParse(common).error?.issues ?? []);
  return { ok: false, errors: fieldErrors([...parsed.error.issues, ...more], MEMBER_FIELDS) };
}

const agencyItems = (chosen: unknown) => [{ value: '', text: 'Choose an agency' }, ...AGENCIES.map((a) => ({ value: a, text: AGENCY_LABELS[a], selected: chosen === a }))];

export async function panelsRoutes(app: FastifyInstance, opts: { service: PanelsService }) {
  const { service } = opts;
  const ctx = requestContext;

  app.get('/channel/panels', async (request, reply) => {
    signedIn(request);
    const page = pageParam(request);
    const list = await service.list(ctx(request), page);
    return render(request, reply, 'channel/panels/views/list.njk', { title: 'Channel panels', width: 'full', list, ...pagination('/channel/panels', page, list.total, list.pageSize) });
  });

  // ---- A new panel -----------------------------------------------------------------------------------

  async function showNew(request: FastifyRequest, reply: FastifyReply, posted: Posted) {
    signedIn(request);
    const c = await service.newPanelContext(ctx(request));
    return render(request, reply, 'channel/panels/views/new.njk', {
      title: 'Set up a Channel panel',
      ...c,
      values: posted?.body ?? { chairOrgId: c.own.id, reviewIntervalDays: String(DEFAULT_REVIEW_INTERVAL_DAYS) },
      checkedAuthorities: posted ? formList(posted.body, 'authorityIds') : [],
      errors: posted?.errors ?? [],
      backLink: '/channel/panels',
    });
  }

  app.get('/channel/panels/new', async (request, reply) => showNew(request, reply, null));

  app.post('/channel/panels', async (request, reply) => {
    signedIn(request);
    const body = (request.body ?? {}) as Body;
    const parsed = panelSchema.safeParse(readPanel(body));
    if (!parsed.success) return showNew(request, reply.code(422), { body, errors: fieldErrors(parsed.error.issues, PANEL_FIELDS) });
    const result = await attempt(() => service.create(ctx(request), parsed.data), 'name');
    if (!result.ok) return showNew(request, reply.code(result.status), { body, errors: fieldErrors([], PANEL_FIELDS, undefined, result.errors) });
    request.session.flash = { text: 'Panel set up. Add its standing members.', success: true };
    return reply.redirect(`/channel/panels/${result.value}`, 303);
  });

  // ---- The panel page and its settings -------------------------------------------------------------

  async function showPanel(request: FastifyRequest, reply: FastifyReply, id: string, posted: Posted & { version?: string } | null) {
    signedIn(request);
    const view = await service.view(ctx(request), id);
    const others = view.authorities.filter((a) => a.id !== view.own.id).map((a) => a.id);
    const current = view.members.filter((m) => !m.endedOn);
    return render(request, reply, 'channel/panels/views/panel.njk', {
      title: view.panel.name,
      width: 'full',
      view,
      own: view.own,
      standing: current.filter((m) => !m.channelCaseId),
      coOpted: current.filter((m) => m.channelCaseId),
      former: view.members.filter((m) => m.endedOn),
      agencyLabels: AGENCY_LABELS,
      localAuthorities: view.canManage ? await service.localAuthorities() : [],
      values: posted?.body ?? { name: view.panel.name, chairOrgId: view.panel.chairOrgId, reviewIntervalDays: String(view.panel.reviewIntervalDays) },
      checkedAuthorities: posted ? formList(posted.body, 'authorityIds') : others,
      version: posted?.version ?? String(view.panel.version),
      errors: posted?.errors ?? [],
      backLink: '/channel/panels',
    });
  }

  app.get<{ Params: { panelId: string } }>('/channel/panels/:panelId', async (request, reply) => showPanel(request, reply, uuidParam(request, 'panelId'), null));

  app.post<{ Params: { panelId: string } }>('/channel/panels/:panelId', async (request, reply) => {
    signedIn(request);
    const id = uuidParam(request, 'panelId');
    const body = (request.body ?? {}) as Body;
    const posted = (errors: FieldError[]) => ({ body, errors: fieldErrors([], PANEL_FIELDS, undefined, errors), version: formString(body, 'version') });
    const parsed = panelSettingsSchema.safeParse({ ...readPanel(body), version: formString(body, 'version') });
    if (!parsed.success) return showPanel(request, reply.code(422), id, posted(fieldErrors(parsed.error.issues, PANEL_FIELDS)));
    const result = await attempt(() => service.updateSettings(ctx(request), id, parsed.data), 'name');
    // After a conflict the form carries the panel's current version: submitting again is a choice made knowing of the change.
    if (!result.ok) return showPanel(request, reply.code(result.status), id, { ...posted(result.errors), ...(result.status === 409 ? { version: undefined } : {}) });
    request.session.flash = { text: 'Panel settings saved.', success: true };
    return reply.redirect(`/channel/panels/${id}`, 303);
  });

  // ---- Members ---------------------------------------------------------------------------------------

  async function showMemberForm(request: FastifyRequest, reply: FastifyReply, id: string, posted: Posted) {
    signedIn(request);
    const c = await service.memberFormContext(ctx(request), id, 'standing');
    const values = posted?.body ?? {};
    return render(request, reply, 'channel/panels/views/member.njk', {
      title: 'Add a standing member',
      panel: c.panel,
      organisations: c.organisations,
      agencies: agencyItems(values.agency),
      values,
      errors: posted?.errors ?? [],
      action: `/channel/panels/${id}/members`,
      backLink: `/channel/panels/${id}`,
    });
  }

  app.get<{ Params: { panelId: string } }>('/channel/panels/:panelId/members/new', async (request, reply) => showMemberForm(request, reply, uuidParam(request, 'panelId'), null));

  app.post<{ Params: { panelId: string } }>('/channel/panels/:panelId/members', async (request, reply) => {
    signedIn(request);
    const id = uuidParam(request, 'panelId');
    const body = (request.body ?? {}) as Body;
    const v = validateMember(memberSchema, readMember(body, false));
    if (!v.ok) return showMemberForm(request, reply.code(422), id, { body, errors: v.errors });
    const result = await attempt(() => service.addMember(ctx(request), id, v.data), 'who');
    if (!result.ok) return showMemberForm(request, reply.code(result.status), id, { body, errors: fieldErrors([], MEMBER_FIELDS, undefined, result.errors) });
    request.session.flash = { text: 'Member added.', success: true };
    return reply.redirect(`/channel/panels/${id}`, 303);
  });

  app.post<{ Params: { panelId: string; memberId: string } }>('/channel/panels/:panelId/members/:memberId/end', async (request, reply) => {
    signedIn(request);
    const id = uuidParam(request, 'panelId');
    const memberId = uuidParam(request, 'memberId');
    const result = await attempt(() => service.endMember(ctx(request), id, memberId), `end-${memberId}`);
    if (!result.ok) return showPanel(request, reply.code(result.status), id, { body: {}, errors: result.errors });
    request.session.flash = { text: 'Membership ended. It stays in the panel’s history.', success: true };
    return reply.redirect(`/channel/panels/${id}`, 303);
  });

  // ---- Co-opting a member for one case --------------------------------------------------------------

  async function showCoOpt(request: FastifyRequest, reply: FastifyReply, id: string, posted: Posted) {
    signedIn(request);
    const c = await service.coOptContext(ctx(request), id);
    const values = posted?.body ?? {};
    return render(request, reply, 'channel/panels/views/co-opt.njk', {
      title: 'Co-opt a member for a case',
      panel: c.panel,
      cases: c.cases,
      organisations: c.organisations,
      agencies: agencyItems(values.agency),
      values,
      errors: posted?.errors ?? [],
      action: `/channel/panels/${id}/co-opt`,
      backLink: `/channel/panels/${id}`,
    });
  }

  app.get<{ Params: { panelId: string } }>('/channel/panels/:panelId/co-opt', async (request, reply) => showCoOpt(request, reply, uuidParam(request, 'panelId'), null));

  app.post<{ Params: { panelId: string } }>('/channel/panels/:panelId/co-opt', async (request, reply) => {
    signedIn(request);
    const id = uuidParam(request, 'panelId');
    const body = (request.body ?? {}) as Body;
    const v = validateMember(coOptSchema, readMember(body, true));
    if (!v.ok) return showCoOpt(request, reply.code(422), id, { body, errors: v.errors });
    const result = await attempt(() => service.coOpt(ctx(request), id, v.data), 'channelCaseId');
    if (!result.ok) return showCoOpt(request, reply.code(result.status), id, { body, errors: fieldErrors([], MEMBER_FIELDS, undefined, result.errors) });
    request.session.flash = { text: 'Member co-opted for the case. They can read its meeting packs.', success: true };
    return reply.redirect(`/channel/panels/${id}`, 303);
  });
}
