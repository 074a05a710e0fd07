// The Channel case record (CTSA 2015 s.36): the chair's dashboard, the panel's case list, the case page with its
// assessments, consent, support plan, interventions and post-exit reviews, and the same as a JSON API.
import type { FastifyInstance } from 'fastify';
import type { ChannelModuleOptions } from '../channel.module.js';
import { caseApi } from './cases.api.js';
import { caseRoutes } from './cases.routes.js';
import { createCasesService } from './cases.service.js';

export async function casesModule(app: FastifyInstance, opts: ChannelModuleOptions) {
  const service = createCasesService(opts.db);
  await app.register(caseRoutes, { service });
  await app.register(caseApi, { service });
}
