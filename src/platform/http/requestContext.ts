import type { FastifyRequest } from 'fastify';
import type { RequestContext } from '../access/actor.js';
import { ForbiddenError, UnauthenticatedError } from '../errors.js';

/** The audit-relevant facts of a request, passed from routes into services. */
export function requestContext(request: FastifyRequest): RequestContext {
  const ua = request.headers['user-agent'];
  return { actor: request.actor, requestId: String(request.id), client: { ip: request.ip, ...(ua ? { userAgent: ua } : {}) } };
}

/**
 * The request context of a signed-in person, for API actions that record a named decision-maker: an
 * organisation token is refused (403, with `refusal` saying why), no credentials at all is a 401.
 */
export function personContext(request: FastifyRequest, refusal: string): RequestContext {
  if (request.actor.kind === 'api') throw new ForbiddenError(refusal);
  if (request.actor.kind !== 'user') throw new UnauthenticatedError('Sign in to use the API with a session.');
  return requestContext(request);
}
