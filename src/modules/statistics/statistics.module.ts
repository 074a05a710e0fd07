// The official statistics module: the statistics page and its JSON API.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.js';
import { statisticsApi, statisticsRoutes } from './statistics.routes.js';
import { createStatisticsService } from './statistics.service.js';

export async function statisticsModule(app: FastifyInstance, opts: { db: Db }) {
  const service = createStatisticsService(opts.db);
  await app.register(statisticsRoutes, { service });
  await app.register(statisticsApi, { service });
}
