// The first partner view of a police case: a local authority's Channel panel sees the cases the police referred
// to it. "Partners see that a deconfliction was done and its date, never its content": two West Midlands cases
// are referred to Birmingham City Council's panel (one at the gateway, after a handover note was written and
// returned; one from a police-led review), each with sealed and police-only text that must reach no partner page.
import { addDays, formatDay } from '../../src/platform/dates.js';
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, channelCaseEvents, channelCases } from '../../src/db/schema.js';
import { CHANNEL_PURPOSE } from '../../src/modules/channel/channel.service.js';
import { londonDate } from '../../src/platform/workingDays.js';
import { contextFor } from '../support/gatewaySteps.js';
import { monitoringSteps } from '../support/monitoringSteps.js';
import { api, normaliseBody, orgId, submitProfessionalReferral, tokenFor, userId } from '../support/referrals.js';
import { json } from '../support/sessionClient.js';
import { createTestApp, DEMO, type Client, type TestApp } from '../support/testApp.js';

const SEALED = {
  deconfliction: 'SEALED-DECONF Operation Kingfisher has a live interest in this subject',
  deconflictionLater: 'SEALED-DECONF-2 rechecked with the regional unit',
  deconflictionReview: 'SEALED-DECONF-B no live investigation (police-led case)',
  checkPnc: 'CHECKNOTE-PNC brother on the local intelligence system',
  checkOsint: 'CHECKNOTE-OSINT posts on a closed forum',
  checkSource: 'SOURCE-CTHOLMES-7',
  judgementRationale: 'JUDGEMENT-RATIONALE the officer weighed the school report',
  vulnerability: 'VULN-FACTORS isolated after exclusion',
  handover: 'HANDOVER-NOTE for the Pursue team only',
  handoverRationale: 'HANDOVER-RATIONALE criminality might appear',
  returnComments: 'RETURN-COMMENTS not criminal, consider Channel',
  decisionRationale: 'POLICE-RATIONALE clear vulnerability, partners can support',
  reviewRationale: 'REVIEW-RATIONALE police-led management has run its course',
  reviewChanges: 'REVIEW-CHANGES moved to a new school',
  reviewActions: 'REVIEW-ACTIONS home visit by the officer',
} as const;
const GROUNDS = 'Reasonable grounds: repeated statements of support for a proscribed group and withdrawal from friends';
const GROUNDS_REVIEW = 'Reasonable grounds after review: interest in mass-casualty attacks persists';

let t: TestApp;
let chair: Client;
let panel: Client;
let dsl: Client;
let wm: Client;
let birminghamId: string;
let gatewayCase: string;
let reviewCase: string;
let deconflictedOn: string;
let nhsToken: string;

const today = () => londonDate(new Date());

