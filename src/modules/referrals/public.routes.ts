// The public "report a concern" form: no account, answers kept in the session until sent.
import type { FastifyInstance } from 'fastify';
import { render } from '../../platform/views/views.js';
import { requestContext } from '../../platform/http/requestContext.js';
import { registerJourney } from './journey.routes.js';
import { PUBLIC_FLOW, sectionsOf, type Answers } from './journey.js';
import { publicReferralSchema } from './referrals.schemas.js';
import type { ReferralService } from './referrals.service.js';

const KEY = 'publicReferral';

export async function publicReferralRoutes(app: FastifyInstance, opts: { service: ReferralService; postsPerHour: number }) {
  app.get('/', (_request, reply) => reply.redirect('/refer', 303));

  app.get('/refer', (request, reply) => render(request, reply, 'referrals/views/start.njk', { title: 'Report a concern that someone may be at risk of radicalisation' }));

  app.get('/refer/confirmation', (request, reply) => {
    const reference = request.session.get('submittedReference') as string | undefined;
    if (!reference) return reply.redirect('/refer', 303);
    return render(request, reply, 'referrals/views/confirmation.njk', { title: 'Concern sent', reference });
  });

  registerJourney(
    app,
    '/refer',
    {
      kind: 'public',
      flow: PUBLIC_FLOW,
      base: () => '/refer',
      load: async (request) => (request.session.get(KEY) as Answers | undefined) ?? {},
      save: async (request, answers) => {
        request.session.set(KEY, answers);
      },
      submit: async (request, reply, answers) => {
        const parsed = publicReferralSchema.safeParse(sectionsOf(answers));
        if (!parsed.success) return { errors: parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })) };
        const submitted = await opts.service.submit(requestContext(request), { channel: 'public', submission: parsed.data, referrerUserId: null, referrerOrgId: null });
        request.session.set(KEY, undefined);
        request.session.set('submittedReference', submitted.reference);
        return reply.redirect('/refer/confirmation', 303);
      },
    },
    { rateLimit: { max: opts.postsPerHour, timeWindow: '1 hour' } },
  );
}
