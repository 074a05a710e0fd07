// pino options. Logs carry request ids, routes and user ids, never personal data: request bodies,
// query strings, cookies and authorisation headers are not logged.
import type { FastifyServerOptions } from 'fastify';

export function loggerOptions(level: string, destination?: NodeJS.WritableStream): FastifyServerOptions['logger'] {
  return {
    level,
    ...(destination ? { stream: destination } : {}),
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'], remove: true },
    serializers: {
      err: (err: unknown) => errorForLog(err),
      req: (req: { method: string; url: string; id: string }) => ({ method: req.method, url: req.url.split('?')[0], id: req.id }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}

export type LoggedError = { type: string; message: string; stack: string; [key: string]: unknown };

type ErrorLike = {
  name?: unknown;
  message?: unknown;
  stack?: unknown;
  code?: unknown;
  statusCode?: unknown;
  cause?: unknown;
  query?: unknown;
  params?: unknown;
  severity?: unknown;
  table?: unknown;
  column?: unknown;
  constraint?: unknown;
  routine?: unknown;
};

/**
 * An error as the logs may keep it. A failed query's message lists the values it was given (names,
 * narratives, session contents) and a database error's message may quote one, so for those only the
 * SQL text, SQLSTATE and schema names are kept. Stacks keep their frames, not their message line.
 */
export function errorForLog(value: unknown, depth = 0): LoggedError {
  if (!value || typeof value !== 'object') return { type: typeof value, message: String(value), stack: '' };
  const e = value as ErrorLike;
  const type = value instanceof Error ? value.constructor.name : typeof e.name === 'string' ? e.name : 'Object';
  const stack = typeof e.stack === 'string' ? e.stack.split('\n').filter((l) => /^\s+at /.test(l)).join('\n') : '';
  const cause = e.cause !== undefined && depth < 3 ? { cause: errorForLog(e.cause, depth + 1) } : {};
  if (typeof e.query === 'string' && 'params' in e) {
    return { type, message: `Failed query: ${e.query}`, stack, ...cause };
  }
  if (typeof e.severity === 'string' && typeof e.code === 'string') {
    const names = Object.fromEntries((['table', 'column', 'constraint', 'routine'] as const).filter((k) => typeof e[k] === 'string').map((k) => [k, e[k]]));
    return { type, message: `Database error ${e.code}`, code: e.code, ...names, stack };
  }
  return {
    type,
    message: typeof e.message === 'string' ? e.message : String(e.message ?? ''),
    ...(e.code !== undefined ? { code: e.code } : {}),
    ...(e.statusCode !== undefined ? { statusCode: e.statusCode } : {}),
    stack,
    ...cause,
  };
}
