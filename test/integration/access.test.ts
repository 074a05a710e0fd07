// Who may reach what: every route of the referral foundation against every demo role, a signed-out
// visitor and two API tokens. The table below is the specification; each cell is one test.
import { randomUUID } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { referralEvents } from '../../src/db/schema.js';
import { createTestApp, DEMO, type Client, type TestApp } from '../support/testApp.js';
import { contextFor, gatewaySteps } from '../support/gatewaySteps.js';
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
  userId,
} from '../support/referrals.js';
import { notifications, policeLedReviews, signpostFollowUps } from '../../src/db/schema.js';
import { escalateOverdue } from '../../src/modules/monitoring/monitoring.service.js';
import { monitoringSteps } from '../support/monitoringSteps.js';

// Outcomes: a status code, `→in` (303 to /sign-in) or `→dash` (303 to /dashboard).
// Columns: visitor = signed out; apiNhs = token of the NHS trust (both scopes); apiProv = token of the
// intervention provider (both scopes, but no Prevent duty); the rest are the demo users (see DEMO).
// API POSTs from a signed-in column carry the session's CSRF token in x-csrf-token, so the cells test who
// may act (the CSRF check itself is tested in gateway.test.ts). /cases/* are West Midlands cases: the approval
// cells' outcome was decided by the wm officer, who may not review it.
const TABLE = `
route                                            visitor apiNhs apiProv met   wm    wmSup hub   chair panel school nhs   prison probation provider oversight admin
GET  /refer                                      200     200    200     200   200   200   200   200   200   200    200   200    200       200      200       200
GET  /refer/person                               200     200    200     200   200   200   200   200   200   200    200   200    200       200      200       200
POST /refer/person                               303     303    303     303   303   303   303   303   303   303    303   303    303       303      303       303
GET  /refer/check                                303     303    303     303   303   303   303   303   303   303    303   303    303       303      303       303
GET  /refer/confirmation                         303     303    303     303   303   303   303   303   303   303    303   303    303       303      303       303
GET  /sign-in                                    200     200    200     →dash →dash →dash →dash →dash →dash →dash  →dash →dash  →dash     →dash    →dash     →dash
GET  /dashboard                                  →in     →in    →in     200   200   200   200   200   200   200    200   200    200       200      200       200
GET  /triage                                     →in     →in    →in     200   200   200   200   404   404   404    404   404    404       404      404       404
GET  /referrals/mine                             →in     →in    →in     200   200   200   200   200   200   200    200   200    200       404      404       200
POST /referrals/drafts                           →in     →in    →in     303   303   303   303   303   303   303    303   303    303       404      404       303
GET  /referrals/drafts/:id/person                →in     →in    →in     404   404   404   404   404   404   200    404   404    404       404      404       404
POST /referrals/drafts/:id/delete                →in     →in    →in     404   404   404   404   404   404   303    404   404    404       404      404       404
GET  /referrals/:id                              →in     →in    →in     404   200   200   404   404   404   200    404   404    404       404      404       404
POST /referrals/:id/transfer                     →in     →in    →in     404   303   303   404   404   404   403    404   404    404       404      404       404
POST /api/v1/referrals                           401     201    404     401   401   401   401   401   401   401    401   401    401       401      401       401
GET  /api/v1/referrals/:id                       401     200    404     401   401   401   401   401   401   401    401   401    401       401      401       401
GET  /api/openapi.json                           200     200    200     200   200   200   200   200   200   200    200   200    200       200      200       200
GET  /api/v1/session                             401     401    401     200   200   200   200   200   200   200    200   200    200       200      200       200
GET  /health                                     200     200    200     200   200   200   200   200   200   200    200   200    200       200      200       200
GET  /privacy                                    200     200    200     200   200   200   200   200   200   200    200   200    200       200      200       200
GET  /accessibility                              200     200    200     200   200   200   200   200   200   200    200   200    200       200      200       200
GET  /metrics                                    200     200    200     200   200   200   200   200   200   200    200   200    200       200      200       200
POST /triage/:id/assign-to-me                    →in     →in    →in     404   303   303   404   404   404   404    404   404    404       404      404       404
GET  /cases/:id                                  →in     →in    →in     404   200   200   404   404   404   404    404   404    404       404      404       404
GET  /cases/:id/assign                           →in     →in    →in     404   200   200   404   404   404   404    404   404    404       404      404       404
POST /cases/:id/assign                           →in     →in    →in     404   303   303   404   404   404   404    404   404    404       404      404       404
GET  /cases/:id/checks/new                       →in     →in    →in     404   200   200   404   404   404   404    404   404    404       404      404       404
POST /cases/:id/checks/new                       →in     →in    →in     404   303   303   404   404   404   404    404   404    404       404      404       404
GET  /cases/:id/deconfliction                    →in     →in    →in     404   200   200   404   404   404   404    404   404    404       404      404       404
POST /cases/:id/deconfliction                    →in     →in    →in     404   303   303   404   404   404   404    404   404    404       404      404       404
GET  /cases/:id/judgement                        →in     →in    →in     404   200   200   404   404   404   404    404   404    404       404      404       404
POST /cases/:id/judgement                        →in     →in    →in     404   303   303   404   404   404   404    404   404    404       404      404       404
GET  /cases/:id/outcome                          →in     →in    →in     404   200   200   404   404   404   404    404   404    404       404      404       404
POST /cases/:id/outcome                          →in     →in    →in     404   303   303   404   404   404   404    404   404    404       404      404       404
GET  /cases/:id/approval                         →in     →in    →in     404   403   200   404   404   404   404    404   404    404       404      404       404
POST /cases/:id/approval                         →in     →in    →in     404   403   303   404   404   404   404    404   404    404       404      404       404
GET  /api/v1/cases/:id                           401     403    403     404   200   200   404   404   404   404    404   404    404       404      404       404
POST /api/v1/cases/:id/assignment                401     403    403     404   200   200   404   404   404   404    404   404    404       404      404       404
POST /api/v1/cases/:id/checks                    401     403    403     404   201   201   404   404   404   404    404   404    404       404      404       404
POST /api/v1/cases/:id/deconflictions            401     403    403     404   201   201   404   404   404   404    404   404    404       404      404       404
POST /api/v1/cases/:id/judgements                401     403    403     404   201   201   404   404   404   404    404   404    404       404      404       404
POST /api/v1/cases/:id/decisions                 401     403    403     404   201   201   404   404   404   404    404   404    404       404      404       404
POST /api/v1/cases/:id/decision-review           401     403    403     404   403   200   404   404   404   404    404   404    404       404      404       404
GET  /monitoring                                 →in     →in    →in     200   200   200   200   404   404   404    404   404    404       404      404       404
GET  /follow-ups                                 →in     →in    →in     404   404   404   404   200   200   200    200   200    200       200      404       404
GET  /follow-ups/:id                             →in     →in    →in     404   404   404   404   404   404   404    200   404    404       404      404       404
POST /follow-ups/:id/acknowledge                 →in     →in    →in     404   404   404   404   404   404   404    303   404    404       404      404       404
POST /follow-ups/:id/outcome                     →in     →in    →in     404   404   404   404   404   404   404    303   404    404       404      404       404
GET  /cases/:id/follow-up                        →in     →in    →in     404   200   200   404   404   404   404    404   404    404       404      404       404
POST /cases/:id/follow-up/acknowledge            →in     →in    →in     404   303   303   404   404   404   404    404   404    404       404      404       404
POST /cases/:id/follow-up                        →in     →in    →in     404   303   303   404   404   404   404    404   404    404       404      404       404
GET  /cases/:id/review                           →in     →in    →in     404   200   200   404   404   404   404    404   404    404       404      404       404
POST /cases/:id/review                           →in     →in    →in     404   303   303   404   404   404   404    404   404    404       404      404       404
GET  /notifications/:id                          →in     →in    →in     404   404   303   404   404   404   404    404   404    404       404      404       404
GET  /api/v1/triage                              401     403    403     200   200   200   200   404   404   404    404   404    404       404      404       404
GET  /api/v1/cases/:id/follow-up                 401     403    403     404   200   200   404   404   404   404    404   404    404       404      404       404
POST /api/v1/cases/:id/follow-up/acknowledgement 401     403    403     404   204   204   404   404   404   404    404   404    404       404      404       404
POST /api/v1/cases/:id/follow-up                 401     403    403     404   200   200   404   404   404   404    404   404    404       404      404       404
POST /api/v1/cases/:id/reviews                   401     403    403     404   201   201   404   404   404   404    404   404    404       404      404       404
GET  /api/v1/follow-ups                          401     403    403     404   404   404   404   200   200   200    200   200    200       200      404       404
GET  /api/v1/follow-ups/:id                      401     403    403     404   404   404   404   404   404   404    200   404    404       404      404       404
POST /api/v1/follow-ups/:id/acknowledgement      401     403    403     404   404   404   404   404   404   404    204   404    404       404      404       404
POST /api/v1/follow-ups/:id/outcome              401     403    403     404   404   404   404   404   404   404    204   404    404       404      404       404
GET  /channel/referrals                          →in     →in    →in     404   404   404   404   200   200   404    404   404    404       404      404       404
GET  /channel/referrals/:id                      →in     →in    →in     404   404   404   404   200   404   404    404   404    404       404      404       404
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
let steps: ReturnType<typeof gatewaySteps>;
let wmOfficerId: string;
/** Gateway cases for the cells that only read, or refuse: one per workflow stage, shared. */
const cases = { school: '', triage: '', assessing: '', pending: '' };

const DSL_NARRATIVE = 'Narrative only the police may read';
const CHANNEL_SEALED = 'Sealed deconfliction note: no live investigation';

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

  steps = gatewaySteps(t);
  wmOfficerId = await userId(t, DEMO.wmOfficer);
  cases.school = await submitProfessionalReferral(t, dsl, 'Dslcaseperson');
  cases.triage = await newCase('triage');
  cases.assessing = await assessingCase('assessing');
  cases.pending = await pendingCase('pending');
}, 120_000);
afterAll(() => t?.close());

// Every POST to a page needs a CSRF token, which any page with a form in the same session provides.
const FORM_PAGE = '/refer/person';

let gatewayPeople = 0;
/** A new West Midlands referral from the NHS trust's integration; a different person each time. */
async function newCase(label: string): Promise<string> {
  const res = await api(t, nhsToken)('POST', '/api/v1/referrals', apiReferral(`Gw${label.replace(/\W/g, '')}${++gatewayPeople}`));
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}
/** Assigned to the wm officer and judged: open for checks, deconfliction, a new judgement and an outcome. */
async function assessingCase(label: string): Promise<string> {
  const id = await newCase(label);
  await steps.assessed(id);
  return id;
}
/** No further action decided by the wm officer, waiting for a supervisor. */
async function pendingCase(label: string): Promise<string> {
  const id = await assessingCase(label);
  await steps.decide(id, { outcome: 'no_further_action', rationale: 'Context explains it', referrerOutcome: 'no_further_action' });
  return id;
}
const eventCount = async (id: string) => Number((await t.db.database.db.select({ n: count() }).from(referralEvents).where(eq(referralEvents.referralId, id)))[0]?.n ?? 0);
const currentVersion = async (id: string) => String((await referralById(t, id))!.version);
const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
const [wy, wm, wd] = weekAgo.split('-') as [string, string, string];

/**
 * A gateway action on `id`: every action adds to the case timeline, so the cell checks that it did so exactly
 * when allowed.
 */
async function gatewayAction(id: string, act: () => Promise<LightMyRequestResponse>) {
  const before = await eventCount(id);
  const res = await act();
  return { res, verify: async (allowed: boolean) => expect((await eventCount(id)) > before).toBe(allowed) };
}
const postCase = (id: () => string, path: string, form: (id: string) => Promise<Record<string, string | string[]>>): RouteCase['run'] => async (c) => {
  const caseId = id();
  return gatewayAction(caseId, async () => c.postForm(`/cases/${caseId}/${path}`, await form(caseId), FORM_PAGE));
};
const postJson = (id: (who: string) => Promise<string> | string, path: string, body: (id: string) => Promise<object> | object): RouteCase['run'] => async (c, who) => {
  const caseId = await id(who);
  return gatewayAction(caseId, async () =>
    c.request({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/${path}`,
      headers: { 'content-type': 'application/json', 'x-csrf-token': await c.csrfToken(FORM_PAGE) },
      payload: JSON.stringify(await body(caseId)),
    }),
  );
};
const CASE_PAGE = /^\/cases\/[0-9a-f-]{36}$/;
/** A JSON POST with the column's session CSRF token in x-csrf-token (and its bearer token, if it has one). */
const apiPost = async (c: Client, url: string, body?: object) =>
  c.request({
    method: 'POST',
    url,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), 'x-csrf-token': await c.csrfToken(FORM_PAGE) },
    ...(body ? { payload: JSON.stringify(body) } : {}),
  });
