// A provider's own work through the real pages and JSON API: it sees only its interventions and only the minimum
// (name, contact route, this intervention's goal); it logs sessions (a new concern alerts the chair and the police
// at once, without repeating the concern in the alert); it writes the end report; and it records a withdrawal of
// consent, which stops every provider's work. Every read is audited as a disclosure to the reading user and org.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelCaseEvents, interventionSessions, referrals } from '../../src/db/schema.js';
import { STALE_INTERVENTION } from '../../src/modules/channel/providers/providerWork.service.js';
import { addDays, formatDay, londonDate } from '../../src/platform/dates.js';
import { channelCaseRow, DEMO_PROVIDERS } from '../support/channelSteps.js';
import { expect303To, summary } from '../support/pageAssertions.js';
import {
  auditEvents,
  endForm,
  interventionRow,
  interventionVersion,
  notificationsAbout,
  sessionForm,
  supportedCase,
  withdrawalForm,
  type SupportedCase,
} from '../support/providerWorkSteps.js';
import { orgId, userId } from '../support/referrals.js';
import { json, post } from '../support/sessionClient.js';
import { createTestApp, DEMO, type Client, type TestApp } from '../support/testApp.js';

let t: TestApp;
let provider: Client;
let bridges: Client;
const today = () => londonDate(new Date());
const url = (id: string, rest = '') => `/provider/interventions/${id}${rest}`;
const apiUrl = (id: string, rest = '') => `/api/v1/provider/interventions/${id}${rest}`;

beforeAll(async () => {
  t = await createTestApp();
  [provider, bridges] = await Promise.all([t.signIn(DEMO.provider), t.signIn(DEMO.otherProvider)]);
}, 120_000);
afterAll(() => t?.close());

describe('what a provider sees', () => {
  let c: SupportedCase;
  beforeAll(async () => {
    c = await supportedCase(t, 'Minimal', [DEMO_PROVIDERS.pathways, DEMO_PROVIDERS.bridges]);
  }, 60_000);

  it('lists only its own interventions with the minimum, and audits the listing as a disclosure', async () => {
    const res = await provider.get('/provider/interventions');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`href="${url(c.interventionIds[0]!)}"`);
    expect(res.body).not.toContain(c.interventionIds[1]!);
    expect(res.body).toContain('Minimal Example');
    expect(res.body).toContain('0 of 8');
    expect(res.body).toContain(formatDay(today()));
    expect(res.body).not.toContain('Goal with');

    const listed = (await auditEvents(t, ['channel.provider_interventions_listed'])).pop()!;
    expect(listed).toMatchObject({ action: 'disclosure', userId: await userId(t, DEMO.provider), recipients: [await userId(t, DEMO.provider), await orgId(t, 'pathways-mentoring')] });
    expect(listed.recordIds).toContain(c.interventionIds[0]);
    expect(listed.recordIds).not.toContain(c.interventionIds[1]);

    const api = await json(provider, 'GET', '/api/v1/provider/interventions');
    expect(api.statusCode).toBe(200);
    const body = api.json<{ items: Array<Record<string, unknown>>; total: number }>();
    expect(body.items.find((i) => i.id === c.interventionIds[0])).toMatchObject({ person: { givenName: 'Minimal', familyName: 'Example' }, sessionsLogged: 0, expectedSessions: 8, status: 'active' });
    expect(body.items.some((i) => i.id === c.interventionIds[1])).toBe(false);
  });

  it('shows the name, contact route and goal, never the referral, the grounds, other interventions or the date of birth', async () => {
    const res = await provider.get(url(c.interventionIds[0]!));
    expect(res.statusCode).toBe(200);
    for (const shown of ['Minimal Example', 'Through the school’s safeguarding lead', `Goal with ${DEMO_PROVIDERS.pathways}`, '8']) expect(res.body).toContain(shown);
    for (const hidden of ['Narrative about Minimal', 'Reasonable grounds to believe Minimal', `Goal with ${DEMO_PROVIDERS.bridges}`, DEMO_PROVIDERS.bridges, '1 May 2010', '2010-05-01', 'Parent Example', c.referralId, c.channelCaseId]) {
      expect(res.body, hidden).not.toContain(hidden);
    }
    const api = await json(provider, 'GET', apiUrl(c.interventionIds[0]!));
    expect(api.statusCode).toBe(200);
    expect(api.json()).toMatchObject({ person: { givenName: 'Minimal', familyName: 'Example' }, contactRoute: 'Through the school’s safeguarding lead', goal: `Goal with ${DEMO_PROVIDERS.pathways}`, status: 'active', sessions: [] });
    for (const hidden of ['Narrative about', 'Reasonable grounds', DEMO_PROVIDERS.bridges, '2010-05-01', c.referralId]) expect(api.body).not.toContain(hidden);

    const viewed = (await auditEvents(t, ['channel.provider_intervention_viewed'])).filter((a) => a.recordIds.includes(c.interventionIds[0]!));
    expect(viewed).toHaveLength(2);
    expect(viewed[0]).toMatchObject({ action: 'disclosure', recipients: [await userId(t, DEMO.provider), await orgId(t, 'pathways-mentoring')], regime: 'DPA_PART3' });
  });

  it('is not found for another provider, and their own intervention is theirs alone', async () => {
    const only = await supportedCase(t, 'Pathwaysonly');
    expect((await bridges.get(url(only.interventionIds[0]!))).statusCode).toBe(404);
    expect((await json(bridges, 'GET', apiUrl(only.interventionIds[0]!))).statusCode).toBe(404);
    expect((await bridges.get(url(c.interventionIds[1]!))).statusCode).toBe(200);
    expect((await bridges.get(url(c.interventionIds[0]!))).statusCode).toBe(404);
    expect((await post(bridges, url(only.interventionIds[0]!, '/sessions'), await sessionForm(t, only.interventionIds[0]!, today()))).statusCode).toBe(404);
  });
});

