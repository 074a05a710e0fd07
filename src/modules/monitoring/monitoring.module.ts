// The monitoring module: follow-ups of signposted cases, police-led management reviews, notifications.
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import { monitoringApi } from './monitoring.api.js';
import { monitoringRoutes } from './monitoring.routes.js';
import { createMonitoringService } from './monitoring.service.js';

export async function monitoringModule(app: FastifyInstance, opts: { db: Db; config: Config }) {
  const service = createMonitoringService(opts.db, opts.config.retention);
  await app.register(monitoringRoutes, { service });
  await app.register(monitoringApi, { service });
}
