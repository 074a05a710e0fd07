// JSON API for the police gateway assessment: the same actions as the case page's forms. Each is a
// decision by a named officer, so it needs a signed-in session (with the CSRF token in the x-csrf-token
// header for unsafe requests, checked in server.ts), never an organisation token.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { personContext } from '../../platform/http/requestContext.js';
import { problemResponses } from '../../platform/http/problems.js';
import {
  actionResultSchema,
  assignSchema,
  caseSchema,
  checkSchema,
  decisionCreatedSchema,
  decisionSchema,
  deconflictionSchema,
  judgementSchema,
  recordCreatedSchema,
  reviewSchema,
} from './gateway.schemas.js';
import type { GatewayService } from './gateway.service.js';
import type { CaseView } from './presenters.js';

const problems = problemResponses(400, 401, 403, 404, 409, 413, 415, 422);

export const NAMED_OFFICER = 'Gateway actions are taken by a named officer; sign in.';

/** Only a signed-in person: an organisation token is not a named officer. */
const officerContext = (request: FastifyRequest) => personContext(request, NAMED_OFFICER);

const params = z.object({ id: z.uuid() });
const csrfHeader = z.object({ 'x-csrf-token': z.string().optional().describe('The CSRF token of your signed-in session (from any form of the service): required') });
const security = [{ officerSession: [] }];

/** The JSON form of caseView: sealed fields arrive already redacted by the service for anyone who may not read them. */
export function caseJson(v: CaseView): z.input<typeof caseSchema> {
  const r = v.referral;
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: r.id,
    reference: r.reference,
    state: r.state,
    version: r.version,
    channel: r.channel,
    submittedAt: r.submittedAt.toISOString(),
    triageDueOn: r.triageDueOn,
    heldBy: v.owner ? { id: v.owner.id, name: v.owner.name } : null,
    subject: { givenName: r.subjectGivenName, familyName: r.subjectFamilyName, dateOfBirth: r.subjectDateOfBirth, postcode: r.subjectPostcode },
    assignedOfficer: r.assignedOfficerId ? { id: r.assignedOfficerId, name: v.assignedOfficerName } : null,
    referrerAccount: r.submission as Record<string, unknown>,
    checks: v.checks.map((c) => ({ id: c.id, kind: c.kind as z.input<typeof caseSchema>['checks'][number]['kind'], source: c.source, requestedOn: c.requestedOn, receivedOn: c.receivedOn, notes: c.notes, recordedBy: c.recordedByName, recordedAt: c.recordedAt.toISOString() })),
    deconflictions: v.deconflictions.map((d) => ({ id: d.id, doneOn: d.doneOn, sealedNotes: d.sealedNotes, recordedBy: d.recordedByName, recordedAt: d.recordedAt.toISOString() })),
    judgement: v.judgement
      ? {
          concernPresent: v.judgement.concernPresent as 'yes' | 'no' | 'unclear',
          concernTypes: v.judgement.concernTypes.map((code, i) => ({ code, label: v.judgement!.concernLabels[i] ?? code })),
          vulnerabilityFactors: v.judgement.vulnerabilityFactors,
          immediateRisk: v.judgement.immediateRisk as 'yes' | 'no',
          immediateRiskDetails: v.judgement.immediateRiskDetails,
          rationale: v.judgement.rationale,
          recordedBy: v.judgement.recordedByName,
          recordedAt: v.judgement.recordedAt.toISOString(),
        }
      : null,
    decisions: v.decisions.map((d) => ({
      id: d.id,
      outcome: d.outcome as z.input<typeof caseSchema>['decisions'][number]['outcome'],
      status: d.status as z.input<typeof caseSchema>['decisions'][number]['status'],
      details: d.details as Record<string, unknown>,
      rationale: d.rationale,
      referrerOutcome: d.referrerOutcome,
      sealedNotes: d.sealedNotes,
      decidedBy: d.decidedByName,
      decidedAt: d.decidedAt.toISOString(),
      reviewedBy: d.reviewedByName,
      reviewedAt: iso(d.reviewedAt),
      reviewComments: d.reviewComments,
    })),
    otherReferrals: [...v.earlierReferrals.map((o) => ({ o, earlier: true })), ...v.laterReferrals.map((o) => ({ o, earlier: false }))].map(({ o, earlier }) => ({
      id: o.id,
      reference: o.reference,
      submittedAt: o.submittedAt.toISOString(),
      heldBy: o.owner,
      state: o.state,
      outcome: o.outcome,
      earlier,
    })),
    events: v.events.map((e) => ({ type: e.type, fromState: e.fromState, toState: e.toState, organisation: e.actorOrg, occurredAt: e.occurredAt.toISOString() })),
    permissions: { canAssess: v.canAssess, canApprove: v.canApprove },
  };
}

