// The pages of a Channel panel's meetings: the list, scheduling, the chair's agenda, attendance, one agenda item
// (contributions and the decision) and the meeting pack. Routes parse the form with the schema, call the service
// and render; problems come back on the page with the GOV.UK error summary and the values kept (422, or 409
// for a conflict such as the police attendance rule); success redirects (303) with a message.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { ConflictError, ValidationError, type FieldError } from '../../../platform/errors.js';
import { pageParam, signedIn, uuidParam } from '../../../platform/http/routeParams.js';
import { requestContext } from '../../../platform/http/requestContext.js';
import { formatDay } from '../../../platform/dates.js';
import { dateParts, formString, readDate } from '../../../platform/views/dateInput.js';
import { render } from '../../../platform/views/views.js';
import type { Answers } from '../../referrals/journey.js';
import { summaryRows } from '../../referrals/presenters.js';
import { EXIT_REASONS } from '../cases/lifecycle.js';
import {
  AGENCY_LABELS,
  CASE_STATE_LABELS,
  CONSENT_LABELS,
  decisionRows,
  KIND_LABELS,
  personName,
  STATUS_LABELS,
  STATUS_TAGS,
} from './meetings.presenters.js';
import {
  agendaAddSchema,
  attendanceSchema,
  contributionSchema,
  DECISION_LABELS,
  DECISION_METHOD_LABELS,
  DECISION_METHODS,
  decisionCommonSchema,
  DECISIONS,
  decisionSchema,
  dissentProblem,
  meetingSchema,
  NEW_CASE_DECISIONS,
  PANEL_EXIT_REASONS,
  REVIEW_DECISIONS,
  versionSchema,
} from './meetings.schemas.js';
import type { CasePack, MeetingsService } from './meetings.service.js';

type Body = Record<string, unknown>;
type Posted = { body: Body; errors: FieldError[] };

