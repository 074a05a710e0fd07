// What the service must withstand from a hostile or careless client: forged forms, framing, stolen or
// stale sessions, password guessing, markup in answers, personal data in logs, and malformed bodies.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { auditLog, sessions, users } from '../../src/db/schema.js';
import { resetAuthenticator } from '../../src/modules/organisations/users.admin.js';
import { createSecretBox } from '../../src/platform/crypto/secretBox.js';
import { createTestApp, DEMO, TEST_PASSWORD, TEST_TOTP_SECRET, encodeForm, type Client, type TestApp } from '../support/testApp.js';
import { codes, sessionCookie, signInCode, signInPassword, wrongCode } from '../support/accounts.js';
import {
  api,
  apiReferral,
  countReferrals,
  questionForms,
  referralIdByName,
  startDraft,
  submitPublicReferral,
  tokenFor,
  userId,
} from '../support/referrals.js';

let t: TestApp;
let nhsToken: string;

beforeAll(async () => {
  t = await createTestApp();
  nhsToken = await tokenFor(t, 'bsmhft');
});
afterAll(() => t?.close());

const post = (c: Client, url: string, form: Record<string, string | string[]>) =>
  c.request({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: encodeForm(form) });

describe('CSRF', () => {
  it('refuses a form post without a token, or with a wrong one, and keeps nothing it sent', async () => {
    const c = t.client();
    await c.get('/refer/person');
    const none = await post(c, '/refer/person', { givenName: 'Forged', familyName: 'Post' });
    const wrong = await post(c, '/refer/person', { givenName: 'Forged', familyName: 'Post', _csrf: 'not-the-token' });
    expect(none.statusCode).toBe(403);
    expect(wrong.statusCode).toBe(403);
    // Nothing was saved: the check page still starts from the first question.
    const check = await c.get('/refer/check');
    expect(check.headers.location).toBe('/refer/person');
  });

  it('refuses a token from another session', async () => {
    const other = t.client();
    const token = await other.csrfToken('/refer/person');
    const c = t.client();
    await c.get('/refer/person');
    expect((await post(c, '/refer/person', { givenName: 'Forged', familyName: 'Post', _csrf: token })).statusCode).toBe(403);
  });

  it('refuses a forged send of a complete public referral: no referral is stored', async () => {
    const c = t.client();
    for (const [page, form] of [...questionForms('Csrfperson'), ['about-you', { contact: 'no' }] as const]) {
      expect((await c.postForm(`/refer/${page}`, form)).statusCode).toBe(303);
    }
    const before = await countReferrals(t);
    expect((await post(c, '/refer/check', {})).statusCode).toBe(403);
    expect((await post(c, '/refer/check', { _csrf: 'guess' })).statusCode).toBe(403);
    expect(await countReferrals(t)).toBe(before);
    expect((await c.postForm('/refer/check', {})).statusCode).toBe(303);
    expect(await countReferrals(t)).toBe(before + 1);
  });

  it('refuses a forged post to a signed-in user’s draft, and to sign-in', async () => {
    const dsl = await t.signIn(DEMO.schoolReferrer);
    const draft = await startDraft(dsl);
    const res = await post(dsl, `/referrals/drafts/${draft}/person`, { givenName: 'Forged', familyName: 'Draft' });
    expect(res.statusCode).toBe(403);
    expect((await dsl.get(`/referrals/drafts/${draft}/person`)).body).not.toContain('Forged');
    const visitor = t.client();
    expect((await post(visitor, '/sign-in', { email: DEMO.schoolReferrer, password: TEST_PASSWORD })).statusCode).toBe(403);
  });
});

