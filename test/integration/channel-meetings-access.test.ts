// Who may reach each page and endpoint of Channel panel meetings: the table below is the specification, each
// cell one test. Columns: chair = Birmingham's Channel chair; member = a standing member of Birmingham's panel
// (the school's safeguarding lead); otherPanel = Sandwell's panel member; provider = assigned to an adopted case
// on the agenda; otherProvider = not assigned; police = West Midlands officer (a standing member, police of the
// area); otherPolice = the Met; oversight; admin = Birmingham's administrator; signedOut. Cells expected to
// succeed run on fresh fixtures; the others on one shared, published meeting. `→in` = 303 to /sign-in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, londonDate } from '../../src/platform/dates.js';
import { adoptCase, channelCaseRow, consentAndSupport, DEMO_PROVIDERS, referToChannel } from '../support/channelSteps.js';
import { meetingSteps, meetingVersion, memberId, panelId } from '../support/meetingSteps.js';
import { json, post } from '../support/sessionClient.js';
import { createTestApp, DEMO, type Client, type TestApp } from '../support/testApp.js';
import { CHANNEL_USERS, parseAccessTable, signInColumns } from '../support/channelAccess.js';

const TABLE = `
route                                                          chair member otherPanel provider otherProvider police otherPolice oversight admin signedOut
GET  /channel/meetings                                         200   200    200        404      404           200    404         404       404   →in
GET  /channel/meetings/new                                     200   403    403        404      404           403    404         404       404   →in
POST /channel/meetings/new                                     303   403    403        404      404           403    404         404       404   →in
GET  /channel/meetings/:id                                     200   403    404        404      404           403    404         404       404   →in
POST /channel/meetings/:id/agenda                              303   403    404        404      404           403    404         404       404   →in
POST /channel/meetings/:id/agenda/:itemId/remove               303   403    404        404      404           403    404         404       404   →in
POST /channel/meetings/:id/publish                             303   403    404        404      404           403    404         404       404   →in
GET  /channel/meetings/:id/attendance                          200   403    404        404      404           403    404         404       404   →in
POST /channel/meetings/:id/attendance                          303   403    404        404      404           403    404         404       404   →in
GET  /channel/meetings/:id/items/:itemId                       200   403    404        404      404           403    404         404       404   →in
POST /channel/meetings/:id/items/:itemId/contributions         303   403    404        404      404           403    404         404       404   →in
POST /channel/meetings/:id/items/:itemId/decision              303   403    404        404      404           403    404         404       404   →in
POST /channel/meetings/:id/close                               303   403    404        404      404           403    404         404       404   →in
GET  /channel/meetings/:id/pack                                200   200    404        404      404           200    404         404       404   →in
GET  /channel/meetings/:id/pack/:caseId                        200   200    404        404      404           200    404         404       404   →in
GET  /api/v1/channel/meetings                                  200   200    200        404      404           200    404         404       404   401
POST /api/v1/channel/meetings                                  201   403    403        404      404           403    404         404       404   401
GET  /api/v1/channel/meetings/:id                              200   403    404        404      404           403    404         404       404   401
POST /api/v1/channel/meetings/:id/agenda                       201   403    404        404      404           403    404         404       404   401
POST /api/v1/channel/meetings/:id/agenda/:itemId/remove        200   403    404        404      404           403    404         404       404   401
POST /api/v1/channel/meetings/:id/publication                  200   403    404        404      404           403    404         404       404   401
POST /api/v1/channel/meetings/:id/attendance                   200   403    404        404      404           403    404         404       404   401
POST /api/v1/channel/meetings/:id/items/:itemId/contributions  201   403    404        404      404           403    404         404       404   401
POST /api/v1/channel/meetings/:id/items/:itemId/decision       201   403    404        404      404           403    404         404       404   401
POST /api/v1/channel/meetings/:id/closure                      200   403    404        404      404           403    404         404       404   401
GET  /api/v1/channel/meetings/:id/pack                         200   200    404        404      404           200    404         404       404   401
GET  /api/v1/channel/meetings/:id/pack/:caseId                 200   200    404        404      404           200    404         404       404   401
`;



