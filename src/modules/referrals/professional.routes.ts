// Professional referrals: signed-in staff of Prevent-duty organisations, with save-and-return drafts.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.js';
import { policy } from '../../platform/access/policy.js';
import { NotFoundError, UnauthenticatedError } from '../../platform/errors.js';
import { requestContext } from '../../platform/http/requestContext.js';
import { pageParam, uuidParam } from '../../platform/http/routeParams.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { render } from '../../platform/views/views.js';
import { registerJourney } from './journey.routes.js';
import { PROFESSIONAL_FLOW, sectionsOf, type Answers } from './journey.js';
import { professionalReferralSchema } from './referrals.schemas.js';
import type { ReferralService } from './referrals.service.js';
import * as repo from './referrals.repository.js';
import { REFERRER_STATUS_TEXT } from '../../workflow/referral.js';

type DraftParams = { draftId: string };

function referrer(request: FastifyRequest) {
  const actor = request.actor;
  if (actor.kind !== 'user') throw new UnauthenticatedError();
  if (!policy.canMakeProfessionalReferral(actor)) throw new NotFoundError();
  return actor;
}

export async function professionalReferralRoutes(app: FastifyInstance, opts: { db: Db; service: ReferralService }) {
  const { db, service } = opts;
  const draftId = (request: FastifyRequest) => uuidParam(request, 'draftId');

  app.get<{ Querystring: { page?: string; saved?: string; sent?: string } }>('/referrals/mine', async (request, reply) => {
    const actor = referrer(request);
    const page = pageParam(request);
    const [mine, drafts] = await Promise.all([service.mine(requestContext(request), page), repo.listDrafts(db, actor.userId)]);
    const sent = request.session.get('sentReference') as string | undefined;
    if (sent) request.session.set('sentReference', undefined);
    return render(request, reply, 'referrals/views/mine.njk', {
      title: 'My referrals',
      mine: { ...mine, items: mine.items.map((i) => ({ ...i, statusText: REFERRER_STATUS_TEXT[i.status] })) },
      drafts,
      sent,
      saved: request.query.saved === '1',
      width: 'full',
    });
  });

  app.post('/referrals/drafts', async (request, reply) => {
    const actor = referrer(request);
    const id = randomUUID();
    await repo.upsertDraft(db, { id, userId: actor.userId, organisationId: actor.organisation.id, data: {} });
    return reply.redirect(`/referrals/drafts/${id}/person`, 303);
  });

  registerJourney(app, '/referrals/drafts/:draftId', {
    kind: 'professional',
    flow: PROFESSIONAL_FLOW,
    base: (request) => `/referrals/drafts/${draftId(request)}`,
    guard: (request) => void referrer(request),
    load: async (request) => {
      const draft = await repo.findDraft(db, draftId(request), referrer(request).userId);
      if (!draft) throw new NotFoundError();
      return draft.data as Answers;
    },
    save: async (request, answers) => {
      const actor = referrer(request);
      const id = draftId(request);
      await db.transaction(async (tx) => {
        await repo.upsertDraft(tx, { id, userId: actor.userId, organisationId: actor.organisation.id, data: answers });
        await recordAudit(tx, requestContext(request), { action: 'collection', event: 'referral_draft.saved', recordType: 'referral_draft', recordIds: [id], purpose: 'Referrer preparing a Prevent referral', regime: 'UK_GDPR' });
      });
    },
    submit: async (request, reply, answers) => {
      const actor = referrer(request);
      const id = draftId(request);
      const parsed = professionalReferralSchema.safeParse(sectionsOf(answers));
      if (!parsed.success) return { errors: parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })) };
      const submitted = await service.submit(requestContext(request), {
        channel: 'professional',
        submission: parsed.data,
        referrerUserId: actor.userId,
        referrerOrgId: actor.organisation.id,
        alsoInTransaction: async (tx) => void (await repo.deleteDraft(tx, id, actor.userId)),
      });
      request.session.set('sentReference', submitted.reference);
      return reply.redirect('/referrals/mine', 303);
    },
  });

  app.post<{ Params: DraftParams }>('/referrals/drafts/:draftId/delete', async (request, reply) => {
    const actor = referrer(request);
    // Another user's draft (or none) is not found, as when viewing it: ids cannot be probed.
    if (!(await repo.deleteDraft(db, draftId(request), actor.userId))) throw new NotFoundError();
    return reply.redirect('/referrals/mine', 303);
  });

  app.get('/referrals/drafts', (_request, reply) => reply.redirect('/referrals/mine', 303));
}
