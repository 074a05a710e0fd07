// Repeat referrals: a referral about a person whose case is open joins that case (same force, events on
// both, a combination in the audit log); once the case is closed, a new referral starts a new case and is
// shown as the nth referral. Without a date of birth there is no exact key, so nothing joins.
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referralEvents } from '../../src/db/schema.js';
import { createTestApp, DEMO, type Client, type TestApp } from '../support/testApp.js';
import { api, apiReferral, auditRowsFor, orgId, referralById, tokenFor } from '../support/referrals.js';
import { gatewaySteps } from '../support/gatewaySteps.js';

let t: TestApp;
let post: ReturnType<typeof api>;
let officer: Client;
let steps: ReturnType<typeof gatewaySteps>;
let wmId: string;
let metId: string;

interface Made {
  id: string;
  reference: string;
}

async function refer(subject: Record<string, unknown>): Promise<Made> {
  const res = await post('POST', '/api/v1/referrals', apiReferral(String(subject.givenName), { subject }));
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Made>();
}

const events = (id: string) => t.db.database.db.select().from(referralEvents).where(eq(referralEvents.referralId, id)).orderBy(asc(referralEvents.occurredAt));

beforeAll(async () => {
  t = await createTestApp();
  post = api(t, await tokenFor(t, 'bsmhft'));
  officer = await t.signIn(DEMO.wmOfficer);
  steps = gatewaySteps(t);
  wmId = await orgId(t, 'west-midlands-police');
  metId = await orgId(t, 'met-police');
}, 60_000);
afterAll(() => t?.close());