describe('security headers', () => {
  it('sends CSP with a nonce, no framing, nosniff and no referrer; no HSTS over plain http', async () => {
    for (const url of ['/refer', '/no-such-page']) {
      const res = await t.client().get(url);
      const csp = String(res.headers['content-security-policy']);
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce, `${url}: ${csp}`).toBeTruthy();
      expect(csp).toMatch(/script-src 'self' 'nonce-/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-frame-options']).toBeDefined();
      expect(res.headers['strict-transport-security']).toBeUndefined();
      expect(res.headers['cache-control']).toBe('no-store');
      // Every script on the page carries this response's nonce.
      const scripts = [...res.body.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const s of scripts) expect(s).toContain(`nonce="${nonce}"`);
    }
    const other = await t.client().get('/refer');
    expect(other.headers['content-security-policy']).not.toBe((await t.client().get('/refer')).headers['content-security-policy']);
  });

  it('sends API responses the same headers as pages, their policy without nonces (no page runs scripts from them)', async () => {
    const page = await t.client().get('/refer');
    const api = await t.client().get('/api/v1/channel/providers');
    expect(api.headers['content-type']).toMatch(/json/);
    const withoutNonces = String(page.headers['content-security-policy']).replace(/ 'nonce-[^']+'/g, '');
    expect(api.headers['content-security-policy']).toBe(withoutNonces);
    const helmetHeaders = (h: Record<string, unknown>) => Object.fromEntries(Object.entries(h).filter(([k]) => /^(x-|cross-origin|origin-agent|referrer|strict-transport)/.test(k) && k !== 'x-request-id' && !k.startsWith('x-ratelimit')));
    expect(helmetHeaders(api.headers)).toEqual(helmetHeaders(page.headers));
    expect(api.headers['cache-control']).toBe('no-store');
  });

  it('ignores X-Forwarded-Proto when the proxy is not trusted', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/refer', headers: { 'x-forwarded-proto': 'https' } });
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('sets an HttpOnly, SameSite=Lax session cookie, and a new one at sign-in', async () => {
    await t.prepareUser(DEMO.hubOfficer);
    const c = t.client();
    const first = await c.get('/sign-in');
    const before = sessionCookie(first);
    const pw = await signInPassword(c, DEMO.hubOfficer);
    const done = await signInCode(c, (await codes()).current);
    expect(done.headers.location).toBe('/dashboard');
    const setCookie = [done.headers['set-cookie']].flat().find((h) => String(h).startsWith('ctc-session='));
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\//);
    const after = sessionCookie(done);
    expect(after).toBeTruthy();
    expect(after).not.toBe(sessionCookie(pw) ?? before);
    expect(after).not.toBe(before);
  });
});

describe('behind a trusted proxy, with a tight sign-in rate limit', () => {
  let proxied: TestApp;
  beforeAll(async () => {
    proxied = await createTestApp({ TRUST_PROXY: 'true', RATE_LIMIT_SIGN_IN_PER_MINUTE: '3' });
  });
  afterAll(() => proxied?.close());

  it('sends HSTS when the request arrived over TLS', async () => {
    const tls = await proxied.app.inject({ method: 'GET', url: '/refer', headers: { 'x-forwarded-proto': 'https' } });
    expect(tls.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
    const plain = await proxied.app.inject({ method: 'GET', url: '/refer' });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
  });

  it('answers 429 once a client exceeds the sign-in rate', async () => {
    const c = proxied.client();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await signInPassword(c, 'nobody@example.com', 'wrong password')).statusCode);
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.slice(3)).toEqual([429, 429]);
  });
});

describe('with a tight API referral rate limit', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await createTestApp({ RATE_LIMIT_API_REFERRALS_PER_MINUTE: '2' });
  });
  afterAll(() => limited?.close());

  it('answers the third referral in a minute from one client with 429 problem details, and keeps the first two', async () => {
    const send = api(limited, await tokenFor(limited, 'bsmhft'));
    const before = await countReferrals(limited);
    const replies = [];
    for (const name of ['Limitone', 'Limittwo', 'Limitthree']) replies.push(await send('POST', '/api/v1/referrals', apiReferral(name)));
    expect(replies.map((r) => r.statusCode)).toEqual([201, 201, 429]);
    expect(replies[2]!.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(replies[2]!.json()).toMatchObject({ status: 429, title: 'Too many requests' });
    expect(await countReferrals(limited)).toBe(before + 2);
  });
});

