// Who may reach the Channel case record: every route of the cases slice (the chair's dashboard, the case list,
// the case page, its forms and its JSON API) against the Channel-relevant demo users and a signed-out visitor.
// The table is the specification; each cell is one test, and every action cell also checks that the case's
// timeline grew exactly when the action was allowed.
import { count, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelCaseEvents } from '../../src/db/schema.js';
import { adoptCase, DEMO_PROVIDERS, referToChannel } from '../support/channelSteps.js';
import { caseVersion, dateBoxes, exitedCase, providerIdByName, supportedCase, today } from '../support/caseSteps.js';
import { createTestApp, type Client, type TestApp } from '../support/testApp.js';
import { CHANNEL_USERS, parseAccessTable, signInColumns } from '../support/channelAccess.js';

// Outcomes: a status code or `→in` (303 to /sign-in). provider = Pathways, assigned to the shared case.
const TABLE = `
route                                                     chair member otherPanel provider otherProvider police otherPolice oversight admin signedOut
GET  /channel                                             200   404    404        404      404           404    404         404       404   →in
GET  /channel/cases                                       200   404    200        404      404           404    404         404       404   →in
GET  /channel/cases/:id                                   200   404    404        404      404           200    404         404       404   →in
GET  /channel/cases/:id/assessments/new                   200   404    404        404      404           403    404         404       404   →in
POST /channel/cases/:id/assessments/new                   303   404    404        404      404           403    404         404       404   →in
GET  /channel/cases/:id/assessments/:assessmentId         200   404    404        404      404           200    404         404       404   →in
GET  /channel/cases/:id/consent                           200   404    404        404      404           403    404         404       404   →in
POST /channel/cases/:id/consent                           303   404    404        404      404           403    404         404       404   →in
GET  /channel/cases/:id/consent/withdraw                  200   404    404        404      404           200    404         404       404   →in
POST /channel/cases/:id/consent/withdraw                  303   404    404        404      404           303    404         404       404   →in
GET  /channel/cases/:id/plan                              200   404    404        404      404           403    404         404       404   →in
POST /channel/cases/:id/plan                              303   404    404        404      404           403    404         404       404   →in
GET  /channel/cases/:id/interventions/new                 200   404    404        404      404           403    404         404       404   →in
POST /channel/cases/:id/interventions/new                 303   404    404        404      404           403    404         404       404   →in
GET  /channel/cases/:id/post-exit-reviews/:reviewId       200   404    404        404      404           403    404         404       404   →in
POST /channel/cases/:id/post-exit-reviews/:reviewId       303   404    404        404      404           403    404         404       404   →in
GET  /api/v1/channel/cases/:id                            200   404    404        404      404           200    404         404       404   401
POST /api/v1/channel/cases/:id/assessments                201   404    404        404      404           403    404         404       404   401
POST /api/v1/channel/cases/:id/consents                   201   404    404        404      404           403    404         404       404   401
POST /api/v1/channel/cases/:id/consent-withdrawal         200   404    404        404      404           200    404         404       404   401
POST /api/v1/channel/cases/:id/plan                       200   404    404        404      404           403    404         404       404   401
POST /api/v1/channel/cases/:id/interventions              201   404    404        404      404           403    404         404       404   401
POST /api/v1/channel/cases/:id/post-exit-reviews/:reviewId 200  404    404        404      404           403    404         404       404   401
`;



let t: TestApp;
const clients = new Map<string, Client>();
/** Shared cases for the cells that read or are refused; actions that succeed get their own where they must. */
const shared = { adopted: '', unconsented: '', exited: '', sixMonth: '', twelveMonth: '', assessment: '' };
const FORM_PAGE = '/refer/person';

beforeAll(async () => {
  t = await createTestApp();
  for (const [col, c] of await signInColumns(t, CHANNEL_USERS)) clients.set(col, c);
  shared.adopted = (await supportedCase(t, 'Accessshared', [DEMO_PROVIDERS.pathways])).channelCaseId;
  const unconsented = await referToChannel(t, 'Accessnoconsent');
  await adoptCase(t, unconsented.channelCaseId);
  shared.unconsented = unconsented.channelCaseId;
  const exited = await exitedCase(t, 'Accessexited');
  shared.exited = exited.channelCaseId;
  shared.sixMonth = exited.reviews.find((r) => r.monthsAfterExit === 6)!.id;
  shared.twelveMonth = exited.reviews.find((r) => r.monthsAfterExit === 12)!.id;
  const chair = clients.get('chair')!;
  const made = await apiPost(chair, `/api/v1/channel/cases/${shared.adopted}/assessments`, { summary: 'S', managementPlan: 'P', version: Number(await caseVersion(t, shared.adopted)) });
  shared.assessment = made.json<{ id: string }>().id;
}, 180_000);
afterAll(() => t?.close());

