// Who may reach a provider's own work: every route of the provider pages and API against the Channel roles.
// The table is the specification; each cell is one test. `provider` is Pathways (assigned to the intervention);
// `otherProvider` is Bridges, not assigned to it. Outcomes: a status code, or `→in` (303 to /sign-in).
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProviderWorkService } from '../../src/modules/channel/providers/providerWork.service.js';
import { londonDate } from '../../src/platform/dates.js';
import { contextFor } from '../support/gatewaySteps.js';
import { endForm, interventionVersion, sessionForm, supportedCase, withdrawalForm } from '../support/providerWorkSteps.js';
import { json, post } from '../support/sessionClient.js';
import { createTestApp, DEMO, type Client, type TestApp } from '../support/testApp.js';
import { CHANNEL_USERS, parseAccessTable, signInColumns } from '../support/channelAccess.js';

const TABLE = `
route                                                          chair member otherPanel provider otherProvider police otherPolice oversight admin signedOut
GET  /provider/interventions                                   404   404    404        200      200           404    404         404       404   →in
GET  /provider/interventions/:id                               404   404    404        200      404           404    404         404       404   →in
GET  /provider/interventions/:id/sessions/new                  404   404    404        200      404           404    404         404       404   →in
POST /provider/interventions/:id/sessions                      404   404    404        303      404           404    404         404       404   →in
GET  /provider/interventions/:id/end                           404   404    404        200      404           404    404         404       404   →in
POST /provider/interventions/:id/end                           404   404    404        303      404           404    404         404       404   →in
GET  /provider/interventions/:id/consent-withdrawn             404   404    404        200      404           404    404         404       404   →in
POST /provider/interventions/:id/consent-withdrawn             404   404    404        303      404           404    404         404       404   →in
GET  /provider/interventions/:stopped/consent-withdrawn/confirmation 404 404 404       200      404           404    404         404       404   →in
GET  /api/v1/provider/interventions                            404   404    404        200      200           404    404         404       404   401
GET  /api/v1/provider/interventions/:id                        404   404    404        200      404           404    404         404       404   401
POST /api/v1/provider/interventions/:id/sessions               404   404    404        201      404           404    404         404       404   401
POST /api/v1/provider/interventions/:id/end                    404   404    404        200      404           404    404         404       404   401
POST /api/v1/provider/interventions/:id/consent-withdrawal     404   404    404        200      404           404    404         404       404   401
`;



let t: TestApp;
const clients = new Map<string, Client>();
/** An active Pathways intervention shared by every cell that does not change it for good. */
let shared: string;
/** A Pathways intervention stopped by a withdrawal of consent. */
let stopped: string;
const today = () => londonDate(new Date());

beforeAll(async () => {
  t = await createTestApp();
  for (const [col, c] of await signInColumns(t, CHANNEL_USERS)) clients.set(col, c);
  shared = (await supportedCase(t, 'Accessshared')).interventionIds[0]!;
  stopped = (await supportedCase(t, 'Accessstopped')).interventionIds[0]!;
  await createProviderWorkService(t.db.database.db).withdrawConsent(await contextFor(t, DEMO.provider), stopped, { withdrawnOn: today(), notes: undefined, version: await interventionVersion(t, stopped) });
}, 180_000);
afterAll(() => t?.close());

/** Ending an intervention or withdrawing consent is once only: the cell that succeeds gets its own intervention. */
const ONCE = /\/(end|consent-withdrawn|consent-withdrawal)$/;
let onceCount = 0;

/** The intervention a cell uses, and the body it sends (valid, at the current version, so only access decides). */
async function requestFor(method: string, path: string, who: string, expected: string): Promise<{ url: string; body?: Record<string, string | number> }> {
  const succeeds = /^2/.test(expected) || expected === '303';
  const id = path.includes(':stopped') ? stopped : method === 'POST' && ONCE.test(path) && succeeds && who === 'provider' ? (await supportedCase(t, `Accessonce${'abcdefghij'[++onceCount]}`)).interventionIds[0]! : shared;
  const url = path.replace(/:id|:stopped/, id);
  if (method === 'GET') return { url };
  const isApi = path.startsWith('/api/');
  const form = path.endsWith('/sessions') ? await sessionForm(t, id, today()) : path.endsWith('/end') ? await endForm(t, id, today()) : await withdrawalForm(t, id, today());
  if (!isApi) return { url, body: form };
  const version = await interventionVersion(t, id);
  const body: Record<string, string | number> = path.endsWith('/sessions')
    ? { heldOn: today(), attended: 'yes', engagement: 'engaged', version }
    : path.endsWith('/end')
      ? { endedOn: today(), endReport: 'Goal met', version }
      : { withdrawnOn: today(), version };
  return { url, body };
}

function outcome(res: LightMyRequestResponse): string {
  if (res.statusCode === 303 && res.headers.location === '/sign-in') return '→in';
  return String(res.statusCode);
}

describe('access to a provider’s own work', () => {
  for (const cell of parseAccessTable(TABLE)) {
    it(`${cell.method} ${cell.path} as ${cell.who} → ${cell.expected}`, async () => {
      const c = clients.get(cell.who)!;
      const { url, body } = await requestFor(cell.method, cell.path, cell.who, cell.expected);
      const res = cell.path.startsWith('/api/')
        ? await json(c, cell.method, url, body)
        : cell.method === 'GET'
          ? await c.get(url)
          : await post(c, url, body as Record<string, string>);
      expect(outcome(res), res.body.slice(0, 500)).toBe(cell.expected);
    });
  }
});