describe('sign-in lockout', () => {
  it('locks the account after 5 wrong passwords; then even the right password is refused', async () => {
    const email = DEMO.prisonReferrer;
    await t.prepareUser(email);
    const c = t.client();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await signInPassword(c, email, `wrong ${i}`)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 423]);
    const right = await signInPassword(t.client(), email, TEST_PASSWORD);
    expect(right.statusCode).toBe(423);
    expect(right.body).toContain('locked');
    expect(right.headers.location).toBeUndefined();
  });

  it('counts wrong security codes too', async () => {
    const email = DEMO.probationReferrer;
    await t.prepareUser(email);
    const c = t.client();
    expect((await signInPassword(c, email)).headers.location).toBe('/sign-in/code');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await signInCode(c, await wrongCode())).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 423]);
    // Locked: the right code and the right password are both refused now.
    expect((await signInCode(c, (await codes()).current)).statusCode).toBe(423);
    expect((await signInPassword(t.client(), email)).statusCode).toBe(423);
  });

  it('counts wrong passwords and wrong codes together', async () => {
    const email = DEMO.panelMember;
    await t.prepareUser(email);
    for (let i = 0; i < 3; i++) expect((await signInPassword(t.client(), email, 'nope')).statusCode).toBe(401);
    const c = t.client();
    await signInPassword(c, email);
    expect((await signInCode(c, await wrongCode())).statusCode).toBe(401);
    expect((await signInCode(c, await wrongCode())).statusCode).toBe(423);
  });

  it('does not accept a security code twice', async () => {
    const email = DEMO.nhsReferrer;
    await t.prepareUser(email);
    const { current } = await codes();
    const a = t.client();
    await signInPassword(a, email);
    expect((await signInCode(a, current)).headers.location).toBe('/dashboard');
    const b = t.client();
    await signInPassword(b, email);
    const replay = await signInCode(b, current);
    expect(replay.statusCode).toBe(401);
    expect((await b.get('/dashboard')).headers.location).toBe('/sign-in');
  });
});

describe('an authenticator sealed with another ENCRYPTION_KEY', () => {
  it('gets a clear error naming who can help, not a 500; it is not counted towards a lockout, and is logged as a fault', async () => {
    const email = DEMO.otherProvider;
    await t.prepareUser(email);
    const earlier = await t.signIn(email);
    const otherKey = createSecretBox(randomBytes(32));
    await t.db.database.db.update(users).set({ mfaSecret: otherKey.seal(TEST_TOTP_SECRET) }).where(eq(users.email, email));
    const c = t.client();
    await signInPassword(c, email);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await signInCode(c, (await codes()).current)).statusCode);
    expect(statuses).toEqual([503, 503, 503, 503, 503, 503]);
    const page = await signInCode(c, (await codes()).current);
    expect(page.body).toContain('govuk-error-summary');
    expect(page.body).toContain('Contact your service administrator');
    expect(t.logs()).toContain('authenticator secret does not open with ENCRYPTION_KEY');
    const [row] = await t.db.database.db.select({ failed: users.failedSignIns, locked: users.lockedUntil }).from(users).where(eq(users.email, email));
    expect(row).toEqual({ failed: 0, locked: null });

    // The operator's remedy: the user sets up a new authenticator after their password, and their sessions end.
    await resetAuthenticator(t.db.database.db, email);
    expect((await earlier.get('/dashboard')).headers.location).toBe('/sign-in');
    const again = t.client();
    expect((await signInPassword(again, email)).headers.location).toBe('/sign-in/set-up-authenticator');
    const [audit] = await t.db.database.db.select().from(auditLog).where(eq(auditLog.event, 'user.authenticator_reset'));
    expect(audit).toMatchObject({ actorType: 'system', action: 'alteration', recordType: 'user' });
    await expect(resetAuthenticator(t.db.database.db, 'nobody@nowhere.example')).rejects.toThrow(/No user/);
  });
});

