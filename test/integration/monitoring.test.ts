// Monitoring after the gateway through the real pages: a signposting's follow-up answered by the receiving
// service or recorded by the officer, closing the case, the overdue escalation job (called with a chosen `now`),
// police-led management reviews, the dashboard's counts and who may reach each new page.
import { addDays } from '../../src/platform/dates.js';
import type { LightMyRequestResponse } from 'fastify';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, notifications, policeLedReviews, referrals, signpostFollowUps } from '../../src/db/schema.js';
import { escalateOverdue, startMonitoring } from '../../src/modules/monitoring/monitoring.service.js';
import { STALE_ON_FORM } from '../../src/modules/monitoring/monitoring.routes.js';
import { retentionFor } from '../../src/modules/gateway/retention.js';
import { ValidationError } from '../../src/platform/errors.js';
import { startBackgroundJobs } from '../../src/platform/jobs.js';
import { londonDate } from '../../src/platform/workingDays.js';
import { expect303To, summary } from '../support/pageAssertions.js';
import { post } from '../support/sessionClient.js';
import { createTestApp, DEMO, type Client, type TestApp } from '../support/testApp.js';
import { orgId, referralById, userId } from '../support/referrals.js';
import { monitoringSteps, SIGNPOST_RATIONALE } from '../support/monitoringSteps.js';

type Form = Record<string, string | string[]>;

let t: TestApp;
let steps: ReturnType<typeof monitoringSteps>;
let officer: Client;
let supervisor: Client;
let met: Client;
let nhs: Client;
let probation: Client;
let nhsOrgId: string;
let birminghamId: string;
const today = () => londonDate(new Date());

const version = async (id: string) => String((await referralById(t, id))!.version);
const followUpRow = async (referralId: string) => (await t.db.database.db.select().from(signpostFollowUps).where(eq(signpostFollowUps.referralId, referralId)))[0]!;


/** The value shown against a summary-list key on a page, whitespace collapsed. */
function valueOf(body: string, key: string): string {
  const m = new RegExp(`<dt class="govuk-summary-list__key">\\s*${key}\\s*</dt>\\s*<dd class="govuk-summary-list__value">([\\s\\S]*?)</dd>`).exec(body);
  return (m?.[1] ?? '').replace(/\s+/g, ' ').trim();
}

const reviewForm = (decision: string, extra: Form = {}): Form => {
  const [y, m, d] = today().split('-');
  return { 'reviewedOn-day': d!, 'reviewedOn-month': m!, 'reviewedOn-year': y!, changes: 'Started college', actions: 'Met the family', decision, rationale: 'Still some concern', ...extra };
};

beforeAll(async () => {
  t = await createTestApp();
  steps = monitoringSteps(t);
  [officer, supervisor, met, nhs, probation] = await Promise.all([
    t.signIn(DEMO.wmOfficer),
    t.signIn(DEMO.wmSupervisor),
    t.signIn(DEMO.metOfficer),
    t.signIn(DEMO.nhsReferrer),
    t.signIn(DEMO.probationReferrer),
  ]);
  nhsOrgId = await orgId(t, 'bsmhft');
  birminghamId = await orgId(t, 'birmingham');
}, 60_000);
afterAll(() => t?.close());

