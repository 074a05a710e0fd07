// Who may reach each page and endpoint of panel set-up. The table is the specification; each cell is one test.
// `:panelId` is Birmingham's panel: its administrator manages it, its chair reads it and co-opts members for its
// cases; Sandwell's administrator (created here: the demo has none) and everyone else find nothing (404).
// POSTs from a signed-in column carry the session's CSRF token; a POST that is allowed must be audited, a
// refused one must change nothing.
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { panelMembers } from '../../src/db/schema.js';
import { londonDate } from '../../src/platform/dates.js';
import { referToChannel } from '../support/channelSteps.js';
import { accessClients, expectCell, namedMemberForm, panelIdByName, panelVersion, parseAccessTable, type AccessColumn } from '../support/panelSteps.js';
import { orgId } from '../support/referrals.js';
import { json, post } from '../support/sessionClient.js';
import { createTestApp, type Client, type TestApp } from '../support/testApp.js';

const TABLE = `
route                                                   chair member otherPanel provider otherProvider police otherPolice oversight admin sandwellAdmin signedOut
GET  /channel/panels                                    200   404    404        404      404           404    404         404       200   200           →in
GET  /channel/panels/new                                404   404    404        404      404           404    404         404       200   200           →in
POST /channel/panels                                    404   404    404        404      404           404    404         404       422   422           →in
GET  /channel/panels/:panelId                           200   404    404        404      404           404    404         404       200   404           →in
POST /channel/panels/:panelId                           403   404    404        404      404           404    404         404       303   404           →in
GET  /channel/panels/:panelId/members/new               403   404    404        404      404           404    404         404       200   404           →in
POST /channel/panels/:panelId/members                   403   404    404        404      404           404    404         404       303   404           →in
POST /channel/panels/:panelId/members/:memberId/end     403   404    404        404      404           404    404         404       303   404           →in
GET  /channel/panels/:panelId/co-opt                    200   404    404        404      404           404    404         404       200   404           →in
POST /channel/panels/:panelId/co-opt                    303   404    404        404      404           404    404         404       303   404           →in
GET  /api/v1/channel/panels                             200   404    404        404      404           404    404         404       200   200           401
POST /api/v1/channel/panels                             404   404    404        404      404           404    404         404       422   422           401
GET  /api/v1/channel/panels/:panelId                    200   404    404        404      404           404    404         404       200   404           401
POST /api/v1/channel/panels/:panelId/settings           403   404    404        404      404           404    404         404       200   404           401
POST /api/v1/channel/panels/:panelId/members            403   404    404        404      404           404    404         404       201   404           401
POST /api/v1/channel/panels/:panelId/members/:memberId/end 403 404   404        404      404           404    404         404       204   404           401
GET  /api/v1/channel/panels/:panelId/open-cases         200   404    404        404      404           404    404         404       200   404           401
POST /api/v1/channel/panels/:panelId/co-opted-members   201   404    404        404      404           404    404         404       201   404           401
`;

let t: TestApp;
let clients: Map<AccessColumn, Client>;
let panelId: string;
let caseId: string;
let n = 0;

beforeAll(async () => {
  t = await createTestApp();
  clients = await accessClients(t);
  panelId = await panelIdByName(t, 'Birmingham Channel Panel');
  caseId = (await referToChannel(t, 'Accessperson')).channelCaseId;
}, 180_000);
afterAll(() => t?.close());

/** A fresh standing member to end, one per cell. */
async function freshMember(): Promise<string> {
  const id = randomUUID();
  await t.db.database.db.insert(panelMembers).values({ id, panelId, name: `Ending ${++n}`, organisationName: 'Somewhere', agency: 'housing', role: 'Officer', startedOn: londonDate(new Date()) });
  return id;
}

const settings = async () => ({ name: 'Birmingham Channel Panel', chairOrgId: await orgId(t, 'birmingham'), reviewIntervalDays: 30, version: await panelVersion(t, panelId) });
const stringify = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, String(v)]));
const coOpt = () => ({ channelCaseId: caseId, who: 'named', name: `Co-opted ${++n}`, organisationName: 'Faith forum', agency: 'other', role: 'Adviser', canDecide: false });

const ROUTES: Record<string, (c: Client) => Promise<LightMyRequestResponse>> = {
  'GET /channel/panels': (c) => c.get('/channel/panels'),
  'GET /channel/panels/new': (c) => c.get('/channel/panels/new'),
  'POST /channel/panels': async (c) => post(c, '/channel/panels', { name: 'Another panel', chairOrgId: await orgId(t, 'birmingham') }),
  'GET /channel/panels/:panelId': (c) => c.get(`/channel/panels/${panelId}`),
  'POST /channel/panels/:panelId': async (c) => post(c, `/channel/panels/${panelId}`, stringify(await settings())),
  'GET /channel/panels/:panelId/members/new': (c) => c.get(`/channel/panels/${panelId}/members/new`),
  'POST /channel/panels/:panelId/members': (c) => post(c, `/channel/panels/${panelId}/members`, namedMemberForm({ name: `Member ${++n}` })),
  'POST /channel/panels/:panelId/members/:memberId/end': async (c) => post(c, `/channel/panels/${panelId}/members/${await freshMember()}/end`),
  'GET /channel/panels/:panelId/co-opt': (c) => c.get(`/channel/panels/${panelId}/co-opt`),
  'POST /channel/panels/:panelId/co-opt': (c) => post(c, `/channel/panels/${panelId}/co-opt`, stringify({ ...coOpt(), canDecide: 'no' })),
  'GET /api/v1/channel/panels': (c) => json(c, 'GET', '/api/v1/channel/panels'),
  'POST /api/v1/channel/panels': async (c) => json(c, 'POST', '/api/v1/channel/panels', { name: 'Another panel', chairOrgId: await orgId(t, 'birmingham') }),
  'GET /api/v1/channel/panels/:panelId': (c) => json(c, 'GET', `/api/v1/channel/panels/${panelId}`),
  'POST /api/v1/channel/panels/:panelId/settings': async (c) => json(c, 'POST', `/api/v1/channel/panels/${panelId}/settings`, await settings()),
  'POST /api/v1/channel/panels/:panelId/members': (c) => json(c, 'POST', `/api/v1/channel/panels/${panelId}/members`, { ...namedMemberForm({ name: `Member ${++n}` }), organisationId: undefined, canDecide: true }),
  'POST /api/v1/channel/panels/:panelId/members/:memberId/end': async (c) => json(c, 'POST', `/api/v1/channel/panels/${panelId}/members/${await freshMember()}/end`),
  'GET /api/v1/channel/panels/:panelId/open-cases': (c) => json(c, 'GET', `/api/v1/channel/panels/${panelId}/open-cases`),
  'POST /api/v1/channel/panels/:panelId/co-opted-members': (c) => json(c, 'POST', `/api/v1/channel/panels/${panelId}/co-opted-members`, coOpt()),
};

describe('access to panel set-up', () => {
  for (const cell of parseAccessTable(TABLE)) {
    it(`${cell.route} as ${cell.who} → ${cell.expected}`, async () => {
      const run = ROUTES[cell.route];
      if (!run) throw new Error(`no request for ${cell.route}`);
      await expectCell(t, cell, () => run(clients.get(cell.who)!));
    });
  }
});