describe('logging a session', () => {
  let c: SupportedCase;
  let id: string;
  beforeAll(async () => {
    c = await supportedCase(t, 'Sessions');
    id = c.interventionIds[0]!;
  }, 60_000);

  it('records a session and shows it, moving the version on', async () => {
    const before = await interventionVersion(t, id);
    expect303To(await post(provider, url(id, '/sessions'), await sessionForm(t, id, today())), url(id));
    const [s] = await t.db.database.db.select().from(interventionSessions).where(eq(interventionSessions.interventionId, id));
    expect(s).toMatchObject({ heldOn: today(), attended: true, engagement: 'engaged', notes: 'Talked about college plans', newConcern: null });
    expect(await interventionVersion(t, id)).toBe(before + 1);
    const page = await provider.get(url(id));
    expect(page.body).toContain('Session logged.');
    expect(page.body).toContain('Talked about college plans');
    expect((await auditEvents(t, ['channel.session_logged'])).some((a) => a.action === 'collection' && a.recordIds.includes(s!.id))).toBe(true);
    const events = await t.db.database.db.select().from(channelCaseEvents).where(and(eq(channelCaseEvents.channelCaseId, c.channelCaseId), eq(channelCaseEvents.type, 'intervention_session_logged')));
    expect(events).toHaveLength(1);
  });

  it('refuses a future date, a date before the start, and a missing engagement, keeping the answers', async () => {
    const future = await post(provider, url(id, '/sessions'), await sessionForm(t, id, addDays(today(), 1), { notes: 'Kept note' }));
    expect(future.statusCode).toBe(422);
    expect(summary(future)).toEqual(['#heldOn-day The date of the session must be in the past']);
    expect(future.body).toContain('Kept note');

    const early = await post(provider, url(id, '/sessions'), await sessionForm(t, id, addDays(today(), -1)));
    expect(early.statusCode).toBe(422);
    expect(summary(early)).toEqual([`#heldOn-day The date of the session cannot be before the intervention started on ${formatDay(today())}`]);

    const noEngagement = await post(provider, url(id, '/sessions'), await sessionForm(t, id, today(), { engagement: '' }));
    expect(noEngagement.statusCode).toBe(422);
    expect(summary(noEngagement)).toEqual(['#engagement Select how the person engaged']);

    const blank = await post(provider, url(id, '/sessions'), { version: String(await interventionVersion(t, id)) });
    expect(summary(blank)).toEqual(['#heldOn-day Enter the date of the session', '#attended Select whether the person attended']);

    const apiFuture = await json(provider, 'POST', apiUrl(id, '/sessions'), { heldOn: addDays(today(), 1), attended: 'no', version: await interventionVersion(t, id) });
    expect(apiFuture.statusCode).toBe(422);
    expect(apiFuture.json()).toMatchObject({ errors: [{ field: 'heldOn' }] });
  });

  it('records a missed session without engagement, and refuses a stale version', async () => {
    const stale = String((await interventionVersion(t, id)) - 1);
    const conflict = await post(provider, url(id, '/sessions'), await sessionForm(t, id, today(), { version: stale }));
    expect(conflict.statusCode).toBe(409);
    expect(summary(conflict)).toEqual([`#heldOn-day ${STALE_INTERVENTION}`]);

    const res = await json(provider, 'POST', apiUrl(id, '/sessions'), { heldOn: today(), attended: 'no', engagement: 'engaged', version: await interventionVersion(t, id) });
    expect(res.statusCode, res.body).toBe(201);
    const { sessionId, alerted } = res.json<{ sessionId: string; alerted: boolean }>();
    expect(alerted).toBe(false);
    const [s] = await t.db.database.db.select().from(interventionSessions).where(eq(interventionSessions.id, sessionId));
    expect(s).toMatchObject({ attended: false, engagement: null });
    expect((await json(provider, 'POST', apiUrl(id, '/sessions'), { heldOn: today(), attended: 'no', version: 1 })).statusCode).toBe(409);
    expect((await json(provider, 'POST', apiUrl(id, '/sessions'), { heldOn: today(), attended: 'no', version: await interventionVersion(t, id) }, { csrf: false })).statusCode).toBe(403);
  });
});