describe('sessions end', () => {
  async function signedIn(email: string) {
    const c = await t.signIn(email);
    expect((await c.get('/dashboard')).statusCode).toBe(200);
    return { c, uid: await userId(t, email) };
  }

  async function setSessionTimes(uid: string, times: { lastSeenAt?: number; signedInAt?: number }) {
    for (const [key, value] of Object.entries(times)) {
      await t.db.database.db
        .update(sessions)
        .set({ data: sql`jsonb_set(${sessions.data}, ${`{${key}}`}::text[], to_jsonb(${value}::bigint))` })
        .where(eq(sessions.userId, uid));
    }
  }

  it('after the idle timeout', async () => {
    const { c, uid } = await signedIn(DEMO.chair);
    await setSessionTimes(uid, { lastSeenAt: Date.now() - (t.config.session.idleMinutes * 60_000 + 60_000) });
    const res = await c.get('/dashboard');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in');
    expect((await c.get('/sign-in')).body).toContain('Your session has ended');
    expect((await c.get('/dashboard')).headers.location).toBe('/sign-in');
  });

  it('when the stored session has expired', async () => {
    const { c, uid } = await signedIn(DEMO.chair);
    await t.db.database.db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.userId, uid));
    expect((await c.get('/dashboard')).headers.location).toBe('/sign-in');
  });

  it('on the next request after the account is disabled', async () => {
    const { c, uid } = await signedIn(DEMO.provider);
    await t.db.database.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, uid));
    try {
      expect((await c.get('/dashboard')).headers.location).toBe('/sign-in');
    } finally {
      await t.db.database.db.update(users).set({ disabledAt: null }).where(eq(users.id, uid));
    }
  });

  it('after the absolute timeout, however active the user', async () => {
    const { c, uid } = await signedIn(DEMO.admin);
    await setSessionTimes(uid, { signedInAt: Date.now() - (t.config.session.absoluteHours * 3_600_000 + 60_000), lastSeenAt: Date.now() });
    expect((await c.get('/dashboard')).headers.location).toBe('/sign-in');
  });

  it('at sign-out, and the old cookie does not come back to life', async () => {
    await t.prepareUser(DEMO.oversight);
    const c = t.client();
    await signInPassword(c, DEMO.oversight);
    const cookie = sessionCookie(await signInCode(c, (await codes()).current));
    expect(cookie).toBeTruthy();
    expect((await c.get('/dashboard')).statusCode).toBe(200);
    const out = await c.get('/sign-out');
    expect(out.statusCode).toBe(200);
    expect((await c.get('/dashboard')).headers.location).toBe('/sign-in');
    const replay = await t.app.inject({ method: 'GET', url: '/dashboard', cookies: { 'ctc-session': cookie! } });
    expect(replay.headers.location).toBe('/sign-in');
  });
});

describe('markup in answers is shown as text', () => {
  const MARKUP = '<script>alert(1)</script>';
  const ATTR = '"><img src=x onerror=alert(2)>';

  it('on the check page and on the police referral page', async () => {
    const c = t.client();
    const forms = questionForms(MARKUP, { narrative: ATTR });
    for (const [page, form] of [...forms, ['about-you', { contact: 'no', relationship: ATTR }] as const]) {
      expect((await c.postForm(`/refer/${page}`, form)).statusCode).toBe(303);
    }
    const check = await c.get('/refer/check');
    expect(check.statusCode).toBe(200);
    for (const body of [check.body]) {
      expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(body).not.toContain(MARKUP);
      expect(body).not.toContain('<img src=x');
    }
    expect((await c.postForm('/refer/check', {})).statusCode).toBe(303);

    const id = await referralIdByName(t, MARKUP);
    const officer = await t.signIn(DEMO.wmOfficer);
    for (const url of [`/referrals/${id}`, '/triage']) {
      const page = await officer.get(url);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(page.body).not.toContain(MARKUP);
      expect(page.body).not.toContain('<img src=x');
    }
  });
});