const events = async (id: string) => Number((await t.db.database.db.select({ n: count() }).from(channelCaseEvents).where(eq(channelCaseEvents.channelCaseId, id)))[0]?.n ?? 0);

async function apiPost(c: Client, url: string, body: object): Promise<LightMyRequestResponse> {
  return c.request({ method: 'POST', url, headers: { 'content-type': 'application/json', 'x-csrf-token': await c.csrfToken(FORM_PAGE) }, payload: JSON.stringify(body) });
}

type Run = (c: Client, who: string, allowed: boolean) => Promise<{ res: LightMyRequestResponse; verify?: (allowed: boolean) => Promise<void> }>;

/** An action on a case: the case's timeline grows exactly when it is allowed. */
const act = (caseFor: (allowed: boolean) => Promise<string> | string, send: (c: Client, id: string) => Promise<LightMyRequestResponse>): Run => async (c, _who, allowed) => {
  const id = await caseFor(allowed);
  const before = await events(id);
  const res = await send(c, id);
  return { res, verify: async (ok) => expect((await events(id)) > before).toBe(ok) };
};
const form = (caseFor: (allowed: boolean) => Promise<string> | string, path: string, body: (id: string) => Promise<Record<string, string>>): Run =>
  act(caseFor, async (c, id) => c.postForm(`/channel/cases/${id}/${path}`, await body(id), FORM_PAGE));
const apiAct = (caseFor: (allowed: boolean) => Promise<string> | string, path: string, body: (id: string) => Promise<object>): Run =>
  act(caseFor, async (c, id) => apiPost(c, `/api/v1/channel/cases/${id}/${path}`, await body(id)));
const get = (url: () => string): Run => async (c) => ({ res: await c.get(url()) });

const version = (id: string) => caseVersion(t, id);
/** A fresh case when the cell's action will succeed (it changes the case), the shared one otherwise. */
const freshWhenAllowed = (sharedId: () => string, make: () => Promise<string>) => async (allowed: boolean) => (allowed ? make() : sharedId());
let made = 0;
const freshUnconsented = async () => {
  const { channelCaseId } = await referToChannel(t, `Accessconsent${String.fromCharCode(97 + made++)}`);
  await adoptCase(t, channelCaseId);
  return channelCaseId;
};
const freshSupported = async () => (await supportedCase(t, `Accesswithdraw${String.fromCharCode(97 + made++)}`, [DEMO_PROVIDERS.pathways])).channelCaseId;

const consentBody = { status: 'given', givenBy: 'parent_guardian', giverName: 'Parent', relationship: 'Father', soughtHow: 'Visit', soughtBy: 'Coordinator', purposes: 'Mentoring' };
const planVersion = async (id: string) => {
  const res = await clients.get('chair')!.get(`/api/v1/channel/cases/${id}`);
  return res.json<{ plan: { version: number } | null }>().plan?.version ?? 0;
};

