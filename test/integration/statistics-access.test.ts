// Who may read the official statistics: oversight, police Prevent supervisors, Channel chairs and local authority
// administrators (aggregate counts, no personal data). Everyone else signed in is refused (403), an organisation
// token is refused on the API (403: a named person reads them), and a signed-out visitor is sent to sign in (page)
// or gets a 401 (API). The table is the specification; each cell is one test.
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/db/schema.js';
import { api, tokenFor } from '../support/referrals.js';
import { createTestApp, DEMO, type Client, type TestApp } from '../support/testApp.js';

const TABLE = `
route                                  oversight supervisor chair admin officer otherPolice referrer member provider token signedOut
GET  /statistics                       200       200        200   200   403     403         403      403    403      -     →in
GET  /statistics?year=2024-25          200       200        200   200   403     403         403      403    403      -     →in
GET  /api/v1/statistics?year=2024-25   200       200        200   200   403     403         403      403    403      403   401
`;

const USERS: Record<string, string> = {
  oversight: DEMO.oversight,
  supervisor: DEMO.wmSupervisor,
  chair: DEMO.chair,
  admin: DEMO.admin,
  officer: DEMO.wmOfficer,
  otherPolice: DEMO.metOfficer,
  referrer: DEMO.schoolReferrer,
  member: DEMO.panelMember,
  provider: DEMO.provider,
};

let t: TestApp;
const clients = new Map<string, Client>();
let token: string;

beforeAll(async () => {
  t = await createTestApp();
  for (const [column, email] of Object.entries(USERS)) clients.set(column, await t.signIn(email));
  clients.set('signedOut', t.client());
  token = await tokenFor(t, 'bsmhft');
}, 180_000);
afterAll(() => t?.close());

const [header, ...lines] = TABLE.trim().split('\n');
const columns = header!.trim().split(/\s+/).slice(1);

function request(column: string, url: string): Promise<LightMyRequestResponse> {
  if (column === 'token') return api(t, token)('GET', url);
  return clients.get(column)!.get(url);
}

describe('access to the official statistics', () => {
  for (const line of lines) {
    const [, url, ...expected] = line.trim().split(/\s+/);
    columns.forEach((column, i) => {
      const cell = expected[i]!;
      if (cell === '-') return;
      it(`${url} as ${column}: ${cell}`, async () => {
        const before = await statisticsAudits();
        const res = await request(column, url!);
        if (cell === '→in') {
          expect(res.statusCode).toBe(303);
          expect(res.headers.location).toBe('/sign-in');
        } else expect(res.statusCode).toBe(Number(cell));
        // Every reading is audited; a refusal reads nothing.
        expect(await statisticsAudits()).toBe(before + (cell === '200' ? 1 : 0));
      });
    });
  }

  it('offers the Statistics link in the navigation only to those who may read them', async () => {
    for (const [column, c] of clients) {
      const nav = (await c.get('/dashboard')).body.includes('href="/statistics"');
      expect(nav, column).toBe(['oversight', 'supervisor', 'chair', 'admin'].includes(column));
    }
  });
});

async function statisticsAudits(): Promise<number> {
  const [row] = await t.db.database.db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(sql`${auditLog.recordType} = 'statistics'`);
  return Number(row?.n ?? 0);
}
