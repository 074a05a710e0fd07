// The JSON API for integrations: creating referrals with an organisation token, RFC 9457 problems,
// idempotent retries and the OpenAPI description.
import { createHash, randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens, referrals } from '../../src/db/schema.js';
import { createTestApp, type TestApp } from '../support/testApp.js';
import { api, apiReferral, countReferrals, orgId, referralById, tokenFor } from '../support/referrals.js';

let t: TestApp;
let token: string;

beforeAll(async () => {
  t = await createTestApp();
  token = await tokenFor(t, 'bsmhft');
});
afterAll(() => t?.close());

const post = (body: unknown, headers: Record<string, string> = {}, as: string | null = token) => api(t, as)('POST', '/api/v1/referrals', body, headers);

async function referralsNamed(givenName: string): Promise<number> {
  const [row] = await t.db.database.db.select({ n: sql<number>`count(*)::int` }).from(referrals).where(eq(referrals.subjectGivenName, givenName));
  return Number(row?.n ?? 0);
}

describe('POST /api/v1/referrals', () => {
  it('creates a referral: 201 with id, reference, status and Location', async () => {
    const res = await post(apiReferral('Created'));
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), reference: expect.stringMatching(/^PR-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/), status: 'received' });
    expect(res.headers.location).toBe(`/api/v1/referrals/${body.id}`);
    const stored = await referralById(t, body.id);
    expect(stored).toMatchObject({ reference: body.reference, channel: 'api', referrerOrgId: await orgId(t, 'bsmhft'), referrerUserId: null, subjectPostcode: 'B1 1AA' });
    expect(stored!.owningOrgId).toBe(await orgId(t, 'west-midlands-police'));
    const status = await api(t, token)('GET', res.headers.location as string);
    expect(status.statusCode).toBe(200);
    expect(status.json()).toMatchObject({ id: body.id, reference: body.reference, status: 'received', submittedAt: expect.any(String) });
  });

  it('routes a postcode no force here covers to the national hub', async () => {
    const res = await post(apiReferral('Scotland', { subject: { postcode: 'EH1 1AA' } }));
    expect(res.statusCode).toBe(201);
    expect((await referralById(t, res.json().id))!.owningOrgId).toBe('00000000-0000-4000-8000-000000000001');
  });

  it('names every invalid field in the problem, with pointer and field', async () => {
    const before = await countReferrals(t);
    const bad = apiReferral('', {
      subject: { gender: 'unknown-gender', postcode: 'NOT A POSTCODE', approximateAge: 200 },
      concern: { threatOfHarm: 'maybe', supportNeeds: ['astrology'] },
    });
    const { awareness: _drop, ...withoutAwareness } = bad;
    const body = { ...withoutAwareness, professional: { ...bad.professional, email: 'not-an-email' } };
    const res = await post(body);
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const problem = res.json();
    expect(problem).toMatchObject({ type: 'urn:ct-casework:problem:validation', title: expect.any(String), status: 422, detail: expect.any(String), instance: '/api/v1/referrals' });
    const fields = new Set((problem.errors as Array<{ field: string }>).map((e) => e.field));
    for (const f of ['subject.givenName', 'subject.gender', 'subject.postcode', 'subject.approximateAge', 'concern.threatOfHarm', 'concern.supportNeeds.0', 'awareness', 'professional.email']) {
      expect(fields, f).toContain(f);
    }
    for (const e of problem.errors as Array<{ pointer: string; field: string; detail: string }>) {
      expect(e.pointer).toBe(`#/${e.field.split('.').join('/')}`);
      expect(e.detail).toBeTruthy();
    }
    expect(await countReferrals(t)).toBe(before);
  });

  it('refuses a request without a token, or with a wrong, revoked or expired one: 401 problem', async () => {
    const revoked = await tokenFor(t, 'bsmhft');
    await t.db.database.db.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.tokenHash, createHash('sha256').update(revoked).digest('hex')));
    const expired = await tokenFor(t, 'bsmhft', ['referrals:write', 'referrals:read'], new Date(Date.now() - 1000));
    const before = await countReferrals(t);
    const cases: Array<[string, Record<string, string>]> = [
      ['none', {}],
      ['not bearer', { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }],
      ['malformed', { authorization: 'Bearer not-a-token' }],
      ['unknown', { authorization: `Bearer ctc_${'A'.repeat(43)}` }],
      ['revoked', { authorization: `Bearer ${revoked}` }],
      ['expired', { authorization: `Bearer ${expired}` }],
    ];
    for (const [what, headers] of cases) {
      const res = await post(apiReferral('Unauthorised'), headers, null);
      expect(res.statusCode, what).toBe(401);
      expect(res.headers['content-type'], what).toContain('application/problem+json');
      expect(res.json(), what).toMatchObject({ status: 401, type: 'urn:ct-casework:problem:unauthenticated' });
    }
    expect(await countReferrals(t)).toBe(before);
  });

  it('refuses a token without the write scope, and one of an organisation without the Prevent duty: 404', async () => {
    const readOnly = await tokenFor(t, 'bsmhft', ['referrals:read']);
    const provider = await tokenFor(t, 'pathways-mentoring');
    for (const tok of [readOnly, provider]) {
      const res = await post(apiReferral('Noscope'), {}, tok);
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect(await referralsNamed('Noscope')).toBe(0);
  });

  it('refuses a body that is not JSON, as a problem, storing nothing', async () => {
    const before = await countReferrals(t);
    for (const [type, payload] of [['text/plain', 'hello'], ['application/x-www-form-urlencoded', 'subject=x']]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/referrals', headers: { authorization: `Bearer ${token}`, 'content-type': type! }, payload });
      // Today Fastify's own text and form parsers accept these, so the schema refuses them (422), not 415.
      expect([415, 422], type).toContain(res.statusCode);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect(await countReferrals(t)).toBe(before);
  });
});