describe('signposting is followed up', () => {
  it('creates a follow-up due after the force’s follow-up period, in the decision’s transaction', async () => {
    const { id, followUpId } = await steps.signpostedCase({ receivingOrganisationId: nhsOrgId });
    const fu = await followUpRow(id);
    expect(fu).toMatchObject({ id: followUpId, receivingOrganisationId: nhsOrgId, serviceName: 'CAMHS Birmingham', serviceContact: 'duty@camhs.example', acknowledgedAt: null, outcome: null, escalatedAt: null });
    // Default force settings: 20 calendar days.
    expect(fu.dueOn).toBe(addDays(today(), 20));
    expect((await referralById(t, id))!.state).toBe('signposted');
    const shared = await t.db.database.db.select().from(auditLog).where(and(eq(auditLog.event, 'gateway.shared.signposted'), sql`${id} = ANY(${auditLog.recordIds})`));
    expect(shared[0]?.recipients).toEqual([nhsOrgId]);
  });

  it('refuses a receiving organisation that is a police force, and the whole decision with it', async () => {
    const id = await steps.assessedCase();
    const wmPolice = await orgId(t, 'west-midlands-police');
    await expect(
      steps.decide(id, { outcome: 'signposted', serviceType: 'other', serviceName: 'X', serviceContact: 'Y', receivingOrganisationId: wmPolice, referrerOutcome: 'support_elsewhere', rationale: 'R' }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect((await referralById(t, id))!.state).toBe('in_assessment');
  });

  it('lets the receiving organisation’s user acknowledge it and record the outcome, seeing only the minimum', async () => {
    const { id, followUpId } = await steps.signpostedCase({ givenName: 'Receivedperson', receivingOrganisationId: nhsOrgId });

    const list = await nhs.get('/follow-ups');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Receivedperson Example');
    expect(list.body).toContain(`href="/follow-ups/${followUpId}"`);

    const page = await nhs.get(`/follow-ups/${followUpId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Receivedperson Example');
    expect(page.body).toContain('1 May 2008');
    expect(page.body).toContain('Mental health services: CAMHS Birmingham');
    expect(page.body).toContain('West Midlands Police');
    // Never the police's working: not the rationale, the referral's narrative or the case's reference.
    expect(page.body).not.toContain(SIGNPOST_RATIONALE);
    expect(page.body).not.toContain('Narrative about');
    expect(page.body).not.toContain((await referralById(t, id))!.reference);
    const disclosed = await t.db.database.db.select().from(auditLog).where(and(eq(auditLog.event, 'monitoring.follow_up_disclosed'), sql`${followUpId} = ANY(${auditLog.recordIds})`));
    expect(disclosed[0]).toMatchObject({ action: 'disclosure', recipients: [nhsOrgId], purpose: 'Follow-up of a signposting by the receiving service' });

    expect303To(await post(nhs, `/follow-ups/${followUpId}/acknowledge`), `/follow-ups/${followUpId}`);
    const acked = await followUpRow(id);
    expect(acked.acknowledgedBy).toBe(await userId(t, DEMO.nhsReferrer));
    expect(acked.acknowledgementRecordedByOfficer).toBe(false);
    const again = await post(nhs, `/follow-ups/${followUpId}/acknowledge`);
    expect(again.statusCode).toBe(409);
    expect(summary(again)).toEqual(['#acknowledge The request is already acknowledged.']);

    const blank = await post(nhs, `/follow-ups/${followUpId}/outcome`, { outcome: ' ' });
    expect(blank.statusCode).toBe(422);
    expect(summary(blank)).toEqual(['#outcome Enter what the service did: the support offered and whether it was taken up']);
    expect303To(await post(nhs, `/follow-ups/${followUpId}/outcome`, { outcome: 'Assessed; attending weekly sessions' }), `/follow-ups/${followUpId}`);
    expect((await followUpRow(id)).outcome).toBe('Assessed; attending weekly sessions');
    // Answered: it leaves the organisation's list of requests waiting for an answer.
    expect((await nhs.get('/follow-ups')).body).not.toContain('Receivedperson Example');

    // The officer sees the answer and closes the case.
    const officerPage = await officer.get(`/cases/${id}/follow-up`);
    expect(officerPage.body).toContain('Assessed; attending weekly sessions');
    expect(officerPage.body).toContain('Tom Fletcher');
    expect(officerPage.body).toContain('Close the case');
    const noNote = await post(officer, `/cases/${id}/follow-up`, { close: 'yes', version: await version(id) });
    expect(noNote.statusCode).toBe(422);
    expect(summary(noNote)).toEqual(['#closingNote Enter a closing note', '#referrerOutcome Select what the referrer will be told']);
    expect303To(await post(officer, `/cases/${id}/follow-up`, { close: 'yes', closingNote: 'Support in place', referrerOutcome: 'support_elsewhere', version: await version(id) }), `/cases/${id}`);
    const closed = await referralById(t, id);
    expect(closed).toMatchObject({ state: 'closed', referrerOutcome: 'support_elsewhere', retentionRule: 'signposted_review' });
    expect(closed!.closedAt).toBeInstanceOf(Date);
    expect(closed!.retentionReviewOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const afterClose = await officer.get(`/cases/${id}/follow-up`);
    expect(afterClose.body).toContain('Closing note: Support in place');
    // Nothing more to answer once the case is closed.
    expect((await post(nhs, `/follow-ups/${followUpId}/acknowledge`)).statusCode).toBe(409);
  });

  it('lets the officer record the acknowledgement and the outcome on the service’s behalf, and close in the same step', async () => {
    const { id } = await steps.signpostedCase();
    const page = await officer.get(`/cases/${id}/follow-up`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Not on this service: record its answers here');
    expect303To(await post(officer, `/cases/${id}/follow-up/acknowledge`), `/cases/${id}/follow-up`);
    expect(await followUpRow(id)).toMatchObject({ acknowledgementRecordedByOfficer: true, acknowledgedBy: await userId(t, DEMO.wmOfficer) });
    expect((await officer.get(`/cases/${id}/follow-up`)).body).toContain('recorded by Daniel Hughes on the service’s behalf');

    const nothing = await post(officer, `/cases/${id}/follow-up`, { version: await version(id) });
    expect(nothing.statusCode).toBe(422);
    expect(summary(nothing)).toEqual(['#close Select whether to close the case now']);
    const closeUnanswered = await post(officer, `/cases/${id}/follow-up`, { close: 'yes', closingNote: 'Done', referrerOutcome: 'closed', version: await version(id) });
    expect(closeUnanswered.statusCode).toBe(422);
    expect(summary(closeUnanswered)).toEqual(['#outcome Enter what the service did before closing the case']);
    expect(closeUnanswered.body).toContain('Done');

    const stale = await post(officer, `/cases/${id}/follow-up`, { outcome: 'Family declined', close: 'yes', closingNote: 'Declined', referrerOutcome: 'closed', version: String(Number(await version(id)) - 1) });
    expect(stale.statusCode).toBe(409);
    expect(summary(stale)).toEqual([`#outcome ${STALE_ON_FORM}`]);
    expect((await followUpRow(id)).outcome).toBeNull();

    expect303To(await post(officer, `/cases/${id}/follow-up`, { outcome: 'Family declined the offer', close: 'yes', closingNote: 'Declined; no Prevent concern', referrerOutcome: 'closed', version: await version(id) }), `/cases/${id}`);
    const fu = await followUpRow(id);
    expect(fu.outcome).toBe('Family declined the offer');
    expect(fu.outcomeRecordedBy).toBe(await userId(t, DEMO.wmOfficer));
    expect((await referralById(t, id))!.state).toBe('closed');
  });

  it('records only the outcome when the officer does not close yet', async () => {
    const { id } = await steps.signpostedCase();
    expect303To(await post(officer, `/cases/${id}/follow-up`, { outcome: 'First session booked', close: 'no', version: await version(id) }), `/cases/${id}/follow-up`);
    expect(await followUpRow(id)).toMatchObject({ outcome: 'First session booked', acknowledgementRecordedByOfficer: true });
    expect((await referralById(t, id))!.state).toBe('signposted');
  });

  it('is not found for another organisation’s users, another force and the receiving user on police pages', async () => {
    const { id, followUpId } = await steps.signpostedCase({ givenName: 'Hiddenperson', receivingOrganisationId: nhsOrgId });
    for (const c of [probation, met, officer, supervisor]) {
      expect((await c.get(`/follow-ups/${followUpId}`)).statusCode).toBe(404);
      expect((await post(c, `/follow-ups/${followUpId}/acknowledge`)).statusCode).toBe(404);
      expect((await post(c, `/follow-ups/${followUpId}/outcome`, { outcome: 'Not mine' })).statusCode).toBe(404);
    }
    expect((await probation.get('/follow-ups')).body).not.toContain('Hiddenperson');
    for (const c of [met, nhs, probation]) {
      expect((await c.get(`/cases/${id}/follow-up`)).statusCode).toBe(404);
      expect((await post(c, `/cases/${id}/follow-up`, { outcome: 'X', close: 'no', version: await version(id) })).statusCode).toBe(404);
    }
    expect(await followUpRow(id)).toMatchObject({ acknowledgedAt: null, outcome: null });
  });
});

describe('overdue follow-ups', () => {
  it('are escalated once to each supervisor of the holding force, and the supervisor opens them from the dashboard', async () => {
    const { id } = await steps.signpostedCase({ givenName: 'Overdueperson' });
    const later = new Date(Date.now() + 40 * 86_400_000);
    const supervisorId = await userId(t, DEMO.wmSupervisor);
    const forCase = () => t.db.database.db.select().from(notifications).where(eq(notifications.referralId, id));

    // Two runners at once (as two instances would), then a later run: still one notification per supervisor.
    await Promise.all([escalateOverdue(t.db.database.db, later), escalateOverdue(t.db.database.db, later)]);
    await escalateOverdue(t.db.database.db, new Date(later.getTime() + 86_400_000));
    const sent = await forCase();
    expect(sent.map((n) => n.userId)).toEqual([supervisorId]);
    expect(sent[0]).toMatchObject({ kind: 'follow_up_overdue', readAt: null });
    expect(sent[0]!.message).toContain((await referralById(t, id))!.reference);
    expect((await followUpRow(id)).escalatedAt).toBeInstanceOf(Date);
    // Not escalated before it is due.
    const { id: notDue } = await steps.signpostedCase();
    await escalateOverdue(t.db.database.db, new Date());
    expect((await followUpRow(notDue)).escalatedAt).toBeNull();

    const dashboard = await supervisor.get('/dashboard');
    expect(dashboard.body).toContain(`href="/notifications/${sent[0]!.id}"`);
    expect((await officer.get('/dashboard')).body).not.toContain(`/notifications/${sent[0]!.id}`);
    expect((await officer.get(`/notifications/${sent[0]!.id}`)).statusCode).toBe(404);
    expect303To(await supervisor.get(`/notifications/${sent[0]!.id}`), `/cases/${id}/follow-up`);
    expect((await forCase())[0]!.readAt).toBeInstanceOf(Date);
    expect((await supervisor.get('/dashboard')).body).not.toContain(`/notifications/${sent[0]!.id}`);
  });

  it('are escalated by the background job as soon as it starts (under its advisory lock)', async () => {
    const { id } = await steps.signpostedCase();
    await t.db.database.db.update(signpostFollowUps).set({ dueOn: addDays(today(), -1) }).where(eq(signpostFollowUps.referralId, id));
    const jobs = startBackgroundJobs(t.app, t.db.database);
    // stop() waits for the run in progress: the one made at start.
    await jobs.stop();
    expect((await followUpRow(id)).escalatedAt).toBeInstanceOf(Date);
    expect(await t.db.database.db.select().from(notifications).where(eq(notifications.referralId, id))).toHaveLength(1);
  });

  it('appear on the force’s dashboard and monitoring list until answered', async () => {
    const { id } = await steps.signpostedCase({ givenName: 'Lateperson' });
    await t.db.database.db.update(signpostFollowUps).set({ dueOn: addDays(today(), -1) }).where(eq(signpostFollowUps.referralId, id));
    const dashboard = (await officer.get('/dashboard')).body;
    expect(valueOf(dashboard, 'Overdue signposting follow-ups')).toMatch(/^<a class="govuk-link" href="\/monitoring#follow-ups">\d+ follow-ups?<\/a>$/);
    const list = (await officer.get('/monitoring')).body;
    expect(list).toContain(`href="/cases/${id}/follow-up"`);
    expect(list).toMatch(/Lateperson Example[\s\S]*?Overdue:/);
    expect((await met.get('/monitoring')).body).not.toContain('Lateperson');
    expect((await officer.get(`/cases/${id}/follow-up`)).body).toContain('This follow-up is overdue');
  });
});

describe('police-led management reviews', () => {
  it('sets the first review date by the force’s cadence when police-led management takes effect', async () => {
    const id = await steps.policeLedCase();
    expect((await referralById(t, id))!.nextReviewOn).toBe(addDays(today(), 30));
    const page = await officer.get(`/cases/${id}/review`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Reviews are every 30 days');
  });

  it('shows every missing answer in the error summary, keeping what was typed', async () => {
    const id = await steps.policeLedCase();
    const res = await post(officer, `/cases/${id}/review`, { changes: 'Typed this', version: await version(id) });
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/<title>Error: /);
    expect(summary(res)).toEqual([
      '#reviewedOn-day Enter the date of the review',
      '#actions Enter the actions taken or planned',
      '#decision Select the decision of the review',
      '#rationale Enter the rationale for your decision',
    ]);
    expect(res.body).toContain('Typed this');
  });

  it('continues with the next review date by the cadence, from the day of the review', async () => {
    const id = await steps.policeLedCase();
    expect303To(await post(officer, `/cases/${id}/review`, { ...reviewForm('continue'), version: await version(id) }), `/cases/${id}/review`);
    const after = await referralById(t, id);
    expect(after).toMatchObject({ state: 'police_led_management', nextReviewOn: addDays(today(), 30) });
    const [review] = await t.db.database.db.select().from(policeLedReviews).where(eq(policeLedReviews.referralId, id));
    expect(review).toMatchObject({ decision: 'continue', changes: 'Started college', actions: 'Met the family', rationale: 'Still some concern', reviewedOn: today(), localAuthorityId: null });
    const page = (await officer.get(`/cases/${id}/review`)).body;
    expect(page).toContain('Review recorded. The next review is due by');
    expect(page).toContain('Continue police-led management');

    const stale = await post(officer, `/cases/${id}/review`, { ...reviewForm('continue', { changes: 'Keep me' }), version: String(after!.version - 1) });
    expect(stale.statusCode).toBe(409);
    expect(summary(stale)).toEqual([`#reviewedOn-day ${STALE_ON_FORM}`]);
    expect(stale.body).toContain('Keep me');
  });

  it('refers to Channel with the gateway’s Channel questions, and shares with the local authority', async () => {
    const id = await steps.policeLedCase();
    const missing = await post(officer, `/cases/${id}/review`, { ...reviewForm('refer_to_channel'), version: await version(id) });
    expect(missing.statusCode).toBe(422);
    expect(summary(missing)).toEqual([
      '#localAuthorityId Select the local authority whose Channel panel will consider the case',
      '#reasonableGrounds Enter the reasonable grounds to believe the person is vulnerable to being drawn into terrorism',
    ]);
    expect303To(
      await post(officer, `/cases/${id}/review`, { ...reviewForm('refer_to_channel', { localAuthorityId: birminghamId, reasonableGrounds: 'Grooming by an online group' }), version: await version(id) }),
      `/cases/${id}`,
    );
    expect(await referralById(t, id)).toMatchObject({ state: 'referred_to_channel', nextReviewOn: null, retentionRule: 'channel_exit_review' });
    const [review] = await t.db.database.db.select().from(policeLedReviews).where(eq(policeLedReviews.referralId, id));
    expect(review).toMatchObject({ decision: 'refer_to_channel', localAuthorityId: birminghamId, reasonableGrounds: 'Grooming by an online group' });
    const shared = await t.db.database.db.select().from(auditLog).where(and(eq(auditLog.event, 'monitoring.shared.channel'), sql`${id} = ANY(${auditLog.recordIds})`));
    expect(shared[0]).toMatchObject({ action: 'disclosure', recipients: [birminghamId] });
    // The history stays readable; a further review is a conflict shown on the page.
    const page = await officer.get(`/cases/${id}/review`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('no longer under police-led management');
    expect(page.body).toContain('Grooming by an online group');
    const late = await post(officer, `/cases/${id}/review`, { ...reviewForm('continue'), version: await version(id) });
    expect(late.statusCode).toBe(409);
  });

  it('closes with the referrer’s outcome category, the closing date and retention', async () => {
    const id = await steps.policeLedCase();
    const missing = await post(officer, `/cases/${id}/review`, { ...reviewForm('close'), version: await version(id) });
    expect(summary(missing)).toEqual(['#referrerOutcome Select what the referrer will be told']);
    expect303To(await post(supervisor, `/cases/${id}/review`, { ...reviewForm('close', { referrerOutcome: 'closed' }), version: await version(id) }), `/cases/${id}`);
    const closed = await referralById(t, id);
    expect(closed).toMatchObject({ state: 'closed', referrerOutcome: 'closed', nextReviewOn: null, retentionRule: 'police_led_review' });
    expect(closed!.closedAt).toBeInstanceOf(Date);
    expect(closed!.retentionReviewOn).toBe(retentionFor('police_led_management', closed!.closedAt, t.config.retention).reviewOn);
  });

  it('flags an overdue review on the dashboard and the monitoring list', async () => {
    const id = await steps.policeLedCase('Reviewdueperson');
    await t.db.database.db.update(referrals).set({ nextReviewOn: addDays(today(), -2) }).where(eq(referrals.id, id));
    const dashboard = (await officer.get('/dashboard')).body;
    expect(valueOf(dashboard, 'Overdue police-led reviews')).toMatch(/^<a class="govuk-link" href="\/monitoring#reviews">\d+ reviews?<\/a>$/);
    expect((await officer.get('/monitoring')).body).toMatch(/Reviewdueperson Example[\s\S]*?Overdue:/);
    expect((await officer.get(`/cases/${id}/review`)).body).toContain('The review is overdue');
    // Another force's dashboard counts its own cases only.
    expect(valueOf((await met.get('/dashboard')).body, 'Overdue police-led reviews')).toBe('None');
  });

  it('is not found for another force or a partner', async () => {
    const id = await steps.policeLedCase();
    for (const c of [met, nhs, probation]) {
      expect((await c.get(`/cases/${id}/review`)).statusCode).toBe(404);
      expect((await post(c, `/cases/${id}/review`, { ...reviewForm('continue'), version: await version(id) })).statusCode).toBe(404);
    }
    expect(await t.db.database.db.select().from(policeLedReviews).where(eq(policeLedReviews.referralId, id))).toEqual([]);
  });
});

describe('the dashboard', () => {
  it('counts the Prevent team’s queue and, for supervisors, decisions awaiting approval', async () => {
    const body = (await supervisor.get('/dashboard')).body;
    expect(body).toContain('Awaiting triage');
    expect(body).toContain('Past the triage target date');
    expect(body).toContain('Awaiting your approval');
    expect((await officer.get('/dashboard')).body).not.toContain('Awaiting your approval');
  });

  it('shows a receiving organisation its follow-ups awaiting acknowledgement', async () => {
    await steps.signpostedCase({ receivingOrganisationId: nhsOrgId });
    const body = (await nhs.get('/dashboard')).body;
    expect(valueOf(body, 'Waiting for acknowledgement')).toMatch(/^<a class="govuk-link" href="\/follow-ups">\d+ requests?<\/a>$/);
    expect((await probation.get('/dashboard')).body).not.toContain('Follow-up requests');
  });
});

describe('access to every monitoring page', () => {
  // officer = West Midlands (holding force), met = another force, sup = West Midlands supervisor,
  // recv = the receiving organisation's user, partner = another partner, visitor = signed out.
  const TABLE: Array<[string, Record<'officer' | 'met' | 'sup' | 'recv' | 'partner' | 'visitor', string>]> = [
    ['GET /monitoring', { officer: '200', met: '200', sup: '200', recv: '404', partner: '404', visitor: '→in' }],
    ['GET /follow-ups', { officer: '404', met: '404', sup: '404', recv: '200', partner: '200', visitor: '→in' }],
    ['GET /follow-ups/:id', { officer: '404', met: '404', sup: '404', recv: '200', partner: '404', visitor: '→in' }],
    ['POST /follow-ups/:id/acknowledge', { officer: '404', met: '404', sup: '404', recv: '303', partner: '404', visitor: '→in' }],
    ['POST /follow-ups/:id/outcome', { officer: '404', met: '404', sup: '404', recv: '303', partner: '404', visitor: '→in' }],
    ['GET /cases/:id/follow-up', { officer: '200', met: '404', sup: '200', recv: '404', partner: '404', visitor: '→in' }],
    ['POST /cases/:id/follow-up/acknowledge', { officer: '303', met: '404', sup: '303', recv: '404', partner: '404', visitor: '→in' }],
    ['POST /cases/:id/follow-up', { officer: '303', met: '404', sup: '303', recv: '404', partner: '404', visitor: '→in' }],
    ['GET /cases/:id/review', { officer: '200', met: '404', sup: '200', recv: '404', partner: '404', visitor: '→in' }],
    ['POST /cases/:id/review', { officer: '303', met: '404', sup: '303', recv: '404', partner: '404', visitor: '→in' }],
    ['GET /notifications/:id', { officer: '404', met: '404', sup: '303', recv: '404', partner: '404', visitor: '→in' }],
  ];
  const who = () => ({ officer, met, sup: supervisor, recv: nhs, partner: probation, visitor: t.client() });

  let notificationId: string | undefined;
  async function supervisorsNotification(): Promise<string> {
    if (!notificationId) {
      const { id } = await steps.signpostedCase();
      await escalateOverdue(t.db.database.db, new Date(Date.now() + 40 * 86_400_000));
      notificationId = (await t.db.database.db.select().from(notifications).where(eq(notifications.referralId, id)))[0]!.id;
    }
    return notificationId;
  }

  /** Each cell gets its own fresh case, so an allowed change cannot alter what the next cell sees. */
  const RUN: Record<string, (c: Client) => Promise<LightMyRequestResponse>> = {
    'GET /monitoring': (c) => c.get('/monitoring'),
    'GET /follow-ups': (c) => c.get('/follow-ups'),
    'GET /follow-ups/:id': async (c) => c.get(`/follow-ups/${(await steps.signpostedCase({ receivingOrganisationId: nhsOrgId })).followUpId}`),
    'POST /follow-ups/:id/acknowledge': async (c) => post(c, `/follow-ups/${(await steps.signpostedCase({ receivingOrganisationId: nhsOrgId })).followUpId}/acknowledge`),
    'POST /follow-ups/:id/outcome': async (c) => post(c, `/follow-ups/${(await steps.signpostedCase({ receivingOrganisationId: nhsOrgId })).followUpId}/outcome`, { outcome: 'Seen' }),
    'GET /cases/:id/follow-up': async (c) => c.get(`/cases/${(await steps.signpostedCase()).id}/follow-up`),
    'POST /cases/:id/follow-up/acknowledge': async (c) => post(c, `/cases/${(await steps.signpostedCase()).id}/follow-up/acknowledge`),
    'POST /cases/:id/follow-up': async (c) => {
      const { id } = await steps.signpostedCase();
      return post(c, `/cases/${id}/follow-up`, { outcome: 'Seen', close: 'no', version: await version(id) });
    },
    'GET /cases/:id/review': async (c) => c.get(`/cases/${await steps.policeLedCase()}/review`),
    'POST /cases/:id/review': async (c) => {
      const id = await steps.policeLedCase();
      return post(c, `/cases/${id}/review`, { ...reviewForm('continue'), version: await version(id) });
    },
    'GET /notifications/:id': async (c) => c.get(`/notifications/${await supervisorsNotification()}`),
  };

  const cells = TABLE.flatMap(([route, outcomes]) => Object.entries(outcomes).map(([persona, expected]) => ({ route, persona, expected })));
  it.each(cells)('$route as $persona → $expected', async ({ route, persona, expected }) => {
    const res = await RUN[route]!(who()[persona as keyof ReturnType<typeof who>]);
    const where = `${route} as ${persona}: ${res.statusCode} ${String(res.headers.location ?? '')}\n${res.body.slice(0, 600)}`;
    if (expected === '→in') {
      expect(res.statusCode, where).toBe(303);
      expect(res.headers.location, where).toBe('/sign-in');
    } else {
      expect(res.statusCode, where).toBe(Number(expected));
    }
    if (expected.startsWith('4')) expect(res.headers['content-type']).toContain('text/html');
  });
});

describe('startMonitoring', () => {
  it('does nothing for outcomes that are not monitored', async () => {
    const before = await t.db.database.db.select({ n: sql<number>`count(*)::int` }).from(signpostFollowUps);
    await startMonitoring(t.db.database.db, {
      referralId: '00000000-0000-4000-8000-000000000000',
      decisionId: '00000000-0000-4000-8000-000000000000',
      decision: { outcome: 'no_further_action', rationale: 'R', referrerOutcome: 'no_further_action', version: 1 },
      settings: { signpostFollowUpDays: 20, policeLedReviewDays: 30 },
    });
    expect(await t.db.database.db.select({ n: sql<number>`count(*)::int` }).from(signpostFollowUps)).toEqual(before);
  });
});
