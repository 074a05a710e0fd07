// Who may reach what: every route of the referral foundation against every demo role, a signed-out
// visitor and two API tokens. The table below is the specification; each cell is one test.
import { randomUUID } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DEMO, type Client, type TestApp } from '../support/testApp.js';
import {
  api,
  apiReferral,
  draftExists,
  normaliseBody,
  orgId,
  referralById,
  startDraft,
  submitProfessionalReferral,
  tokenFor,
} from '../support/referrals.js';

// Outcomes: a status code, `→in` (303 to /sign-in) or `→dash` (303 to /dashboard).
// Columns: visitor = signed out; apiNhs = token of the NHS trust (both scopes); apiProv = token of the
// intervention provider (both scopes, but no Prevent duty); the rest are the demo users (see DEMO).
const TABLE = `
route                             visitor apiNhs apiProv met   wm    wmSup hub   chair panel school nhs   prison probation provider oversight admin
GET  /refer                       200     200    200     200   200   200   200   200   200   200    200   200    200       200      200       200
GET  /refer/person                200     200    200     200   200   200   200   200   200   200    200   200    200       200      200       200
POST /refer/person                303     303    303     303   303   303   303   303   303   303    303   303    303       303      303       303
GET  /refer/check                 303     303    303     303   303   303   303   303   303   303    303   303    303       303      303       303
GET  /refer/confirmation          303     303    303     303   303   303   303   303   303   303    303   303    303       303      303       303
GET  /sign-in                     200     200    200     →dash →dash →dash →dash →dash →dash →dash  →dash →dash  →dash     →dash    →dash     →dash
GET  /dashboard                   →in     →in    →in     200   200   200   200   200   200   200    200   200    200       200      200       200
GET  /triage                      →in     →in    →in     200   200   200   200   404   404   404    404   404    404       404      404       404
GET  /referrals/mine              →in     →in    →in     200   200   200   200   200   200   200    200   200    200       404      404       200
POST /referrals/drafts            →in     →in    →in     303   303   303   303   303   303   303    303   303    303       404      404       303
GET  /referrals/drafts/:id/person →in     →in    →in     404   404   404   404   404   404   200    404   404    404       404      404       404
POST /referrals/drafts/:id/delete →in     →in    →in     404   404   404   404   404   404   303    404   404    404       404      404       404
GET  /referrals/:id               →in     →in    →in     404   200   200   404   404   404   200    404   404    404       404      404       404
POST /referrals/:id/transfer      →in     →in    →in     404   303   303   404   404   404   403    404   404    404       404      404       404
POST /api/v1/referrals            401     201    404     401   401   401   401   401   401   401    401   401    401       401      401       401
GET  /api/v1/referrals/:id        401     200    404     401   401   401   401   401   401   401    401   401    401       401      401       401
GET  /api/openapi.json            200     200    200     200   200   200   200   200   200   200    200   200    200       200      200       200
GET  /health                      200     200    200     200   200   200   200   200   200   200    200   200    200       200      200       200
GET  /metrics                     200     200    200     200   200   200   200   200   200   200    200   200    200       200      200       200
`;

const USERS = {
  met: DEMO.metOfficer,
  wm: DEMO.wmOfficer,
  wmSup: DEMO.wmSupervisor,
  hub: DEMO.hubOfficer,
  chair: DEMO.chair,
  panel: DEMO.panelMember,
  school: DEMO.schoolReferrer,
  nhs: DEMO.nhsReferrer,
  prison: DEMO.prisonReferrer,
  probation: DEMO.probationReferrer,
  provider: DEMO.provider,
  oversight: DEMO.oversight,
  admin: DEMO.admin,
} as const;

function parseTable(text: string) {
  const [header, ...lines] = text.trim().split('\n');
  const columns = header!.trim().split(/\s+/).slice(1);
  if (columns.length !== 16) throw new Error(`expected 16 columns, got ${columns.length}`);
  return lines.flatMap((line) => {
    const [method, path, ...outcomes] = line.trim().split(/\s+/);
    if (outcomes.length !== columns.length) throw new Error(`row ${method} ${path} has ${outcomes.length} cells`);
    return outcomes.map((expected, i) => ({ route: `${method} ${path}`, who: columns[i]!, expected: expected! }));
  });
}

const CELLS = parseTable(TABLE);

let t: TestApp;
const clients = new Map<string, Client>();
let nhsToken: string;
let providerToken: string;
let dslDraftId: string;
let dslReferralId: string;
let apiReferralId: string;
let metOrgId: string;

const DSL_NARRATIVE = 'Narrative only the police may read';

/** A client that also sends the column's bearer token, if it has one. */
function withBearer(c: Client, token: string): Client {
  const request = (opts: InjectOptions) => c.request({ ...opts, headers: { authorization: `Bearer ${token}`, ...(opts.headers ?? {}) } });
  return {
    ...c,
    request,
    get: (url) => request({ method: 'GET', url }),
    async postForm(url, form, formPage) {
      const token = await c.csrfToken(formPage ?? url);
      const p = new URLSearchParams();
      for (const [k, v] of Object.entries({ ...form, _csrf: token })) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
      return request({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: p.toString() });
    },
  };
}

