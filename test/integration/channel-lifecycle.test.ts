// The Channel rules shared by every route, called as the demo users would: support never starts without live
// consent or with a provider whose approval has lapsed; a withdrawal stops support, tells every provider, the
// chair and the police at once and hands the case back to the police; exit schedules the post-exit reviews and
// closes the referral; a transfer opens a case at the new area's panel; a reopened case returns to the agenda.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interventionProviders, interventions, notifications, postExitReviews, referrals, channelCases } from '../../src/db/schema.js';
import { loadChannelCase, type LoadedChannelCase } from '../../src/modules/channel/cases/channelCase.repository.js';
import { exitCase, reopenCase, transferCase, withdrawConsent } from '../../src/modules/channel/cases/lifecycle.js';
import { addIntervention, recordConsent } from '../../src/modules/channel/cases/supportRules.js';
import type { RequestContext } from '../../src/platform/access/actor.js';
import { addMonths, formatDay, londonDate } from '../../src/platform/dates.js';
import { ConflictError, ForbiddenError, ValidationError } from '../../src/platform/errors.js';
import { adoptCase, channelCaseRow, consentAndSupport, DEMO_PROVIDERS, referToChannel } from '../support/channelSteps.js';
import { contextFor } from '../support/gatewaySteps.js';
import { api, apiReferral, orgId, tokenFor, userId } from '../support/referrals.js';
import { createTestApp, DEMO, type TestApp } from '../support/testApp.js';

let t: TestApp;
const today = () => londonDate(new Date());

beforeAll(async () => {
  t = await createTestApp();
}, 60_000);
afterAll(() => t?.close());

async function inCase<T>(ctx: RequestContext, id: string, fn: (tx: Parameters<Parameters<TestApp['db']['database']['db']['transaction']>[0]>[0], loaded: LoadedChannelCase) => Promise<T>): Promise<T> {
  const user = ctx.actor.kind === 'user' ? ctx.actor.userId : null;
  return t.db.database.db.transaction(async (tx) => fn(tx, (await loadChannelCase(tx, id, user, true))!));
}

const providerId = async (name: string) => (await t.db.database.db.select({ id: interventionProviders.id }).from(interventionProviders).where(eq(interventionProviders.name, name)))[0]!.id;

describe('starting support', () => {
  it('refuses consent and support before adoption, support without live consent, and a lapsed provider', async () => {
    const chair = await contextFor(t, DEMO.chair);
    const { channelCaseId } = await referToChannel(t, 'Early');
    const consent = { status: 'given', givenBy: 'parent_guardian', giverName: 'P', relationship: 'Father', soughtHow: 'Visit', soughtBy: 'Chair', soughtOn: today(), decidedOn: today(), purposes: 'Support' } as const;
    await expect(inCase(chair, channelCaseId, (tx, l) => recordConsent(tx, chair, l, consent))).rejects.toBeInstanceOf(ConflictError);
    await adoptCase(t, channelCaseId);
    const intervention = { typeCode: 'practical_mentoring', providerId: await providerId(DEMO_PROVIDERS.pathways), goal: 'G', contactRoute: 'School', startsOn: today(), expectedSessions: 4 };
    const noConsent = inCase(chair, channelCaseId, (tx, l) => addIntervention(tx, chair, l, intervention));
    await expect(noConsent).rejects.toMatchObject({ type: 'no-live-consent' });
    // Under 18: the person cannot consent for themselves.
    await expect(inCase(chair, channelCaseId, (tx, l) => recordConsent(tx, chair, l, { ...consent, givenBy: 'person' }))).rejects.toBeInstanceOf(ValidationError);
    await inCase(chair, channelCaseId, (tx, l) => recordConsent(tx, chair, l, consent));
    const expiredId = await providerId(DEMO_PROVIDERS.expired);
    const expired = inCase(chair, channelCaseId, (tx, l) => addIntervention(tx, chair, l, { ...intervention, providerId: expiredId }));
    await expect(expired).rejects.toMatchObject({ errors: [{ field: 'providerId' }] });
    const started = await inCase(chair, channelCaseId, (tx, l) => addIntervention(tx, chair, l, intervention));
    expect(started).toMatch(/^[0-9a-f-]{36}$/);
    // A provider not working with the person cannot record a withdrawal; nor can police of another force.
    for (const email of [DEMO.otherProvider, DEMO.metOfficer, DEMO.panelMember]) {
      const who = await contextFor(t, email);
      await expect(inCase(who, channelCaseId, (tx, l) => withdrawConsent(tx, who, l, { withdrawnOn: today(), route: 'provider', version: l.row.version })), email).rejects.toBeInstanceOf(ForbiddenError);
    }
  });
});

