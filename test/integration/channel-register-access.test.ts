// Who may reach each page and endpoint of the register of Intervention Providers. The table is the specification;
// each cell is one test. Local authority administrators (Birmingham's, and Sandwell's created here) keep the
// register; Channel chairs read it (a change is a 403); nobody else finds it (404). An allowed change is audited,
// a refused one changes nothing.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { DEMO_PROVIDERS } from '../support/channelSteps.js';
import { accessClients, expectCell, parseAccessTable, providerForm, providerIdByName, providerJson, providerVersion, type AccessColumn } from '../support/panelSteps.js';
import { json, post } from '../support/sessionClient.js';
import { createTestApp, type Client, type TestApp } from '../support/testApp.js';

const TABLE = `
route                                  chair member otherPanel provider otherProvider police otherPolice oversight admin sandwellAdmin signedOut
GET  /channel/providers                200   404    404        404      404           404    404         404       200   200           →in
GET  /channel/providers/new            403   404    404        404      404           404    404         404       200   200           →in
POST /channel/providers                403   404    404        404      404           404    404         404       303   303           →in
GET  /channel/providers/:id            200   404    404        404      404           404    404         404       200   200           →in
POST /channel/providers/:id            403   404    404        404      404           404    404         404       303   303           →in
GET  /api/v1/channel/providers         200   404    404        404      404           404    404         404       200   200           401
POST /api/v1/channel/providers         403   404    404        404      404           404    404         404       201   201           401
GET  /api/v1/channel/providers/:id     200   404    404        404      404           404    404         404       200   200           401
POST /api/v1/channel/providers/:id     403   404    404        404      404           404    404         404       200   200           401
`;

let t: TestApp;
let clients: Map<AccessColumn, Client>;
let id: string;
let n = 0;

beforeAll(async () => {
  t = await createTestApp();
  clients = await accessClients(t);
  id = await providerIdByName(t, DEMO_PROVIDERS.bridges);
}, 180_000);
afterAll(() => t?.close());

const ROUTES: Record<string, (c: Client) => Promise<LightMyRequestResponse>> = {
  'GET /channel/providers': (c) => c.get('/channel/providers'),
  'GET /channel/providers/new': (c) => c.get('/channel/providers/new'),
  'POST /channel/providers': (c) => post(c, '/channel/providers', providerForm({ name: `Provider ${++n}` })),
  'GET /channel/providers/:id': (c) => c.get(`/channel/providers/${id}`),
  'POST /channel/providers/:id': async (c) => post(c, `/channel/providers/${id}`, providerForm({ name: DEMO_PROVIDERS.bridges, version: String(await providerVersion(t, id)) })),
  'GET /api/v1/channel/providers': (c) => json(c, 'GET', '/api/v1/channel/providers'),
  'POST /api/v1/channel/providers': (c) => json(c, 'POST', '/api/v1/channel/providers', providerJson({ name: `Provider ${++n}` })),
  'GET /api/v1/channel/providers/:id': (c) => json(c, 'GET', `/api/v1/channel/providers/${id}`),
  'POST /api/v1/channel/providers/:id': async (c) => json(c, 'POST', `/api/v1/channel/providers/${id}`, { ...providerJson({ name: DEMO_PROVIDERS.bridges }), version: await providerVersion(t, id) }),
};

describe('access to the register of Intervention Providers', () => {
  for (const cell of parseAccessTable(TABLE)) {
    it(`${cell.route} as ${cell.who} → ${cell.expected}`, async () => {
      const run = ROUTES[cell.route];
      if (!run) throw new Error(`no request for ${cell.route}`);
      await expectCell(t, cell, () => run(clients.get(cell.who)!));
    });
  }
});