beforeAll(async () => {
  t = await createTestApp();
  nhsToken = await tokenFor(t, 'bsmhft');
  providerToken = await tokenFor(t, 'pathways-mentoring');
  metOrgId = await orgId(t, 'met-police');
  clients.set('visitor', t.client());
  clients.set('apiNhs', withBearer(t.client(), nhsToken));
  clients.set('apiProv', withBearer(t.client(), providerToken));
  for (const [col, email] of Object.entries(USERS)) clients.set(col, await t.signIn(email));

  const dsl = clients.get('school')!;
  dslDraftId = await startDraft(dsl);
  dslReferralId = await submitProfessionalReferral(t, dsl, 'Dslperson', { narrative: DSL_NARRATIVE });
  const created = await api(t, nhsToken)('POST', '/api/v1/referrals', apiReferral('Apisubmitted'));
  expect(created.statusCode).toBe(201);
  apiReferralId = created.json<{ id: string }>().id;
}, 120_000);
afterAll(() => t?.close());

// Every POST to a page needs a CSRF token, which any page with a form in the same session provides.
const FORM_PAGE = '/refer/person';

interface RouteCase {
  run(c: Client, who: string): Promise<{ res: LightMyRequestResponse; verify?: (allowed: boolean) => Promise<void> }>;
  /** Where an allowed 303 must lead. */
  location?: RegExp;
  /** Extra checks on an allowed 200. */
  on200?: (res: LightMyRequestResponse, who: string) => void;
}

const get = (url: string): RouteCase['run'] => async (c) => ({ res: await c.get(url) });

const ROUTES: Record<string, RouteCase> = {
  'GET /refer': { run: get('/refer') },
  'GET /refer/person': { run: get('/refer/person') },
  'POST /refer/person': {
    run: async (c) => ({ res: await c.postForm('/refer/person', { givenName: 'Ada', familyName: 'Table', aliases: '' }) }),
    location: /^\/refer\/age$/,
  },
  'GET /refer/check': { run: get('/refer/check'), location: /^\/refer\/(person|age)$/ },
  'GET /refer/confirmation': { run: get('/refer/confirmation'), location: /^\/refer$/ },
  'GET /sign-in': { run: get('/sign-in') },
  'GET /dashboard': { run: get('/dashboard') },
  'GET /triage': { run: get('/triage'), on200: (res) => expect(res.body).toContain('Triage queue') },
  'GET /referrals/mine': { run: get('/referrals/mine') },
  'POST /referrals/drafts': {
    run: async (c) => ({ res: await c.postForm('/referrals/drafts', {}, FORM_PAGE) }),
    location: /^\/referrals\/drafts\/[0-9a-f-]{36}\/person$/,
  },
  'GET /referrals/drafts/:id/person': { run: async (c) => ({ res: await c.get(`/referrals/drafts/${dslDraftId}/person`) }) },
  'POST /referrals/drafts/:id/delete': {
    // A fresh draft of the school DSL for each cell: it survives every refusal, and only its owner deletes it.
    run: async (c) => {
      const draft = await startDraft(clients.get('school')!);
      const res = await c.postForm(`/referrals/drafts/${draft}/delete`, {}, FORM_PAGE);
      return { res, verify: async (allowed) => expect(await draftExists(t, draft)).toBe(!allowed) };
    },
    location: /^\/referrals\/mine$/,
  },
  'GET /referrals/:id': {
    run: async (c) => ({ res: await c.get(`/referrals/${dslReferralId}`) }),
    on200: (res, who) => {
      if (who === 'school') {
        // The referrer sees the limited status page: never the narrative, the timeline or the transfer form.
        expect(res.body).toContain('Received');
        expect(res.body).not.toContain(DSL_NARRATIVE);
        expect(res.body).not.toContain('Timeline');
        expect(res.body).not.toContain('/transfer');
      } else {
        expect(res.body).toContain(DSL_NARRATIVE);
      }
    },
  },
  'POST /referrals/:id/transfer': {
    // A fresh referral for each cell, so an allowed transfer cannot change what the next cell sees.
    run: async (c, who) => {
      const id = await submitProfessionalReferral(t, clients.get('school')!, `Transfer${who}`);
      const before = await referralById(t, id);
      const res = await c.postForm(`/referrals/${id}/transfer`, { toOrganisationId: metOrgId, reason: 'Lives in London', version: String(before!.version) }, FORM_PAGE);
      return {
        res,
        verify: async (allowed) => {
          const after = await referralById(t, id);
          expect(after!.owningOrgId).toBe(allowed ? metOrgId : before!.owningOrgId);
        },
      };
    },
    location: /^\/triage$/,
  },
  'POST /api/v1/referrals': {
    run: async (c, who) => ({
      res: await c.request({ method: 'POST', url: '/api/v1/referrals', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(apiReferral(`Api${who}`)) }),
    }),
  },
  'GET /api/v1/referrals/:id': {
    run: async (c) => ({ res: await c.get(`/api/v1/referrals/${apiReferralId}`) }),
    on200: (res) => {
      expect(Object.keys(res.json()).sort()).toEqual(['id', 'reference', 'status', 'submittedAt']);
      expect(res.body).not.toContain('Apisubmitted');
    },
  },
  'GET /api/openapi.json': { run: get('/api/openapi.json') },
  'GET /health': { run: get('/health') },
  'GET /metrics': { run: get('/metrics') },
};