describe('a new concern', () => {
  it('alerts the chair and the West Midlands police at once, and nobody else, without repeating the concern', async () => {
    const c = await supportedCase(t, 'Concern', [DEMO_PROVIDERS.pathways, DEMO_PROVIDERS.bridges]);
    const id = c.interventionIds[0]!;
    const concern = 'Said he has been sent videos by a man called Rook';
    const res = await post(provider, url(id, '/sessions'), await sessionForm(t, id, today(), { newConcern: concern }));
    expect303To(res, url(id));
    expect((await provider.get(url(id))).body).toContain('The Channel chair and the police have been alerted');

    const alerts = await notificationsAbout(t, c.referralId, 'channel.new_concern');
    const to = new Set(alerts.map((n) => n.userId));
    for (const email of [DEMO.chair, DEMO.wmOfficer, DEMO.wmSupervisor]) expect(to.has(await userId(t, email)), email).toBe(true);
    for (const email of [DEMO.metOfficer, DEMO.provider, DEMO.otherProvider, DEMO.schoolReferrer, DEMO.panelMember, DEMO.admin, DEMO.oversight]) expect(to.has(await userId(t, email)), email).toBe(false);
    for (const n of alerts) {
      expect(n.message).not.toContain('Rook');
      expect(n.message).not.toContain(concern);
    }
    const chairId = await userId(t, DEMO.chair);
    expect(alerts.find((n) => n.userId === chairId)!.link).toBe(`/channel/cases/${c.channelCaseId}`);

    const [session] = await t.db.database.db.select().from(interventionSessions).where(eq(interventionSessions.interventionId, id));
    expect(session!.newConcern).toBe(concern);
    const [event] = await t.db.database.db.select().from(channelCaseEvents).where(and(eq(channelCaseEvents.channelCaseId, c.channelCaseId), eq(channelCaseEvents.type, 'new_concern_reported')));
    expect(event!.data).toMatchObject({ interventionId: id, sessionId: session!.id });
    const disclosed = (await auditEvents(t, ['channel.new_concern_alerted'])).find((a) => a.recordIds.includes(session!.id))!;
    expect(disclosed).toMatchObject({ action: 'disclosure', recipients: [await orgId(t, 'birmingham'), await orgId(t, 'west-midlands-police')] });
  });
});

describe('the end-of-intervention report', () => {
  it('completes the intervention, which is then read-only', async () => {
    const c = await supportedCase(t, 'Ender');
    const id = c.interventionIds[0]!;
    const missing = await post(provider, url(id, '/end'), await endForm(t, id, today(), { endReport: '' }));
    expect(missing.statusCode).toBe(422);
    expect(summary(missing)).toEqual(['#endReport Enter your end-of-intervention report']);
    const future = await post(provider, url(id, '/end'), await endForm(t, id, addDays(today(), 2)));
    expect(summary(future)).toEqual(['#endedOn-day The date the intervention ended must be in the past']);

    expect303To(await post(provider, url(id, '/end'), await endForm(t, id, today())), url(id));
    expect(await interventionRow(t, id)).toMatchObject({ status: 'completed', endedOn: today(), endReport: 'Met the goal: now attending college and mentoring has ended' });
    const page = await provider.get(url(id));
    expect(page.body).toContain('Met the goal: now attending college');
    expect(page.body).not.toContain('Log a session');
    const events = await t.db.database.db.select().from(channelCaseEvents).where(and(eq(channelCaseEvents.channelCaseId, c.channelCaseId), eq(channelCaseEvents.type, 'intervention_completed')));
    expect(events).toHaveLength(1);
    expect((await auditEvents(t, ['channel.intervention_completed'])).some((a) => a.action === 'collection' && a.recordIds.includes(id))).toBe(true);

    // Read-only from now on: the forms send the provider back, and posts are refused as illegal steps.
    expect303To(await provider.get(url(id, '/sessions/new')), url(id));
    expect303To(await provider.get(url(id, '/consent-withdrawn/confirmation')), url(id));
    const again = await post(provider, url(id, '/sessions'), await sessionForm(t, id, today()));
    expect(again.statusCode).toBe(409);
    expect(summary(again)[0]).toContain('no longer active');
    expect((await json(provider, 'POST', apiUrl(id, '/sessions'), { heldOn: today(), attended: 'no', version: await interventionVersion(t, id) })).statusCode).toBe(409);
    expect((await json(provider, 'POST', apiUrl(id, '/end'), { endedOn: today(), endReport: 'Again', version: await interventionVersion(t, id) })).statusCode).toBe(409);
  });

  it('is recorded through the API too, refusing a stale version', async () => {
    const c = await supportedCase(t, 'Apiender');
    const id = c.interventionIds[0]!;
    expect((await json(provider, 'POST', apiUrl(id, '/end'), { endedOn: today(), endReport: 'Done', version: 99 })).statusCode).toBe(409);
    const res = await json(provider, 'POST', apiUrl(id, '/end'), { endedOn: today(), endReport: 'Done', version: await interventionVersion(t, id) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ interventionId: id, status: 'completed' });
  });
});