export async function gatewayApi(app: FastifyInstance, opts: { service: GatewayService }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { service } = opts;
  const tags = ['gateway'];

  api.get(
    '/api/v1/cases/:id',
    {
      schema: {
        tags,
        summary: 'Read a case for gateway assessment',
        description: 'For Prevent officers of the force holding the referral. Anything else is a 404, the same as an unknown id.',
        security,
        params,
        response: { 200: caseSchema, ...problems },
      },
    },
    async (request) => caseJson(await service.caseView(officerContext(request), request.params.id)),
  );

  api.post(
    '/api/v1/cases/:id/assignment',
    {
      schema: { tags, summary: 'Assign the officer who carries out the gateway assessment', security, params, headers: csrfHeader, body: assignSchema, response: { 200: actionResultSchema, ...problems } },
    },
    async (request) => {
      const after = await service.assign(officerContext(request), request.params.id, request.body);
      return { referralId: request.params.id, ...after };
    },
  );

  // Checks, deconfliction and judgements are records added to the case: one route shape serves all three.
  const recordRoute = <B extends z.ZodType>(
    path: string,
    doc: { summary: string; description?: string },
    body: B,
    add: (ctx: ReturnType<typeof officerContext>, id: string, input: z.output<B>) => Promise<{ recordId: string; state: string; version: number }>,
  ) =>
    api.post(
      `/api/v1/cases/:id/${path}`,
      { schema: { tags, ...doc, security, params, headers: csrfHeader, body, response: { 201: recordCreatedSchema, ...problems } } },
      async (request, reply) => {
        const r = await add(officerContext(request), request.params.id, request.body as z.output<B>);
        return reply.code(201).send({ id: r.recordId, referralId: request.params.id, state: r.state, version: r.version });
      },
    );

  recordRoute('checks', { summary: 'Record a check (police systems, open source, partner request)' }, checkSchema, (ctx, id, input) => service.recordCheck(ctx, id, input));
  recordRoute(
    'deconflictions',
    { summary: 'Record deconfliction against live investigations', description: 'The notes are sealed: only the holding force’s Prevent officers can read them.' },
    deconflictionSchema,
    (ctx, id, input) => service.recordDeconfliction(ctx, id, input),
  );
  recordRoute(
    'judgements',
    { summary: 'Record the threshold judgement (professional judgement)', description: 'The latest judgement is the current one.' },
    judgementSchema,
    (ctx, id, input) => service.recordJudgement(ctx, id, input),
  );

  api.post(
    '/api/v1/cases/:id/decisions',
    {
      schema: {
        tags,
        summary: 'Record the gateway outcome',
        description: 'The officer decides; no further action and handover to investigation wait for a supervisor’s approval where the force requires it (status awaiting_approval).',
        security,
        params,
        headers: csrfHeader,
        body: decisionSchema,
        response: { 201: decisionCreatedSchema, ...problems },
      },
    },
    async (request, reply) => {
      const r = await service.decide(officerContext(request), request.params.id, request.body);
      return reply.code(201).send({ id: r.decisionId, referralId: request.params.id, state: r.state, version: r.version, status: r.needsApproval ? 'awaiting_approval' : 'effective' });
    },
  );

  api.post(
    '/api/v1/cases/:id/decision-review',
    {
      schema: {
        tags,
        summary: 'Approve or return the outcome waiting for approval',
        description: 'For a Prevent supervisor of the holding force other than the officer who decided (403 otherwise).',
        security,
        params,
        headers: csrfHeader,
        body: reviewSchema,
        response: { 200: actionResultSchema, ...problems },
      },
    },
    async (request) => {
      const after = await service.review(officerContext(request), request.params.id, request.body);
      return { referralId: request.params.id, ...after };
    },
  );
}