describe('personal data never reaches the logs', () => {
  it('names, narratives and contact details sent by form or API are not logged, even when refused', async () => {
    const CANARY = 'Zqxcanaryname';
    await submitPublicReferral(t.client(), `${CANARY}public`, { narrative: `${CANARY} narrative`, postcode: 'B1 1AA' });
    const call = api(t, nhsToken);
    expect((await call('POST', '/api/v1/referrals', apiReferral(`${CANARY}api`, { concern: { narrative: `${CANARY} api narrative` } }))).statusCode).toBe(201);
    expect((await call('POST', '/api/v1/referrals', apiReferral(`${CANARY}bad`, { subject: { gender: CANARY } }))).statusCode).toBe(422);
    expect((await call('POST', '/api/v1/referrals', `{"subject":{"givenName":"${CANARY}broken"`)).statusCode).toBe(400);
    const c = t.client();
    expect((await c.postForm('/refer/person', { givenName: `${CANARY}form`, familyName: '' })).statusCode).toBe(422);
    expect((await signInPassword(t.client(), `${CANARY}@example.com`, CANARY)).statusCode).toBe(401);
    const logs = t.logs();
    expect(logs).toContain('/api/v1/referrals');
    expect(logs).not.toContain(CANARY);
    expect(logs.toLowerCase()).not.toContain(CANARY.toLowerCase());
  });
});

describe('a failing database discloses nothing', () => {
  // A real failure, not a mock: a superuser's constraint makes the database refuse these rows.
  const CANARY = 'Dbfailcanary';

  it('on submission: a 500 problem without the query or its values, and nothing in the logs', async () => {
    const db = t.db.database.db;
    await db.execute(sql.raw(`ALTER TABLE referrals ADD CONSTRAINT test_refuse_canary CHECK (subject_given_name NOT LIKE '${CANARY}%') NOT VALID`));
    try {
      const res = await api(t, nhsToken)('POST', '/api/v1/referrals', apiReferral(`${CANARY}api`));
      expect(res.statusCode).toBe(500);
      expect(res.json()).toMatchObject({ status: 500, type: 'urn:ct-casework:problem:internal' });
      expect(res.body).not.toContain(CANARY);
      expect(res.body).not.toMatch(/insert into|params|Failed query/i);
    } finally {
      await db.execute(sql`ALTER TABLE referrals DROP CONSTRAINT test_refuse_canary`);
    }
    const logs = t.logs();
    expect(logs).toContain('request failed');
    expect(logs).toContain('Failed query: insert into');
    expect(logs).not.toContain(CANARY);
  });

  it('when a session cannot be saved: no session contents in the response or the logs', async () => {
    const db = t.db.database.db;
    await db.execute(sql.raw(`ALTER TABLE sessions ADD CONSTRAINT test_refuse_canary CHECK (data::text NOT LIKE '%${CANARY}%') NOT VALID`));
    try {
      const c = t.client();
      const res = await c.postForm('/refer/person', { givenName: `${CANARY}form`, familyName: 'Person' });
      expect(res.statusCode).toBe(500);
      expect(res.body).not.toContain(CANARY);
      expect(res.body).not.toMatch(/_csrf|sessions|params/);
    } finally {
      await db.execute(sql`ALTER TABLE sessions DROP CONSTRAINT test_refuse_canary`);
    }
    expect(t.logs()).not.toContain(CANARY);
  });
});

