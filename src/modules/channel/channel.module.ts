// The Channel module: a local authority's panel sees the cases the police referred to it (CTSA 2015 s.36).
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.js';
import { channelRoutes } from './channel.routes.js';
import { createChannelService } from './channel.service.js';

export async function channelModule(app: FastifyInstance, opts: { db: Db }) {
  await app.register(channelRoutes, { service: createChannelService(opts.db) });
}
