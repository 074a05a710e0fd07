// The Channel case record through its pages and API, as the demo chair and police use it: the case page (never
// sealed police content), vulnerability assessments (words, never a score; reassessments say what changed),
// consent (a parent or guardian for under-18s), the support plan, interventions (never without live consent or
// with a lapsed provider), withdrawal by the police of the area, post-exit reviews (extend, reopen), the chair's
// dashboard and the case list; with the audit rows, stale versions and bad input each must produce.
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, channelCases, consents, interventions, notifications, postExitReviews, referrals, supportPlans, vafAssessments } from '../../src/db/schema.js';
import { CHANNEL_CASE_PURPOSE } from '../../src/modules/channel/cases/lifecycle.js';
import { addDays, addMonths, formatDay } from '../../src/platform/dates.js';
import { adoptCase, consentAndSupport, DEMO_PROVIDERS, referToChannel } from '../support/channelSteps.js';
import { caseVersion, dateBoxes, exitedCase, logSession, providerIdByName, sealedReferralToChannel, setNextReview, startedDaysAgo, supportedCase, today } from '../support/caseSteps.js';
import { auditRowsFor, orgId, userId } from '../support/referrals.js';
import { DASHBOARD_LIMIT } from '../../src/modules/channel/cases/cases.repository.js';
import { json, post } from '../support/sessionClient.js';
import { createTestApp, DEMO, type Client, type TestApp } from '../support/testApp.js';
import { createUser } from '../../src/modules/organisations/users.admin.js';
import { rowsOf } from '../../src/db/rows.js';

const SEALED = 'SEALED-CASE-NOTE Operation Osprey holds a live interest';

let t: TestApp;
let chair: Client;
let wm: Client;
let met: Client;
let sealed: { referralId: string; channelCaseId: string };

beforeAll(async () => {
  t = await createTestApp();
  [chair, wm, met] = await Promise.all([t.signIn(DEMO.chair), t.signIn(DEMO.wmOfficer), t.signIn(DEMO.metOfficer)]);
  sealed = await sealedReferralToChannel(t, 'Sealedperson', SEALED);
}, 120_000);
afterAll(() => t?.close());