let t: TestApp;
let steps: ReturnType<typeof meetingSteps>;
const clients = new Map<string, Client>();
/** The shared published meeting (a new referral and an adopted case with an assigned provider) and its items. */
const shared = { meetingId: '', itemId: '', caseId: '' };
let attendees: string[] = [];
let people = 0;

beforeAll(async () => {
  t = await createTestApp();
  for (const [col, c] of await signInColumns(t, CHANNEL_USERS)) clients.set(col, c);
  steps = meetingSteps(t, clients.get('chair')!);
  attendees = [await memberId(t, { email: DEMO.wmOfficer }), await memberId(t, { email: DEMO.schoolReferrer })];
  const fresh = await referToChannel(t, 'Sharedone');
  const adopted = await referToChannel(t, 'Sharedtwo');
  await adoptCase(t, adopted.channelCaseId);
  await consentAndSupport(t, adopted.channelCaseId, [DEMO_PROVIDERS.pathways]);
  const { meetingId, itemIds } = await steps.published([fresh.channelCaseId, adopted.channelCaseId], { daysAhead: 35 });
  await steps.attend(meetingId, attendees);
  Object.assign(shared, { meetingId, itemId: itemIds[0]!, caseId: fresh.channelCaseId });
}, 180_000);
afterAll(() => t?.close());

const newPerson = async () => (await referToChannel(t, `Access${String.fromCharCode(97 + (people++ % 26))}${people}`)).channelCaseId;
const version = async (meetingId: string) => ({ version: await meetingVersion(t, meetingId) });
const meetingBody = async () => ({ panelId: await panelId(t), date: addDays(londonDate(new Date()), 5), time: '09:30', location: 'Room 1' });
const meetingForm = async () => {
  const [y, m, d] = addDays(londonDate(new Date()), 5).split('-');
  return { panelId: await panelId(t), 'date-day': d!, 'date-month': m!, 'date-year': y!, time: '09:30', location: 'Room 1' };
};

/** A published meeting with one new case on it and the police present, ready for a decision. */
async function decisionReady() {
  const caseId = await newPerson();
  const { meetingId, itemIds } = await steps.published([caseId]);
  await steps.attend(meetingId, attendees);
  return { meetingId, itemId: itemIds[0]!, caseVersion: (await channelCaseRow(t, caseId)).version };
}

interface Prepared {
  url: string;
  body?: Record<string, unknown>;
}

