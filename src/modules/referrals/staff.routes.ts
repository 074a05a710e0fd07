// Police Prevent pages: the triage queue, a referral's page and transfer to another force.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { policy } from '../../platform/access/policy.js';
import { NotFoundError, UnauthenticatedError, ConflictError } from '../../platform/errors.js';
import { requestContext } from '../../platform/http/requestContext.js';
import { render } from '../../platform/views/views.js';
import { listPoliceOrganisations } from '../organisations/organisations.repository.js';
import { REFERRER_STATUS_TEXT } from '../../workflow/referral.js';
import { summaryRows } from './presenters.js';
import type { ReferralService } from './referrals.service.js';
import type { Answers } from './journey.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const transferForm = z.object({
  toOrganisationId: z.string().regex(UUID, 'Select the force to transfer the referral to'),
  reason: z.string().trim().min(1, 'Enter the reason for the transfer').max(2000, 'The reason must be 2,000 characters or fewer'),
  version: z.coerce.number().int().positive(),
});

function signedIn(request: FastifyRequest) {
  if (request.actor.kind !== 'user') throw new UnauthenticatedError();
  return request.actor;
}

const idParam = (request: FastifyRequest) => {
  const id = (request.params as { id: string }).id;
  if (!UUID.test(id)) throw new NotFoundError();
  return id;
};

export async function staffReferralRoutes(app: FastifyInstance, opts: { db: Db; service: ReferralService }) {
  const { db, service } = opts;

  app.get<{ Querystring: { page?: string } }>('/triage', async (request, reply) => {
    const actor = signedIn(request);
    if (!policy.canViewTriageQueue(actor)) throw new NotFoundError();
    const page = Math.max(1, Number.parseInt(request.query.page ?? '1', 10) || 1);
    const queue = await service.queue(requestContext(request), page);
    return render(request, reply, 'referrals/views/queue.njk', { title: `Triage queue – ${actor.organisation.name}`, queue, width: 'full' });
  });

  const referralPage = async (request: FastifyRequest, reply: Parameters<typeof render>[1], extra: Record<string, unknown> = {}) => {
    signedIn(request);
    const opened = await service.open(requestContext(request), idParam(request));
    if (opened.view === 'referrer_status') {
      return render(request, reply, 'referrals/views/status.njk', { title: `Referral ${opened.referral.reference}`, referral: opened.referral, statusText: REFERRER_STATUS_TEXT[opened.referral.status] });
    }
    const forces = opened.canTransfer ? (await listPoliceOrganisations(db)).filter((f) => f.id !== opened.referral.owningOrgId) : [];
    const submission = opened.referral.submission as Answers & { referrer?: unknown; professional?: unknown };
    return render(request, reply, 'referrals/views/referral.njk', {
      title: `Referral ${opened.referral.reference}`,
      ...opened,
      sections: summaryRows(submission, submission.professional ? 'professional' : 'public', null),
      forces,
      width: 'full',
      ...extra,
    });
  };

  app.get<{ Params: { id: string } }>('/referrals/:id', (request, reply) => referralPage(request, reply));

  app.post<{ Params: { id: string } }>('/referrals/:id/transfer', async (request, reply) => {
    signedIn(request);
    const id = idParam(request);
    const form = transferForm.safeParse(request.body ?? {});
    if (!form.success) {
      const errors = form.error.issues.map((i) => ({ field: i.path[0] === 'version' ? 'reason' : String(i.path[0]), message: i.message }));
      return referralPage(request, reply.code(422), { errors, transferValues: request.body });
    }
    try {
      await service.transfer(requestContext(request), id, form.data);
    } catch (err) {
      if (err instanceof ConflictError) return referralPage(request, reply.code(409), { errors: [{ field: 'reason', message: err.message }], transferValues: request.body });
      throw err;
    }
    request.session.flash = { text: 'Referral transferred.', success: true };
    return reply.redirect('/triage', 303);
  });
}