describe('characters that are not text', () => {
  it('NUL in a form is refused with 400, and nothing is kept', async () => {
    const c = t.client();
    const res = await c.postForm('/refer/person', { givenName: 'Nul\u0000name', familyName: 'Person' });
    expect(res.statusCode).toBe(400);
    expect((await c.get('/refer/check')).headers.location).toBe('/refer/person');
    const raw = await c.request({ method: 'POST', url: '/refer/person', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${encodeURIComponent(await c.csrfToken('/refer/person'))}&givenName=a%00b&familyName=x` });
    expect(raw.statusCode).toBe(400);
  });

  it.each([
    ['NUL', 'Nul\u0000name'],
    ['an unpaired surrogate', 'Half\ud800name'],
  ])('%s in API text is a 422 naming the field', async (_what, givenName) => {
    const before = await countReferrals(t);
    const res = await api(t, nhsToken)('POST', '/api/v1/referrals', apiReferral('Ok', { subject: { givenName }, concern: { narrative: `x${givenName}` } }));
    expect(res.statusCode).toBe(422);
    expect((res.json().errors as Array<{ field: string }>).map((e) => e.field).sort()).toEqual(['concern.narrative', 'subject.givenName']);
    expect(await countReferrals(t)).toBe(before);
  });
});

describe('request bodies', () => {
  const call = () => api(t, nhsToken);

  it('refuses a body over the limit with 413 and stores nothing', async () => {
    const before = await countReferrals(t);
    const big = apiReferral('Toobig', { concern: { narrative: 'x'.repeat(t.config.bodyLimitBytes + 1) } });
    const res = await call()('POST', '/api/v1/referrals', big);
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 413, type: 'urn:ct-casework:problem:too-large' });
    const form = await t.client().request({ method: 'POST', url: '/refer/person', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `givenName=${'x'.repeat(t.config.bodyLimitBytes + 1)}` });
    expect(form.statusCode).toBe(413);
    expect(await countReferrals(t)).toBe(before);
  });

  it('refuses bytes that are not UTF-8, in JSON and in forms, with 400', async () => {
    const json = Buffer.concat([Buffer.from('{"subject":{"givenName":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}}')]);
    const res = await call()('POST', '/api/v1/referrals', json);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ status: 400, type: 'urn:ct-casework:problem:encoding' });

    const c = t.client();
    const token = await c.csrfToken('/refer/person');
    for (const payload of [
      Buffer.concat([Buffer.from(`_csrf=${encodeURIComponent(token)}&givenName=`), Buffer.from([0xc3, 0x28]), Buffer.from('&familyName=x')]),
      Buffer.from(`_csrf=${encodeURIComponent(token)}&givenName=%FF%FE&familyName=x`),
    ]) {
      const form = await c.request({ method: 'POST', url: '/refer/person', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload });
      expect(form.statusCode).toBe(400);
    }
    expect((await c.get('/refer/check')).headers.location).toBe('/refer/person');
  });

  it('refuses malformed JSON with a 400 problem', async () => {
    for (const body of ['{"subject":', '{subject: 1}', '[1,2', '{"__proto__": {"x": 1}}']) {
      const res = await call()('POST', '/api/v1/referrals', body);
      expect(res.statusCode, body).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().status).toBe(400);
    }
  });

  it('refuses unknown fields with 422, naming them', async () => {
    const res = await call()('POST', '/api/v1/referrals', { ...apiReferral('Unknown', { subject: { nickname: 'Bob' } }), extra: true });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual(
      expect.arrayContaining([
        { pointer: '#/subject/nickname', field: 'subject.nickname', detail: 'Unknown field: nickname' },
        { pointer: '#/extra', field: 'extra', detail: 'Unknown field: extra' },
      ]),
    );
  });

  it.each([
    ['a date that does not exist', '2009-02-31'],
    ['a date in the future', `${new Date().getUTCFullYear() + 1}-01-01`],
    ['not a date', '31/02/2009'],
  ])('refuses %s of birth with 422 naming subject.dateOfBirth', async (_what, dateOfBirth) => {
    const before = await countReferrals(t);
    const res = await call()('POST', '/api/v1/referrals', apiReferral('Baddate', { subject: { dateOfBirth } }));
    expect(res.statusCode).toBe(422);
    const errors = res.json().errors as Array<{ field: string; pointer: string }>;
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(e).toMatchObject({ field: 'subject.dateOfBirth', pointer: '#/subject/dateOfBirth' });
    expect(await countReferrals(t)).toBe(before);
  });

  it('refuses a date of birth that does not exist on the question page', async () => {
    const c = t.client();
    const res = await c.postForm('/refer/age', { 'dateOfBirth-day': '31', 'dateOfBirth-month': '2', 'dateOfBirth-year': '2009', gender: 'male' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Date of birth must be a real date');
  });
});

describe('metrics protection', () => {
  it('requires the metrics token when one is configured', async () => {
    const guarded = await createTestApp({ METRICS_TOKEN: 'metrics-token-for-tests-0001' });
    try {
      expect((await guarded.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
      expect((await guarded.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer wrong-token-of-same-len' } })).statusCode).toBe(401);
      const ok = await guarded.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer metrics-token-for-tests-0001' } });
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toContain('http_request_duration_seconds');
    } finally {
      await guarded.close();
    }
  });
});