beforeAll(async () => {
  t = await createTestApp();
  [chair, panel, dsl, wm] = await Promise.all([t.signIn(DEMO.chair), t.signIn(DEMO.panelMember), t.signIn(DEMO.schoolReferrer), t.signIn(DEMO.wmOfficer)]);
  birminghamId = await orgId(t, 'birmingham');
  nhsToken = await tokenFor(t, 'bsmhft');
  const m = monitoringSteps(t);
  const officer = await contextFor(t, DEMO.wmOfficer);

  // 1. The school's referral, through the gateway to Channel, after a handover note was written and returned.
  gatewayCase = await submitProfessionalReferral(t, dsl, 'Channelperson');
  await m.assign(gatewayCase);
  const weekAgo = addDays(today(), -7);
  deconflictedOn = addDays(today(), -3);
  await m.gateway.recordCheck(officer, gatewayCase, { kind: 'police_systems', source: SEALED.checkSource, requestedOn: weekAgo, receivedOn: weekAgo, notes: SEALED.checkPnc });
  await m.gateway.recordCheck(officer, gatewayCase, { kind: 'open_source', source: 'Social media', requestedOn: addDays(today(), -6), notes: SEALED.checkOsint });
  await m.gateway.recordDeconfliction(officer, gatewayCase, { doneOn: addDays(today(), -5), sealedNotes: SEALED.deconfliction });
  await m.gateway.recordDeconfliction(officer, gatewayCase, { doneOn: deconflictedOn, sealedNotes: SEALED.deconflictionLater });
  await m.gateway.recordJudgement(officer, gatewayCase, {
    concernPresent: 'yes',
    concernTypes: ['extreme_right_wing'],
    vulnerabilityFactors: SEALED.vulnerability,
    immediateRisk: 'no',
    rationale: SEALED.judgementRationale,
  });
  const handover = await m.decide(gatewayCase, { outcome: 'investigation_handover', sealedNotes: SEALED.handover, rationale: SEALED.handoverRationale, referrerOutcome: 'closed' });
  expect(handover.needsApproval).toBe(true);
  await m.gateway.review(await contextFor(t, DEMO.wmSupervisor), gatewayCase, { decision: 'return', comments: SEALED.returnComments, version: await m.version(gatewayCase) });
  await m.decide(gatewayCase, { outcome: 'channel', localAuthorityId: birminghamId, reasonableGrounds: GROUNDS, rationale: SEALED.decisionRationale, referrerOutcome: 'ongoing_support' });

  // 2. The NHS trust's referral (by its API), police-led, then referred to Channel by a review.
  reviewCase = await m.assessedCase('Reviewperson');
  await m.gateway.recordDeconfliction(officer, reviewCase, { doneOn: today(), sealedNotes: SEALED.deconflictionReview });
  await m.decide(reviewCase, { outcome: 'police_led_management', referrerOutcome: 'ongoing_support', rationale: 'Possible vulnerability, limited information' });
  const review = await json(wm, 'POST', `/api/v1/cases/${reviewCase}/reviews`, {
    reviewedOn: today(),
    changes: SEALED.reviewChanges,
    actions: SEALED.reviewActions,
    decision: 'refer_to_channel',
    rationale: SEALED.reviewRationale,
    localAuthorityId: birminghamId,
    reasonableGrounds: GROUNDS_REVIEW,
    version: await m.version(reviewCase),
  });
  expect(review.statusCode, review.body).toBe(201);
}, 120_000);
afterAll(() => t?.close());

function expectNothingSealed(body: string) {
  for (const [what, text] of Object.entries(SEALED)) expect(body.includes(text), `${what} must not be shown`).toBe(false);
}

