// Public information pages linked from every page's footer.
import type { FastifyInstance } from 'fastify';
import { render } from '../../platform/views/views.js';

export async function infoRoutes(app: FastifyInstance) {
  app.get('/privacy', (request, reply) => render(request, reply, 'info/views/privacy.njk', { title: 'Privacy notice' }));
  app.get('/accessibility', (request, reply) => render(request, reply, 'info/views/accessibility.njk', { title: 'Accessibility statement' }));
}
