// Establishes `request.actor` for every request: a signed-in user (session, idle and absolute
// timeouts), an API client (bearer token, under /api only) or the public. Under /api a request without a
// bearer token acts as its session's user, if any: gateway decisions are made by named officers.
import fp from 'fastify-plugin';
import fastifySession from '@fastify/session';
import type { Db } from '../../db/client.js';
import type { Actor } from '../access/actor.js';
import { createSessionStore } from './sessionStore.js';
import { findUserById } from './users.repository.js';
import { actorForApiToken } from './apiTokens.js';

declare module 'fastify' {
  interface Session {
    userId?: string;
    /** Password accepted, second factor still owed. */
    pendingUserId?: string;
    pendingAt?: number;
    /** Authenticator secret shown during enrolment, not yet confirmed. */
    enrolSecret?: string;
    signedInAt?: number;
    lastSeenAt?: number;
    flash?: { text: string; success?: boolean };
    [key: string]: unknown;
  }
  interface FastifyRequest {
    actor: Actor;
  }
}

export interface AuthOptions {
  db: Db;
  secret: string;
  secureCookie: boolean;
  idleMinutes: number;
  absoluteHours: number;
}

// Writing the session on every request would cost a database write per page; a minute's precision is plenty.
const TOUCH_INTERVAL_MS = 60_000;
const PUBLIC: Actor = { kind: 'public' };

export const authPlugin = fp(async (app, opts: AuthOptions) => {
  const store = createSessionStore(opts.db, opts.idleMinutes);
  await app.register(fastifySession, {
    secret: opts.secret,
    cookieName: opts.secureCookie ? '__Host-ctc-session' : 'ctc-session',
    cookie: { httpOnly: true, sameSite: 'lax', secure: opts.secureCookie, path: '/' },
    saveUninitialized: false,
    rolling: false,
    store,
  });
  app.decorate('purgeExpiredSessions', () => store.purgeExpired());
  app.decorateRequest('actor', null as never);

  // Before validation, so that the CSRF check (server.ts) refuses a forged request before its body is looked at.
  app.addHook('preValidation', async (request) => {
    request.actor = PUBLIC;
    const isApi = request.url.startsWith('/api/');
    if (isApi) {
      const header = request.headers.authorization;
      // A bearer token decides alone (a bad token is the public, never the session behind it).
      if (header?.startsWith('Bearer ')) {
        request.actor = (await actorForApiToken(opts.db, header.slice(7).trim())) ?? PUBLIC;
        return;
      }
    }
    const session = request.session;
    if (!session?.userId) return;
    const now = Date.now();
    const expired =
      now - (session.signedInAt ?? 0) > opts.absoluteHours * 3_600_000 || now - (session.lastSeenAt ?? 0) > opts.idleMinutes * 60_000;
    // The user read with the session by this request, or (when a concurrent request of the session took it) read now.
    const readWithSession = store.takeUser(session.sessionId, session.userId);
    const user = expired ? null : (readWithSession ?? (await findUserById(opts.db, session.userId)));
    if (!user || user.disabledAt) {
      await session.regenerate();
      // regenerate() replaces request.session: the flash belongs on the new session, not the old object.
      if (!isApi) request.session.flash = { text: 'Your session has ended. Sign in again to continue.' };
      return;
    }
    if (now - (session.lastSeenAt ?? 0) > TOUCH_INTERVAL_MS) session.lastSeenAt = now;
    request.actor = { kind: 'user', userId: user.id, displayName: user.displayName, roles: user.roles, organisation: user.organisation };
  });
});

declare module 'fastify' {
  interface FastifyInstance {
    purgeExpiredSessions(): Promise<void>;
  }
}
