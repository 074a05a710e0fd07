// JSON API of the Channel case record: the case as its page shows it, and the same actions as its forms. Each is
// a named person's record, so it needs a signed-in session (CSRF token in x-csrf-token for unsafe requests,
// checked in server.ts), never an organisation token. Problems are RFC 9457 (platform error handler).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { personContext } from '../../../platform/http/requestContext.js';
import { problemResponses } from '../../../platform/http/problems.js';
import { VAF_DIMENSIONS, assessmentSchema, caseActionSchema, caseJsonSchema, caseRecordSchema, consentSchema, interventionSchema, planSchema, postExitReviewSchema, withdrawalSchema } from './cases.schemas.js';
import type { CaseView, CasesService } from './cases.service.js';

const problems = problemResponses(400, 401, 403, 404, 409, 413, 415, 422);
const NAMED_PERSON = 'The Channel case record is kept by named people; sign in.';
const personOnly = (request: FastifyRequest) => personContext(request, NAMED_PERSON);

const params = z.object({ id: z.uuid() });
const csrfHeader = z.object({ 'x-csrf-token': z.string().optional().describe('The CSRF token of your signed-in session (from any form of the service): required') });
const security = [{ officerSession: [] }];
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The case page's content as JSON: what the panel may see, never police-only content. */
export function caseJson(v: CaseView): z.input<typeof caseJsonSchema> {
  const c = v.row;
  const factorsByCode = new Map(v.factors.map((f) => [f.code, f]));
  return {
    id: c.id,
    state: c.state,
    version: c.version,
    referredAt: c.referredAt.toISOString(),
    referredVia: c.referredVia,
    adoptedAt: iso(c.adoptedAt),
    nextReviewOn: c.nextReviewOn,
    exitedAt: iso(c.exitedAt),
    exitReason: c.exitReason,
    closingReport: c.closingReport,
    localAuthority: v.localAuthority,
    person: { givenName: v.person.givenName, familyName: v.person.familyName, dateOfBirth: v.person.dateOfBirth },
    referral: v.referral
      ? { id: c.referralId, reference: v.person.reference, referringForce: v.referringForce, route: v.referral.route, referredAt: v.referral.referredAt.toISOString(), referredBy: v.referral.referredByName, reasonableGrounds: v.referral.reasonableGrounds }
      : null,
    decisions: v.decisions.map((d) => ({ ...d, recordedAt: d.recordedAt.toISOString() })),
    assessments: v.assessments.map((a) => ({
      ...a,
      factors: a.factors.map((f) => {
        const known = factorsByCode.get(f.code);
        return { code: f.code, dimension: known ? VAF_DIMENSIONS[known.dimension as keyof typeof VAF_DIMENSIONS] ?? known.dimension : '', label: known?.label ?? f.code, evidence: f.evidence, judgement: f.judgement };
      }),
      recordedAt: a.recordedAt.toISOString(),
    })),
    consents: v.consents.map((k) => ({
      id: k.id,
      status: k.status as 'given' | 'refused',
      givenBy: k.givenBy as 'person' | 'parent_guardian',
      giverName: k.giverName,
      relationship: k.relationship,
      soughtHow: k.soughtHow,
      soughtBy: k.soughtBy,
      soughtOn: k.soughtOn,
      capacityNotes: k.capacityNotes,
      decidedOn: k.decidedOn,
      purposes: k.purposes,
      withdrawnOn: k.withdrawnOn,
      withdrawalRoute: k.withdrawalRoute,
      withdrawalNotes: k.withdrawalNotes,
      live: k.live,
    })),
    plan: v.plan ? { consentApproach: v.plan.consentApproach, adjustments: v.plan.adjustments, version: v.plan.version, updatedAt: v.plan.updatedAt.toISOString() } : null,
    interventions: v.interventions,
    postExitReviews: v.postExitReviews.map((r) => ({ id: r.id, monthsAfterExit: r.monthsAfterExit, dueOn: r.dueOn, completedOn: r.completedOn, outcome: r.outcome, notes: r.notes })),
    events: v.events.map((e) => ({ type: e.type, fromState: e.fromState, toState: e.toState, by: e.by, organisation: e.organisation, occurredAt: e.occurredAt.toISOString() })),
    permissions: { canRun: v.canRun, canWithdrawConsent: v.canWithdrawConsent },
  };
}

