// JSON API for Channel panel meetings: the same actions as the pages. Each is the act of a named chair or a
// named member reading a pack, so it needs a signed-in session (CSRF token in x-csrf-token for unsafe
// requests, checked in server.ts), never an organisation token.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { personContext } from '../../../platform/http/requestContext.js';
import { problemResponses } from '../../../platform/http/problems.js';
import {
  agendaAddedSchema,
  agendaAddSchema,
  attendanceSchema,
  contributionCreatedSchema,
  contributionSchema,
  decisionCreatedSchema,
  decisionSchema,
  meetingActionSchema,
  meetingDetailSchema,
  meetingListSchema,
  meetingSchema,
  packSchema,
  versionSchema,
  type AGENDA_KINDS,
  type MEETING_STATUSES,
} from './meetings.schemas.js';
import type { MeetingsService } from './meetings.service.js';

const problems = problemResponses(400, 401, 403, 404, 409, 413, 415, 422);
const NAMED_PERSON = 'Panel meetings are run and read by named people; sign in.';
const person = (request: FastifyRequest) => personContext(request, NAMED_PERSON);

const params = z.object({ id: z.uuid() });
const itemParams = params.extend({ itemId: z.uuid() });
const caseParams = params.extend({ caseId: z.uuid() });
const csrfHeader = z.object({ 'x-csrf-token': z.string().optional().describe('The CSRF token of your signed-in session (from any form of the service): required') });
const security = [{ officerSession: [] }];
const iso = (d: Date | null) => (d ? d.toISOString() : null);
type Status = (typeof MEETING_STATUSES)[number];
type Kind = (typeof AGENDA_KINDS)[number];
const who = (p: { givenName: string; familyName: string; dateOfBirth: string | null }) => ({ givenName: p.givenName, familyName: p.familyName, dateOfBirth: p.dateOfBirth });