/** Each route's URL and a valid body: fresh fixtures where the cell is expected to change something. */
const ROUTES: Record<string, (fresh: boolean) => Promise<Prepared>> = {
  '/channel/meetings': async () => ({ url: '/channel/meetings' }),
  '/channel/meetings/new': async () => ({ url: '/channel/meetings/new', body: await meetingForm() }),
  '/channel/meetings/:id': async () => ({ url: `/channel/meetings/${shared.meetingId}` }),
  '/channel/meetings/:id/agenda': async (fresh) => {
    const meetingId = fresh ? await steps.schedule() : shared.meetingId;
    return { url: `/channel/meetings/${meetingId}/agenda`, body: { channelCaseId: fresh ? await newPerson() : shared.caseId, ...(await version(meetingId)) } };
  },
  '/channel/meetings/:id/agenda/:itemId/remove': async (fresh) => {
    if (!fresh) return { url: `/channel/meetings/${shared.meetingId}/agenda/${shared.itemId}/remove`, body: await version(shared.meetingId) };
    const meetingId = await steps.schedule();
    const itemId = await steps.addItem(meetingId, await newPerson());
    return { url: `/channel/meetings/${meetingId}/agenda/${itemId}/remove`, body: await version(meetingId) };
  },
  '/channel/meetings/:id/publish': async (fresh) => {
    if (!fresh) return { url: `/channel/meetings/${shared.meetingId}/publish`, body: await version(shared.meetingId) };
    const meetingId = await steps.schedule();
    await steps.addItem(meetingId, await newPerson());
    return { url: `/channel/meetings/${meetingId}/publish`, body: await version(meetingId) };
  },
  '/channel/meetings/:id/attendance': async () => ({ url: `/channel/meetings/${shared.meetingId}/attendance`, body: { attended: attendees, canDecide: attendees, ...(await version(shared.meetingId)) } }),
  '/channel/meetings/:id/items/:itemId': async () => ({ url: `/channel/meetings/${shared.meetingId}/items/${shared.itemId}` }),
  '/channel/meetings/:id/items/:itemId/contributions': async () => ({ url: `/channel/meetings/${shared.meetingId}/items/${shared.itemId}/contributions`, body: { memberId: attendees[1]!, contribution: 'Attendance is falling' } }),
  '/channel/meetings/:id/items/:itemId/decision': async (fresh) => {
    const d = fresh ? await decisionReady() : { meetingId: shared.meetingId, itemId: shared.itemId, caseVersion: (await channelCaseRow(t, shared.caseId)).version };
    return { url: `/channel/meetings/${d.meetingId}/items/${d.itemId}/decision`, body: { decision: 'defer', method: 'unanimous', rationale: 'More needed', informationNeeded: 'School report', version: d.caseVersion } };
  },
  '/channel/meetings/:id/close': async (fresh) => {
    const meetingId = fresh ? (await steps.published([await newPerson()])).meetingId : shared.meetingId;
    return { url: `/channel/meetings/${meetingId}/close`, body: await version(meetingId) };
  },
  '/channel/meetings/:id/pack': async () => ({ url: `/channel/meetings/${shared.meetingId}/pack` }),
  '/channel/meetings/:id/pack/:caseId': async () => ({ url: `/channel/meetings/${shared.meetingId}/pack/${shared.caseId}` }),
};

/** The API paths map onto the page routes' fixtures; only the URL and the body's shape differ. */
async function prepare(route: string, fresh: boolean): Promise<Prepared & { api: boolean; method: 'GET' | 'POST' }> {
  const [method, path] = route.split(' ') as ['GET' | 'POST', string];
  const api = path.startsWith('/api/v1/');
  const pagePath = api
    ? path
        .replace('/api/v1', '')
        .replace(/\/publication$/, '/publish')
        .replace(/\/closure$/, '/close')
    : path;
  if (api && pagePath === '/channel/meetings' && method === 'POST') return { url: path, body: await meetingBody(), api, method };
  const p = await ROUTES[pagePath]!(fresh);
  const url = api ? p.url.replace('/channel/', '/api/v1/channel/').replace(/\/publish$/, '/publication').replace(/\/close$/, '/closure') : p.url;
  let body = p.body;
  if (api && body && 'attended' in body) body = { attendees: attendees.map((memberId) => ({ memberId, canDecide: true })), version: body.version };
  return { url, body, api, method };
}

const asForm = (body: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(body).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : String(v)])) as Record<string, string | string[]>;

describe('Channel meetings access table', () => {
  for (const cell of parseAccessTable(TABLE)) {
    it(`${cell.route} as ${cell.who} → ${cell.expected}`, async () => {
      const succeeds = /^(2\d\d|303)$/.test(cell.expected) && cell.route.includes('POST');
      const p = await prepare(cell.route, succeeds);
      const c = clients.get(cell.who)!;
      const res =
        p.method === 'GET'
          ? p.api
            ? await json(c, 'GET', p.url)
            : await c.get(p.url)
          : p.api
            ? await json(c, 'POST', p.url, p.body ?? {})
            : await post(c, p.url, asForm(p.body ?? {}));
      if (cell.expected === '→in') {
        expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
        expect(res.headers.location).toBe('/sign-in');
      } else {
        expect(res.statusCode, res.body.slice(0, 500)).toBe(Number(cell.expected));
      }
    });
  }
});
