// Who may see and act on people: the Prevent officers of a force holding a referral about the person read the
// possible earlier records and the person, and answer on candidates; only a supervisor of that force merges
// or undoes (another officer of the force is refused with 403). Everyone else gets a 404, the same as an
// unknown id, an organisation token is refused on the API (403: a named officer acts), and a signed-out
// visitor is sent to sign in (pages) or gets a 401 (API). A refusal records no combination of personal data.
// The table is the specification; each cell is one test.
//
// Fixtures: referral B's subject (record BR) was linked at triage to person record A (link L2), after an
// earlier link L1 of the same two was undone. So a supervisor's merge of A with BR is a 409 (already the same
// person) and undoing L1 again a 409 (already undone): the cells reach the rule without changing anything.
import type { LightMyRequestResponse } from 'fastify';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/db/schema.js';
import { createPeopleService } from '../../src/modules/people/people.service.js';
import { contextFor } from '../support/gatewaySteps.js';
import { api, referralById, tokenFor } from '../support/referrals.js';
import { createTestApp, DEMO, type Client, type TestApp } from '../support/testApp.js';

const TABLE = `
route                                                  officer supervisor otherPolice referrer chair member oversight admin provider token signedOut
GET  /cases/{B}/person                                 200     200        404         404      404   404    404       404   404      →in   →in
POST /cases/{B}/person                                 303     303        404         404      404   404    404       404   404      -     →in
GET  /people/{A}                                       200     200        404         404      404   404    404       404   404      →in   →in
GET  /people/{BR}                                      200     200        404         404      404   404    404       404   404      →in   →in
GET  /people/{A}/merge                                 403     200        404         404      404   404    404       404   404      →in   →in
POST /people/{A}/merge                                 403     409        404         404      404   404    404       404   404      -     →in
GET  /people/merges/{L1}/undo                          403     200        404         404      404   404    404       404   404      →in   →in
POST /people/merges/{L1}/undo                          403     409        404         404      404   404    404       404   404      -     →in
GET  /api/v1/referrals/{B}/person-candidates           200     200        404         404      404   404    404       404   404      403   401
POST /api/v1/referrals/{B}/person-decisions            201     201        404         404      404   404    404       404   404      403   401
GET  /api/v1/people/{A}                                200     200        404         404      404   404    404       404   404      403   401
GET  /api/v1/people/{A}/possible-duplicates            403     200        404         404      404   404    404       404   404      403   401
POST /api/v1/people/{A}/merges                         403     409        404         404      404   404    404       404   404      403   401
POST /api/v1/people/merges/{L1}/undo                   403     409        404         404      404   404    404       404   404      403   401
`;

const USERS: Record<string, string> = {
  officer: DEMO.wmOfficer,
  supervisor: DEMO.wmSupervisor,
  otherPolice: DEMO.metOfficer,
  referrer: DEMO.schoolReferrer,
  chair: DEMO.chair,
  member: DEMO.panelMember,
  oversight: DEMO.oversight,
  admin: DEMO.admin,
  provider: DEMO.provider,
};

/** A page with a form: the session's CSRF token for posts (every column has a session, signed in or not). */
const ANY_FORM = '/refer/person';

let t: TestApp;
const clients = new Map<string, Client>();
let token: string;
const ids: Record<string, string> = {};
let bodies: Record<string, Record<string, string>>;

