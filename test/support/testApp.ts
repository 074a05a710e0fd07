// A real application on a throwaway database with the demo organisations and users, plus a client
// that signs in through the real pages (password, then TOTP) and carries cookies and CSRF tokens.
import { Writable } from 'node:stream';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { eq, sql } from 'drizzle-orm';
import { loadConfig, type Config } from '../../src/config.js';
import { buildApp } from '../../src/server.js';
import { users } from '../../src/db/schema.js';
import { seedDemo } from '../../src/modules/organisations/demoSeed.js';
import { hashPassword } from '../../src/platform/auth/passwords.js';
import { currentTotpCode } from '../../src/platform/auth/totp.js';
import { createSecretBox } from '../../src/platform/crypto/secretBox.js';
import { createTestDatabase, type TestDatabase } from './testDatabase.js';

export const TEST_PASSWORD = 'correct horse battery staple';
export const TEST_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

/** Demo accounts by role, as seeded (see src/modules/organisations/demoSeed.ts). */
export const DEMO = {
  metOfficer: 'officer@met.example',
  wmOfficer: 'officer@westmidlands.example',
  wmSupervisor: 'supervisor@westmidlands.example',
  hubOfficer: 'hub@ctp.example',
  chair: 'chair@birmingham.example',
  panelMember: 'panel@sandwell.example',
  schoolReferrer: 'dsl@northfield.example',
  nhsReferrer: 'referrer@nhs.example',
  prisonReferrer: 'referrer@hmp-birmingham.example',
  probationReferrer: 'referrer@probation.example',
  provider: 'provider@provider.example',
  otherProvider: 'provider@bridges.example',
  oversight: 'oversight@oipc.example',
  admin: 'admin@birmingham.example',
} as const;

export interface TestApp {
  app: FastifyInstance;
  db: TestDatabase;
  config: Config;
  /** Everything the app logged, for checks that personal data never reaches the logs. */
  logs: () => string;
  /** A signed-out browser-like client. */
  client(): Client;
  /**
   * Gives a user the known credentials (TEST_PASSWORD, TEST_TOTP_SECRET), clears any lock-out and forgets the
   * last accepted TOTP step, so a fresh code works. For signing in through other clients, such as a browser.
   */
  prepareUser(email: string): Promise<void>;
  /** A client signed in as the given demo user. */
  signIn(email: string): Promise<Client>;
  close(): Promise<void>;
}

export interface Client {
  request(opts: InjectOptions): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  /** Posts a form, adding the CSRF token from a fresh GET of `formPage` (or of `url`). */
  postForm(url: string, form: Record<string, string | string[]>, formPage?: string): Promise<LightMyRequestResponse>;
  csrfToken(page: string): Promise<string>;
}

export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token on the page');
  return m[1]!;
}

export function encodeForm(form: Record<string, string | string[]>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  return p.toString();
}

export async function createTestApp(overrides: NodeJS.ProcessEnv = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  let logged = '';
  const logStream = new Writable({
    write(chunk, _enc, done) {
      logged += chunk.toString();
      done();
    },
  });
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: `/tmp/ct-casework-test-${process.pid}`,
    SESSION_SECRET: 'test-session-secret-that-is-long-enough-000',
    ENCRYPTION_KEY: '0'.repeat(64),
    LOG_LEVEL: 'info',
    RATE_LIMIT_SIGN_IN_PER_MINUTE: '1000',
    RATE_LIMIT_PUBLIC_FORM_POSTS_PER_HOUR: '10000',
    ...overrides,
  });
  await seedDemo(db.database, config);
  const app = await buildApp({ config, database: db.database, logStream });
  await app.ready();
  const box = createSecretBox(config.encryptionKey);
  const passwordHash = await hashPassword(TEST_PASSWORD);
  const sealedSecret = box.seal(TEST_TOTP_SECRET);

  // Known credentials, and no remembered TOTP step, so each sign-in's code is fresh.
  const prepareUser = async (email: string): Promise<void> => {
    await db.database.db
      .update(users)
      .set({ passwordHash, mfaSecret: sealedSecret, mfaLastStep: null, failedSignIns: 0, lockedUntil: null })
      .where(eq(sql`lower(${users.email})`, email.toLowerCase()));
  };

  const client = (): Client => {
    const jar = new Map<string, string>();
    const request = async (opts: InjectOptions) => {
      const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
      const res = await app.inject({ ...opts, headers: { ...(cookie ? { cookie } : {}), ...(opts.headers ?? {}) } });
      for (const c of res.cookies as Array<{ name: string; value: string; maxAge?: number; expires?: Date }>) {
        if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) jar.delete(c.name);
        else jar.set(c.name, c.value);
      }
      return res;
    };
    const csrfToken = async (page: string) => csrfFrom((await request({ method: 'GET', url: page })).body);
    return {
      request,
      csrfToken,
      get: (url) => request({ method: 'GET', url }),
      async postForm(url, form, formPage) {
        const token = await csrfToken(formPage ?? url);
        return request({
          method: 'POST',
          url,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: encodeForm({ ...form, _csrf: token }),
        });
      },
    };
  };

  return {
    app,
    db,
    config,
    logs: () => logged,
    client,
    prepareUser,
    async signIn(email) {
      await prepareUser(email);
      const c = client();
      const pw = await c.postForm('/sign-in', { email, password: TEST_PASSWORD });
      if (pw.statusCode !== 303 || pw.headers.location !== '/sign-in/code') throw new Error(`password step failed for ${email}: ${pw.statusCode}`);
      const code = await c.postForm('/sign-in/code', { code: await currentTotpCode(TEST_TOTP_SECRET) });
      if (code.statusCode !== 303 || code.headers.location !== '/dashboard') throw new Error(`code step failed for ${email}: ${code.statusCode}`);
      return c;
    },
    async close() {
      await app.close();
      await db.dispose();
    },
  };
}
