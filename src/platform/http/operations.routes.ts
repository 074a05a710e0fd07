// Operational endpoints: health (database reachable) and Prometheus metrics.
import { timingSafeEqual } from 'node:crypto';
import fp from 'fastify-plugin';
import { sql } from 'drizzle-orm';
import client from 'prom-client';
import type { Database } from '../../db/client.js';

// Wrapped with fastify-plugin so the timing hook sees every route, not only these two.
export const operationsRoutes = fp(async (app, opts: { database: Database; metricsToken?: string | undefined }) => {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const duration = new client.Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route pattern and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    duration.observe({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  app.get('/health', async (_request, reply) => {
    try {
      await opts.database.db.execute(sql`SELECT 1`);
      return reply.send({ status: 'ok', database: 'ok', kind: opts.database.kind });
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: 'unreachable' });
    }
  });

  // Metrics hold no personal data, but in production they should be scraped only by monitoring.
  app.get('/metrics', async (request, reply) => {
    if (opts.metricsToken) {
      const given = request.headers.authorization ?? '';
      const expected = `Bearer ${opts.metricsToken}`;
      if (given.length !== expected.length || !timingSafeEqual(Buffer.from(given), Buffer.from(expected))) {
        return reply.code(401).type('text/plain; charset=utf-8').send('Unauthorised');
      }
    }
    return reply.type(registry.contentType).send(await registry.metrics());
  });
});
