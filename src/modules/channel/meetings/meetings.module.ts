// Channel panel meetings (CTSA 2015 ss.36-38): the pages and the same actions as JSON, over one service.
import type { FastifyInstance } from 'fastify';
import type { ChannelModuleOptions } from '../channel.module.js';
import { meetingsApi } from './meetings.api.js';
import { meetingsRoutes } from './meetings.routes.js';
import { createMeetingsService } from './meetings.service.js';

export async function meetingsModule(app: FastifyInstance, opts: ChannelModuleOptions) {
  const service = createMeetingsService(opts.db, opts.config);
  await app.register(meetingsRoutes, { service });
  await app.register(meetingsApi, { service });
}