describe('consent withdrawn, told to the provider', () => {
  it('stops both providers’ work, tells them, the chair and the police, and returns the case to the police', async () => {
    const c = await supportedCase(t, 'Withdrawing', [DEMO_PROVIDERS.pathways, DEMO_PROVIDERS.bridges]);
    const id = c.interventionIds[0]!;
    expect((await provider.get(url(id, '/consent-withdrawn'))).statusCode).toBe(200);
    const future = await post(provider, url(id, '/consent-withdrawn'), await withdrawalForm(t, id, addDays(today(), 1)));
    expect(future.statusCode).toBe(422);
    expect(summary(future)).toEqual(['#withdrawnOn-day The date consent was withdrawn must be in the past']);

    expect303To(await post(provider, url(id, '/consent-withdrawn'), await withdrawalForm(t, id, today())), url(id, '/consent-withdrawn/confirmation'));
    const confirmation = await provider.get(url(id, '/consent-withdrawn/confirmation'));
    expect(confirmation.statusCode).toBe(200);
    expect(confirmation.body).toContain('Consent withdrawal recorded');

    for (const i of c.interventionIds) expect(await interventionRow(t, i)).toMatchObject({ status: 'stopped', stoppedOn: today(), stopReason: 'Consent withdrawn' });
    expect((await channelCaseRow(t, c.channelCaseId)).state).toBe('returned_to_police');
    const [referral] = await t.db.database.db.select().from(referrals).where(eq(referrals.id, c.referralId));
    expect(referral!.state).toBe('police_led_management');
    const told = new Set((await notificationsAbout(t, c.referralId, 'channel.consent_withdrawn')).map((n) => n.userId));
    for (const email of [DEMO.otherProvider, DEMO.provider, DEMO.chair, DEMO.wmOfficer]) expect(told.has(await userId(t, email)), email).toBe(true);

    const page = await provider.get(url(id));
    expect(page.body).toContain('Stopped');
    expect(page.body).toContain('Consent withdrawn');
    expect(page.body).not.toContain('Log a session');
    expect((await bridges.get(url(c.interventionIds[1]!))).body).toContain('Consent withdrawn');
    expect((await post(provider, url(id, '/consent-withdrawn'), await withdrawalForm(t, id, today()))).statusCode).toBe(409);
  });

  it('is recorded through the API too', async () => {
    const c = await supportedCase(t, 'Apiwithdrawing');
    const id = c.interventionIds[0]!;
    const res = await json(provider, 'POST', apiUrl(id, '/consent-withdrawal'), { withdrawnOn: today(), version: await interventionVersion(t, id) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ interventionId: id, status: 'stopped' });
    expect((await channelCaseRow(t, c.channelCaseId)).state).toBe('returned_to_police');
  });
});

describe('the list and the JSON API', () => {
  it('lists active interventions first, then stopped and completed ones, with the sessions counted', async () => {
    const res = await json(provider, 'GET', '/api/v1/provider/interventions');
    const { items } = res.json<{ items: Array<{ status: string; sessionsLogged: number; person: { givenName: string } }> }>();
    const firstEnded = items.findIndex((i) => i.status !== 'active');
    expect(firstEnded).toBeGreaterThan(0);
    expect(items.slice(firstEnded).every((i) => i.status !== 'active')).toBe(true);
    expect(new Set(items.slice(firstEnded).map((i) => i.status))).toEqual(new Set(['stopped', 'completed']));
    expect(items.find((i) => i.person.givenName === 'Sessions')!.sessionsLogged).toBe(2);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await t.client().get('/api/openapi.json')).json<{ paths: Record<string, unknown> }>();
    for (const p of ['', '/{id}', '/{id}/sessions', '/{id}/end', '/{id}/consent-withdrawal']) expect(doc.paths[`/api/v1/provider/interventions${p}`], p).toBeDefined();
  });
});
