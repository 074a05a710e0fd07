// Setting up Channel panels (CTSA 2015 s.37): the panels, the authorities they cover, their standing and
// co-opted members. Pages and JSON API share one service.
import type { FastifyInstance } from 'fastify';
import type { ChannelModuleOptions } from '../channel.module.js';
import { panelsApi } from './panels.api.js';
import { panelsRoutes } from './panels.routes.js';
import { createPanelsService } from './panels.service.js';

export async function panelsModule(app: FastifyInstance, opts: ChannelModuleOptions) {
  const service = createPanelsService(opts.db);
  await app.register(panelsRoutes, { service });
  await app.register(panelsApi, { service });
}
