// A provider's own work on Channel support: its pages and the same actions as JSON, over one service.
import type { FastifyInstance } from 'fastify';
import type { ChannelModuleOptions } from '../channel.module.js';
import { providerWorkApi } from './providerWork.api.js';
import { providerWorkRoutes } from './providerWork.routes.js';
import { createProviderWorkService } from './providerWork.service.js';

export async function providerWorkModule(app: FastifyInstance, opts: ChannelModuleOptions) {
  const service = createProviderWorkService(opts.db);
  await app.register(providerWorkRoutes, { service });
  await app.register(providerWorkApi, { service });
}
