// JSON API for monitoring after the gateway: the same actions as the monitoring pages. The holding force's
// Prevent team reads a signposted case's follow-up, records the service's answers on its behalf, closes the
// case and records police-led reviews; the receiving organisation's staff read the follow-ups addressed to
// them (the minimum the page shows) and answer them. Each is an act of a named person, so it needs a signed-in
// session (with the CSRF token in the x-csrf-token header for unsafe requests, checked in server.ts), never an
// organisation token. The service decides who sees what (404 otherwise), checks the steps (409) and audits.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { personContext } from '../../platform/http/requestContext.js';
import { problemResponses } from '../../platform/http/problems.js';
import { NAMED_OFFICER } from '../gateway/gateway.api.js';
import {
  followUpOutcomeSchema,
  followUpRecordedSchema,
  officerFollowUpSchema,
  officerFollowUpViewSchema,
  policeLedReviewSchema,
  receivedFollowUpListSchema,
  receivedFollowUpSchema,
  reviewRecordedSchema,
} from './monitoring.schemas.js';
import type { MonitoringService } from './monitoring.service.js';

const problems = problemResponses(400, 401, 403, 404, 409, 413, 415, 422);
const readProblems = problemResponses(401, 403, 404, 422);

/** Refused to organisation tokens on the receiving service's endpoints. */
export const NAMED_STAFF = 'Follow-ups are answered by a named member of staff of the receiving organisation; sign in.';

const officerContext = (request: FastifyRequest) => personContext(request, NAMED_OFFICER);
const staffContext = (request: FastifyRequest) => personContext(request, NAMED_STAFF);

const params = z.object({ id: z.uuid() });
const csrfHeader = z.object({ 'x-csrf-token': z.string().optional().describe('The CSRF token of your signed-in session (GET /api/v1/session): required') });
const security = [{ officerSession: [] }];
const done = z.null().describe('Recorded');

type ServiceType = z.input<typeof receivedFollowUpSchema>['service']['type'];
type Received = Awaited<ReturnType<MonitoringService['receivedFollowUp']>>['followUp'];

/** The receiving service's view: what its page shows, from the columns the repository selects for it (not the case's id). */
function receivedJson(f: Received, overdue: boolean): z.input<typeof receivedFollowUpSchema> {
  return {
    id: f.id,
    person: { givenName: f.subjectGivenName, familyName: f.subjectFamilyName, dateOfBirth: f.subjectDateOfBirth },
    service: { type: f.serviceType as ServiceType, name: f.serviceName, contact: f.serviceContact },
    requestedBy: f.requestedBy,
    dueOn: f.dueOn,
    overdue,
    acknowledgedAt: f.acknowledgedAt?.toISOString() ?? null,
    outcome: f.outcome,
    outcomeRecordedAt: f.outcomeRecordedAt?.toISOString() ?? null,
  };
}

