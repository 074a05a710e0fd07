import type { FastifyRequest } from 'fastify';
import type { RequestContext } from '../access/actor.js';

/** The audit-relevant facts of a request, passed from routes into services. */
export function requestContext(request: FastifyRequest): RequestContext {
  const ua = request.headers['user-agent'];
  return { actor: request.actor, requestId: String(request.id), client: { ip: request.ip, ...(ua ? { userAgent: ua } : {}) } };
}