export async function caseApi(app: FastifyInstance, opts: { service: CasesService }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { service } = opts;
  const tags = ['channel'];
  const base = '/api/v1/channel/cases/:id';

  api.get(
    base,
    {
      schema: {
        tags,
        summary: 'Read a Channel case',
        description: 'For the chairing authority’s Channel staff and the police of the person’s area. Anything else is a 404, the same as an unknown id.',
        security,
        params,
        response: { 200: caseJsonSchema, ...problems },
      },
    },
    async (request) => caseJson(await service.caseView(personOnly(request), request.params.id)),
  );

  /** A record added to the case (201 with its id) or an action on it (200): one route shape serves each. */
  const action = <B extends z.ZodType>(
    path: string,
    doc: { summary: string; description: string },
    body: B,
    status: 200 | 201,
    run: (request: FastifyRequest, input: z.output<B>, p: { id: string; reviewId?: string }) => Promise<{ id?: string; state: string; version: number }>,
    paramsSchema: z.ZodObject = params,
  ) =>
    api.post(
      `${base}/${path}`,
      { schema: { tags, ...doc, security, params: paramsSchema, headers: csrfHeader, body, response: { [status]: status === 201 ? caseRecordSchema : caseActionSchema, ...problems } } },
      async (request, reply) => {
        const p = request.params as { id: string; reviewId?: string };
        const r = await run(request, request.body as z.output<B>, p);
        return reply.code(status).send({ ...(status === 201 ? { id: r.id } : {}), channelCaseId: p.id, state: r.state, version: r.version });
      },
    );

  action(
    'assessments',
    {
      summary: 'Record a vulnerability assessment',
      description:
        'For the chair, while the case awaits the panel or is adopted. Evidence and professional judgement in words for each factor addressed (both or neither), a summary conclusion and a management plan; never a score. From the second assessment on, significantChanges is required (422 otherwise).',
    },
    assessmentSchema,
    201,
    (request, input, p) => service.recordAssessment(personOnly(request), p.id, input),
  );
  action(
    'consents',
    { summary: 'Record consent given or refused', description: 'For the chair, on an adopted case. Under 18 on the day of the decision, a parent or guardian decides (422 otherwise). 409 consent-live when consent is already live.' },
    consentSchema,
    201,
    (request, input, p) => service.recordConsent(personOnly(request), p.id, input),
  );
  action(
    'consent-withdrawal',
    { summary: 'Record that consent was withdrawn', description: 'For the chair or the police of the area. Support stops, the providers, the chair and the police are told at once, and the case returns to the police.' },
    withdrawalSchema,
    200,
    (request, input, p) => service.withdrawConsent(personOnly(request), p.id, input),
  );
  action(
    'plan',
    { summary: 'Save the support plan (s.36(5))', description: 'For the chair, on an adopted case. version is the plan’s own version (0 when there is none yet); a stale one is a 409.' },
    planSchema,
    200,
    (request, input, p) => service.savePlan(personOnly(request), p.id, input),
  );
  action(
    'interventions',
    {
      summary: 'Start an intervention of the support plan',
      description: 'For the chair, on an adopted case. Refused with 409 no-live-consent without live consent, and with 422 for a provider whose approval is not current.',
    },
    interventionSchema,
    201,
    (request, input, p) => service.addIntervention(personOnly(request), p.id, input),
  );
  action(
    'post-exit-reviews/:reviewId',
    {
      summary: 'Record a post-exit review',
      description: 'For the chair, on an exited case whose review is not complete. extend schedules a review 24 months after exit (if none yet); reopen returns the case to the panel and reopens the referral.',
    },
    postExitReviewSchema,
    200,
    async (request, input, p) => {
      const r = await service.completePostExitReview(personOnly(request), p.id, p.reviewId!, input);
      return { state: r.state, version: r.version };
    },
    z.object({ id: z.uuid(), reviewId: z.uuid() }),
  );
}
