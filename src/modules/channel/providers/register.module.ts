// The register of Intervention Providers: pages and JSON API sharing one service.
import type { FastifyInstance } from 'fastify';
import type { ChannelModuleOptions } from '../channel.module.js';
import { registerApi } from './register.api.js';
import { registerRoutes } from './register.routes.js';
import { createRegisterService } from './register.service.js';

export async function registerModule(app: FastifyInstance, opts: ChannelModuleOptions) {
  const service = createRegisterService(opts.db);
  await app.register(registerRoutes, { service });
  await app.register(registerApi, { service });
}