describe('access control table', () => {
  it('covers every route in the table', () => {
    expect(new Set(CELLS.map((c) => c.route))).toEqual(new Set(Object.keys(ROUTES)));
  });

  it.each(CELLS)('$route as $who → $expected', async ({ route, who, expected }) => {
    const rc = ROUTES[route]!;
    const { res, verify } = await rc.run(clients.get(who)!, who);
    const where = `${route} as ${who}: ${res.statusCode} ${String(res.headers.location ?? '')}\n${res.body.slice(0, 600)}`;
    if (expected === '→in' || expected === '→dash') {
      expect(res.statusCode, where).toBe(303);
      expect(res.headers.location, where).toBe(expected === '→in' ? '/sign-in' : '/dashboard');
    } else {
      expect(res.statusCode, where).toBe(Number(expected));
    }
    if (expected === '303' && rc.location) expect(String(res.headers.location), where).toMatch(rc.location);
    if (expected === '200') rc.on200?.(res, who);
    const allowed = /^(2\d\d|303)$/.test(expected);
    await verify?.(allowed);
    // A refusal under /api is a problem document; a refused page is an HTML page, never a stack trace.
    if (!allowed && expected.startsWith('4')) {
      if (route.includes(' /api/')) expect(res.headers['content-type']).toContain('application/problem+json');
      else expect(res.headers['content-type']).toContain('text/html');
    }
  });
});

describe('not visible is the same as not there', () => {
  it('a guessed id and an existing referral the user may not see give identical 404 pages', async () => {
    for (const who of ['met', 'hub', 'nhs', 'provider', 'oversight']) {
      const c = clients.get(who)!;
      const guessed = await c.get(`/referrals/${randomUUID()}`);
      const hidden = await c.get(`/referrals/${dslReferralId}`);
      const malformed = await c.get('/referrals/not-a-uuid');
      expect(guessed.statusCode).toBe(404);
      expect(hidden.statusCode).toBe(404);
      expect(malformed.statusCode).toBe(404);
      expect(normaliseBody(hidden.body)).toBe(normaliseBody(guessed.body));
      expect(normaliseBody(malformed.body)).toBe(normaliseBody(guessed.body));
      expect(hidden.body).not.toContain('Dslperson');
    }
  });

  it('a guessed id and another organisation’s referral give identical API problems', async () => {
    const call = api(t, providerToken);
    const guessed = await call('GET', `/api/v1/referrals/${randomUUID()}`);
    const hidden = await call('GET', `/api/v1/referrals/${apiReferralId}`);
    expect(guessed.statusCode).toBe(404);
    expect(hidden.statusCode).toBe(404);
    expect(normaliseBody(hidden.body)).toBe(normaliseBody(guessed.body));
  });

  it('a draft of another user and a guessed draft id give identical 404 pages', async () => {
    const c = clients.get('nhs')!;
    const guessed = await c.get(`/referrals/drafts/${randomUUID()}/person`);
    const hidden = await c.get(`/referrals/drafts/${dslDraftId}/person`);
    expect([guessed.statusCode, hidden.statusCode]).toEqual([404, 404]);
    expect(normaliseBody(hidden.body)).toBe(normaliseBody(guessed.body));
  });
});

describe('the API status endpoint answers only the submitting organisation', () => {
  it('returns the status to the organisation whose token submitted it', async () => {
    const res = await api(t, nhsToken)('GET', `/api/v1/referrals/${apiReferralId}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: apiReferralId, status: 'received' });
  });

  it('refuses another token of a different organisation, a write-only token and a referral made on the web', async () => {
    const probation = await tokenFor(t, 'probation-west-midlands');
    const writeOnly = await tokenFor(t, 'bsmhft', ['referrals:write']);
    expect((await api(t, probation)('GET', `/api/v1/referrals/${apiReferralId}`)).statusCode).toBe(404);
    expect((await api(t, writeOnly)('GET', `/api/v1/referrals/${apiReferralId}`)).statusCode).toBe(404);
    // Made by the school DSL on the web: not the NHS trust's, whatever its token's scopes.
    expect((await api(t, nhsToken)('GET', `/api/v1/referrals/${dslReferralId}`)).statusCode).toBe(404);
  });

  it('a second token of the same organisation may read it (the organisation submitted it, not the token)', async () => {
    const another = await tokenFor(t, 'bsmhft', ['referrals:read']);
    expect((await api(t, another)('GET', `/api/v1/referrals/${apiReferralId}`)).statusCode).toBe(200);
  });

  it('a user of the submitting organisation does not see an API referral on the web', async () => {
    expect((await clients.get('nhs')!.get(`/referrals/${apiReferralId}`)).statusCode).toBe(404);
  });
});