const dateBoxes = (name: string) => ({ [`${name}-day`]: wd, [`${name}-month`]: wm, [`${name}-year`]: wy });

/** Monitoring fixtures, made on first use: shared ones for the cells that only read or refuse. */
let monitoringFixtures: ReturnType<typeof makeMonitoringFixtures> | undefined;
const monitoring = () => (monitoringFixtures ??= makeMonitoringFixtures());
const nhsOrg = () => orgId(t, 'bsmhft');
const followUp = async (referralId: string) => (await t.db.database.db.select().from(signpostFollowUps).where(eq(signpostFollowUps.referralId, referralId)))[0]!;
function makeMonitoringFixtures() {
  const steps = monitoringSteps(t);
  const once = <T>(make: () => Promise<T>) => {
    let p: Promise<T> | undefined;
    return () => (p ??= make());
  };
  return {
    steps,
    sharedFollowUp: once(async () => steps.signpostedCase({ receivingOrganisationId: await nhsOrg() })),
    sharedPoliceLed: once(() => steps.policeLedCase()),
    /** A West Midlands supervisor's notification of an overdue follow-up (escalated with a later `now`). */
    /** A West Midlands case referred to Birmingham City Council's Channel panel, deconflicted (with sealed notes). */
    channelCase: once(async () => {
      const id = await steps.assessedCase();
      await steps.gateway.recordDeconfliction(await contextFor(t, DEMO.wmOfficer), id, { doneOn: weekAgo, sealedNotes: CHANNEL_SEALED });
      await steps.decide(id, { outcome: 'channel', localAuthorityId: await orgId(t, 'birmingham'), reasonableGrounds: 'Grounds for the panel', rationale: 'Clear vulnerability', referrerOutcome: 'ongoing_support' });
      return id;
    }),
    supervisorsNotification: once(async () => {
      const { id } = await steps.signpostedCase();
      await escalateOverdue(t.db.database.db, new Date(Date.now() + 40 * 86_400_000));
      return (await t.db.database.db.select({ id: notifications.id }).from(notifications).where(eq(notifications.referralId, id)))[0]!.id;
    }),
  };
}

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
      res: await c.request({
        method: 'POST',
        url: '/api/v1/referrals',
        headers: { 'content-type': 'application/json', 'x-csrf-token': await c.csrfToken(FORM_PAGE) },
        payload: JSON.stringify(apiReferral(`Api${who}`)),
      }),
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
  'GET /api/v1/session': { run: get('/api/v1/session') },
  'GET /health': { run: get('/health') },
  'GET /privacy': { run: get('/privacy') },
  'GET /accessibility': { run: get('/accessibility') },
  'GET /metrics': { run: get('/metrics') },
  'GET /cases/:id': {
    // The school DSL's own referral: its referrer still gets a 404 here (the status page is /referrals/:id).
    run: async (c) => ({ res: await c.get(`/cases/${cases.school}`) }),
    on200: (res) => {
      expect(res.body).toContain('Gateway assessment');
      expect(res.body).toContain('Dslcaseperson');
    },
  },
  'GET /cases/:id/assign': { run: async (c) => ({ res: await c.get(`/cases/${cases.triage}/assign`) }), on200: (res) => expect(res.body).toContain('Assign officer') },
  'POST /cases/:id/assign': {
    run: postCase(() => cases.assessing, 'assign', async (id) => ({ officerId: wmOfficerId, version: await currentVersion(id) })),
    location: CASE_PAGE,
  },
  'GET /cases/:id/checks/new': { run: async (c) => ({ res: await c.get(`/cases/${cases.assessing}/checks/new`) }) },
  'POST /cases/:id/checks/new': {
    run: postCase(() => cases.assessing, 'checks/new', async () => ({ kind: 'police_systems', source: 'PNC', ...dateBoxes('requestedOn') })),
    location: CASE_PAGE,
  },
  'GET /cases/:id/deconfliction': { run: async (c) => ({ res: await c.get(`/cases/${cases.assessing}/deconfliction`) }) },
  'POST /cases/:id/deconfliction': {
    run: postCase(() => cases.assessing, 'deconfliction', async () => ({ ...dateBoxes('doneOn'), sealedNotes: 'No live investigation' })),
    location: CASE_PAGE,
  },
  'GET /cases/:id/judgement': { run: async (c) => ({ res: await c.get(`/cases/${cases.assessing}/judgement`) }) },
  'POST /cases/:id/judgement': {
    run: postCase(() => cases.assessing, 'judgement', async () => ({ concernPresent: 'no', immediateRisk: 'no', rationale: 'Misread comment' })),
    location: CASE_PAGE,
  },
  'GET /cases/:id/outcome': { run: async (c) => ({ res: await c.get(`/cases/${cases.assessing}/outcome`) }) },
  'POST /cases/:id/outcome': {
    // A fresh case for each cell: an allowed outcome ends the assessment.
    run: async (c, who) => {
      const id = await assessingCase(`outcome${who}`);
      return gatewayAction(id, async () =>
        c.postForm(`/cases/${id}/outcome`, { outcome: 'police_led_management', referrerOutcome: 'ongoing_support', rationale: 'Monitor', version: await currentVersion(id) }, FORM_PAGE),
      );
    },
    location: CASE_PAGE,
  },
  'GET /cases/:id/approval': { run: async (c) => ({ res: await c.get(`/cases/${cases.pending}/approval`) }), on200: (res) => expect(res.body).toContain('Decision waiting for approval') },
  'POST /cases/:id/approval': {
    run: async (c, who) => {
      const id = await pendingCase(`approval${who}`);
      return gatewayAction(id, async () => c.postForm(`/cases/${id}/approval`, { decision: 'approve', version: await currentVersion(id) }, FORM_PAGE));
    },
    location: CASE_PAGE,
  },
  'GET /api/v1/cases/:id': {
    run: async (c) => ({ res: await c.get(`/api/v1/cases/${cases.assessing}`) }),
    on200: (res) => expect(res.json()).toMatchObject({ id: cases.assessing, permissions: { canAssess: true } }),
  },
  'POST /api/v1/cases/:id/assignment': { run: postJson(() => cases.assessing, 'assignment', async (id) => ({ officerId: wmOfficerId, version: Number(await currentVersion(id)) })) },
  'POST /api/v1/cases/:id/checks': { run: postJson(() => cases.assessing, 'checks', () => ({ kind: 'open_source', source: 'Social media', requestedOn: weekAgo })) },
  'POST /api/v1/cases/:id/deconflictions': { run: postJson(() => cases.assessing, 'deconflictions', () => ({ doneOn: weekAgo, sealedNotes: 'No live investigation' })) },
  'POST /api/v1/cases/:id/judgements': { run: postJson(() => cases.assessing, 'judgements', () => ({ concernPresent: 'no', immediateRisk: 'no', rationale: 'Misread comment' })) },
  'POST /api/v1/cases/:id/decisions': {
    // Fresh cases for each cell: an allowed outcome or review ends that stage.
    run: postJson(
      (who) => assessingCase(`decision${who}`),
      'decisions',
      async (id) => ({ outcome: 'police_led_management', referrerOutcome: 'ongoing_support', rationale: 'Monitor', version: Number(await currentVersion(id)) }),
    ),
  },
  'POST /api/v1/cases/:id/decision-review': {
    run: postJson((who) => pendingCase(`review${who}`), 'decision-review', async (id) => ({ decision: 'approve', version: Number(await currentVersion(id)) })),
  },
  'POST /triage/:id/assign-to-me': {
    // A fresh West Midlands referral for each cell, so an allowed assignment cannot change what the next cell sees.
    run: async (c, who) => {
      const created = await api(t, nhsToken)('POST', '/api/v1/referrals', apiReferral(`Assign${who}`));
      const id = created.json<{ id: string }>().id;
      const before = await referralById(t, id);
      const res = await c.postForm(`/triage/${id}/assign-to-me`, { version: String(before!.version), filters: '' }, FORM_PAGE);
      return {
        res,
        verify: async (allowed) => {
          const after = await referralById(t, id);
          expect(after!.state).toBe(allowed ? 'in_assessment' : 'awaiting_triage');
          expect(after!.assignedOfficerId === null).toBe(!allowed);
        },
      };
    },
    location: /^\/triage$/,
  },
  // ---- Monitoring (signposting follow-ups addressed to the NHS trust, police-led reviews, notifications) ----
  // Fresh cases for each cell that changes something, so an allowed change cannot alter what the next cell sees.
  'GET /monitoring': { run: get('/monitoring'), on200: (res) => expect(res.body).toContain('Signposting follow-ups') },
  'GET /follow-ups': { run: get('/follow-ups'), on200: (res) => expect(res.body).toContain('Follow-up requests') },
  'GET /follow-ups/:id': {
    run: async (c) => ({ res: await c.get(`/follow-ups/${(await monitoring().sharedFollowUp()).followUpId}`) }),
    on200: (res) => expect(res.body).not.toContain('rationale for police eyes only'),
  },
  'POST /follow-ups/:id/acknowledge': {
    run: async (c) => {
      const { id, followUpId } = await monitoring().steps.signpostedCase({ receivingOrganisationId: await nhsOrg() });
      const res = await c.postForm(`/follow-ups/${followUpId}/acknowledge`, {}, FORM_PAGE);
      return { res, verify: async (allowed) => expect((await followUp(id)).acknowledgedAt !== null).toBe(allowed) };
    },
    location: /^\/follow-ups\/[0-9a-f-]{36}$/,
  },
  'POST /follow-ups/:id/outcome': {
    run: async (c) => {
      const { id, followUpId } = await monitoring().steps.signpostedCase({ receivingOrganisationId: await nhsOrg() });
      const res = await c.postForm(`/follow-ups/${followUpId}/outcome`, { outcome: 'Seen by the team' }, FORM_PAGE);
      return { res, verify: async (allowed) => expect((await followUp(id)).outcome !== null).toBe(allowed) };
    },
    location: /^\/follow-ups\/[0-9a-f-]{36}$/,
  },
  'GET /cases/:id/follow-up': { run: async (c) => ({ res: await c.get(`/cases/${(await monitoring().sharedFollowUp()).id}/follow-up`) }) },
  'POST /cases/:id/follow-up/acknowledge': {
    run: async (c) => {
      const { id } = await monitoring().steps.signpostedCase();
      const res = await c.postForm(`/cases/${id}/follow-up/acknowledge`, {}, FORM_PAGE);
      return { res, verify: async (allowed) => expect((await followUp(id)).acknowledgedAt !== null).toBe(allowed) };
    },
    location: /^\/cases\/[0-9a-f-]{36}\/follow-up$/,
  },
  'POST /cases/:id/follow-up': {
    run: async (c) => {
      const { id } = await monitoring().steps.signpostedCase();
      const res = await c.postForm(`/cases/${id}/follow-up`, { outcome: 'Seen by the team', close: 'no', version: await currentVersion(id) }, FORM_PAGE);
      return { res, verify: async (allowed) => expect((await followUp(id)).outcome !== null).toBe(allowed) };
    },
    location: /^\/cases\/[0-9a-f-]{36}\/follow-up$/,
  },
  'GET /cases/:id/review': { run: async (c) => ({ res: await c.get(`/cases/${await monitoring().sharedPoliceLed()}/review`) }) },
  'POST /cases/:id/review': {
    run: async (c) => {
      const id = await monitoring().steps.policeLedCase();
      const res = await c.postForm(
        `/cases/${id}/review`,
        { ...dateBoxes('reviewedOn'), changes: 'None', actions: 'Home visit', decision: 'continue', rationale: 'Some concern remains', version: await currentVersion(id) },
        FORM_PAGE,
      );
      const reviews = async () => t.db.database.db.select().from(policeLedReviews).where(eq(policeLedReviews.referralId, id));
      return { res, verify: async (allowed) => expect((await reviews()).length).toBe(allowed ? 1 : 0) };
    },
    location: /^\/cases\/[0-9a-f-]{36}\/review$/,
  },
  'GET /notifications/:id': { run: async (c) => ({ res: await c.get(`/notifications/${await monitoring().supervisorsNotification()}`) }), location: /^\/cases\/[0-9a-f-]{36}\/follow-up$/ },
  // ---- The triage and monitoring JSON API (the pages' actions; fresh cases for each cell that changes something) ----
  'GET /api/v1/triage': {
    run: get('/api/v1/triage?status=awaiting_triage'),
    // Oldest first: the shared West Midlands case awaiting triage is on the first page, for that force only.
    on200: (res, who) => expect(res.json<{ items: Array<{ id: string }> }>().items.some((i) => i.id === cases.triage)).toBe(who === 'wm' || who === 'wmSup'),
  },
  'GET /api/v1/cases/:id/follow-up': {
    run: async (c) => ({ res: await c.get(`/api/v1/cases/${(await monitoring().sharedFollowUp()).id}/follow-up`) }),
    on200: (res) => expect(res.json()).toMatchObject({ state: 'signposted', followUp: { service: { name: 'CAMHS Birmingham' } } }),
  },
  'POST /api/v1/cases/:id/follow-up/acknowledgement': {
    run: async (c) => {
      const { id } = await monitoring().steps.signpostedCase();
      const res = await apiPost(c, `/api/v1/cases/${id}/follow-up/acknowledgement`);
      return { res, verify: async (allowed) => expect((await followUp(id)).acknowledgedAt !== null).toBe(allowed) };
    },
  },
  'POST /api/v1/cases/:id/follow-up': {
    run: async (c) => {
      const { id } = await monitoring().steps.signpostedCase();
      const res = await apiPost(c, `/api/v1/cases/${id}/follow-up`, { close: 'no', outcome: 'Seen by the team', version: Number(await currentVersion(id)) });
      return { res, verify: async (allowed) => expect((await followUp(id)).outcome !== null).toBe(allowed) };
    },
  },
  'POST /api/v1/cases/:id/reviews': {
    run: async (c) => {
      const id = await monitoring().steps.policeLedCase();
      const res = await apiPost(c, `/api/v1/cases/${id}/reviews`, { reviewedOn: weekAgo, changes: 'None', actions: 'Home visit', decision: 'continue', rationale: 'Some concern remains', version: Number(await currentVersion(id)) });
      const reviews = async () => t.db.database.db.select().from(policeLedReviews).where(eq(policeLedReviews.referralId, id));
      return { res, verify: async (allowed) => expect((await reviews()).length).toBe(allowed ? 1 : 0) };
    },
  },
  'GET /api/v1/follow-ups': { run: get('/api/v1/follow-ups'), on200: (res) => expect(res.json()).toEqual({ items: expect.any(Array) }) },
  'GET /api/v1/follow-ups/:id': {
    run: async (c) => ({ res: await c.get(`/api/v1/follow-ups/${(await monitoring().sharedFollowUp()).followUpId}`) }),
    on200: (res) => {
      expect(Object.keys(res.json()).sort()).toEqual(['acknowledgedAt', 'dueOn', 'id', 'outcome', 'outcomeRecordedAt', 'overdue', 'person', 'requestedBy', 'service']);
      expect(res.body).not.toContain('rationale for police eyes only');
    },
  },
  'POST /api/v1/follow-ups/:id/acknowledgement': {
    run: async (c) => {
      const { id, followUpId } = await monitoring().steps.signpostedCase({ receivingOrganisationId: await nhsOrg() });
      const res = await apiPost(c, `/api/v1/follow-ups/${followUpId}/acknowledgement`);
      return { res, verify: async (allowed) => expect((await followUp(id)).acknowledgedAt !== null).toBe(allowed) };
    },
  },
  'POST /api/v1/follow-ups/:id/outcome': {
    run: async (c) => {
      const { id, followUpId } = await monitoring().steps.signpostedCase({ receivingOrganisationId: await nhsOrg() });
      const res = await apiPost(c, `/api/v1/follow-ups/${followUpId}/outcome`, { outcome: 'Seen by the team' });
      return { res, verify: async (allowed) => expect((await followUp(id)).outcome !== null).toBe(allowed) };
    },
  },
  // ---- A local authority's Channel panel: the cases the police referred to it (Birmingham's chair, not Sandwell's panel) ----
  'GET /channel/referrals': { run: get('/channel/referrals'), on200: (res) => expect(res.body).toContain('Referrals to your Channel panel') },
  'GET /channel/referrals/:id': {
    run: async (c) => ({ res: await c.get(`/channel/referrals/${await monitoring().channelCase()}`) }),
    on200: (res) => {
      expect(res.body).toContain('Its content is held by the police.');
      expect(res.body).not.toContain(CHANNEL_SEALED);
    },
  },
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

  it('a case of another force and a guessed case id give identical 404 pages and problems', async () => {
    for (const who of ['met', 'hub', 'school', 'nhs']) {
      const c = clients.get(who)!;
      const guessed = await c.get(`/cases/${randomUUID()}`);
      const hidden = await c.get(`/cases/${cases.assessing}`);
      expect([guessed.statusCode, hidden.statusCode]).toEqual([404, 404]);
      expect(normaliseBody(hidden.body)).toBe(normaliseBody(guessed.body));
      const guessedJson = await c.get(`/api/v1/cases/${randomUUID()}`);
      const hiddenJson = await c.get(`/api/v1/cases/${cases.assessing}`);
      expect([guessedJson.statusCode, hiddenJson.statusCode]).toEqual([404, 404]);
      expect(normaliseBody(hiddenJson.body)).toBe(normaliseBody(guessedJson.body));
    }
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