describe('the Channel panel of the local authority the police referred to', () => {
  it('lists both referrals, newest first, with the referring force', async () => {
    const res = await chair.get('/channel/referrals');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Referrals to your Channel panel');
    const review = res.body.indexOf(`/channel/referrals/${reviewCase}`);
    const gateway = res.body.indexOf(`/channel/referrals/${gatewayCase}`);
    expect(review).toBeGreaterThan(-1);
    expect(gateway).toBeGreaterThan(review);
    expect(res.body).toContain('Channelperson Testperson');
    expect(res.body).toContain('Reviewperson Example');
    expect(res.body).toContain('West Midlands Police');
    expectNothingSealed(res.body);
  });

  it('pages the list', async () => {
    const res = await chair.get('/channel/referrals?page=2');
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain(`/channel/referrals/${gatewayCase}`);
    expect((await chair.get('/channel/referrals?page=nonsense')).statusCode).toBe(200);
  });

  it('shows the gateway case: the referral as given, the grounds, the concern type, the deconfliction date only', async () => {
    const res = await chair.get(`/channel/referrals/${gatewayCase}`);
    expect(res.statusCode, res.body.slice(0, 1000)).toBe(200);
    expect(res.body).toContain(`Deconfliction with live investigations was completed on ${formatDay(deconflictedOn)}. Its content is held by the police.`);
    expect(res.body).toContain(GROUNDS);
    expect(res.body).toContain('section 36(3)');
    expect(res.body).toContain('Extreme right-wing');
    expect(res.body).toContain('West Midlands Police');
    expect(res.body).toContain('Daniel Hughes');
    expect(res.body).toContain('Birmingham City Council');
    // The referral as the referrer gave it.
    expect(res.body).toContain('Secret narrative about Channelperson');
    expect(res.body).toContain('Rachel Evans');
    // Checks: their kind and date, never what they found or where.
    expect(res.body).toContain('Police systems (PNC, PND, local intelligence)');
    expect(res.body).toContain('Open-source check');
    expect(res.body).toContain(formatDay(addDays(today(), -7)));
    expectNothingSealed(res.body);
  });

  it('shows the case referred by a police-led review, with its grounds and nothing of the review', async () => {
    const res = await chair.get(`/channel/referrals/${reviewCase}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(GROUNDS_REVIEW);
    expect(res.body).toContain('Review of police-led management');
    expect(res.body).toContain(`Deconfliction with live investigations was completed on ${formatDay(today())}. Its content is held by the police.`);
    expectNothingSealed(res.body);
  });

  it('records the read as a consultation for the Channel panel, by the chair', async () => {
    await chair.get(`/channel/referrals/${gatewayCase}`);
    const chairId = await userId(t, DEMO.chair);
    const rows = await t.db.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.event, 'channel.referral_viewed'), eq(auditLog.userId, chairId)));
    const row = rows.find((r) => r.recordIds.includes(gatewayCase));
    expect(row).toMatchObject({ action: 'consultation', purpose: CHANNEL_PURPOSE, organisationId: birminghamId, regime: 'DPA_PART3', recordType: 'referral' });
    expect(CHANNEL_PURPOSE).toBe('Channel panel consideration of a police referral (CTSA 2015 s.36)');
  });

  it('counts the referrals on the chair’s dashboard', async () => {
    const res = await chair.get('/dashboard');
    expect(res.body).toContain('Referrals to your Channel panel');
    expect(res.body).toContain('2 referrals');
  });
});

describe('everyone else finds nothing', () => {
  it('another council’s panel member: an empty list and a 404 like a guessed id', async () => {
    const list = await panel.get('/channel/referrals');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('The police have not referred anyone to your Channel panel.');
    expect(list.body).not.toContain('Channelperson');
    const hidden = await panel.get(`/channel/referrals/${gatewayCase}`);
    const guessed = await panel.get(`/channel/referrals/${randomUUID()}`);
    expect([hidden.statusCode, guessed.statusCode]).toEqual([404, 404]);
    expect(normaliseBody(hidden.body)).toBe(normaliseBody(guessed.body));
    expect((await panel.get('/dashboard')).body).toContain('Referrals to your Channel panel');
  });

  it('police (another force, the hub and the holding force), schools, providers, oversight and the council’s administrator: 404', async () => {
    for (const email of [DEMO.metOfficer, DEMO.hubOfficer, DEMO.wmOfficer, DEMO.schoolReferrer, DEMO.provider, DEMO.oversight, DEMO.admin]) {
      const c = email === DEMO.schoolReferrer ? dsl : email === DEMO.wmOfficer ? wm : await t.signIn(email);
      for (const url of ['/channel/referrals', `/channel/referrals/${gatewayCase}`, `/channel/referrals/${reviewCase}`]) {
        const res = await c.get(url);
        expect(res.statusCode, `${email} ${url}`).toBe(404);
        expectNothingSealed(res.body);
      }
      expect((await c.get('/dashboard')).body).not.toContain('Referrals to your Channel panel');
    }
  });

  it('signed out: sent to sign in', async () => {
    for (const url of ['/channel/referrals', `/channel/referrals/${gatewayCase}`]) {
      const res = await t.client().get(url);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/sign-in');
    }
  });
});

describe('the referrers never see sealed content either', () => {
  it('the school’s status page', async () => {
    const res = await dsl.get(`/referrals/${gatewayCase}`);
    expect(res.statusCode).toBe(200);
    expectNothingSealed(res.body);
    expect(res.body).not.toContain(GROUNDS);
  });

  it('the API status endpoint', async () => {
    const res = await api(t, nhsToken)('GET', `/api/v1/referrals/${reviewCase}`);
    expect(res.statusCode).toBe(200);
    expectNothingSealed(res.body);
    expect(res.body).not.toContain(GROUNDS_REVIEW);
  });
});

describe('opening Channel cases', () => {
  it('opens one case awaiting the panel for each referral to Channel, by either route, held with the referring force', async () => {
    const wmId = await orgId(t, 'west-midlands-police');
    for (const [referralId, via] of [[gatewayCase, 'gateway'], [reviewCase, 'police_led_review']] as const) {
      const cases = await t.db.database.db.select().from(channelCases).where(eq(channelCases.referralId, referralId));
      expect(cases).toHaveLength(1);
      expect(cases[0]).toMatchObject({ state: 'awaiting_panel', localAuthorityId: birminghamId, policeOrgId: wmId, referredVia: via, version: 1 });
      const events = await t.db.database.db.select().from(channelCaseEvents).where(eq(channelCaseEvents.channelCaseId, cases[0]!.id));
      expect(events.map((e) => e.type)).toEqual(['opened']);
    }
  });
});
