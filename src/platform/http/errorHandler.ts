// One place that turns every failure into a clear answer: problem details under /api, pages elsewhere.
// Nothing reaches the user as a bare 500; unexpected errors are logged (without request bodies).
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type FieldError } from '../errors.js';
import { problem, type Problem } from './problems.js';
import { render } from '../views/views.js';

const isApi = (request: FastifyRequest) => request.url.startsWith('/api/');

function zodFieldErrors(err: FastifyError): FieldError[] {
  // fastify-type-provider-zod reports each zod issue as { keyword: code, instancePath: /a/b, params: rest of the issue }.
  return (err.validation ?? []).flatMap((v) => {
    const prefix = (v.instancePath ?? '').split('/').filter(Boolean);
    const keys = (v.params as { keys?: unknown } | undefined)?.keys;
    if (v.keyword === 'unrecognized_keys' && Array.isArray(keys) && keys.length) {
      return keys.map((k) => ({ field: [...prefix, String(k)].join('.'), message: `Unknown field: ${String(k)}` }));
    }
    return [{ field: prefix.join('.'), message: v.message ?? 'Invalid value' }];
  });
}

function classify(err: FastifyError): Problem {
  if (err instanceof AppError) {
    return problem(err.status, err.type, err.title, err.message, 'errors' in err ? (err.errors as FieldError[]) : undefined);
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = err.validationContext === 'body' ? 'request body' : err.validationContext ?? 'request';
    return problem(422, 'validation', 'Invalid request', `The ${where} has invalid fields.`, zodFieldErrors(err));
  }
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem(413, 'too-large', 'Request too large', 'The request body is larger than this service accepts.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem(415, 'unsupported-media-type', 'Unsupported media type', 'Send application/json.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return problem(400, 'malformed-json', 'Bad request', 'The request body is not valid JSON.');
    case 'FST_CSRF_INVALID_TOKEN':
    case 'FST_CSRF_MISSING_SECRET':
      return problem(403, 'csrf', 'Forbidden', 'The form has expired or was not sent from this service. Go back, refresh the page and try again.');
  }
  const status = err.statusCode ?? 500;
  if (status === 429) return problem(429, 'rate-limited', 'Too many requests', 'Too many requests. Wait a few minutes and try again.');
  if (status >= 400 && status < 500) return problem(status, 'bad-request', 'Bad request', 'The request could not be understood.');
  return problem(500, 'internal', 'Sorry, there is a problem with the service', 'Try again later. Nothing you sent was saved unless you were told it was.');
}

export async function sendError(request: FastifyRequest, reply: FastifyReply, p: Problem) {
  if (isApi(request) || !request.actor) return reply.code(p.status).type('application/problem+json').send({ ...p, instance: request.url.split('?')[0] });
  // A signed-out visitor on a staff page is sent to sign in, not shown an error.
  if (p.status === 401 && request.session) {
    request.session.flash = { text: 'Sign in to continue.' };
    return reply.redirect('/sign-in', 303);
  }
  reply.code(p.status);
  return render(request, reply, 'error.njk', { title: p.status === 404 ? 'Page not found' : p.title, message: p.detail, status: p.status });
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(async (err: FastifyError, request, reply) => {
    const p = classify(err);
    // The CSRF message speaks of forms; an API caller needs to know where the token goes.
    if (isApi(request) && p.type.endsWith(':csrf')) p.detail = 'Send the CSRF token of your signed-in session in the x-csrf-token header.';
    // The logger's err serializer keeps a failed query's SQL, never the values it was given.
    if (p.status >= 500) request.log.error({ err }, 'request failed');
    else request.log.info({ status: p.status, code: err.code ?? p.type }, 'request refused');
    if (!isApi(request) && !request.actor) request.actor = { kind: 'public' };
    try {
      return await sendError(request, reply, p);
    } catch {
      return reply.code(p.status).type('text/plain; charset=utf-8').send(p.title);
    }
  });
  app.setNotFoundHandler(async (request, reply) => {
    if (!request.actor) request.actor = { kind: 'public' };
    return sendError(request, reply, problem(404, 'not-found', 'Not found', 'The page or record was not found.'));
  });
}
