// Who the session belongs to, and the CSRF token its unsafe API requests must send in x-csrf-token.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { UnauthenticatedError } from '../errors.js';
import { problemResponses } from '../http/problems.js';

const sessionSchema = z.object({
  user: z.object({ id: z.uuid(), name: z.string(), organisation: z.object({ id: z.uuid(), name: z.string() }), roles: z.array(z.string()) }),
  csrfToken: z.string().describe('Send as the x-csrf-token header on POST requests made with this session'),
});

export async function sessionApi(app: FastifyInstance) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/session',
    {
      schema: {
        tags: ['session'],
        summary: 'The signed-in user and their CSRF token',
        security: [{ officerSession: [] }],
        response: { 200: sessionSchema, ...problemResponses(401) },
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      if (actor.kind !== 'user') throw new UnauthenticatedError('Sign in to use the API with a session.');
      return {
        user: { id: actor.userId, name: actor.displayName, organisation: { id: actor.organisation.id, name: actor.organisation.name }, roles: [...actor.roles] },
        csrfToken: await reply.generateCsrf(),
      };
    },
  );
}