const list = (body: Body, name: string): string[] => {
  const v = body[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string' && x !== '');
};

/** Schema issues as field errors, one per field, named by `fieldFor` (a form's field ids differ from the schema's paths). */
function issueErrors(issues: readonly z.core.$ZodIssue[], fieldFor: (path: readonly PropertyKey[]) => string): FieldError[] {
  const seen = new Set<string>();
  return issues.map((i) => ({ field: fieldFor(i.path), message: i.message })).filter((e) => !seen.has(e.field) && seen.add(e.field));
}

/**
 * Runs a form's action: parse with the schema, act, redirect with a message; on a validation problem or a
 * conflict, `show` renders the page again with the errors (422 or 409) and what was posted.
 */
async function handleForm<S extends z.ZodType>(
  reply: FastifyReply,
  request: FastifyRequest,
  opts: {
    schema: S;
    input: unknown;
    fieldFor: (path: readonly PropertyKey[]) => string;
    extraErrors?: FieldError[];
    /** Field ids in page order, which the error summary follows. */
    order?: string[];
    act: (data: z.output<S>) => Promise<unknown>;
    success: string;
    /** Where to go next: a path, or one made from what the action returned. */
    redirect: string | ((result: unknown) => string);
    show: (posted: Posted, status: number) => Promise<unknown>;
  },
) {
  const body = (request.body ?? {}) as Body;
  const parsed = opts.schema.safeParse(opts.input);
  const extra = opts.extraErrors ?? [];
  const errors = [...extra, ...(parsed.success ? [] : issueErrors(parsed.error.issues, opts.fieldFor).filter((e) => !extra.some((x) => x.field === e.field)))];
  const at = (e: FieldError) => {
    const i = opts.order?.indexOf(e.field.replace(/-(day|month|year)$/, '')) ?? -1;
    return i === -1 ? Number.MAX_SAFE_INTEGER : i;
  };
  errors.sort((a, b) => at(a) - at(b));
  if (!errors.length && parsed.success) {
    try {
      const result = await opts.act(parsed.data);
      request.session.flash = { text: opts.success, success: true };
      return reply.redirect(typeof opts.redirect === 'string' ? opts.redirect : opts.redirect(result), 303);
    } catch (err) {
      if (err instanceof ConflictError) return opts.show({ body, errors: [{ field: opts.fieldFor([]), message: err.message }] }, 409);
      if (!(err instanceof ValidationError)) throw err;
      errors.push(...err.errors.map((e) => ({ field: opts.fieldFor([e.field]), message: e.message })));
    }
  }
  return opts.show({ body, errors }, 422);
}


function packCaseView(c: CasePack) {
  const submission = (c.referral?.submission ?? {}) as Answers & { professional?: unknown };
  return {
    ...c,
    name: personName(c.item),
    kindLabel: KIND_LABELS[c.item.kind] ?? c.item.kind,
    stateLabel: CASE_STATE_LABELS[c.item.caseState] ?? c.item.caseState,
    consentLabel: c.consent ? CONSENT_LABELS[c.consent] : null,
    sections: summaryRows(submission, submission.professional ? 'professional' : 'public', null),
    decisionCards: c.decisions.map((d) => ({ title: `${DECISION_LABELS[d.decision as keyof typeof DECISION_LABELS] ?? d.decision}, ${formatDay(d.recordedAt.toISOString().slice(0, 10))}`, rows: decisionRows(d) })),
  };
}

export async function meetingsRoutes(app: FastifyInstance, opts: { service: MeetingsService }) {
  const { service } = opts;

  app.get<{ Querystring: { page?: string } }>('/channel/meetings', async (request, reply) => {
    signedIn(request);
    const page = pageParam(request);
    const result = await service.list(requestContext(request), page);
    const pages = Math.ceil(result.total / result.pageSize);
    return render(request, reply, 'channel/meetings/views/list.njk', {
      title: 'Channel panel meetings',
      width: 'full',
      result,
      statusLabels: STATUS_LABELS,
      statusTags: STATUS_TAGS,
      previousHref: page > 1 ? `/channel/meetings?page=${page - 1}` : undefined,
      nextHref: page < pages ? `/channel/meetings?page=${page + 1}` : undefined,
    });
  });

  // ---- Scheduling ---------------------------------------------------------------------------------

  const showNew = async (request: FastifyRequest, reply: FastifyReply, posted: Posted | null) => {
    const panels = await service.chairedPanels(requestContext(request));
    const values = posted?.body ?? { panelId: panels.length === 1 ? panels[0]!.id : undefined };
    return render(request, reply, 'channel/meetings/views/new.njk', {
      title: 'Schedule a panel meeting',
      panels,
      values,
      date: dateParts(posted?.body ?? null, 'date'),
      errors: posted?.errors ?? [],
      backLink: '/channel/meetings',
    });
  };

  app.get('/channel/meetings/new', async (request, reply) => {
    signedIn(request);
    return showNew(request, reply, null);
  });

  app.post('/channel/meetings/new', async (request, reply) => {
    signedIn(request);
    const body = (request.body ?? {}) as Body;
    const date = readDate(body, 'date', 'The date of the meeting');
    const extraErrors = date.error ? [date.error] : date.value ? [] : [{ field: 'date-day', message: 'Enter the date of the meeting' }];
    return handleForm(reply, request, {
      schema: meetingSchema,
      input: { panelId: formString(body, 'panelId'), date: date.value, time: formString(body, 'time'), location: formString(body, 'location') },
      fieldFor: (p) => (p[0] === 'date' ? 'date-day' : String(p[0] ?? 'panelId')),
      extraErrors,
      order: ['panelId', 'date', 'time', 'location'],
      act: (data) => service.create(requestContext(request), data),
      success: 'Meeting scheduled. Add cases to its agenda.',
      redirect: (created) => `/channel/meetings/${(created as { id: string }).id}`,
      show: (posted, status) => showNew(request, reply.code(status), posted),
    });
  });

  // ---- The chair's agenda ---------------------------------------------------------------------------

  const showMeeting = async (request: FastifyRequest, reply: FastifyReply, id: string, posted: Posted | null) => {
    const view = await service.meeting(requestContext(request), id);
    return render(request, reply, 'channel/meetings/views/meeting.njk', {
      title: `${view.panel.name}: meeting`,
      width: 'full',
      view,
      statusLabel: STATUS_LABELS[view.meeting.status],
      statusTag: STATUS_TAGS[view.meeting.status],
      kindLabels: KIND_LABELS,
      stateLabels: CASE_STATE_LABELS,
      agencyLabels: AGENCY_LABELS,
      decisionLabels: DECISION_LABELS,
      personName,
      errors: posted?.errors ?? [],
      backLink: '/channel/meetings',
    });
  };

  app.get<{ Params: { id: string } }>('/channel/meetings/:id', async (request, reply) => {
    signedIn(request);
    return showMeeting(request, reply, uuidParam(request), null);
  });

  /** The agenda page's buttons: each posts the meeting's version and comes back to the agenda. */
  const meetingAction = (path: string, schema: z.ZodType<{ version: number }>, read: (body: Body) => Record<string, unknown>, act: (request: FastifyRequest, id: string, data: never) => Promise<unknown>, success: string, errorField = 'agenda') =>
    app.post<{ Params: { id: string; itemId?: string } }>(`/channel/meetings/:id${path}`, async (request, reply) => {
      signedIn(request);
      const id = uuidParam(request);
      if (request.params.itemId !== undefined) uuidParam(request, 'itemId');
      const body = (request.body ?? {}) as Body;
      return handleForm(reply, request, {
        schema,
        input: read(body),
        fieldFor: (p) => (p[0] === 'channelCaseId' ? 'channelCaseId' : errorField),
        act: (data) => act(request, id, data as never),
        success,
        redirect: `/channel/meetings/${id}`,
        show: (posted, status) => showMeeting(request, reply.code(status), id, posted),
      });
    });

  const version = (b: Body) => ({ version: formString(b, 'version') });
  meetingAction('/agenda', agendaAddSchema, (b) => ({ channelCaseId: formString(b, 'channelCaseId'), ...version(b) }), (r, id, d: z.output<typeof agendaAddSchema>) => service.addItem(requestContext(r), id, d), 'Case added to the agenda.', 'channelCaseId');
  meetingAction('/agenda/:itemId/remove', versionSchema, version, (r, id, d: { version: number }) => service.removeItem(requestContext(r), id, (r.params as { itemId: string }).itemId, d), 'Case removed from the agenda.');
  meetingAction('/publish', versionSchema, version, (r, id, d: { version: number }) => service.publish(requestContext(r), id, d), 'Meeting pack published: members can read it now.');
  meetingAction('/close', versionSchema, version, (r, id, d: { version: number }) => service.close(requestContext(r), id, d), 'Meeting closed.');

  // ---- Attendance -------------------------------------------------------------------------------------

  const showAttendance = async (request: FastifyRequest, reply: FastifyReply, id: string, posted: Posted | null) => {
    const view = await service.attendanceForm(requestContext(request), id);
    const recorded = new Map(view.attendance.map((a) => [a.memberId, a]));
    const b = posted?.body;
    const members = view.members.map((m) => ({
      ...m,
      agencyLabel: AGENCY_LABELS[m.agency] ?? m.agency,
      attended: b ? list(b, 'attended').includes(m.id) : recorded.has(m.id),
      canDecideNow: b ? list(b, 'canDecide').includes(m.id) : (recorded.get(m.id)?.canDecide ?? m.canDecide),
      conflicts: b ? formString(b, `conflicts-${m.id}`) : (recorded.get(m.id)?.conflicts ?? undefined),
      coOptedFor: m.channelCaseId ? view.agenda.find((i) => i.channelCaseId === m.channelCaseId) : undefined,
    }));
    return render(request, reply, 'channel/meetings/views/attendance.njk', {
      title: 'Attendance',
      view,
      members,
      personName,
      version: (b ? formString(b, 'version') : undefined) ?? String(view.meeting.version),
      errors: posted?.errors ?? [],
      backLink: `/channel/meetings/${id}`,
    });
  };

  app.get<{ Params: { id: string } }>('/channel/meetings/:id/attendance', async (request, reply) => {
    signedIn(request);
    return showAttendance(request, reply, uuidParam(request), null);
  });

  app.post<{ Params: { id: string } }>('/channel/meetings/:id/attendance', async (request, reply) => {
    signedIn(request);
    const id = uuidParam(request);
    const body = (request.body ?? {}) as Body;
    const attended = list(body, 'attended');
    const canDecide = new Set(list(body, 'canDecide'));
    const attendees = attended.map((memberId) => ({ memberId, canDecide: canDecide.has(memberId), conflicts: formString(body, `conflicts-${memberId}`) }));
    return handleForm(reply, request, {
      schema: attendanceSchema,
      input: { attendees, version: formString(body, 'version') },
      fieldFor: (p) => (p[0] === 'attendees' && typeof p[1] === 'number' && p[2] === 'conflicts' ? `conflicts-${attendees[p[1]]?.memberId}` : 'attended'),
      act: (data) => service.recordAttendance(requestContext(request), id, data),
      success: 'Attendance recorded.',
      redirect: `/channel/meetings/${id}`,
      show: (posted, status) => showAttendance(request, reply.code(status), id, status === 409 ? { ...posted, body: { ...posted.body, version: undefined } } : posted),
    });
  });

  // ---- One agenda item: contributions and the decision ---------------------------------------------------

  const showItem = async (request: FastifyRequest, reply: FastifyReply, id: string, itemId: string, posted: (Posted & { form: 'contribution' | 'decision' }) | null) => {
    const view = await service.item(requestContext(request), id, itemId);
    const decisions = view.item.caseState === 'adopted' ? REVIEW_DECISIONS : NEW_CASE_DECISIONS;
    const laName = (laId: string) => view.localAuthorities.find((l) => l.id === laId)?.name;
    return render(request, reply, 'channel/meetings/views/item.njk', {
      title: `${personName(view.item)}: agenda item ${view.item.position}`,
      view,
      name: personName(view.item),
      kindLabel: KIND_LABELS[view.item.kind],
      stateLabel: CASE_STATE_LABELS[view.item.caseState] ?? view.item.caseState,
      agencyLabels: AGENCY_LABELS,
      decisionCard: view.decision ? decisionRows(view.decision, laName) : null,
      decisionOptions: view.item.caseState === 'awaiting_panel' || view.item.caseState === 'adopted' ? decisions.map((d) => ({ value: d, text: DECISION_LABELS[d] })) : [],
      methods: DECISION_METHODS.map((m) => ({ value: m, text: DECISION_METHOD_LABELS[m] })),
      exitReasons: PANEL_EXIT_REASONS.map((r) => ({ value: r, text: EXIT_REASONS[r] })),
      localAuthorities: view.localAuthorities.map((l) => ({ value: l.id, text: l.name })),
      values: posted?.form === 'decision' ? posted.body : {},
      contributionValues: posted?.form === 'contribution' ? posted.body : {},
      version: (posted?.form === 'decision' ? formString(posted.body, 'version') : undefined) ?? String(view.item.caseVersion),
      errors: posted?.errors ?? [],
      backLink: `/channel/meetings/${id}`,
    });
  };

  app.get<{ Params: { id: string; itemId: string } }>('/channel/meetings/:id/items/:itemId', async (request, reply) => {
    signedIn(request);
    return showItem(request, reply, uuidParam(request), uuidParam(request, 'itemId'), null);
  });

  app.post<{ Params: { id: string; itemId: string } }>('/channel/meetings/:id/items/:itemId/contributions', async (request, reply) => {
    signedIn(request);
    const [id, itemId] = [uuidParam(request), uuidParam(request, 'itemId')];
    const body = (request.body ?? {}) as Body;
    return handleForm(reply, request, {
      schema: contributionSchema,
      input: { memberId: formString(body, 'memberId'), contribution: formString(body, 'contribution') },
      fieldFor: (p) => String(p[0] ?? 'memberId'),
      act: (data) => service.addContribution(requestContext(request), id, itemId, data),
      success: 'Contribution recorded.',
      redirect: `/channel/meetings/${id}/items/${itemId}`,
      show: (posted, status) => showItem(request, reply.code(status), id, itemId, { ...posted, form: 'contribution' }),
    });
  });

  app.post<{ Params: { id: string; itemId: string } }>('/channel/meetings/:id/items/:itemId/decision', async (request, reply) => {
    signedIn(request);
    const [id, itemId] = [uuidParam(request), uuidParam(request, 'itemId')];
    const body = (request.body ?? {}) as Body;
    const decision = formString(body, 'decision');
    const pick = (...names: string[]) => Object.fromEntries(names.map((n) => [n, formString(body, n)]));
    // Each decision's follow-up questions are in the form (revealed by its radio); read only the chosen one's.
    const own =
      decision === 'not_adopt'
        ? { ...pick('healthOrSocialCare'), ...(formString(body, 'healthOrSocialCare') === 'yes' ? pick('referredTo') : pick('whyNotReferred')) }
        : decision === 'defer'
          ? pick('informationNeeded')
          : decision === 'exit'
            ? { ...pick('exitReason'), closingReport: formString(body, 'exitClosingReport') }
            : decision === 'transfer'
              ? { ...pick('targetLocalAuthorityId'), closingReport: formString(body, 'transferClosingReport') }
              : {};
    const fieldFor = (p: readonly PropertyKey[]) => (p[0] === 'closingReport' ? `${decision}ClosingReport` : p[0] === undefined || p[0] === 'version' ? 'decision' : String(p[0]));
    // The dissent rule is reported with the other problems, not only once everything else is right.
    const dissent = dissentProblem(formString(body, 'method'), formString(body, 'dissent'));
    const common = pick('method', 'dissent', 'rationale', 'version');
    const chosen = (DECISIONS as readonly (string | undefined)[]).includes(decision);
    const commonIssues = chosen ? [] : (decisionCommonSchema.safeParse(common).error?.issues ?? []).filter((i) => i.path[0] !== 'version');
    return handleForm(reply, request, {
      schema: decisionSchema,
      input: { decision, ...common, ...own },
      fieldFor,
      extraErrors: [...(dissent ? [{ field: 'dissent', message: dissent }] : []), ...issueErrors(commonIssues, fieldFor).filter((e) => e.field !== 'dissent' || !dissent)],
      order: ['decision', 'healthOrSocialCare', 'referredTo', 'whyNotReferred', 'informationNeeded', 'exitReason', 'exitClosingReport', 'targetLocalAuthorityId', 'transferClosingReport', 'method', 'dissent', 'rationale'],
      act: (data) => service.decide(requestContext(request), id, itemId, data),
      success: 'The panel’s decision is recorded.',
      redirect: `/channel/meetings/${id}/items/${itemId}`,
      // After a conflict the form carries the case's current version: submitting again is a choice made knowing it changed.
      show: (posted, status) => showItem(request, reply.code(status), id, itemId, { ...posted, body: status === 409 ? { ...posted.body, version: undefined } : posted.body, form: 'decision' }),
    });
  });

  // ---- The meeting pack -------------------------------------------------------------------------------

  const showPack = async (request: FastifyRequest, reply: FastifyReply, caseId?: string) => {
    const id = uuidParam(request);
    const view = await service.pack(requestContext(request), id, caseId);
    return render(request, reply, 'channel/meetings/views/pack.njk', {
      title: `Meeting pack: ${view.panel.name}`,
      view,
      cases: view.cases.map(packCaseView),
      backLink: caseId ? `/channel/meetings/${id}/pack` : '/channel/meetings',
    });
  };

  app.get<{ Params: { id: string } }>('/channel/meetings/:id/pack', async (request, reply) => {
    signedIn(request);
    return showPack(request, reply);
  });

  app.get<{ Params: { id: string; caseId: string } }>('/channel/meetings/:id/pack/:caseId', async (request, reply) => {
    signedIn(request);
    return showPack(request, reply, uuidParam(request, 'caseId'));
  });
}
