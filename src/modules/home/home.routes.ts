// The signed-in home page: what this user can do next.
import type { FastifyInstance } from 'fastify';
import { policy } from '../../platform/access/policy.js';
import { render } from '../../platform/views/views.js';

export async function homeRoutes(app: FastifyInstance) {
  app.get('/dashboard', (request, reply) => {
    const actor = request.actor;
    if (actor.kind !== 'user') return reply.redirect('/sign-in', 303);
    return render(request, reply, 'home/views/dashboard.njk', {
      title: 'Home',
      canTriage: policy.canViewTriageQueue(actor),
      canRefer: policy.canMakeProfessionalReferral(actor),
    });
  });
}