beforeAll(async () => {
  t = await createTestApp();
  for (const [column, email] of Object.entries(USERS)) clients.set(column, await t.signIn(email));
  clients.set('signedOut', t.client());
  token = await tokenFor(t, 'northfield-academy');
  const refer = async (givenName: string, postcode: string) => {
    const res = await api(t, token)('POST', '/api/v1/referrals', {
      subject: { givenName, familyName: 'Bello', dateOfBirth: '2008-02-02', gender: 'male', postcode, address: '1 High Street', schoolOrWorkplace: 'Northfield Academy' },
      concern: { narrative: `Concern about ${givenName}`, threatOfHarm: 'no', supportNeeds: ['mental_health'] },
      awareness: { subjectAware: 'no', parentAware: 'yes' },
      professional: { name: 'Rachel Evans', role: 'Designated safeguarding lead', email: 'dsl@northfield.example', safeguardingLeadConsulted: 'yes', safeguardingLeadName: 'Ann Lead' },
    });
    if (res.statusCode !== 201) throw new Error(`referral: ${res.statusCode} ${res.body}`);
    const id = res.json().id as string;
    return { id, recordId: (await referralById(t, id))!.personRecordId };
  };
  const a = await refer('Abdullahi', 'B29 6QT');
  const b = await refer('Abdulahi', 'B30 2AB');
  const people = createPeopleService(t.db.database.db);
  const officer = await contextFor(t, DEMO.wmOfficer);
  const supervisor = await contextFor(t, DEMO.wmSupervisor);
  const first = await people.decide(officer, b.id, { candidateRecordId: a.recordId, decision: 'same' });
  await people.undoMerge(supervisor, first.mergeId!, { reason: 'Checked again' });
  await people.decide(officer, b.id, { candidateRecordId: a.recordId, decision: 'same' });
  Object.assign(ids, { A: a.recordId, B: b.id, BR: b.recordId, L1: first.mergeId! });
  bodies = {
    '/cases/{B}/person': { candidateRecordId: a.recordId, decision: 'unsure' },
    '/people/{A}/merge': { otherRecordId: b.recordId, reason: 'Same young man' },
    '/people/merges/{L1}/undo': { reason: 'Undo again' },
    '/api/v1/referrals/{B}/person-decisions': { candidateRecordId: a.recordId, decision: 'unsure' },
    '/api/v1/people/{A}/merges': { otherRecordId: b.recordId, reason: 'Same young man' },
    '/api/v1/people/merges/{L1}/undo': { reason: 'Undo again' },
  };
}, 180_000);
afterAll(() => t?.close());

const [header, ...lines] = TABLE.trim().split('\n');
const columns = header!.trim().split(/\s+/).slice(1);
const fill = (route: string) => route.replace(/\{(\w+)\}/g, (_, k: string) => ids[k]!);

async function request(column: string, method: string, route: string): Promise<LightMyRequestResponse> {
  const url = fill(route);
  const body = bodies[route];
  if (column === 'token') {
    if (url.startsWith('/api/')) return api(t, token)(method as 'GET' | 'POST', url, body);
    return t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  }
  const c = clients.get(column)!;
  if (method === 'GET') return c.get(url);
  if (url.startsWith('/api/')) {
    return c.request({ method: 'POST', url, headers: { 'content-type': 'application/json', 'x-csrf-token': await c.csrfToken(ANY_FORM) }, payload: JSON.stringify(body) });
  }
  return c.postForm(url, body!, ANY_FORM);
}

async function combinations(): Promise<number> {
  const [row] = await t.db.database.db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(eq(auditLog.action, 'combination'));
  return Number(row?.n ?? 0);
}

async function personViews(): Promise<number> {
  const [row] = await t.db.database.db
    .select({ n: sql<number>`count(*)::int` })
    .from(auditLog)
    .where(and(eq(auditLog.action, 'consultation'), eq(auditLog.event, 'person.viewed')));
  return Number(row?.n ?? 0);
}

describe('access to people and person matching', () => {
  for (const line of lines) {
    const [method, route, ...expected] = line.trim().split(/\s+/);
    columns.forEach((column, i) => {
      const cell = expected[i]!;
      if (cell === '-') return;
      it(`${method} ${route} as ${column}: ${cell}`, async () => {
        const before = { combinations: await combinations(), views: await personViews() };
        const res = await request(column, method!, route!);
        if (cell === '→in') {
          expect(res.statusCode).toBe(303);
          expect(res.headers.location).toBe('/sign-in');
        } else expect(res.statusCode, res.body.slice(0, 300)).toBe(Number(cell));
        // A refusal combines nothing and reads no one.
        if (cell === '→in' || ['401', '403', '404'].includes(cell)) {
          expect(await combinations()).toBe(before.combinations);
          expect(await personViews()).toBe(before.views);
        }
      });
    });
  }
});
