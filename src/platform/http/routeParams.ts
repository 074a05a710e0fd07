// Small request guards shared by the page routes.
import type { FastifyRequest } from 'fastify';
import type { UserActor } from '../access/actor.js';
import { NotFoundError, UnauthenticatedError } from '../errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The signed-in user; anyone else is sent to sign in. */
export function signedIn(request: FastifyRequest): UserActor {
  if (request.actor.kind !== 'user') throw new UnauthenticatedError();
  return request.actor;
}

/** A route parameter that must be a UUID; anything else is simply not found (no hint about ids). */
export function uuidParam(request: FastifyRequest, name = 'id'): string {
  const id = (request.params as Record<string, string | undefined>)[name];
  if (!id || !UUID.test(id)) throw new NotFoundError();
  return id;
}

export const isUuid = (value: string): boolean => UUID.test(value);

/** The `page` query parameter of a paginated list: a positive whole number, 1 for anything else. */
export function pageParam(request: FastifyRequest): number {
  const n = Number.parseInt(String((request.query as { page?: unknown } | undefined)?.page ?? '1'), 10);
  return n > 0 && n < 100_000 ? n : 1;
}
