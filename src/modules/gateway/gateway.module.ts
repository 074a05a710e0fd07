// The gateway module: the police officer's case page and assessment forms, and the same actions as JSON.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.js';
import type { GatewayService } from './gateway.service.js';
import { gatewayRoutes } from './gateway.routes.js';
import { gatewayApi } from './gateway.api.js';

export async function gatewayModule(app: FastifyInstance, opts: { db: Db; service: GatewayService }) {
  await app.register(gatewayRoutes, { db: opts.db, service: opts.service });
  await app.register(gatewayApi, { service: opts.service });
}
