// The people module: possible earlier records of a referral, the person page, merging and undoing, as
// pages and as JSON. The rules are in people.service.ts.
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import { peopleApi } from './people.api.js';
import { peopleRoutes } from './people.routes.js';
import { createPeopleService } from './people.service.js';

export async function peopleModule(app: FastifyInstance, opts: { db: Db; config: Config }) {
  const service = createPeopleService(opts.db);
  await app.register(peopleRoutes, { db: opts.db, service, preselectProbability: opts.config.matching.preselectProbability });
  await app.register(peopleApi, { service });
}
