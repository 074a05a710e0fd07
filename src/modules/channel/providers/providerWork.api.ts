// JSON API for a provider's own work: the same reads and actions as its pages. Each is an act of a named member
// of the provider's staff, so it needs a signed-in session (with the CSRF token in the x-csrf-token header for
// unsafe requests, checked in server.ts), never an organisation token. The service decides who sees what (404
// otherwise), checks the steps and versions (409) and audits every read as a disclosure.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { personContext } from '../../../platform/http/requestContext.js';
import { problemResponses } from '../../../platform/http/problems.js';
import {
  endSchema,
  interventionActionSchema,
  interventionListSchema,
  interventionViewSchema,
  sessionCreatedSchema,
  sessionSchema,
  withdrawalSchema,
  type Engagement,
} from './providerWork.schemas.js';
import type { ProviderWorkService } from './providerWork.service.js';

const problems = problemResponses(400, 401, 403, 404, 409, 413, 415, 422);
const readProblems = problemResponses(401, 403, 404, 422);

export const NAMED_PROVIDER = 'Interventions are delivered and recorded by a named member of the provider’s staff; sign in.';
const staffContext = (request: FastifyRequest) => personContext(request, NAMED_PROVIDER);

const params = z.object({ id: z.uuid() });
const pageQuery = z.object({ page: z.coerce.number().int().min(1).max(99_999).default(1) });
const csrfHeader = z.object({ 'x-csrf-token': z.string().optional().describe('The CSRF token of your signed-in session (GET /api/v1/session): required') });
const security = [{ officerSession: [] }];

type View = Awaited<ReturnType<ProviderWorkService['view']>>;

/** The minimal view as JSON: exactly what the intervention page shows. */
function interventionJson({ intervention: i, sessions }: View): z.input<typeof interventionViewSchema> {
  return {
    id: i.id,
    version: i.version,
    person: { givenName: i.givenName, familyName: i.familyName },
    contactRoute: i.contactRoute,
    goal: i.goal,
    type: { code: i.typeCode, label: i.typeLabel },
    startsOn: i.startsOn,
    expectedSessions: i.expectedSessions,
    status: i.status,
    stopped: i.stoppedOn ? { on: i.stoppedOn, reason: i.stopReason } : null,
    ended: i.endedOn && i.endReport !== null ? { on: i.endedOn, report: i.endReport } : null,
    sessions: sessions.map((s) => ({
      id: s.id,
      heldOn: s.heldOn,
      attended: s.attended,
      engagement: s.engagement as Engagement | null,
      notes: s.notes,
      newConcern: s.newConcern,
      recordedBy: s.recordedBy,
      recordedAt: s.recordedAt.toISOString(),
    })),
  };
}

export async function providerWorkApi(app: FastifyInstance, opts: { service: ProviderWorkService }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { service } = opts;
  const tags = ['channel providers'];
  const base = '/api/v1/provider/interventions';

  api.get(
    base,
    {
      schema: {
        tags,
        summary: 'List the interventions assigned to your organisation',
        description: 'Active ones first, then stopped and completed ones (most recent first). For provider staff; anyone else is a 404.',
        security,
        querystring: pageQuery,
        response: { 200: interventionListSchema, ...readProblems },
      },
    },
    async (request) => {
      const list = await service.list(staffContext(request), request.query.page);
      return {
        items: list.items.map((i) => ({
          id: i.id,
          person: { givenName: i.givenName, familyName: i.familyName },
          type: { code: i.typeCode, label: i.typeLabel },
          startsOn: i.startsOn,
          sessionsLogged: i.sessionsLogged,
          expectedSessions: i.expectedSessions,
          status: i.status,
        })),
        page: list.page,
        pageSize: list.pageSize,
        total: list.total,
      };
    },
  );

  api.get(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'Read one intervention (the minimal view)',
        description: 'The person’s name, the contact route and the goal of this intervention, with its sessions and end report. Another provider’s intervention is a 404, the same as an unknown id.',
        security,
        params,
        response: { 200: interventionViewSchema, ...readProblems },
      },
    },
    async (request) => interventionJson(await service.view(staffContext(request), request.params.id)),
  );

  api.post(
    `${base}/:id/sessions`,
    {
      schema: {
        tags,
        summary: 'Log a session',
        description:
          'Only while the intervention is active (409 otherwise, and for a stale `version`). `engagement` is required when the person attended. A `newConcern` alerts the Channel chair and the police of the area at once.',
        security,
        params,
        headers: csrfHeader,
        body: sessionSchema,
        response: { 201: sessionCreatedSchema, ...problems },
      },
    },
    async (request, reply) => reply.code(201).send(await service.logSession(staffContext(request), request.params.id, request.body)),
  );

  api.post(
    `${base}/:id/end`,
    {
      schema: {
        tags,
        summary: 'Write the end-of-intervention report',
        description: 'Completes an active intervention; it is read-only afterwards. 409 when it is not active or the `version` is stale.',
        security,
        params,
        headers: csrfHeader,
        body: endSchema,
        response: { 200: interventionActionSchema, ...problems },
      },
    },
    async (request) => service.end(staffContext(request), request.params.id, request.body),
  );

  api.post(
    `${base}/:id/consent-withdrawal`,
    {
      schema: {
        tags,
        summary: 'Record that the person withdrew consent',
        description:
          'When the person (or their parent or guardian) tells you they withdraw consent: every intervention of their Channel support stops, every provider, the chair and the police are told at once, and the case returns to the police.',
        security,
        params,
        headers: csrfHeader,
        body: withdrawalSchema,
        response: { 200: interventionActionSchema, ...problems },
      },
    },
    async (request) => service.withdrawConsent(staffContext(request), request.params.id, request.body),
  );
}