export async function monitoringApi(app: FastifyInstance, opts: { service: MonitoringService }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { service } = opts;
  const tags = ['monitoring'];

  // ---- The holding force ----------------------------------------------------------------------------

  api.get(
    '/api/v1/cases/:id/follow-up',
    {
      schema: {
        tags,
        summary: 'Read a signposted case’s follow-up',
        description: 'For Prevent officers of the force holding the case. A case of another force, or one without a follow-up, is a 404, the same as an unknown id.',
        security,
        params,
        response: { 200: officerFollowUpViewSchema, ...readProblems },
      },
    },
    async (request) => {
      const v = await service.followUpForOfficer(officerContext(request), request.params.id);
      const r = v.referral;
      const fu = v.followUp;
      return {
        referralId: r.id,
        reference: r.reference,
        state: r.state,
        version: r.version,
        subject: { givenName: r.subjectGivenName, familyName: r.subjectFamilyName },
        followUp: {
          id: fu.id,
          service: { type: v.serviceType as ServiceType, name: fu.serviceName, contact: fu.serviceContact },
          receivingOrganisation: fu.receivingOrganisationId ? { id: fu.receivingOrganisationId, name: v.receivingOrganisationName ?? '' } : null,
          dueOn: fu.dueOn,
          overdue: v.overdue,
          acknowledgement: fu.acknowledgedAt ? { at: fu.acknowledgedAt.toISOString(), by: v.acknowledgedByName, recordedByOfficer: fu.acknowledgementRecordedByOfficer } : null,
          outcome: fu.outcomeRecordedAt && fu.outcome !== null ? { text: fu.outcome, recordedAt: fu.outcomeRecordedAt.toISOString(), recordedBy: v.outcomeRecordedByName } : null,
          escalatedAt: fu.escalatedAt?.toISOString() ?? null,
        },
        referrerOutcome: r.referrerOutcome,
        signpostingReferrerOutcome: v.decisionReferrerOutcome,
        closedAt: r.closedAt?.toISOString() ?? null,
        closingNote: v.closingNote,
      };
    },
  );

  api.post(
    '/api/v1/cases/:id/follow-up/acknowledgement',
    {
      schema: {
        tags,
        summary: 'Record that the service acknowledged the follow-up, on its behalf',
        description: 'When the service told the officer it has the request (by phone or email, say). 409 once it is acknowledged or the case is closed.',
        security,
        params,
        headers: csrfHeader,
        response: { 204: done, ...problems },
      },
    },
    async (request, reply) => {
      await service.acknowledgeOnBehalf(officerContext(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/api/v1/cases/:id/follow-up',
    {
      schema: {
        tags,
        summary: 'Record the service’s outcome on its behalf, close the case, or both',
        description:
          '`close: "no"` records what the service did. `close: "yes"` closes the case with a closing note and what the referrer will be told; it records `outcome` too when given, and needs the outcome on file (recorded before, or in this request: a 422 on `outcome` otherwise). An outcome already on file is a 409, as is a stale `version`.',
        security,
        params,
        headers: csrfHeader,
        body: officerFollowUpSchema,
        response: { 200: followUpRecordedSchema, ...problems },
      },
    },
    async (request) => {
      const after = await service.recordFollowUp(officerContext(request), request.params.id, request.body);
      return { referralId: request.params.id, state: after.state, version: after.version, closed: after.closed };
    },
  );

  api.post(
    '/api/v1/cases/:id/reviews',
    {
      schema: {
        tags,
        summary: 'Record a police-led management review and its decision',
        description:
          'For a case under police-led management: `continue` sets the next review date by the force’s cadence, `refer_to_channel` refers the case to the local authority’s Channel panel, `close` closes it. A case in any other state is a 409.',
        security,
        params,
        headers: csrfHeader,
        body: policeLedReviewSchema,
        response: { 201: reviewRecordedSchema, ...problems },
      },
    },
    async (request, reply) => {
      const r = await service.recordReview(officerContext(request), request.params.id, request.body);
      return reply.code(201).send({ id: r.reviewId, referralId: request.params.id, state: r.state, version: r.version, nextReviewOn: r.nextReviewOn });
    },
  );

  // ---- The receiving service ------------------------------------------------------------------------

  api.get(
    '/api/v1/follow-ups',
    {
      schema: {
        tags,
        summary: 'List the follow-up requests addressed to your organisation',
        description: 'For staff of the receiving organisation: requests still waiting for an outcome, with the minimum needed to answer them.',
        security,
        response: { 200: receivedFollowUpListSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const { rows, today } = await service.receivedFollowUps(staffContext(request));
      // The list holds only requests still waiting for an outcome: overdue once past the date wanted.
      return { items: rows.map((f) => receivedJson(f, f.dueOn < today)) };
    },
  );

  api.get(
    '/api/v1/follow-ups/:id',
    {
      schema: {
        tags,
        summary: 'Read a follow-up request addressed to your organisation',
        description: 'A request addressed to another organisation is a 404, the same as an unknown id.',
        security,
        params,
        response: { 200: receivedFollowUpSchema, ...readProblems },
      },
    },
    async (request) => {
      const view = await service.receivedFollowUp(staffContext(request), request.params.id);
      return receivedJson(view.followUp, view.overdue);
    },
  );

  api.post(
    '/api/v1/follow-ups/:id/acknowledgement',
    {
      schema: {
        tags,
        summary: 'Acknowledge a follow-up request',
        description: 'Lets the police team know your service has the request. 409 once it is acknowledged or answered.',
        security,
        params,
        headers: csrfHeader,
        response: { 204: done, ...problems },
      },
    },
    async (request, reply) => {
      await service.acknowledgeAsReceiver(staffContext(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/api/v1/follow-ups/:id/outcome',
    {
      schema: {
        tags,
        summary: 'Record what your service did',
        description: 'The support offered and whether it was taken up; the police team holding the case sees it. Recorded once: a second outcome is a 409.',
        security,
        params,
        headers: csrfHeader,
        body: followUpOutcomeSchema,
        response: { 204: done, ...problems },
      },
    },
    async (request, reply) => {
      await service.recordOutcomeAsReceiver(staffContext(request), request.params.id, request.body);
      return reply.code(204).send(null);
    },
  );
}