describe('a referral about a person with an open case', () => {
  let first: Made;
  let second: Made;

  beforeAll(async () => {
    first = await refer({ givenName: 'Zoë', familyName: "O'Neill", dateOfBirth: '2010-04-05', postcode: 'B1 1AA' });
    // Same person, written differently, now with a London postcode that would route to the Met.
    second = await refer({ givenName: 'zoe', familyName: 'ONEILL', dateOfBirth: '2010-04-05', postcode: 'SW1A 1AA' });
  });

  it('joins the open case: same force, primary set, not a parallel case', async () => {
    const a = await referralById(t, first.id);
    const b = await referralById(t, second.id);
    expect(a).toMatchObject({ state: 'awaiting_triage', owningOrgId: wmId, primaryReferralId: null, personKey: 'zoe|oneill|2010-04-05' });
    expect(b).toMatchObject({ state: 'joined', owningOrgId: wmId, controllerOrgId: wmId, primaryReferralId: first.id, personKey: a!.personKey });
    // The open case changed (a new version), so a decision taken on a page read before the join is refused.
    expect(a!.version).toBe(3);
  });

  it('records the join on both timelines', async () => {
    const joined = await events(second.id);
    expect(joined.map((e) => e.type)).toEqual(['submitted', 'joined']);
    expect(joined[1]).toMatchObject({ fromState: 'received', toState: 'joined', data: { primaryReferralId: first.id, primaryReference: first.reference } });
    const open = await events(first.id);
    expect(open.map((e) => e.type)).toEqual(['submitted', 'routed', 'referral_joined']);
    expect(open[2]!.data).toEqual({ referralId: second.id, reference: second.reference });
  });

  it('writes a combination audit entry naming both referrals', async () => {
    const rows = await auditRowsFor(t, second.id, 'combination');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ event: 'referral.joined', regime: 'DPA_PART3' });
    expect([...rows[0]!.recordIds].sort()).toEqual([first.id, second.id].sort());
    expect(rows[0]!.purpose).toBeTruthy();
  });

  it('shows the open case on the queue, not the joined referral', async () => {
    const queue = (await officer.get('/triage')).body;
    expect(queue).toContain(`/cases/${first.id}"`);
    expect(queue).not.toContain(second.reference);
    const met = await t.signIn(DEMO.metOfficer);
    expect((await met.get('/triage')).body).not.toContain(second.reference);
  });

  it('the joined referral’s page points to the case carrying it, with no transfer of its own', async () => {
    const page = await officer.get(`/referrals/${second.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`href="/cases/${first.id}">${first.reference}</a>`);
    expect(page.body).not.toContain(`/referrals/${second.id}/transfer`);
  });

  it('a third referral joins the same case, not the joined one', async () => {
    const third = await refer({ givenName: 'Zoe', familyName: "O'Neill", dateOfBirth: '2010-04-05', postcode: 'B1 1AA' });
    expect(await referralById(t, third.id)).toMatchObject({ state: 'joined', primaryReferralId: first.id });
  });

  it('the joined referrals move with the case when it is transferred', async () => {
    const before = await referralById(t, first.id);
    const res = await officer.postForm(`/referrals/${first.id}/transfer`, { toOrganisationId: metId, reason: 'Lives in London now', version: String(before!.version) }, `/referrals/${first.id}`);
    expect(res.statusCode).toBe(303);
    expect((await referralById(t, first.id))!.owningOrgId).toBe(metId);
    expect((await referralById(t, second.id))!.owningOrgId).toBe(metId);
    expect((await events(second.id)).map((e) => e.type)).toContain('transferred');
    const disclosure = (await auditRowsFor(t, first.id, 'disclosure')).at(-1);
    expect(disclosure!.recordIds).toEqual(expect.arrayContaining([first.id, second.id]));
  });
});

describe('after the case is closed', () => {
  it('a new referral starts a new case, shown as the 2nd referral', async () => {
    const person = { givenName: 'Closedcase', familyName: 'Person', dateOfBirth: '1999-09-09', postcode: 'B1 1AA' };
    const first = await refer(person);
    await steps.closeWithNoFurtherAction(first.id);
    expect((await referralById(t, first.id))!.state).toBe('closed');
    const again = await refer({ ...person, postcode: 'SW1A 1AA' });
    // A new case is routed by its own postcode.
    expect(await referralById(t, again.id)).toMatchObject({ state: 'awaiting_triage', primaryReferralId: null, owningOrgId: metId });
    expect((await auditRowsFor(t, again.id, 'combination'))).toHaveLength(0);
    const met = await t.signIn(DEMO.metOfficer);
    const queue = (await met.get('/triage?repeat=yes')).body;
    const row = [...queue.matchAll(/<tr class="govuk-table__row">[\s\S]*?<\/tr>/g)].map((m) => m[0]).find((r) => r.includes(again.reference));
    expect(row).toContain('2nd referral');
  });
});

describe('without a date of birth', () => {
  it('never joins: there is no exact key', async () => {
    const person = { givenName: 'Nodob', familyName: 'Person', dateOfBirth: undefined, approximateAge: 15, postcode: 'B1 1AA' };
    const a = await refer(person);
    const b = await refer(person);
    for (const m of [a, b]) expect(await referralById(t, m.id)).toMatchObject({ state: 'awaiting_triage', personKey: null, primaryReferralId: null });
    const queue = (await officer.get('/triage')).body;
    expect(queue).toContain(a.reference);
    expect(queue).toContain(b.reference);
  });
});

describe('two referrals about a new person at the same moment', () => {
  it('make one case and one joined referral, never two parallel cases', async () => {
    const person = { givenName: 'Simultaneous', familyName: 'Person', dateOfBirth: '2001-01-01', postcode: 'B1 1AA' };
    const made = await Promise.all([refer(person), refer(person), refer(person)]);
    const rows = await Promise.all(made.map((m) => referralById(t, m.id)));
    expect(rows.map((r) => r!.state).sort()).toEqual(['awaiting_triage', 'joined', 'joined']);
    const primary = rows.find((r) => r!.state === 'awaiting_triage')!;
    expect(rows.filter((r) => r!.state === 'joined').every((r) => r!.primaryReferralId === primary.id)).toBe(true);
  });
});