const db = () => t.db.database.db;
const casePath = (id: string) => `/channel/cases/${id}`;
const apiCase = (id: string) => `/api/v1/channel/cases/${id}`;
const errorSummary = (body: string) => [...body.matchAll(/<div class="govuk-error-summary[\s\S]*?<\/div>\s*<\/div>/g)].map((m) => m[0]).join('');

describe('the case page', () => {
  it('shows the chair the person, the referral to Channel and the tasks, never sealed police content, and audits the read', async () => {
    const res = await chair.get(casePath(sealed.channelCaseId));
    expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
    expect(res.body).toContain('Sealedperson Example');
    expect(res.body).toContain('Grounds for Sealedperson');
    expect(res.body).toContain('West Midlands Police');
    expect(res.body).toContain('Awaiting panel');
    expect(res.body).toContain(`${casePath(sealed.channelCaseId)}/assessments/new`);
    expect(res.body).toContain('Referred to the panel');
    expect(res.body).not.toContain('SEALED-CASE-NOTE');
    expect(res.body).not.toContain('POLICE-RATIONALE');
    const api = await json(chair, 'GET', `${apiCase(sealed.channelCaseId)}`);
    expect(api.statusCode).toBe(200);
    expect(api.body).not.toContain('SEALED-CASE-NOTE');
    expect(api.body).not.toContain('POLICE-RATIONALE');
    expect(api.json()).toMatchObject({ id: sealed.channelCaseId, state: 'awaiting_panel', person: { givenName: 'Sealedperson' }, referral: { route: 'gateway', reasonableGrounds: 'Grounds for Sealedperson' }, permissions: { canRun: true } });
    const rows = await auditRowsFor(t, sealed.channelCaseId, 'consultation');
    expect(rows.find((r) => r.event === 'channel.case_viewed' && r.userId !== null)).toMatchObject({ recordType: 'channel_case', purpose: CHANNEL_CASE_PURPOSE, regime: 'DPA_PART3' });
  });

  it('shows the police of the area the case read-only, with the withdrawal action once consent is live', async () => {
    const { channelCaseId } = await supportedCase(t, 'Policeview');
    const res = await wm.get(casePath(channelCaseId));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Policeview Example');
    expect(res.body).not.toContain('/assessments/new');
    expect(res.body).not.toContain('/interventions/new');
    expect(res.body).toContain(`${casePath(channelCaseId)}/consent/withdraw`);
    expect((await wm.get(`${casePath(channelCaseId)}/plan`)).statusCode).toBe(403);
    expect((await met.get(casePath(channelCaseId))).statusCode).toBe(404);
    expect((await chair.get(casePath(randomUUID()))).statusCode).toBe(404);
  });
});

describe('vulnerability assessments', () => {
  const factorsForm = { 'evidence-e_grievance': 'Says his family was treated unfairly', 'judgement-e_grievance': 'A strong sense of grievance drives his interest', 'evidence-i_them_and_us': '', 'judgement-i_them_and_us': '' };

  it('records the first assessment in words, then requires what changed significantly from the second on', async () => {
    const { channelCaseId } = await referToChannel(t, 'Assessed');
    const form = await chair.get(`${casePath(channelCaseId)}/assessments/new`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Engagement with a group, cause or ideology');
    expect(form.body).toContain('Feelings of grievance and injustice');
    expect(form.body).not.toContain('significantChanges');
    const first = await post(chair, `${casePath(channelCaseId)}/assessments/new`, { ...factorsForm, summary: 'Engaged, no intent seen', managementPlan: 'Mentoring', version: await caseVersion(t, channelCaseId) });
    expect(first.statusCode, errorSummary(first.body)).toBe(303);
    expect(first.headers.location).toBe(casePath(channelCaseId));

    const second = await post(chair, `${casePath(channelCaseId)}/assessments/new`, { summary: 'Less engaged', managementPlan: 'Continue', version: await caseVersion(t, channelCaseId) });
    expect(second.statusCode).toBe(422);
    expect(errorSummary(second.body)).toContain('Enter what has changed significantly since the last assessment');
    expect(second.body).toContain('Less engaged');
    const withChanges = await post(chair, `${casePath(channelCaseId)}/assessments/new`, { summary: 'Less engaged', managementPlan: 'Continue', significantChanges: 'Back at school full time', version: await caseVersion(t, channelCaseId) });
    expect(withChanges.statusCode).toBe(303);

    const stored = await db().select().from(vafAssessments).where(eq(vafAssessments.channelCaseId, channelCaseId)).orderBy(vafAssessments.recordedAt);
    expect(stored.map((a) => a.significantChanges)).toEqual([null, 'Back at school full time']);
    expect(stored[0]!.factors).toEqual([{ code: 'e_grievance', evidence: 'Says his family was treated unfairly', judgement: 'A strong sense of grievance drives his interest' }]);
    const audit = await auditRowsFor(t, stored[0]!.id, 'collection');
    expect(audit.map((r) => r.event)).toEqual(['channel.assessment_recorded']);

    const view = await chair.get(`${casePath(channelCaseId)}/assessments/${stored[1]!.id}`);
    expect(view.statusCode).toBe(200);
    expect(view.body).toContain('Back at school full time');
    expect(view.body).toContain('What has changed significantly since the last assessment');
    const first1 = await chair.get(`${casePath(channelCaseId)}/assessments/${stored[0]!.id}`);
    expect(first1.body).toContain('A strong sense of grievance drives his interest');
    expect((await chair.get(`${casePath(channelCaseId)}/assessments/${randomUUID()}`)).statusCode).toBe(404);
  });

  it('never turns an assessment into a number: no score, rating or total is accepted, stored or shown', async () => {
    const { channelCaseId } = await referToChannel(t, 'Wordsonly');
    const version = Number(await caseVersion(t, channelCaseId));
    const base = { factors: [{ code: 'c_access', evidence: 'Online contacts', judgement: 'Limited access' }], summary: 'S', managementPlan: 'P', version };
    for (const body of [{ ...base, score: 7 }, { ...base, factors: [{ ...base.factors[0], rating: 3 }] }, { ...base, factors: [{ code: 'c_access', evidence: 'E', judgement: 4 }] }]) {
      const res = await json(chair, 'POST', `${apiCase(channelCaseId)}/assessments`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
    }
    const unknown = await json(chair, 'POST', `${apiCase(channelCaseId)}/assessments`, { ...base, factors: [{ code: 'x_made_up', evidence: 'E', judgement: 'J' }] });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ errors: [{ field: 'factors.0.code' }] });
    const ok = await json(chair, 'POST', `${apiCase(channelCaseId)}/assessments`, base);
    expect(ok.statusCode, ok.body).toBe(201);
    const page = await chair.get(`${casePath(channelCaseId)}/assessments/${ok.json<{ id: string }>().id}`);
    // The words shown, without markup: dates have digits, but nothing is counted, rated or scored.
    const main = page.body.slice(page.body.indexOf('<main'), page.body.indexOf('</main>')).replace(/<[^>]+>/g, ' ');
    expect(main.match(/score|rating|total|out of|\d+ ?\/ ?\d+|\d+ factors?/i)?.[0] ?? null, main.replace(/\s+/g, ' ')).toBeNull();
    expect(main).toContain('Limited access');
    const caseJson = (await json(chair, 'GET', `${apiCase(channelCaseId)}`)).json<{ assessments: Array<Record<string, unknown> & { factors: Array<Record<string, unknown>> }> }>();
    const values = caseJson.assessments.flatMap((a) => [...Object.values(a), ...a.factors.flatMap((f) => Object.values(f))]);
    expect(values.some((v) => typeof v === 'number')).toBe(false);
  });

  it('asks for evidence and judgement together, with the error against the box to fill', async () => {
    const { channelCaseId } = await referToChannel(t, 'Halfway');
    const res = await post(chair, `${casePath(channelCaseId)}/assessments/new`, { 'evidence-e_status': 'Wants to be known online', summary: '', managementPlan: 'P', version: await caseVersion(t, channelCaseId) });
    expect(res.statusCode).toBe(422);
    const summary = errorSummary(res.body);
    expect(summary).toContain('href="#judgement-e_status"');
    expect(summary).toContain('Enter your professional judgement');
    expect(summary).toContain('href="#summary"');
    expect(summary.indexOf('#judgement-e_status')).toBeLessThan(summary.indexOf('#summary'));
    expect(res.body).toContain('Wants to be known online');
  });
});

describe('consent', () => {
  const consentForm = (extra: Record<string, string>) => ({
    status: 'given',
    giverName: 'Jo Example',
    soughtHow: 'Meeting at school',
    soughtBy: 'Channel coordinator',
    ...dateBoxes('soughtOn', today()),
    ...dateBoxes('decidedOn', today()),
    purposes: 'Mentoring under Channel',
    ...extra,
  });

  it('for someone under 18 must come from a parent or guardian, with their relationship', async () => {
    const { channelCaseId } = await referToChannel(t, 'Minor');
    await adoptCase(t, channelCaseId);
    const version = await caseVersion(t, channelCaseId);
    const form = await chair.get(`${casePath(channelCaseId)}/consent`);
    expect(form.body).toContain('The person is under 18: a parent or guardian decides.');
    const self = await post(chair, `${casePath(channelCaseId)}/consent`, consentForm({ givenBy: 'person', version }));
    expect(self.statusCode).toBe(422);
    expect(errorSummary(self.body)).toContain('The person is under 18: consent must come from a parent or guardian');
    const noRelationship = await post(chair, `${casePath(channelCaseId)}/consent`, consentForm({ givenBy: 'parent_guardian', version }));
    expect(errorSummary(noRelationship.body)).toContain('Enter the parent or guardian’s relationship to the person');
    const parent = await post(chair, `${casePath(channelCaseId)}/consent`, consentForm({ givenBy: 'parent_guardian', relationship: 'Mother', version }));
    expect(parent.statusCode, errorSummary(parent.body)).toBe(303);
    const [stored] = await db().select().from(consents).where(eq(consents.channelCaseId, channelCaseId));
    expect(stored).toMatchObject({ status: 'given', givenBy: 'parent_guardian', relationship: 'Mother', giverName: 'Jo Example' });
    expect((await auditRowsFor(t, stored!.id, 'collection')).map((r) => r.event)).toEqual(['channel.consent_given']);
    const page = await chair.get(casePath(channelCaseId));
    expect(page.body).toContain('Consent given on');
    expect(page.body).toContain('(live)');
  });

  it('from an adult themself; refused before adoption and against a stale version', async () => {
    const { channelCaseId } = await referToChannel(t, 'Adult', { dateOfBirth: '1990-02-03' });
    const early = await json(chair, 'POST', `${apiCase(channelCaseId)}/consents`, { status: 'given', givenBy: 'person', giverName: 'Adult Example', soughtHow: 'Call', soughtBy: 'Chair', soughtOn: today(), decidedOn: today(), purposes: 'Support', version: 1 });
    expect(early.statusCode).toBe(409);
    const stale = await caseVersion(t, channelCaseId);
    await adoptCase(t, channelCaseId);
    const res = await post(chair, `${casePath(channelCaseId)}/consent`, consentForm({ givenBy: 'person', giverName: 'Adult Example', version: stale }));
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('Someone else changed this Channel case while you were working on it');
    expect(res.body).toContain('Adult Example');
    const ok = await post(chair, `${casePath(channelCaseId)}/consent`, consentForm({ givenBy: 'person', giverName: 'Adult Example', version: await caseVersion(t, channelCaseId) }));
    expect(ok.statusCode).toBe(303);
  });

  it('reports bad dates and missing answers in the error summary, keeping what was typed', async () => {
    const { channelCaseId } = await referToChannel(t, 'Baddates');
    await adoptCase(t, channelCaseId);
    const res = await post(chair, `${casePath(channelCaseId)}/consent`, { giverName: 'Kept Name', 'soughtOn-day': '31', 'soughtOn-month': '2', 'soughtOn-year': '2024', 'decidedOn-day': '1', version: await caseVersion(t, channelCaseId) });
    expect(res.statusCode).toBe(422);
    const summary = errorSummary(res.body);
    for (const text of ['Select whether consent was given or refused', 'Select who decided', 'The date consent was sought must be a real date', 'The date of the decision must include a month', 'Enter the purposes the consent covers']) expect(summary).toContain(text);
    expect(summary.indexOf('#status')).toBeLessThan(summary.indexOf('#purposes'));
    expect(res.body).toContain('value="Kept Name"');
  });
});

describe('support plan and interventions', () => {
  it('refuses support without live consent, clearly on the page and as no-live-consent in the API', async () => {
    const { channelCaseId } = await referToChannel(t, 'Noconsent');
    await adoptCase(t, channelCaseId);
    const form = await chair.get(`${casePath(channelCaseId)}/interventions/new`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('There is no live consent on this case. Support cannot start without it');
    const input = { typeCode: 'practical_mentoring', providerId: await providerIdByName(t, DEMO_PROVIDERS.pathways), goal: 'Build routine', contactRoute: 'Through his school', expectedSessions: '6' };
    const res = await post(chair, `${casePath(channelCaseId)}/interventions/new`, { ...input, ...dateBoxes('startsOn', today()), version: await caseVersion(t, channelCaseId) });
    expect(res.statusCode).toBe(409);
    expect(errorSummary(res.body)).toContain('Support cannot start without live consent');
    const api = await json(chair, 'POST', `${apiCase(channelCaseId)}/interventions`, { ...input, expectedSessions: 6, startsOn: today(), version: Number(await caseVersion(t, channelCaseId)) });
    expect(api.statusCode).toBe(409);
    expect(api.json()).toMatchObject({ type: 'urn:ct-casework:problem:no-live-consent' });
    expect(await db().select().from(interventions).where(eq(interventions.channelCaseId, channelCaseId))).toHaveLength(0);
  });

  it('offers only providers whose approval is current, refuses a lapsed one, and starts support with live consent', async () => {
    const { channelCaseId } = await supportedCase(t, 'Supported');
    const form = await chair.get(`${casePath(channelCaseId)}/interventions/new`);
    expect(form.body).toContain(DEMO_PROVIDERS.pathways);
    expect(form.body).toContain(DEMO_PROVIDERS.bridges);
    expect(form.body).not.toContain('J. Morgan');
    expect(form.body).not.toContain('There is no live consent');
    const base = { typeCode: 'family_support', goal: 'Family work', contactRoute: 'Via his mother', expectedSessions: '4', ...dateBoxes('startsOn', today()), version: await caseVersion(t, channelCaseId) };
    const lapsed = await post(chair, `${casePath(channelCaseId)}/interventions/new`, { ...base, providerId: await providerIdByName(t, DEMO_PROVIDERS.expired) });
    expect(lapsed.statusCode).toBe(422);
    expect(errorSummary(lapsed.body)).toContain('is not currently approved');
    const bad = await post(chair, `${casePath(channelCaseId)}/interventions/new`, { ...base, providerId: await providerIdByName(t, DEMO_PROVIDERS.bridges), expectedSessions: 'lots' });
    expect(errorSummary(bad.body)).toContain('Enter the number of sessions expected, as a whole number');
    const ok = await post(chair, `${casePath(channelCaseId)}/interventions/new`, { ...base, providerId: await providerIdByName(t, DEMO_PROVIDERS.bridges) });
    expect(ok.statusCode, errorSummary(ok.body)).toBe(303);
    const page = await chair.get(casePath(channelCaseId));
    expect(page.body).toContain('Bridges Family Support');
    expect(page.body).toContain('0 of 4 expected');
  });

  it('saves the plan with its own version: a stale one is refused', async () => {
    const { channelCaseId } = await supportedCase(t, 'Planned');
    const first = await post(chair, `${casePath(channelCaseId)}/plan`, { consentApproach: 'Coordinator visits with the DSL next week', adjustments: 'Short sessions: autism', version: '0' });
    expect(first.statusCode).toBe(303);
    const form = await chair.get(`${casePath(channelCaseId)}/plan`);
    expect(form.body).toContain('Short sessions: autism');
    expect(form.body).toContain('name="version" value="1"');
    const second = await post(chair, `${casePath(channelCaseId)}/plan`, { consentApproach: 'Updated approach', version: '1' });
    expect(second.statusCode).toBe(303);
    const stale = await post(chair, `${casePath(channelCaseId)}/plan`, { consentApproach: 'Overwrite', version: '1' });
    expect(stale.statusCode).toBe(409);
    expect(errorSummary(stale.body)).toContain('Someone else changed');
    const staleApi = await json(chair, 'POST', `${apiCase(channelCaseId)}/plan`, { consentApproach: 'Overwrite', version: 0 });
    expect(staleApi.statusCode).toBe(409);
    const [plan] = await db().select().from(supportPlans).where(eq(supportPlans.channelCaseId, channelCaseId));
    expect(plan).toMatchObject({ consentApproach: 'Updated approach', adjustments: null, version: 2 });
    const empty = await post(chair, `${casePath(channelCaseId)}/plan`, { consentApproach: '', version: '2' });
    expect(errorSummary(empty.body)).toContain('Enter how, when and by whom consent will be or was sought');
  });
});

describe('withdrawal of consent', () => {
  it('by the police of the area: support stops and the case returns to the police; police of another force find nothing', async () => {
    const { channelCaseId, referralId } = await supportedCase(t, 'Withdrawn', [DEMO_PROVIDERS.pathways]);
    const version = await caseVersion(t, channelCaseId);
    const form = { route: 'police', ...dateBoxes('withdrawnOn', today()), notes: 'Told the officer at a home visit', version };
    expect((await met.get(`${casePath(channelCaseId)}/consent/withdraw`)).statusCode).toBe(404);
    expect((await post(met, `${casePath(channelCaseId)}/consent/withdraw`, form)).statusCode).toBe(404);
    expect((await json(met, 'POST', `${apiCase(channelCaseId)}/consent-withdrawal`, { route: 'police', withdrawnOn: today(), version: Number(version) })).statusCode).toBe(404);
    expect((await wm.get(`${casePath(channelCaseId)}/consent/withdraw`)).statusCode).toBe(200);
    const res = await post(wm, `${casePath(channelCaseId)}/consent/withdraw`, form);
    expect(res.statusCode).toBe(303);
    const [c] = await db().select().from(channelCases).where(eq(channelCases.id, channelCaseId));
    expect(c!.state).toBe('returned_to_police');
    const [k] = await db().select().from(consents).where(eq(consents.channelCaseId, channelCaseId));
    expect(k).toMatchObject({ withdrawnOn: today(), withdrawalRoute: 'police', withdrawalNotes: 'Told the officer at a home visit' });
    const [r] = await db().select().from(referrals).where(eq(referrals.id, referralId));
    expect(r!.state).toBe('police_led_management');
    const providerNotes = await db().select().from(notifications).where(and(eq(notifications.userId, await userId(t, DEMO.provider)), eq(notifications.referralId, referralId)));
    expect(providerNotes.map((n) => n.kind)).toEqual(['channel.consent_withdrawn']);
    // Again with the old version: the case moved on.
    expect((await post(wm, `${casePath(channelCaseId)}/consent/withdraw`, form)).statusCode).toBe(409);
  });
});

describe('post-exit reviews', () => {
  it('extend schedules the 24-month review once, due 24 months after exit', async () => {
    const { channelCaseId, reviews } = await exitedCase(t, 'Extended');
    const six = reviews.find((r) => r.monthsAfterExit === 6)!;
    const form = await chair.get(`${casePath(channelCaseId)}/post-exit-reviews/${six.id}`);
    expect(form.statusCode).toBe(200);
    const res = await post(chair, `${casePath(channelCaseId)}/post-exit-reviews/${six.id}`, { outcome: 'extend', notes: 'Some wobble at college', ...dateBoxes('completedOn', today()), version: await caseVersion(t, channelCaseId) });
    expect(res.statusCode, errorSummary(res.body)).toBe(303);
    const after = await db().select().from(postExitReviews).where(eq(postExitReviews.channelCaseId, channelCaseId)).orderBy(postExitReviews.monthsAfterExit);
    expect(after.map((r) => [r.monthsAfterExit, r.outcome])).toEqual([[6, 'extend'], [12, null], [24, null]]);
    expect(after[2]!.dueOn).toBe(addMonths(today(), 24));
    const twelve = after[1]!;
    const again = await json(chair, 'POST', `${apiCase(channelCaseId)}/post-exit-reviews/${twelve.id}`, { outcome: 'extend', notes: 'Still watching', completedOn: today(), version: Number(await caseVersion(t, channelCaseId)) });
    expect(again.statusCode, again.body).toBe(200);
    expect(await db().select().from(postExitReviews).where(eq(postExitReviews.channelCaseId, channelCaseId))).toHaveLength(3);
    // A completed review cannot be recorded again.
    const done = await post(chair, `${casePath(channelCaseId)}/post-exit-reviews/${six.id}`, { outcome: 'no_concerns', notes: 'x', ...dateBoxes('completedOn', today()), version: await caseVersion(t, channelCaseId) });
    expect(done.statusCode).toBe(409);
    expect((await chair.get(`${casePath(channelCaseId)}/post-exit-reviews/${randomUUID()}`)).statusCode).toBe(404);
  });

  it('reopen returns the case to the panel, reopens the referral and alerts the chair and the police', async () => {
    const { channelCaseId, referralId, reviews } = await exitedCase(t, 'Reopened');
    const six = reviews.find((r) => r.monthsAfterExit === 6)!;
    const missing = await post(chair, `${casePath(channelCaseId)}/post-exit-reviews/${six.id}`, { ...dateBoxes('completedOn', addDays(today(), 2)), version: await caseVersion(t, channelCaseId) });
    expect(missing.statusCode).toBe(422);
    expect(errorSummary(missing.body)).toContain('Select the outcome of the review');
    expect(errorSummary(missing.body)).toContain('The date of the review must be in the past');
    const res = await post(chair, `${casePath(channelCaseId)}/post-exit-reviews/${six.id}`, { outcome: 'reopen', notes: 'New concerning posts', ...dateBoxes('completedOn', today()), version: await caseVersion(t, channelCaseId) });
    expect(res.statusCode, errorSummary(res.body)).toBe(303);
    const [c] = await db().select().from(channelCases).where(eq(channelCases.id, channelCaseId));
    expect(c).toMatchObject({ state: 'awaiting_panel', exitedAt: null });
    const [r] = await db().select().from(referrals).where(eq(referrals.id, referralId));
    expect(r!.state).toBe('referred_to_channel');
    for (const email of [DEMO.chair, DEMO.wmOfficer]) {
      const mine = await db().select().from(notifications).where(and(eq(notifications.userId, await userId(t, email)), eq(notifications.referralId, referralId)));
      expect(mine.map((n) => n.kind), email).toContain('channel.reopened');
    }
    const page = await chair.get(casePath(channelCaseId));
    expect(page.body).toContain('Reopened after a post-exit review');
    expect(page.body).toContain('Concerns have returned');
  });
});

describe('the chair’s dashboard and the case list', () => {
  it('counts and lists each kind of case needing attention, with a link to all of them', async () => {
    const idle = await supportedCase(t, 'Idle', [DEMO_PROVIDERS.pathways]);
    await startedDaysAgo(t, idle.interventionIds[0]!, 45);
    const recent = await supportedCase(t, 'Recent', [DEMO_PROVIDERS.pathways]);
    await startedDaysAgo(t, recent.interventionIds[0]!, 45);
    await logSession(t, recent.interventionIds[0]!, addDays(today(), -3));
    const overdue = await referToChannel(t, 'Overdue');
    await adoptCase(t, overdue.channelCaseId);
    await setNextReview(t, overdue.channelCaseId, addDays(today(), -2));
    const dueSoon = await exitedCase(t, 'Duesoon');
    await db().update(postExitReviews).set({ dueOn: addDays(today(), 10) }).where(eq(postExitReviews.id, dueSoon.reviews[0]!.id));
    const res = await chair.get('/channel');
    expect(res.statusCode).toBe(200);
    const section = (filter: string) => {
      const start = res.body.indexOf(`id="list-${filter}"`);
      return res.body.slice(start, res.body.indexOf('</section>', start));
    };
    expect(section('no_recent_session')).toContain('Idle Example');
    expect(section('no_recent_session')).not.toContain('Recent Example');
    expect(section('review_overdue')).toContain('Overdue Example');
    expect(section('review_overdue')).toContain(formatDay(addDays(today(), -2)));
    expect(section('no_consent')).toContain('Overdue Example');
    expect(section('no_consent')).not.toContain('Idle Example');
    expect(section('awaiting_panel')).toMatch(/Cases awaiting a panel: \d+/);
    expect(section('post_exit_due')).toContain('Duesoon Example');
    expect(section('post_exit_due')).not.toContain('Extended Example');
    expect(section('post_exit_due')).toContain('/channel/cases?filter=post_exit_due');

    const all = await chair.get('/channel/cases?filter=no_recent_session');
    expect(all.statusCode).toBe(200);
    expect(all.body).toContain('Idle Example');
    expect(all.body).not.toContain('Recent Example');
    const listed = await db().select().from(auditLog).where(eq(auditLog.event, 'channel.cases_listed')).orderBy(auditLog.id);
    expect(listed.at(-1)!.recordIds).toEqual([idle.channelCaseId]);
  });

  it('shows the oldest five of a longer list, in order, with the whole list counted', async () => {
    for (const name of ['Waitinga', 'Waitingb', 'Waitingc', 'Waitingd', 'Waitinge', 'Waitingf']) await referToChannel(t, name);
    const birmingham = await orgId(t, 'birmingham');
    const waiting = rowsOf<{ name: string }>(await db().execute(sql`
      SELECT r.subject_given_name || ' ' || r.subject_family_name AS name FROM channel_cases c JOIN referrals r ON r.id = c.referral_id
      WHERE c.local_authority_id = ${birmingham} AND c.state = 'awaiting_panel'
      ORDER BY (c.referred_at AT TIME ZONE 'Europe/London')::date, c.referred_at, c.id`)).map((r) => r.name);
    expect(waiting.length).toBeGreaterThan(DASHBOARD_LIMIT);
    const res = await chair.get('/channel');
    const start = res.body.indexOf('id="list-awaiting_panel"');
    const section = res.body.slice(start, res.body.indexOf('</section>', start));
    expect(section).toContain(`Cases awaiting a panel: ${waiting.length}`);
    const shown = waiting.filter((name) => section.includes(name));
    expect(shown).toEqual(waiting.slice(0, DASHBOARD_LIMIT));
    const positions = shown.map((name) => section.indexOf(name));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('lists by the dates the triggers keep on each case, the same as working them out afresh', async () => {
    const dates = async () => rowsOf<Record<string, unknown>>(await db().execute(sql`SELECT id, live_consent, last_contact_on, post_exit_due_on FROM channel_cases ORDER BY id`));
    const kept = await dates();
    expect(kept.some((c) => c.live_consent === true && c.last_contact_on !== null)).toBe(true);
    expect(kept.some((c) => c.post_exit_due_on !== null)).toBe(true);
    await db().execute(sql`UPDATE channel_cases SET live_consent = false, last_contact_on = NULL, post_exit_due_on = NULL`);
    await db().execute(sql`SELECT channel_case_dashboard_dates(ARRAY(SELECT id FROM channel_cases))`);
    expect(await dates()).toEqual(kept);
  });

  it('lists the panel’s cases newest first, by state, 25 a page', async () => {
    const res = await chair.get('/channel/cases?state=exited');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Extended Example');
    expect(res.body).not.toContain('Idle Example');
    const all = await chair.get('/channel/cases');
    const newest = all.body.indexOf('Overdue Example');
    expect(newest).toBeGreaterThan(-1);
    expect(newest).toBeLessThan(all.body.indexOf('Idle Example'));
    expect((await chair.get('/channel/cases?page=2&state=nonsense')).statusCode).toBe(200);
    // Past the last page there are no rows, and the count is still of the whole list.
    const count = (body: string) => /id="case-count">([^<]+)</.exec(body)?.[1];
    const beyond = await chair.get('/channel/cases?page=50');
    expect(count(all.body)).toMatch(/^[1-9]\d* cases?, newest referral first\.$/);
    expect(count(beyond.body)).toBe(count(all.body));
    expect(beyond.body).not.toContain('Overdue Example');
    // Sandwell's panel has no cases; the police and the chair's own council's administrator have no list.
    const sandwell = await t.signIn(DEMO.panelMember);
    expect((await sandwell.get('/channel/cases')).body).toContain('No cases match.');
    expect((await wm.get('/channel/cases')).statusCode).toBe(404);
  });

  it('shows no dashboard or list to a chair whose council chairs no panel', async () => {
    await createUser(db(), { email: 'chair@camden.example', displayName: 'Camden Chair', organisationCode: 'camden', roles: ['channel_chair'] });
    const camden = await t.signIn('chair@camden.example');
    expect((await camden.get('/channel')).statusCode).toBe(404);
    expect((await camden.get('/channel/cases')).statusCode).toBe(404);
  });
});

describe('sealed content', () => {
  it('reaches no case page, form or JSON, even with consent, a plan and an assessment recorded', async () => {
    await adoptCase(t, sealed.channelCaseId);
    await consentAndSupport(t, sealed.channelCaseId, [DEMO_PROVIDERS.pathways]);
    for (const c of [chair, wm]) {
      for (const url of [casePath(sealed.channelCaseId), `${apiCase(sealed.channelCaseId)}`, '/channel', '/channel/cases']) {
        const res = await c.get(url);
        expect(res.body, url).not.toContain('SEALED-CASE-NOTE');
        expect(res.body, url).not.toContain('POLICE-RATIONALE');
      }
    }
    for (const path of ['assessments/new', 'consent/withdraw', 'plan', 'interventions/new']) {
      expect((await chair.get(`${casePath(sealed.channelCaseId)}/${path}`)).body).not.toContain('SEALED-CASE-NOTE');
    }
  });
});

describe('the JSON API', () => {
  it('is described in OpenAPI, with its problems', async () => {
    const res = await t.client().get('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const paths = res.json<{ paths: Record<string, Record<string, { responses: Record<string, unknown> }>> }>().paths;
    for (const [path, method, ok] of [
      ['/api/v1/channel/cases/{id}', 'get', '200'],
      ['/api/v1/channel/cases/{id}/assessments', 'post', '201'],
      ['/api/v1/channel/cases/{id}/consents', 'post', '201'],
      ['/api/v1/channel/cases/{id}/consent-withdrawal', 'post', '200'],
      ['/api/v1/channel/cases/{id}/plan', 'post', '200'],
      ['/api/v1/channel/cases/{id}/interventions', 'post', '201'],
      ['/api/v1/channel/cases/{id}/post-exit-reviews/{reviewId}', 'post', '200'],
    ] as const) {
      expect(Object.keys(paths[path]?.[method]?.responses ?? {}), `${method} ${path}`).toEqual(expect.arrayContaining([ok, '404', '409', '422']));
    }
  });

  it('answers odd input with a problem, never a 500', async () => {
    const { channelCaseId } = await referToChannel(t, 'Oddinput');
    const v = Number(await caseVersion(t, channelCaseId));
    const cases: Array<[string, unknown]> = [
      ['assessments', { factors: [{ code: 'e_status', evidence: 'E', judgement: 'J' }, { code: 'e_status', evidence: 'E', judgement: 'J' }], summary: 'S', managementPlan: 'P', version: v }],
      ['assessments', { factors: 'lots', summary: 'S', managementPlan: 'P', version: v }],
      ['assessments', { summary: 'S\u0000', managementPlan: 'P', version: v }],
      ['consents', { status: 'maybe', version: v }],
      ['interventions', { typeCode: 'x', providerId: 'not-a-uuid', goal: 'G', contactRoute: 'C', startsOn: '2026-02-30', expectedSessions: 0, version: v }],
      ['plan', { consentApproach: 'x'.repeat(6000), version: -1 }],
    ];
    for (const [path, body] of cases) {
      const res = await json(chair, 'POST', `${apiCase(channelCaseId)}/${path}`, body);
      expect([400, 409, 422], `${path} ${JSON.stringify(body).slice(0, 80)}: ${res.body}`).toContain(res.statusCode);
    }
    expect((await json(chair, 'POST', `${apiCase(channelCaseId)}/assessments`, { summary: 'S', managementPlan: 'P', version: v + 5 })).statusCode).toBe(409);
    expect((await json(chair, 'POST', `${apiCase(channelCaseId)}/post-exit-reviews/nonsense`, { outcome: 'reopen', notes: 'N', completedOn: today(), version: v })).statusCode).toBeLessThan(500);
    expect((await chair.get(`${casePath(channelCaseId)}/post-exit-reviews/nonsense`)).statusCode).toBe(404);
    expect((await chair.get('/channel/cases?filter=%00&state[]=x&page=-4')).statusCode).toBe(200);
    const form = await post(chair, `${casePath(channelCaseId)}/assessments/new`, { 'evidence-': 'E', 'judgement-': 'J', summary: ['a', 'b'], managementPlan: 'P', version: 'x' });
    expect([409, 422]).toContain(form.statusCode);
  });
});
