// Sign-in pages: password, then authenticator code (or enrolment on first sign-in), and sign-out.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { z } from 'zod';
import { render } from '../views/views.js';
import type { FieldError } from '../errors.js';
import type { CodeOutcome, SignInService } from './signIn.service.js';
import { newTotpSecret, totpUri } from './totp.js';
import { findUserById } from './users.repository.js';
import type { Db } from '../../db/client.js';

const PENDING_MS = 5 * 60_000;
const passwordForm = z.object({ email: z.string().trim().max(320).default(''), password: z.string().max(1024).default('') });
const codeForm = z.object({ code: z.string().trim().max(20).default('') });

const lockedMessage = (until: Date) =>
  `Your account is locked after too many failed attempts. Try again after ${until.toLocaleTimeString('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' })}.`;

const CODE_STATUS: Record<Exclude<CodeOutcome['kind'], 'ok'>, number> = { invalid: 401, locked: 423, unreadable: 503 };

function codeMessage(outcome: Exclude<CodeOutcome, { kind: 'ok' }>, code: string): string {
  if (outcome.kind === 'locked') return lockedMessage(outcome.until);
  if (outcome.kind === 'unreadable') {
    return 'Your security code cannot be checked because of a fault in this service. Contact your service administrator: they can reset your authenticator app so that you set it up again';
  }
  return code ? 'The security code is not correct. Enter the current 6-digit code from your authenticator app' : 'Enter the 6-digit security code';
}

export interface AuthRouteOptions {
  db: Db;
  signIn: SignInService;
  ratePerMinute: number;
}

export async function authRoutes(app: FastifyInstance, opts: AuthRouteOptions) {
  const limited = { rateLimit: { max: opts.ratePerMinute, timeWindow: '1 minute' } };

  const pendingUser = (request: FastifyRequest): string | null => {
    const s = request.session;
    return s.pendingUserId && Date.now() - (s.pendingAt ?? 0) < PENDING_MS ? s.pendingUserId : null;
  };

  async function completeSignIn(request: FastifyRequest, reply: FastifyReply, userId: string) {
    await request.session.regenerate();
    request.session.userId = userId;
    request.session.signedInAt = Date.now();
    request.session.lastSeenAt = Date.now();
    request.log.info({ userId }, 'signed in');
    return reply.redirect('/dashboard', 303);
  }

  const signInPage = (request: FastifyRequest, reply: FastifyReply, errors: FieldError[] = [], email = '') => {
    const flash = request.session.flash;
    delete request.session.flash;
    return render(request, reply, 'auth/views/sign-in.njk', { title: 'Sign in', errors, email, flash });
  };

  app.get('/sign-in', (request, reply) => {
    if (request.actor.kind === 'user') return reply.redirect('/dashboard', 303);
    return signInPage(request, reply);
  });

  app.post('/sign-in', { config: limited }, async (request, reply) => {
    const form = passwordForm.safeParse(request.body ?? {});
    const { email, password } = form.success ? form.data : { email: '', password: '' };
    const errors: FieldError[] = [];
    if (!email) errors.push({ field: 'email', message: 'Enter your email address' });
    if (!password) errors.push({ field: 'password', message: 'Enter your password' });
    if (errors.length) return signInPage(request, reply.code(422), errors, email);

    const outcome = await opts.signIn.checkPassword(email, password);
    if (outcome.kind === 'invalid') {
      return signInPage(request, reply.code(401), [{ field: 'email', message: 'Enter a correct email address and password' }], email);
    }
    if (outcome.kind === 'locked') return signInPage(request, reply.code(423), [{ field: 'email', message: lockedMessage(outcome.until) }], email);
    await request.session.regenerate();
    request.session.pendingUserId = outcome.userId;
    request.session.pendingAt = Date.now();
    return reply.redirect(outcome.kind === 'mfa' ? '/sign-in/code' : '/sign-in/set-up-authenticator', 303);
  });

  app.get('/sign-in/code', (request, reply) => {
    if (!pendingUser(request)) return reply.redirect('/sign-in', 303);
    return render(request, reply, 'auth/views/code.njk', { title: 'Enter your security code', backLink: '/sign-in' });
  });

  app.post('/sign-in/code', { config: limited }, async (request, reply) => {
    const userId = pendingUser(request);
    if (!userId) return reply.redirect('/sign-in', 303);
    const { code } = codeForm.parse(request.body ?? {});
    const outcome = code ? await opts.signIn.checkCode(userId, code) : ({ kind: 'invalid' } as const);
    if (outcome.kind === 'ok') return completeSignIn(request, reply, userId);
    if (outcome.kind === 'unreadable') request.log.error({ userId }, 'authenticator secret does not open with ENCRYPTION_KEY: the key has changed since it was sealed');
    const message = codeMessage(outcome, code);
    return render(request, reply.code(CODE_STATUS[outcome.kind]), 'auth/views/code.njk', {
      title: 'Enter your security code',
      backLink: '/sign-in',
      errors: [{ field: 'code', message }],
    });
  });

  const enrolPage = async (request: FastifyRequest, reply: FastifyReply, userId: string, errors: FieldError[] = []) => {
    const user = await findUserById(opts.db, userId);
    if (!user) return reply.redirect('/sign-in', 303);
    request.session.enrolSecret ??= newTotpSecret();
    const uri = totpUri(request.session.enrolSecret, user.email);
    const qr = await QRCode.toString(uri, { type: 'svg', margin: 1, width: 200 });
    return render(request, reply, 'auth/views/enrol.njk', {
      title: 'Set up your authenticator app',
      secret: request.session.enrolSecret.replace(/(.{4})/g, '$1 ').trim(),
      qr,
      errors,
    });
  };

  app.get('/sign-in/set-up-authenticator', (request, reply) => {
    const userId = pendingUser(request);
    return userId ? enrolPage(request, reply, userId) : reply.redirect('/sign-in', 303);
  });

  app.post('/sign-in/set-up-authenticator', { config: limited }, async (request, reply) => {
    const userId = pendingUser(request);
    const secret = request.session.enrolSecret;
    if (!userId || !secret) return reply.redirect('/sign-in', 303);
    const { code } = codeForm.parse(request.body ?? {});
    const outcome = code ? await opts.signIn.completeEnrolment(userId, secret, code) : ({ kind: 'invalid' } as const);
    if (outcome.kind === 'ok') return completeSignIn(request, reply, userId);
    if (outcome.kind === 'locked') return reply.redirect('/sign-in', 303);
    reply.code(401);
    return enrolPage(request, reply, userId, [{ field: 'code', message: code ? 'The security code is not correct. Enter the code your app shows now' : 'Enter the 6-digit security code' }]);
  });

  app.get('/sign-out', async (request, reply) => {
    if (request.session.userId) request.log.info({ userId: request.session.userId }, 'signed out');
    // A fresh, empty session rather than none: the old one is deleted from the store, and the page
    // rendered next still has a session for its CSRF token.
    await request.session.regenerate();
    return render(request, reply, 'auth/views/signed-out.njk', { title: 'You have signed out' });
  });
}