describe('withdrawing consent', () => {
  it('stops support, tells both providers, the chair and the police at once, and returns the case to the police', async () => {
    const { referralId, channelCaseId } = await referToChannel(t, 'Withdrawer');
    await adoptCase(t, channelCaseId);
    await consentAndSupport(t, channelCaseId, [DEMO_PROVIDERS.pathways, DEMO_PROVIDERS.bridges]);
    const provider = await contextFor(t, DEMO.provider);
    await inCase(provider, channelCaseId, (tx, l) => withdrawConsent(tx, provider, l, { withdrawnOn: today(), route: 'provider', notes: 'Told the mentor at the session', version: l.row.version }));

    expect((await channelCaseRow(t, channelCaseId)).state).toBe('returned_to_police');
    const rows = await t.db.database.db.select().from(interventions).where(eq(interventions.channelCaseId, channelCaseId));
    expect(rows.map((r) => r.status)).toEqual(['stopped', 'stopped']);
    const [referral] = await t.db.database.db.select().from(referrals).where(eq(referrals.id, referralId));
    expect(referral!.state).toBe('police_led_management');
    expect(referral!.nextReviewOn).not.toBeNull();
    for (const email of [DEMO.provider, DEMO.otherProvider, DEMO.chair, DEMO.wmOfficer, DEMO.wmSupervisor]) {
      const mine = await t.db.database.db.select().from(notifications).where(and(eq(notifications.userId, await userId(t, email)), eq(notifications.referralId, referralId)));
      expect(mine.map((n) => n.kind), email).toEqual(['channel.consent_withdrawn']);
    }
    const other = await t.db.database.db.select().from(notifications).where(and(eq(notifications.userId, await userId(t, DEMO.metOfficer)), eq(notifications.referralId, referralId)));
    expect(other).toHaveLength(0);
  });
});

describe('leaving Channel', () => {
  it('exits with post-exit reviews at 6 and 12 months, closes the referral with a retention date, and reopens', async () => {
    const chair = await contextFor(t, DEMO.chair);
    const { referralId, channelCaseId } = await referToChannel(t, 'Leaver');
    await adoptCase(t, channelCaseId);
    await consentAndSupport(t, channelCaseId, [DEMO_PROVIDERS.pathways]);
    await inCase(chair, channelCaseId, (tx, l) => exitCase(tx, chair, l, { reason: 'vulnerability_reduced', closingReport: 'Engaged well; no further concerns', version: l.row.version }, t.config.retention));
    const reviews = await t.db.database.db.select().from(postExitReviews).where(eq(postExitReviews.channelCaseId, channelCaseId));
    expect(reviews.map((r) => [r.monthsAfterExit, r.dueOn]).sort()).toEqual([
      [12, addMonths(today(), 12)],
      [6, addMonths(today(), 6)],
    ]);
    const [closed] = await t.db.database.db.select().from(referrals).where(eq(referrals.id, referralId));
    expect(closed).toMatchObject({ state: 'closed', retentionRule: 'channel_exit_review' });
    expect(closed!.retentionReviewOn).not.toBeNull();

    // A new referral about the same person links back to the closed Channel case, and the police see both.
    const again = await api(t, await tokenFor(t, 'bsmhft'))('POST', '/api/v1/referrals', apiReferral('Leaver', { subject: { dateOfBirth: '2010-05-01' } }));
    expect(again.statusCode).toBe(201);
    const officer = await t.signIn(DEMO.wmOfficer);
    const page = await officer.get(`/cases/${(again.json() as { id: string }).id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`Referred to Channel (exited on ${formatDay(today())}, vulnerability reduced)`);
    const original = await officer.get(`/cases/${referralId}`);
    expect(original.body).toContain(`href="/channel/cases/${channelCaseId}"`);

    await inCase(chair, channelCaseId, (tx, l) => reopenCase(tx, chair, l, { version: l.row.version, reviewId: reviews[0]!.id }));
    expect((await channelCaseRow(t, channelCaseId)).state).toBe('awaiting_panel');
    const [reopened] = await t.db.database.db.select().from(referrals).where(eq(referrals.id, referralId));
    expect(reopened).toMatchObject({ state: 'referred_to_channel', closedAt: null, retentionReviewOn: null });
  });

  it('transfers a person who moved to the other area’s panel as a new case linked to this one', async () => {
    const chair = await contextFor(t, DEMO.chair);
    const { referralId, channelCaseId } = await referToChannel(t, 'Mover');
    const sandwell = await orgId(t, 'sandwell');
    await expect(inCase(chair, channelCaseId, (tx, l) => transferCase(tx, chair, l, { targetLocalAuthorityId: l.row.localAuthorityId, closingReport: 'x', version: l.row.version }))).rejects.toBeInstanceOf(ValidationError);
    const { newCaseId } = await inCase(chair, channelCaseId, (tx, l) => transferCase(tx, chair, l, { targetLocalAuthorityId: sandwell, closingReport: 'Moved to Sandwell', version: l.row.version }));
    const [moved] = await t.db.database.db.select().from(channelCases).where(eq(channelCases.id, newCaseId));
    expect(moved).toMatchObject({ referralId, localAuthorityId: sandwell, state: 'awaiting_panel', referredVia: 'transfer', previousCaseId: channelCaseId });
    expect((await channelCaseRow(t, channelCaseId)).state).toBe('transferred');
  });

  it('refuses a stale version and a step the case is not in a state for', async () => {
    const chair = await contextFor(t, DEMO.chair);
    const { channelCaseId } = await referToChannel(t, 'Stale');
    await expect(inCase(chair, channelCaseId, (tx, l) => exitCase(tx, chair, l, { reason: 'vulnerability_reduced', closingReport: 'x', version: l.row.version }, t.config.retention))).rejects.toMatchObject({ type: 'illegal-transition' });
    await adoptCase(t, channelCaseId);
    await expect(inCase(chair, channelCaseId, (tx, l) => exitCase(tx, chair, l, { reason: 'vulnerability_reduced', closingReport: 'x', version: l.row.version - 1 }, t.config.retention))).rejects.toMatchObject({ type: 'stale' });
    const met = await contextFor(t, DEMO.metOfficer);
    await expect(inCase(met, channelCaseId, (tx, l) => exitCase(tx, met, l, { reason: 'vulnerability_reduced', closingReport: 'x', version: l.row.version }, t.config.retention))).rejects.toBeInstanceOf(ForbiddenError);
  });
});
