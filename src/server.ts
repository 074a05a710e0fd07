// Builds the Fastify application. Plugins are registered in a fixed order; each step says why it is there.
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { loggerOptions } from './platform/logger.js';
import { registerBodyParsers, strictFormParser } from './platform/http/bodyParsers.js';
import { securityHeaders } from './platform/http/securityHeaders.js';
import { gracefulClose } from './platform/http/gracefulClose.js';
import { registerErrorHandling } from './platform/http/errorHandler.js';
import { viewsPlugin } from './platform/views/views.js';
import { authPlugin } from './platform/auth/auth.plugin.js';
import { authRoutes } from './platform/auth/auth.routes.js';
import { sessionApi } from './platform/auth/session.api.js';
import { createSignInService } from './platform/auth/signIn.service.js';
import { createSecretBox } from './platform/crypto/secretBox.js';
import { operationsRoutes } from './platform/http/operations.routes.js';
import { referralModule } from './modules/referrals/referrals.module.js';
import { gatewayModule } from './modules/gateway/gateway.module.js';
import { peopleModule } from './modules/people/people.module.js';
import { createGatewayService } from './modules/gateway/gateway.service.js';
import { homeRoutes } from './modules/home/home.routes.js';
import { infoRoutes } from './modules/info/info.routes.js';
import { monitoringModule } from './modules/monitoring/monitoring.module.js';
import { channelModule } from './modules/channel/channel.module.js';
import { statisticsModule } from './modules/statistics/statistics.module.js';

export interface AppDeps {
  config: Config;
  database: Database;
  /** Where logs go; tests pass a stream to inspect them. */
  logStream?: NodeJS.WritableStream;
}

export async function buildApp({ config, database, logStream }: AppDeps): Promise<FastifyInstance> {
  const db = database.db;
  const app = Fastify({
    logger: loggerOptions(config.logLevel, logStream),
    trustProxy: config.trustProxy,
    bodyLimit: config.bodyLimitBytes,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true },
  });

  // 0. Graceful close: requests in flight finish, their handlers too, before the caller closes the database.
  gracefulClose(app, { handlerWaitMs: 8_000 });

  // 1. Schemas: zod validates input and generates the OpenAPI document from the same definitions.
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // 2. Bodies: JSON and forms, refusing text that is not UTF-8 rather than silently replacing it.
  await app.register(formbody, { parser: strictFormParser });
  registerBodyParsers(app);
  // 3. Security headers on every response, including errors.
  await app.register(securityHeaders);
  // 4. Errors become problem details (API) or GOV.UK error pages (HTML).
  registerErrorHandling(app);
  // 5. Cookies, then server-side sessions and request.actor.
  await app.register(cookie);
  await app.register(authPlugin, {
    db,
    secret: config.sessionSecret,
    secureCookie: config.session.secureCookie,
    idleMinutes: config.session.idleMinutes,
    absoluteHours: config.session.absoluteHours,
  });
  // 6. CSRF tokens kept in the session; checked on every state-changing form post, and on unsafe API
  // requests made with a signed-in session (a browser sends its cookie to any site's request, so those
  // carry the token in the x-csrf-token header). Bearer-token clients are exempt: nothing sends their
  // token for them.
  await app.register(csrf, {
    sessionPlugin: '@fastify/session',
    // One place per kind of request: the form field for pages, the header for the API (the plugin's
    // default would also take a JSON body field or other headers).
    getToken: (req) => {
      if (req.url.startsWith('/api/')) {
        const header = req.headers['x-csrf-token'];
        return typeof header === 'string' ? header : undefined;
      }
      const field = (req.body as { _csrf?: unknown } | undefined)?._csrf;
      return typeof field === 'string' ? field : undefined;
    },
  });
  app.addHook('preValidation', (request, reply, done) => {
    if (request.method === 'GET' || request.method === 'HEAD') return done();
    if (request.url.startsWith('/api/') && request.actor.kind !== 'user') return done();
    app.csrfProtection(request, reply, done);
  });
  // 7. Rate limits are per route (sign-in, public form, API), not global.
  await app.register(rateLimit, { global: false });
  // 8. OpenAPI 3.1 description of /api/v1, generated from route schemas.
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'ct-casework API', version: '1.0.0', description: 'Referral intake and status for integrated systems, and the police gateway assessment for signed-in officers.' },
      components: {
        securitySchemes: {
          organisationToken: { type: 'http', scheme: 'bearer', description: 'Organisation API token (ctc_…)' },
          officerSession: {
            type: 'apiKey',
            in: 'cookie',
            name: 'ctc-session',
            description: 'A signed-in officer’s session (__Host-ctc-session over TLS). POST requests also send the session’s CSRF token in the x-csrf-token header.',
          },
        },
      },
    },
    transform: jsonSchemaTransform,
    hideUntagged: true,
  });
  // 9. Pages and assets.
  await app.register(viewsPlugin, { production: config.env === 'production' });

  // Modules.
  const signIn = createSignInService(db, createSecretBox(config.encryptionKey), config.signIn);
  await app.register(operationsRoutes, { database, metricsToken: config.metricsToken });
  await app.register(authRoutes, { db, signIn, ratePerMinute: config.signIn.ratePerMinute });
  await app.register(sessionApi);
  await app.register(homeRoutes, { db });
  await app.register(infoRoutes);
  const gateway = createGatewayService(db, config.retention);
  await app.register(referralModule, { db, config, gateway });
  await app.register(gatewayModule, { db, service: gateway });
  await app.register(peopleModule, { db, config });
  await app.register(monitoringModule, { db, config });
  await app.register(channelModule, { db, config });
  await app.register(statisticsModule, { db });
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());
  return app;
}