export async function meetingsApi(app: FastifyInstance, opts: { service: MeetingsService }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { service } = opts;
  const tags = ['channel meetings'];
  const chairOnly = 'For the chair of the panel (the chairing local authority’s Channel chair): 403 for its members, 404 for anyone else.';

  api.get(
    '/api/v1/channel/meetings',
    {
      schema: {
        tags,
        summary: 'List the meetings of your panels, upcoming first',
        description: 'For the chairs and members of Channel panels; 404 for anyone with no place on a panel.',
        security,
        querystring: z.object({ page: z.coerce.number().int().min(1).max(100_000).default(1) }),
        response: { 200: meetingListSchema, ...problems },
      },
    },
    async (request) => {
      const r = await service.list(person(request), request.query.page);
      return {
        page: r.page,
        pageSize: r.pageSize,
        total: r.total,
        items: r.items.map((m) => ({
          id: m.id,
          panel: { id: m.panelId, name: m.panelName },
          meetsAt: m.meetsAt.toISOString(),
          location: m.location,
          status: m.status as Status,
          packPublishedAt: iso(m.packPublishedAt),
          agendaItems: m.agendaItems,
          version: m.version,
          isChair: m.isChair,
        })),
      };
    },
  );

  api.post(
    '/api/v1/channel/meetings',
    { schema: { tags, summary: 'Schedule a meeting of a panel you chair', security, headers: csrfHeader, body: meetingSchema, response: { 201: meetingActionSchema, ...problems } } },
    async (request, reply) => reply.code(201).send(await service.create(person(request), request.body)),
  );

  api.get(
    '/api/v1/channel/meetings/:id',
    { schema: { tags, summary: 'Read a meeting: agenda, candidate cases and attendance', description: chairOnly, security, params, response: { 200: meetingDetailSchema, ...problems } } },
    async (request) => {
      const v = await service.meeting(person(request), request.params.id);
      return {
        id: v.meeting.id,
        panel: { id: v.panel.id, name: v.panel.name },
        meetsAt: v.meeting.meetsAt.toISOString(),
        location: v.meeting.location,
        status: v.meeting.status as Status,
        packPublishedAt: iso(v.meeting.packPublishedAt),
        agendaItems: v.agenda.length,
        version: v.meeting.version,
        isChair: v.isChair,
        agenda: v.agenda.map((i) => ({ id: i.id, channelCaseId: i.channelCaseId, kind: i.kind as Kind, position: i.position, person: who(i), caseState: i.caseState, caseVersion: i.caseVersion, decision: i.decision })),
        candidates: v.candidates.map((c) => ({ channelCaseId: c.channelCaseId, kind: c.kind, person: who(c), caseState: c.caseState, nextReviewOn: c.nextReviewOn })),
        attendance: v.attendance.map((x) => ({ memberId: x.memberId, name: x.name, organisation: x.organisationName, agency: x.agency, canDecide: x.canDecide, conflicts: x.conflicts })),
      };
    },
  );

  api.post(
    '/api/v1/channel/meetings/:id/agenda',
    { schema: { tags, summary: 'Add a case to the agenda (while the pack is unpublished)', description: chairOnly, security, params, headers: csrfHeader, body: agendaAddSchema, response: { 201: agendaAddedSchema, ...problems } } },
    async (request, reply) => reply.code(201).send(await service.addItem(person(request), request.params.id, request.body)),
  );

  api.post(
    '/api/v1/channel/meetings/:id/agenda/:itemId/remove',
    { schema: { tags, summary: 'Remove a case from the agenda (while the pack is unpublished)', description: chairOnly, security, params: itemParams, headers: csrfHeader, body: versionSchema, response: { 200: meetingActionSchema, ...problems } } },
    async (request) => service.removeItem(person(request), request.params.id, request.params.itemId, request.body),
  );

  api.post(
    '/api/v1/channel/meetings/:id/publication',
    { schema: { tags, summary: 'Publish the meeting pack to the panel’s members', description: chairOnly, security, params, headers: csrfHeader, body: versionSchema, response: { 200: meetingActionSchema, ...problems } } },
    async (request) => service.publish(person(request), request.params.id, request.body),
  );

  api.post(
    '/api/v1/channel/meetings/:id/attendance',
    {
      schema: {
        tags,
        summary: 'Record who attended (replaces the attendance recorded before)',
        description: `${chairOnly} Standing members of the panel and members co-opted for a case on the agenda; editable until the meeting closes.`,
        security,
        params,
        headers: csrfHeader,
        body: attendanceSchema,
        response: { 200: meetingActionSchema, ...problems },
      },
    },
    async (request) => service.recordAttendance(person(request), request.params.id, request.body),
  );

  api.post(
    '/api/v1/channel/meetings/:id/items/:itemId/contributions',
    { schema: { tags, summary: 'Record an agency’s contribution to the discussion of an agenda item', description: chairOnly, security, params: itemParams, headers: csrfHeader, body: contributionSchema, response: { 201: contributionCreatedSchema, ...problems } } },
    async (request, reply) => reply.code(201).send(await service.addContribution(person(request), request.params.id, request.params.itemId, request.body)),
  );

  api.post(
    '/api/v1/channel/meetings/:id/items/:itemId/decision',
    {
      schema: {
        tags,
        summary: 'Record the panel’s decision on an agenda item',
        description: `${chairOnly} Refused (409, type police-absent) unless a representative of the police force for the area where the person lives attended the meeting (CTSA 2015 s.37). One decision per item; the case's version must be current.`,
        security,
        params: itemParams,
        headers: csrfHeader,
        body: decisionSchema,
        response: { 201: decisionCreatedSchema, ...problems },
      },
    },
    async (request, reply) => reply.code(201).send(await service.decide(person(request), request.params.id, request.params.itemId, request.body)),
  );

  api.post(
    '/api/v1/channel/meetings/:id/closure',
    { schema: { tags, summary: 'Close the meeting: nothing more can be recorded', description: chairOnly, security, params, headers: csrfHeader, body: versionSchema, response: { 200: meetingActionSchema, ...problems } } },
    async (request) => service.close(person(request), request.params.id, request.body),
  );

  const packJson = (v: Awaited<ReturnType<MeetingsService['pack']>>): z.input<typeof packSchema> => ({
    meeting: { id: v.meeting.id, panel: v.panel.name, meetsAt: v.meeting.meetsAt.toISOString(), location: v.meeting.location },
    cases: v.cases.map((c) => ({
      channelCaseId: c.item.channelCaseId,
      kind: c.item.kind as Kind,
      state: c.item.caseState,
      person: who(c.item),
      referrerAccount: (c.referral?.submission ?? {}) as Record<string, unknown>,
      referredToChannel: c.channel ? { reasonableGrounds: c.channel.reasonableGrounds, referredAt: c.channel.referredAt.toISOString(), referringForce: c.referral?.referringForce ?? '' } : null,
      concernTypes: c.concernTypes,
      assessment: c.assessment ? { summary: c.assessment.summary, managementPlan: c.assessment.managementPlan, recordedAt: c.assessment.recordedAt.toISOString() } : null,
      consent: c.consent,
      interventions: c.interventions,
      previousDecisions: c.decisions.map((d) => ({ decision: d.decision, method: d.method, rationale: d.rationale, recordedAt: d.recordedAt.toISOString() })),
    })),
  });
  const packDoc = 'For the chair and the members of the panel (standing members, and members co-opted for a case on the agenda, who see only their case), once the pack is published. Every read is recorded as a disclosure.';

  api.get(
    '/api/v1/channel/meetings/:id/pack',
    { schema: { tags, summary: 'Read the meeting pack', description: packDoc, security, params, response: { 200: packSchema, ...problems } } },
    async (request) => packJson(await service.pack(person(request), request.params.id)),
  );

  api.get(
    '/api/v1/channel/meetings/:id/pack/:caseId',
    { schema: { tags, summary: 'Read the meeting pack for one case on the agenda', description: `${packDoc} A case not on the agenda is a 404.`, security, params: caseParams, response: { 200: packSchema, ...problems } } },
    async (request) => packJson(await service.pack(person(request), request.params.id, request.params.caseId)),
  );
}
