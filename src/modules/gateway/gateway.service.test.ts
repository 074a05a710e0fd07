import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { referrals } from '../../db/schema.js';
import type { RequestContext } from '../../platform/access/actor.js';
import { findUserByEmail } from '../../platform/auth/users.repository.js';
import { createReferralService } from '../referrals/referrals.service.js';
import { publicReferralSchema } from '../referrals/referrals.schemas.js';
import { findOrganisationByCode } from '../organisations/organisations.repository.js';
import { createTestApp, DEMO, type TestApp } from '../../../test/support/testApp.js';
import { createGatewayService } from './gateway.service.js';

let t: TestApp;
let gateway: ReturnType<typeof createGatewayService>;
let referralsService: ReturnType<typeof createReferralService>;

async function as(email: string): Promise<RequestContext> {
  const u = await findUserByEmail(t.db.database.db, email);
  if (!u) throw new Error(email);
  return { actor: { kind: 'user', userId: u.id, displayName: u.displayName, roles: u.roles, organisation: u.organisation }, requestId: null, client: {} };
}

// A different person each time: a second referral about the same person would join the first one's open case.
let people = 0;
async function newReferral(familyName = `Gateway ${++people}`) {
  const submitted = await referralsService.submit(
    { actor: { kind: 'public' }, requestId: null, client: {} },
    {
      channel: 'public',
      submission: publicReferralSchema.parse({
        subject: { givenName: 'Test', familyName, gender: 'male', postcode: 'B1 1AA', dateOfBirth: '2009-03-14' },
        concern: { narrative: 'Concern', threatOfHarm: 'no' },
        awareness: { subjectAware: 'no', parentAware: 'no' },
        referrer: { anonymous: true },
      }),
      referrerUserId: null,
      referrerOrgId: null,
    },
  );
  return submitted.id;
}

const version = async (id: string) => (await t.db.database.db.select({ v: referrals.version }).from(referrals).where(eq(referrals.id, id)))[0]!.v;
const state = async (id: string) => (await t.db.database.db.select({ s: referrals.state }).from(referrals).where(eq(referrals.id, id)))[0]!;

beforeAll(async () => {
  t = await createTestApp();
  gateway = createGatewayService(t.db.database.db, t.config.retention);
  referralsService = createReferralService(t.db.database.db, { triageTargetWorkingDays: 5 });
});
afterAll(() => t.close());

async function assessed(familyName?: string) {
  const id = await newReferral(familyName);
  const officer = await as(DEMO.wmOfficer);
  await gateway.assign(officer, id, { officerId: (officer.actor as { userId: string }).userId, version: await version(id) });
  await gateway.recordCheck(officer, id, { kind: 'police_systems', source: 'PNC', requestedOn: '2026-01-05' });
  await gateway.recordDeconfliction(officer, id, { doneOn: '2026-01-05', sealedNotes: 'No live investigation' });
  await gateway.recordJudgement(officer, id, { concernPresent: 'yes', concernTypes: ['extreme_right_wing'], immediateRisk: 'no', rationale: 'Shares ERW material' });
  return { id, officer };
}

describe('gateway assessment', () => {
  it('needs an assigned officer before anything is recorded', async () => {
    const id = await newReferral();
    await expect(gateway.recordCheck(await as(DEMO.wmOfficer), id, { kind: 'police_systems', source: 'PNC', requestedOn: '2026-01-05' })).rejects.toMatchObject({ status: 409 });
  });

  it('refuses an outcome before the threshold judgement', async () => {
    const id = await newReferral();
    const officer = await as(DEMO.wmOfficer);
    await gateway.assign(officer, id, { officerId: (officer.actor as { userId: string }).userId, version: await version(id) });
    await expect(
      gateway.decide(officer, id, { outcome: 'police_led_management', rationale: 'x', referrerOutcome: 'ongoing_support', version: await version(id) }),
    ).rejects.toMatchObject({ status: 409, type: 'judgement-missing' });
  });

  it('holds no further action for a supervisor, who cannot be the decider', async () => {
    const { id, officer } = await assessed();
    const res = await gateway.decide(officer, id, { outcome: 'no_further_action', rationale: 'Context explains it', referrerOutcome: 'no_further_action', version: await version(id) });
    expect(res.needsApproval).toBe(true);
    expect((await state(id)).s).toBe('awaiting_approval');
    // An officer without the supervisor role cannot approve.
    await expect(gateway.review(officer, id, { decision: 'approve', version: await version(id) })).rejects.toMatchObject({ status: 403 });
    const supervisor = await as(DEMO.wmSupervisor);
    await gateway.review(supervisor, id, { decision: 'approve', version: await version(id) });
    const [row] = await t.db.database.db.select().from(referrals).where(eq(referrals.id, id));
    expect(row).toMatchObject({ state: 'closed', referrerOutcome: 'no_further_action', retentionRule: 'nfa_review' });
    expect(row!.retentionReviewOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const view = await gateway.caseView(officer, id);
    expect(view.decisions[0]).toMatchObject({ status: 'effective', decidedByName: expect.any(String), reviewedByName: expect.any(String) });
  });

  it('lets a supervisor return a decision with comments', async () => {
    const { id, officer } = await assessed();
    await gateway.decide(officer, id, { outcome: 'investigation_handover', rationale: 'Criminality', referrerOutcome: 'closed', sealedNotes: 'Op X', version: await version(id) });
    await expect(gateway.review(await as(DEMO.wmSupervisor), id, { decision: 'return', version: await version(id) })).resolves.toMatchObject({ state: 'in_assessment' });
    expect((await state(id)).s).toBe('in_assessment');
  });

  it('makes signposting and Channel referral effective at once, recording the disclosure', async () => {
    const a = await assessed();
    await gateway.decide(a.officer, a.id, { outcome: 'signposted', rationale: 'Needs mental health support', referrerOutcome: 'support_elsewhere', serviceType: 'mental_health', serviceName: 'CAMHS', serviceContact: 'duty@camhs.example', version: await version(a.id) });
    expect((await state(a.id)).s).toBe('signposted');
    const b = await assessed();
    const la = await findOrganisationByCode(t.db.database.db, 'birmingham');
    await gateway.decide(b.officer, b.id, { outcome: 'channel', rationale: 'Vulnerable', referrerOutcome: 'ongoing_support', localAuthorityId: la!.id, reasonableGrounds: 'Grounds', version: await version(b.id) });
    expect((await state(b.id)).s).toBe('referred_to_channel');
  });

  it('lets only one of two simultaneous decisions win', async () => {
    const { id, officer } = await assessed();
    const v = await version(id);
    const decide = () => gateway.decide(officer, id, { outcome: 'police_led_management', rationale: 'Monitor', referrerOutcome: 'ongoing_support', version: v });
    const results = await Promise.allSettled([decide(), decide()]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { status: 409 } });
  });

  it('refuses officers of another force as if the referral did not exist', async () => {
    const { id } = await assessed();
    await expect(gateway.caseView(await as(DEMO.metOfficer), id)).rejects.toMatchObject({ status: 404 });
    await expect(gateway.recordCheck(await as(DEMO.metOfficer), id, { kind: 'other', source: 'x', requestedOn: '2026-01-01' })).rejects.toMatchObject({ status: 404 });
  });
});
