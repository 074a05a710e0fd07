// JSON API for integrations: submit a professional referral and read its limited status.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { policy } from '../../platform/access/policy.js';
import { NotFoundError, UnauthenticatedError } from '../../platform/errors.js';
import { requestContext } from '../../platform/http/requestContext.js';
import { problemResponses } from '../../platform/http/problems.js';
import { professionalReferralSchema, referralCreatedSchema, referralStatusSchema } from './referrals.schemas.js';
import type { ReferralService } from './referrals.service.js';

const problems = problemResponses(400, 401, 404, 409, 413, 415, 422, 429);

export async function referralApi(app: FastifyInstance, opts: { service: ReferralService; requestsPerMinute: number }) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/api/v1/referrals',
    {
      config: { rateLimit: { max: opts.requestsPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['referrals'],
        summary: 'Submit a Prevent referral',
        description:
          'Creates a referral from a Prevent-duty organisation and routes it to the police force for the person’s postcode (or the national queue). Send an `Idempotency-Key` header so that a retried request creates one referral, not two.',
        security: [{ organisationToken: [] }],
        headers: z.object({ 'idempotency-key': z.string().min(1).max(200).optional() }),
        body: professionalReferralSchema,
        response: { 201: referralCreatedSchema, 200: referralCreatedSchema, ...problems },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      if (actor.kind !== 'api') throw new UnauthenticatedError('Send an organisation API token as a Bearer token.');
      if (!policy.canSubmitReferralByApi(actor)) throw new NotFoundError();
      const key = request.headers['idempotency-key'];
      const result = await opts.service.submit(
        requestContext(request),
        { channel: 'api', submission: request.body, referrerUserId: null, referrerOrgId: actor.organisation.id },
        key ? { organisationId: actor.organisation.id, key, body: request.body } : undefined,
      );
      reply.header('Location', `/api/v1/referrals/${result.id}`);
      if (result.replayed) reply.header('Idempotent-Replayed', 'true');
      return reply.code(result.replayed ? 200 : 201).send({ id: result.id, reference: result.reference, status: result.status });
    },
  );

  api.get(
    '/api/v1/referrals/:id',
    {
      schema: {
        tags: ['referrals'],
        summary: 'Read the status of a referral your organisation submitted',
        description:
          'The limited status the referrer may see: `received`, `being_assessed` or `closed` and, once closed, `outcome`, the category of outcome (not the police’s reasons). A referral about a person whose case was already open joins that case and reports the status of that case.',
        security: [{ organisationToken: [] }],
        params: z.object({ id: z.uuid() }),
        response: { 200: referralStatusSchema, ...problems },
      },
    },
    async (request) => {
      if (request.actor.kind !== 'api') throw new UnauthenticatedError('Send an organisation API token as a Bearer token.');
      const opened = await opts.service.open(requestContext(request), request.params.id);
      if (opened.view !== 'referrer_status') throw new NotFoundError();
      const r = opened.referral;
      return { id: r.id, reference: r.reference, status: r.status, submittedAt: r.submittedAt.toISOString(), ...(r.outcome ? { outcome: r.outcome } : {}) };
    },
  );
}