describe('Idempotency-Key', () => {
  it('the same key and body twice make one referral; the retry answers 200 with the same id', async () => {
    const key = randomUUID();
    const body = apiReferral('Idempotent');
    const first = await post(body, { 'idempotency-key': key });
    const second = await post(body, { 'idempotency-key': key });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual(first.json());
    expect(second.headers.location).toBe(first.headers.location);
    expect(await referralsNamed('Idempotent')).toBe(1);
  });

  it('the same key with a different body is a 409 problem, and creates nothing', async () => {
    const key = randomUUID();
    expect((await post(apiReferral('Keyreuse'), { 'idempotency-key': key })).statusCode).toBe(201);
    const res = await post(apiReferral('Keyreusedifferent'), { 'idempotency-key': key });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ status: 409, type: 'urn:ct-casework:problem:idempotency-mismatch' });
    expect(await referralsNamed('Keyreusedifferent')).toBe(0);
  });

  it('a key is per organisation: another organisation may use the same key', async () => {
    const key = randomUUID();
    const other = await tokenFor(t, 'hmp-birmingham');
    expect((await post(apiReferral('Keyorg'), { 'idempotency-key': key })).statusCode).toBe(201);
    expect((await post(apiReferral('Keyorg'), { 'idempotency-key': key }, other)).statusCode).toBe(201);
    expect(await referralsNamed('Keyorg')).toBe(2);
  });

  it('five concurrent requests with one key make exactly one referral', async () => {
    const key = randomUUID();
    const body = apiReferral('Concurrent');
    const responses = await Promise.all(Array.from({ length: 5 }, () => post(body, { 'idempotency-key': key })));
    const statuses = responses.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(responses.map((r) => r.json().id)).size).toBe(1);
    expect(await referralsNamed('Concurrent')).toBe(1);
  });

  it('without a key, each request is a new referral', async () => {
    const body = apiReferral('Nokey');
    await post(body);
    await post(body);
    expect(await referralsNamed('Nokey')).toBe(2);
  });
});

describe('GET /api/openapi.json', () => {
  type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  let doc: Json;
  beforeAll(async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    doc = res.json();
  });

  const resolve = (node: Json): Json => {
    if (!node?.$ref) return node;
    const target = (node.$ref as string).replace(/^#\//, '').split('/').reduce<Json>((o, k) => o?.[k], doc);
    return resolve(target);
  };

  it('is OpenAPI 3.1', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info.title).toBeTruthy();
  });

  it('documents POST /api/v1/referrals with its request body and the bearer scheme', () => {
    const op = doc.paths['/api/v1/referrals']?.post;
    expect(op).toBeDefined();
    const schema = resolve(op.requestBody.content['application/json'].schema);
    const subject = resolve(schema.properties.subject);
    expect(subject.properties.givenName).toBeDefined();
    expect(subject.required).toContain('givenName');
    expect(resolve(schema.properties.professional).properties.email).toBeDefined();
    expect(schema.additionalProperties).toBe(false);
    expect(op.security).toEqual([{ organisationToken: [] }]);
    expect(doc.components.securitySchemes.organisationToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['201', '200', '401', '409', '422']));
    expect(op.parameters.map((p: Json) => p.name)).toContain('idempotency-key');
  });

  it('documents the status endpoint and nothing outside /api', () => {
    expect(doc.paths['/api/v1/referrals/{id}']?.get).toBeDefined();
    expect(Object.keys(doc.paths).every((p) => p.startsWith('/api/v1/'))).toBe(true);
  });
});
