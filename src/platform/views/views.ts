// Server-rendered pages: Nunjucks with govuk-frontend, static assets, and the per-request template context.
import path from 'node:path';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import fastifyView from '@fastify/view';
import nunjucks from 'nunjucks';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { projectRoot } from '../paths.js';
import { navigationFor } from './navigation.js';
import { addFilters } from './filters.js';
import { addKeptComponents } from './keptComponents.js';

const govuk = path.join(projectRoot, 'node_modules/govuk-frontend/dist');

export const viewsPlugin = fp(async (app, opts: { production: boolean }) => {
  await app.register(fastifyView, {
    engine: { nunjucks },
    templates: [path.join(projectRoot, 'src/views'), path.join(projectRoot, 'src/modules'), path.join(projectRoot, 'src/platform'), govuk],
    production: opts.production,
    options: {
      onConfigure: (env: nunjucks.Environment) => {
        addFilters(env);
        addKeptComponents(env);
      },
    },
  });
  await app.register(fastifyStatic, {
    root: [path.join(govuk, 'govuk'), path.join(projectRoot, 'src/views/assets'), path.join(govuk, 'govuk/assets')],
    prefix: '/assets/',
    index: false,
    maxAge: opts.production ? '1d' : 0,
    allowedPath: (p) => !p.includes('..') && !p.endsWith('.map'),
  });
});

/** Renders a page with the layout's context: navigation, CSP nonce and a CSRF token for forms. */
export async function render(request: FastifyRequest, reply: FastifyReply, template: string, context: Record<string, unknown> = {}) {
  const csrfToken = await reply.generateCsrf();
  const flash = request.session?.flash;
  if (flash) delete request.session.flash;
  return reply.type('text/html; charset=utf-8').view(template, {
    serviceName: 'Counter-terrorism safeguarding casework',
    cspNonce: reply.cspNonce?.script,
    csrfToken,
    actor: request.actor,
    homeUrl: request.actor.kind === 'user' ? '/dashboard' : '/',
    navigation: navigationFor(request.actor, request.url),
    flash,
    ...context,
  });
}
