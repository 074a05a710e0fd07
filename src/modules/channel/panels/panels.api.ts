// JSON API for setting up Channel panels: the same actions as the panel pages. Each is an act of a named person
// (an administrator of a covered authority, or the panel's chair for co-opting), so it needs a signed-in session
// with the CSRF token in x-csrf-token for unsafe requests, never an organisation token. The service decides who
// sees what (404), who may act (403), checks the rules (422) and versions (409), and audits.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { personContext } from '../../../platform/http/requestContext.js';
import { problemResponses } from '../../../platform/http/problems.js';
import type { MemberRow } from './panels.repository.js';
import {
  AGENCIES,
  coOptSchema,
  createdSchema,
  memberSchema,
  memberViewSchema,
  panelListSchema,
  panelSavedSchema,
  panelSchema,
  panelSettingsSchema,
  panelViewSchema,
} from './panels.schemas.js';
import type { PanelsService } from './panels.service.js';

const problems = problemResponses(400, 401, 403, 404, 409, 413, 415, 422);
const readProblems = problemResponses(401, 403, 404);

export const NAMED_PERSON = 'Channel panels are set up by a named person; sign in.';
const personal = (request: FastifyRequest) => personContext(request, NAMED_PERSON);

const panelParams = z.object({ panelId: z.uuid() });
const memberParams = panelParams.extend({ memberId: z.uuid() });
const csrfHeader = z.object({ 'x-csrf-token': z.string().optional().describe('The CSRF token of your signed-in session (GET /api/v1/session): required') });
const security = [{ officerSession: [] }];
const tags = ['channel panels'];

const openCaseSchema = z.object({
  id: z.uuid(),
  reference: z.string(),
  subject: z.object({ givenName: z.string(), familyName: z.string() }),
  state: z.enum(['awaiting_panel', 'adopted']),
});

function memberJson(m: MemberRow): z.input<typeof memberViewSchema> {
  return {
    id: m.id,
    name: m.name,
    userId: m.userId,
    organisation: { id: m.organisationId, name: m.organisationName },
    agency: m.agency as (typeof AGENCIES)[number],
    role: m.role,
    canDecide: m.canDecide,
    channelCase: m.channelCaseId ? { id: m.channelCaseId, reference: m.caseReference ?? '' } : null,
    startedOn: m.startedOn,
    endedOn: m.endedOn,
  };
}

export async function panelsApi(app: FastifyInstance, opts: { service: PanelsService }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { service } = opts;

  api.get(
    '/api/v1/channel/panels',
    {
      schema: {
        tags,
        summary: 'List the Channel panels covering your authority',
        description: 'For local authority administrators (the panels covering their authority) and Channel chairs (the panels their authority chairs).',
        security,
        querystring: z.object({ page: z.coerce.number().int().min(1).max(99_999).default(1) }),
        response: { 200: panelListSchema, ...problemResponses(401, 403, 404, 422) },
      },
    },
    async (request) => {
      const list = await service.list(personal(request), request.query.page);
      return { items: list.items, page: list.page, pageSize: list.pageSize, total: list.total };
    },
  );

  api.post(
    '/api/v1/channel/panels',
    {
      schema: {
        tags,
        summary: 'Set up a Channel panel',
        description:
          'For a local authority administrator. The panel covers your authority and any others listed (a shared panel); the chairing authority must be one of them. An authority already covered by another panel is a 422 on `authorityIds`.',
        security,
        headers: csrfHeader,
        body: panelSchema,
        response: { 201: createdSchema, ...problems },
      },
    },
    async (request, reply) => reply.code(201).send({ id: await service.create(personal(request), request.body) }),
  );

  api.get(
    '/api/v1/channel/panels/:panelId',
    {
      schema: {
        tags,
        summary: 'Read a panel with its members',
        description: 'For administrators of the authorities it covers, and (read-only) its chair. Anyone else gets a 404.',
        security,
        params: panelParams,
        response: { 200: panelViewSchema, ...readProblems },
      },
    },
    async (request) => {
      const v = await service.view(personal(request), request.params.panelId);
      return {
        id: v.panel.id,
        name: v.panel.name,
        chair: v.chair,
        authorities: v.authorities,
        reviewIntervalDays: v.panel.reviewIntervalDays,
        version: v.panel.version,
        canManage: v.canManage,
        members: v.members.map(memberJson),
      };
    },
  );

  api.post(
    '/api/v1/channel/panels/:panelId/settings',
    {
      schema: {
        tags,
        summary: 'Change a panel’s settings',
        description: 'Name, authorities covered (yours always), chairing authority and review interval, all at once. A stale `version` is a 409.',
        security,
        params: panelParams,
        headers: csrfHeader,
        body: panelSettingsSchema,
        response: { 200: panelSavedSchema, ...problems },
      },
    },
    async (request) => ({ id: request.params.panelId, version: await service.updateSettings(personal(request), request.params.panelId, request.body) }),
  );

  api.post(
    '/api/v1/channel/panels/:panelId/members',
    {
      schema: {
        tags,
        summary: 'Add a standing member',
        description:
          '`who: "user"` finds the member’s account by email (its organisation is theirs); `who: "named"` adds a person without an account. A police member must be from a police force (a 422 otherwise).',
        security,
        params: panelParams,
        headers: csrfHeader,
        body: memberSchema,
        response: { 201: createdSchema, ...problems },
      },
    },
    async (request, reply) => reply.code(201).send({ id: await service.addMember(personal(request), request.params.panelId, request.body) }),
  );

  api.post(
    '/api/v1/channel/panels/:panelId/members/:memberId/end',
    {
      schema: {
        tags,
        summary: 'End a membership',
        description: 'Ends it today; it stays in the panel’s history. A membership already ended is a 409. The chair may end co-opted memberships.',
        security,
        params: memberParams,
        headers: csrfHeader,
        response: { 204: z.null().describe('Ended'), ...problems },
      },
    },
    async (request, reply) => {
      await service.endMember(personal(request), request.params.panelId, request.params.memberId);
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/api/v1/channel/panels/:panelId/open-cases',
    {
      schema: {
        tags,
        summary: 'List the panel’s open cases, for co-opting a member',
        description: 'Cases of the covered authorities awaiting the panel or adopted. Reading them is audited.',
        security,
        params: panelParams,
        response: { 200: z.object({ items: z.array(openCaseSchema) }), ...readProblems },
      },
    },
    async (request) => {
      const c = await service.coOptContext(personal(request), request.params.panelId);
      return { items: c.cases.map((x) => ({ id: x.id, reference: x.reference, subject: { givenName: x.subjectGivenName, familyName: x.subjectFamilyName }, state: x.state as 'adopted' })) };
    },
  );

  api.post(
    '/api/v1/channel/panels/:panelId/co-opted-members',
    {
      schema: {
        tags,
        summary: 'Co-opt a member for one case',
        description: 'For the chair or an administrator. The case must be one of the panel’s open cases (a 422 on `channelCaseId` otherwise). Sharing the case with the member is audited as a disclosure.',
        security,
        params: panelParams,
        headers: csrfHeader,
        body: coOptSchema,
        response: { 201: createdSchema, ...problems },
      },
    },
    async (request, reply) => reply.code(201).send({ id: await service.coOpt(personal(request), request.params.panelId, request.body) }),
  );
}