const ROUTES: Record<string, { run: Run; location?: RegExp }> = {
  'GET /channel': { run: get(() => '/channel') },
  'GET /channel/cases': { run: get(() => '/channel/cases') },
  'GET /channel/cases/:id': { run: get(() => `/channel/cases/${shared.adopted}`) },
  'GET /channel/cases/:id/assessments/new': { run: get(() => `/channel/cases/${shared.adopted}/assessments/new`) },
  'POST /channel/cases/:id/assessments/new': {
    run: form(() => shared.adopted, 'assessments/new', async (id) => ({ summary: 'S', managementPlan: 'P', significantChanges: 'C', version: await version(id) })),
  },
  'GET /channel/cases/:id/assessments/:assessmentId': { run: get(() => `/channel/cases/${shared.adopted}/assessments/${shared.assessment}`) },
  'GET /channel/cases/:id/consent': { run: get(() => `/channel/cases/${shared.unconsented}/consent`) },
  'POST /channel/cases/:id/consent': {
    run: form(freshWhenAllowed(() => shared.unconsented, freshUnconsented), 'consent', async (id) => ({ ...consentBody, ...dateBoxes('soughtOn', today()), ...dateBoxes('decidedOn', today()), version: await version(id) })),
  },
  'GET /channel/cases/:id/consent/withdraw': { run: get(() => `/channel/cases/${shared.adopted}/consent/withdraw`) },
  'POST /channel/cases/:id/consent/withdraw': {
    run: form(freshWhenAllowed(() => shared.adopted, freshSupported), 'consent/withdraw', async (id) => ({ route: 'police', ...dateBoxes('withdrawnOn', today()), version: await version(id) })),
  },
  'GET /channel/cases/:id/plan': { run: get(() => `/channel/cases/${shared.adopted}/plan`) },
  'POST /channel/cases/:id/plan': { run: form(() => shared.adopted, 'plan', async (id) => ({ consentApproach: 'Visit', version: String(await planVersion(id)) })) },
  'GET /channel/cases/:id/interventions/new': { run: get(() => `/channel/cases/${shared.adopted}/interventions/new`) },
  'POST /channel/cases/:id/interventions/new': {
    run: form(() => shared.adopted, 'interventions/new', async (id) => ({
      typeCode: 'practical_mentoring',
      providerId: await providerIdByName(t, DEMO_PROVIDERS.bridges),
      goal: 'G',
      contactRoute: 'School',
      expectedSessions: '3',
      ...dateBoxes('startsOn', today()),
      version: await version(id),
    })),
  },
  'GET /channel/cases/:id/post-exit-reviews/:reviewId': { run: get(() => `/channel/cases/${shared.exited}/post-exit-reviews/${shared.sixMonth}`) },
  'POST /channel/cases/:id/post-exit-reviews/:reviewId': {
    run: act(
      () => shared.exited,
      async (c, id) => c.postForm(`/channel/cases/${id}/post-exit-reviews/${shared.sixMonth}`, { outcome: 'no_concerns', notes: 'N', ...dateBoxes('completedOn', today()), version: await version(id) }, FORM_PAGE),
    ),
  },
  'GET /api/v1/channel/cases/:id': { run: get(() => `/api/v1/channel/cases/${shared.adopted}`) },
  'POST /api/v1/channel/cases/:id/assessments': { run: apiAct(() => shared.adopted, 'assessments', async (id) => ({ summary: 'S', managementPlan: 'P', significantChanges: 'C', version: Number(await version(id)) })) },
  'POST /api/v1/channel/cases/:id/consents': {
    run: apiAct(freshWhenAllowed(() => shared.unconsented, freshUnconsented), 'consents', async (id) => ({ ...consentBody, soughtOn: today(), decidedOn: today(), version: Number(await version(id)) })),
  },
  'POST /api/v1/channel/cases/:id/consent-withdrawal': {
    run: apiAct(freshWhenAllowed(() => shared.adopted, freshSupported), 'consent-withdrawal', async (id) => ({ route: 'police', withdrawnOn: today(), version: Number(await version(id)) })),
  },
  'POST /api/v1/channel/cases/:id/plan': { run: apiAct(() => shared.adopted, 'plan', async (id) => ({ consentApproach: 'Visit', version: await planVersion(id) })) },
  'POST /api/v1/channel/cases/:id/interventions': {
    run: apiAct(() => shared.adopted, 'interventions', async (id) => ({
      typeCode: 'practical_mentoring',
      providerId: await providerIdByName(t, DEMO_PROVIDERS.bridges),
      goal: 'G',
      contactRoute: 'School',
      expectedSessions: 3,
      startsOn: today(),
      version: Number(await version(id)),
    })),
  },
  'POST /api/v1/channel/cases/:id/post-exit-reviews/:reviewId': {
    run: act(
      () => shared.exited,
      async (c, id) => apiPost(c, `/api/v1/channel/cases/${id}/post-exit-reviews/${shared.twelveMonth}`, { outcome: 'extend', notes: 'N', completedOn: today(), version: Number(await version(id)) }),
    ),
  },
};
describe('access to the Channel case record', () => {
  for (const cell of parseAccessTable(TABLE)) {
    it(`${cell.route} as ${cell.who} → ${cell.expected}`, async () => {
      const route = ROUTES[cell.route];
      if (!route) throw new Error(`no route case for ${cell.route}`);
      const allowed = /^20\d$/.test(cell.expected) || (cell.expected === '303' && cell.route.startsWith('POST'));
      const { res, verify } = await route.run(clients.get(cell.who)!, cell.who, allowed);
      if (cell.expected === '→in') {
        expect(res.statusCode).toBe(303);
        expect(res.headers.location).toBe('/sign-in');
      } else {
        expect(res.statusCode, res.body.slice(0, 400)).toBe(Number(cell.expected));
        if (cell.expected === '303') expect(res.headers.location).toMatch(/^\/channel\/cases\/[0-9a-f-]{36}$/);
      }
      await verify?.(allowed);
    });
  }
});
