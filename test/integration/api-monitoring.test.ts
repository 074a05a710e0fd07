// The triage queue and monitoring through the JSON API: the same actions as the pages, for signed-in people
// sending their session's CSRF token in x-csrf-token. Each endpoint's success, and its refusals: another force
// or organisation (404, as for an unknown id), an organisation token (403), a missing CSRF header (403) and an
// invalid body (422 naming the fields). Cases are made through the real gateway service (monitoringSteps).
import { addDays } from '../../src/platform/dates.js';
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, policeLedReviews, referrals, signpostFollowUps } from '../../src/db/schema.js';
import { NAMED_OFFICER } from '../../src/modules/gateway/gateway.api.js';
import { NAMED_STAFF } from '../../src/modules/monitoring/monitoring.api.js';
import { londonDate } from '../../src/platform/workingDays.js';
import { json } from '../support/sessionClient.js';
import { createTestApp, DEMO, type Client, type TestApp } from '../support/testApp.js';
import { api, orgId, referralById, tokenFor, userId } from '../support/referrals.js';
import { monitoringSteps, SIGNPOST_RATIONALE } from '../support/monitoringSteps.js';

let t: TestApp;
let steps: ReturnType<typeof monitoringSteps>;
let officer: Client;
let supervisor: Client;
let met: Client;
let nhs: Client;
let probation: Client;
let nhsToken: string;
let officerId: string;
let nhsOrgId: string;
let birminghamId: string;
const today = () => londonDate(new Date());


const version = async (id: string) => (await referralById(t, id))!.version;
const followUpRow = async (referralId: string) => (await t.db.database.db.select().from(signpostFollowUps).where(eq(signpostFollowUps.referralId, referralId)))[0]!;
const reviewsOf = (id: string) => t.db.database.db.select().from(policeLedReviews).where(eq(policeLedReviews.referralId, id));
const auditFor = (event: string, recordId: string) => t.db.database.db.select().from(auditLog).where(and(eq(auditLog.event, event), sql`${recordId} = ANY(${auditLog.recordIds})`));

/** The field names of a 422 problem, in order. */
function fieldsOf(res: LightMyRequestResponse): string[] {
  expect(res.statusCode, res.body).toBe(422);
  expect(res.headers['content-type']).toContain('application/problem+json');
  return (res.json<{ errors?: Array<{ field: string }> }>().errors ?? []).map((e) => e.field);
}

function expectProblem(res: LightMyRequestResponse, status: number, type?: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toContain('application/problem+json');
  if (type) expect(res.json().type).toBe(`urn:ct-casework:problem:${type}`);
}

const review = (decision: string, extra: Record<string, unknown> = {}) => ({
  decision,
  reviewedOn: today(),
  changes: 'Started college',
  actions: 'Met the family',
  rationale: 'Still some concern',
  ...extra,
});

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
  nhsToken = await tokenFor(t, 'bsmhft');
  officerId = await userId(t, DEMO.wmOfficer);
  nhsOrgId = await orgId(t, 'bsmhft');
  birminghamId = await orgId(t, 'birmingham');
}, 60_000);
afterAll(() => t?.close());

describe('GET /api/v1/triage', () => {
  type Item = { id: string; reference: string; state: string; version: number; breached: boolean; referralNumber: number; subject: { givenName: string; under18: boolean | null }; assignedOfficer: { id: string; name: string | null } | null };
  const ids = (res: LightMyRequestResponse) => res.json<{ items: Item[] }>().items.map((i) => i.id);

  /** Every page of the queue with these filters. */
  async function all(query: string): Promise<Item[]> {
    const items: Item[] = [];
    for (let page = 1; ; page += 1) {
      const res = await json(officer, 'GET', `/api/v1/triage?${query}${query ? '&' : ''}page=${page}`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json<{ items: Item[]; totalPages: number }>();
      items.push(...body.items);
      if (page >= body.totalPages) return items;
    }
  }

  it('lists the force’s open cases with the queue page’s filters, and records the listing', async () => {
    const assigned = await steps.assessedCase('Triagemine');
    const waiting = await steps.assessedCase('Triagewaiting');
    await t.db.database.db.update(referrals).set({ assignedOfficerId: null, state: 'awaiting_triage' }).where(eq(referrals.id, waiting));
    await t.db.database.db.update(referrals).set({ triageDueOn: addDays(today(), -10) }).where(eq(referrals.id, waiting));

    const first = await json(officer, 'GET', '/api/v1/triage');
    expect(first.statusCode, first.body).toBe(200);
    const page = first.json();
    expect(page).toMatchObject({ page: 1, pageSize: 25, total: expect.any(Number), totalPages: expect.any(Number), targetWorkingDays: 5 });
    expect(page.total).toBeGreaterThanOrEqual(2);

    const mine = await all('officer=me');
    const item = mine.find((i) => i.id === assigned)!;
    expect(item).toMatchObject({
      reference: (await referralById(t, assigned))!.reference,
      state: 'in_assessment',
      version: await version(assigned),
      breached: false,
      referralNumber: 1,
      subject: { givenName: 'Triagemine', familyName: 'Example', under18: false },
      assignedOfficer: { id: officerId, name: 'Daniel Hughes' },
    });
    expect(Object.keys(item).sort()).toEqual(['assignedOfficer', 'breached', 'channel', 'id', 'reference', 'referralNumber', 'state', 'subject', 'submittedAt', 'triageDueOn', 'version']);
    expect(mine.every((i) => i.assignedOfficer?.id === officerId)).toBe(true);
    expect(mine.map((i) => i.id)).not.toContain(waiting);
    // The same filter by the officer's id.
    expect((await all(`officer=${officerId}`)).map((i) => i.id)).toContain(assigned);

    const unassigned = await all('officer=unassigned&status=awaiting_triage&overdue=yes');
    expect(unassigned.map((i) => i.id)).toContain(waiting);
    expect(unassigned.find((i) => i.id === waiting)).toMatchObject({ breached: true, assignedOfficer: null, state: 'awaiting_triage' });
    expect(unassigned.every((i) => i.state === 'awaiting_triage' && i.breached)).toBe(true);

    // Several states: the parameter repeated.
    const both = await all('status=awaiting_triage&status=in_assessment');
    expect(both.map((i) => i.id)).toEqual(expect.arrayContaining([assigned, waiting]));
    expect((await all('status=signposted')).map((i) => i.id)).not.toContain(assigned);
    expect((await all('under18=yes')).map((i) => i.id)).not.toContain(assigned);
    expect((await all('repeat=yes')).map((i) => i.id)).not.toContain(assigned);

    // Past the last page: an empty page, not an error.
    const beyond = await json(officer, 'GET', '/api/v1/triage?page=999');
    expect(beyond.statusCode).toBe(200);
    expect(ids(beyond)).toEqual([]);

    const listed = await auditFor('referral.queue_listed', assigned);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed[0]).toMatchObject({ action: 'consultation', userId: officerId });
  });

  it('refuses tokens, signed-out callers and people outside a Prevent team; shows another force none of these cases', async () => {
    const id = await steps.assessedCase();
    const token = await api(t, nhsToken)('GET', '/api/v1/triage');
    expectProblem(token, 403);
    expect(token.json().detail).toBe(NAMED_OFFICER);
    expectProblem(await api(t, null)('GET', '/api/v1/triage'), 401);
    expectProblem(await json(nhs, 'GET', '/api/v1/triage'), 404);

    const other = await json(met, 'GET', '/api/v1/triage?status=in_assessment');
    expect(other.statusCode).toBe(200);
    expect(ids(other)).not.toContain(id);
    expect(other.body).not.toContain((await referralById(t, id))!.reference);
  });

  it('names the invalid query parameters (422)', async () => {
    expect(fieldsOf(await json(officer, 'GET', '/api/v1/triage?status=closed'))).toEqual(['status.0']);
    expect(fieldsOf(await json(officer, 'GET', '/api/v1/triage?page=0&under18=maybe'))).toEqual(expect.arrayContaining(['page', 'under18']));
    expect(fieldsOf(await json(officer, 'GET', '/api/v1/triage?officer=someone'))).toEqual(['officer']);
    expect(fieldsOf(await json(officer, 'GET', '/api/v1/triage?sort=newest'))).toEqual(['sort']);
    // An officer of another force is not one the queue can be filtered by.
    const metOfficer = await userId(t, DEMO.metOfficer);
    const notOurs = await json(officer, 'GET', `/api/v1/triage?officer=${metOfficer}`);
    expect(fieldsOf(notOurs)).toEqual(['officer']);
    expect(notOurs.json().errors[0].detail).toBe('Give anyone, unassigned, me or the id of an officer of your force');
  });
});

describe('the holding force’s follow-up API', () => {
  it('reads the follow-up, records the acknowledgement and the outcome on the service’s behalf, then closes the case', async () => {
    const { id, followUpId } = await steps.signpostedCase({ givenName: 'Apifollowperson' });
    const read = await json(officer, 'GET', `/api/v1/cases/${id}/follow-up`);
    expect(read.statusCode, read.body).toBe(200);
    const v = await version(id);
    expect(read.json()).toEqual({
      referralId: id,
      reference: (await referralById(t, id))!.reference,
      state: 'signposted',
      version: v,
      subject: { givenName: 'Apifollowperson', familyName: 'Example' },
      followUp: {
        id: followUpId,
        service: { type: 'mental_health', name: 'CAMHS Birmingham', contact: 'duty@camhs.example' },
        receivingOrganisation: null,
        dueOn: addDays(today(), 20),
        overdue: false,
        acknowledgement: null,
        outcome: null,
        escalatedAt: null,
      },
      // Signposting ends Prevent's part for the referrer: they have been told already.
      referrerOutcome: 'support_elsewhere',
      signpostingReferrerOutcome: 'support_elsewhere',
      closedAt: null,
      closingNote: null,
    });
    expect(await auditFor('monitoring.follow_up_viewed', followUpId)).toHaveLength(1);

    const acked = await json(officer, 'POST', `/api/v1/cases/${id}/follow-up/acknowledgement`);
    expect(acked.statusCode, acked.body).toBe(204);
    expect(acked.body).toBe('');
    expect(await followUpRow(id)).toMatchObject({ acknowledgedBy: officerId, acknowledgementRecordedByOfficer: true });
    expectProblem(await json(officer, 'POST', `/api/v1/cases/${id}/follow-up/acknowledgement`), 409, 'already-recorded');

    const recorded = await json(officer, 'POST', `/api/v1/cases/${id}/follow-up`, { close: 'no', outcome: 'First session booked', version: v });
    expect(recorded.statusCode, recorded.body).toBe(200);
    // Recording an answer does not move the case on: the version is unchanged.
    expect(recorded.json()).toEqual({ referralId: id, state: 'signposted', version: v, closed: false });
    expect(await followUpRow(id)).toMatchObject({ outcome: 'First session booked', outcomeRecordedBy: officerId });
    expectProblem(await json(officer, 'POST', `/api/v1/cases/${id}/follow-up`, { close: 'no', outcome: 'Again', version: v }), 409, 'already-recorded');

    const closed = await json(officer, 'POST', `/api/v1/cases/${id}/follow-up`, { close: 'yes', closingNote: 'Support in place', referrerOutcome: 'support_elsewhere', version: v });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toEqual({ referralId: id, state: 'closed', version: v + 1, closed: true });
    expect(await referralById(t, id)).toMatchObject({ state: 'closed', referrerOutcome: 'support_elsewhere', retentionRule: 'signposted_review' });

    const after = (await json(officer, 'GET', `/api/v1/cases/${id}/follow-up`)).json();
    expect(after).toMatchObject({
      state: 'closed',
      referrerOutcome: 'support_elsewhere',
      closedAt: expect.any(String),
      closingNote: 'Support in place',
      followUp: { acknowledgement: { by: 'Daniel Hughes', recordedByOfficer: true }, outcome: { text: 'First session booked', recordedBy: 'Daniel Hughes' } },
    });
    // Closed: nothing more changes.
    expectProblem(await json(officer, 'POST', `/api/v1/cases/${id}/follow-up/acknowledgement`), 409, 'illegal-transition');
  });

  it('records the outcome and closes in one request; refuses a stale version (409) and closing unanswered (422)', async () => {
    const { id } = await steps.signpostedCase({ receivingOrganisationId: nhsOrgId });
    const receiving = (await json(supervisor, 'GET', `/api/v1/cases/${id}/follow-up`)).json();
    expect(receiving.followUp.receivingOrganisation).toEqual({ id: nhsOrgId, name: expect.any(String) });
    const v = await version(id);

    const unanswered = await json(officer, 'POST', `/api/v1/cases/${id}/follow-up`, { close: 'yes', closingNote: 'Done', referrerOutcome: 'closed', version: v });
    expect(fieldsOf(unanswered)).toEqual(['outcome']);
    expect(unanswered.json().errors[0].detail).toBe('Enter what the service did before closing the case');

    const stale = await json(officer, 'POST', `/api/v1/cases/${id}/follow-up`, { close: 'yes', outcome: 'Declined', closingNote: 'Declined', referrerOutcome: 'closed', version: v - 1 });
    expectProblem(stale, 409, 'stale');
    // The whole step is undone, the outcome with it.
    expect((await followUpRow(id)).outcome).toBeNull();

    const both = await json(supervisor, 'POST', `/api/v1/cases/${id}/follow-up`, { close: 'yes', outcome: 'Family declined the offer', closingNote: 'Declined; no Prevent concern', referrerOutcome: 'closed', version: v });
    expect(both.statusCode, both.body).toBe(200);
    expect(both.json()).toMatchObject({ state: 'closed', closed: true });
    expect(await followUpRow(id)).toMatchObject({ outcome: 'Family declined the offer', outcomeRecordedBy: await userId(t, DEMO.wmSupervisor) });
  });

  it('names the invalid fields (422)', async () => {
    const { id } = await steps.signpostedCase();
    const v = await version(id);
    expect(fieldsOf(await json(officer, 'POST', `/api/v1/cases/${id}/follow-up`, { version: v }))).toEqual(['close']);
    expect(fieldsOf(await json(officer, 'POST', `/api/v1/cases/${id}/follow-up`, { close: 'yes', version: v }))).toEqual(['closingNote', 'referrerOutcome']);
    expect(fieldsOf(await json(officer, 'POST', `/api/v1/cases/${id}/follow-up`, { close: 'no', outcome: ' ', version: v }))).toEqual(['outcome']);
    expect(fieldsOf(await json(officer, 'POST', `/api/v1/cases/${id}/follow-up`, { close: 'no', outcome: 'Seen', version: v, rationale: 'Not a field here' }))).toEqual(['rationale']);
    expect(fieldsOf(await json(officer, 'GET', '/api/v1/cases/not-a-uuid/follow-up'))).toEqual(['id']);
    expect(await followUpRow(id)).toMatchObject({ acknowledgedAt: null, outcome: null });
  });

  it('refuses another force and partners (404), organisation tokens (403) and a missing CSRF header (403)', async () => {
    const { id } = await steps.signpostedCase({ receivingOrganisationId: nhsOrgId });
    const body = { close: 'no', outcome: 'Not theirs to record', version: await version(id) };
    for (const c of [met, nhs, probation]) {
      expectProblem(await json(c, 'GET', `/api/v1/cases/${id}/follow-up`), 404);
      expectProblem(await json(c, 'POST', `/api/v1/cases/${id}/follow-up/acknowledgement`), 404);
      expectProblem(await json(c, 'POST', `/api/v1/cases/${id}/follow-up`, body), 404);
    }
    // Another force gets the same answer as for an id that does not exist.
    const guessed = await json(met, 'GET', `/api/v1/cases/${randomUUID()}/follow-up`);
    const hidden = await json(met, 'GET', `/api/v1/cases/${id}/follow-up`);
    expect(hidden.json()).toEqual({ ...guessed.json(), instance: hidden.json().instance });
    // A case that was not signposted has no follow-up.
    expectProblem(await json(officer, 'GET', `/api/v1/cases/${await steps.policeLedCase()}/follow-up`), 404);

    const call = api(t, nhsToken);
    for (const res of [await call('GET', `/api/v1/cases/${id}/follow-up`), await call('POST', `/api/v1/cases/${id}/follow-up/acknowledgement`), await call('POST', `/api/v1/cases/${id}/follow-up`, body)]) {
      expectProblem(res, 403);
      expect(res.json().detail).toBe(NAMED_OFFICER);
    }
    expectProblem(await api(t, null)('GET', `/api/v1/cases/${id}/follow-up`), 401);

    expectProblem(await json(officer, 'POST', `/api/v1/cases/${id}/follow-up/acknowledgement`, undefined, { csrf: false }), 403, 'csrf');
    expectProblem(await json(officer, 'POST', `/api/v1/cases/${id}/follow-up`, body, { csrf: false }), 403, 'csrf');
    expect(await followUpRow(id)).toMatchObject({ acknowledgedAt: null, outcome: null });
  });
});

describe('police-led reviews through the API', () => {
  it('continues with the next review date by the cadence', async () => {
    const id = await steps.policeLedCase();
    const v = await version(id);
    const res = await json(officer, 'POST', `/api/v1/cases/${id}/reviews`, { ...review('continue'), version: v });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toEqual({ id: expect.any(String), referralId: id, state: 'police_led_management', version: v + 1, nextReviewOn: addDays(today(), 30) });
    const [row] = await reviewsOf(id);
    expect(row).toMatchObject({ id: body.id, decision: 'continue', reviewedOn: today(), changes: 'Started college', reviewedBy: officerId });
    expect(await referralById(t, id)).toMatchObject({ nextReviewOn: addDays(today(), 30), version: v + 1 });
    expect(await auditFor('monitoring.police_led_review_recorded', id)).toHaveLength(1);

    expectProblem(await json(officer, 'POST', `/api/v1/cases/${id}/reviews`, { ...review('continue'), version: v }), 409, 'stale');
    expect(await reviewsOf(id)).toHaveLength(1);
  });

  it('refers to Channel and closes; a case no longer under police-led management is a conflict', async () => {
    const channel = await steps.policeLedCase();
    const referred = await json(officer, 'POST', `/api/v1/cases/${channel}/reviews`, {
      ...review('refer_to_channel', { localAuthorityId: birminghamId, reasonableGrounds: 'Grooming by an online group' }),
      version: await version(channel),
    });
    expect(referred.statusCode, referred.body).toBe(201);
    expect(referred.json()).toMatchObject({ state: 'referred_to_channel', nextReviewOn: null });
    expect(await auditFor('monitoring.shared.channel', channel)).toHaveLength(1);
    expectProblem(await json(officer, 'POST', `/api/v1/cases/${channel}/reviews`, { ...review('continue'), version: await version(channel) }), 409, 'illegal-transition');

    const close = await steps.policeLedCase();
    const closed = await json(supervisor, 'POST', `/api/v1/cases/${close}/reviews`, { ...review('close', { referrerOutcome: 'closed' }), version: await version(close) });
    expect(closed.statusCode, closed.body).toBe(201);
    expect(closed.json()).toMatchObject({ state: 'closed', nextReviewOn: null });
    expect(await referralById(t, close)).toMatchObject({ state: 'closed', referrerOutcome: 'closed', retentionRule: 'police_led_review' });
  });

  it('names the invalid fields (422), including a local authority the service does not know as one', async () => {
    const id = await steps.policeLedCase();
    const v = await version(id);
    expect(fieldsOf(await json(officer, 'POST', `/api/v1/cases/${id}/reviews`, { reviewedOn: today(), version: v }))).toEqual(['decision']);
    expect(fieldsOf(await json(officer, 'POST', `/api/v1/cases/${id}/reviews`, { ...review('refer_to_channel'), version: v }))).toEqual(['localAuthorityId', 'reasonableGrounds']);
    expect(fieldsOf(await json(officer, 'POST', `/api/v1/cases/${id}/reviews`, { ...review('close', { reviewedOn: addDays(today(), 1) }), version: v }))).toEqual(['reviewedOn', 'referrerOutcome']);
    const notLa = await json(officer, 'POST', `/api/v1/cases/${id}/reviews`, { ...review('refer_to_channel', { localAuthorityId: nhsOrgId, reasonableGrounds: 'Grounds' }), version: v });
    expect(fieldsOf(notLa)).toEqual(['localAuthorityId']);
    expect(await reviewsOf(id)).toEqual([]);
  });

  it('refuses another force and partners (404), organisation tokens (403) and a missing CSRF header (403)', async () => {
    const id = await steps.policeLedCase();
    const body = { ...review('continue'), version: await version(id) };
    for (const c of [met, nhs]) expectProblem(await json(c, 'POST', `/api/v1/cases/${id}/reviews`, body), 404);
    const token = await api(t, nhsToken)('POST', `/api/v1/cases/${id}/reviews`, body);
    expectProblem(token, 403);
    expect(token.json().detail).toBe(NAMED_OFFICER);
    expectProblem(await json(officer, 'POST', `/api/v1/cases/${id}/reviews`, body, { csrf: false }), 403, 'csrf');
    expect(await reviewsOf(id)).toEqual([]);
  });
});

describe('the receiving organisation’s follow-up API', () => {
  const RECEIVER_KEYS = ['acknowledgedAt', 'dueOn', 'id', 'outcome', 'outcomeRecordedAt', 'overdue', 'person', 'requestedBy', 'service'];

  it('lists and reads the requests addressed to it with the minimum, acknowledges and records the outcome', async () => {
    const { id, followUpId } = await steps.signpostedCase({ givenName: 'Apireceivedperson', receivingOrganisationId: nhsOrgId });
    const reference = (await referralById(t, id))!.reference;

    const list = await json(nhs, 'GET', '/api/v1/follow-ups');
    expect(list.statusCode, list.body).toBe(200);
    const item = list.json<{ items: Array<{ id: string }> }>().items.find((i) => i.id === followUpId)!;
    expect(Object.keys(item).sort()).toEqual(RECEIVER_KEYS);
    expect(await auditFor('monitoring.follow_ups_disclosed', followUpId)).toHaveLength(1);

    const read = await json(nhs, 'GET', `/api/v1/follow-ups/${followUpId}`);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toEqual({
      id: followUpId,
      person: { givenName: 'Apireceivedperson', familyName: 'Example', dateOfBirth: '2008-05-01' },
      service: { type: 'mental_health', name: 'CAMHS Birmingham', contact: 'duty@camhs.example' },
      requestedBy: 'West Midlands Police',
      dueOn: addDays(today(), 20),
      overdue: false,
      acknowledgedAt: null,
      outcome: null,
      outcomeRecordedAt: null,
    });
    // Never the police's working: not the rationale, the narrative, the case's id or its reference.
    for (const res of [list, read]) {
      expect(res.body).not.toContain(SIGNPOST_RATIONALE);
      expect(res.body).not.toContain('Narrative about');
      expect(res.body).not.toContain(id);
      expect(res.body).not.toContain(reference);
    }
    const disclosed = await auditFor('monitoring.follow_up_disclosed', followUpId);
    expect(disclosed[0]).toMatchObject({ action: 'disclosure', recipients: [nhsOrgId] });

    const acked = await json(nhs, 'POST', `/api/v1/follow-ups/${followUpId}/acknowledgement`);
    expect(acked.statusCode, acked.body).toBe(204);
    expect(await followUpRow(id)).toMatchObject({ acknowledgedBy: await userId(t, DEMO.nhsReferrer), acknowledgementRecordedByOfficer: false });
    expectProblem(await json(nhs, 'POST', `/api/v1/follow-ups/${followUpId}/acknowledgement`), 409, 'already-recorded');

    const answered = await json(nhs, 'POST', `/api/v1/follow-ups/${followUpId}/outcome`, { outcome: 'Assessed; attending weekly sessions' });
    expect(answered.statusCode, answered.body).toBe(204);
    expect((await followUpRow(id)).outcome).toBe('Assessed; attending weekly sessions');
    expect((await json(nhs, 'GET', `/api/v1/follow-ups/${followUpId}`)).json()).toMatchObject({ outcome: 'Assessed; attending weekly sessions', acknowledgedAt: expect.any(String), outcomeRecordedAt: expect.any(String) });
    expectProblem(await json(nhs, 'POST', `/api/v1/follow-ups/${followUpId}/outcome`, { outcome: 'Again' }), 409, 'already-recorded');
    // Answered: it leaves the list of requests waiting for an answer.
    expect((await json(nhs, 'GET', '/api/v1/follow-ups')).body).not.toContain(followUpId);
    // The holding force sees the answer.
    expect((await json(officer, 'GET', `/api/v1/cases/${id}/follow-up`)).json().followUp.outcome).toMatchObject({ text: 'Assessed; attending weekly sessions', recordedBy: 'Tom Fletcher' });
  });

  it('names the invalid fields (422)', async () => {
    const { id, followUpId } = await steps.signpostedCase({ receivingOrganisationId: nhsOrgId });
    const blank = await json(nhs, 'POST', `/api/v1/follow-ups/${followUpId}/outcome`, { outcome: ' ' });
    expect(fieldsOf(blank)).toEqual(['outcome']);
    expect(blank.json().errors[0].detail).toBe('Enter what the service did: the support offered and whether it was taken up');
    expect(fieldsOf(await json(nhs, 'POST', `/api/v1/follow-ups/${followUpId}/outcome`, {}))).toEqual(['outcome']);
    expect(fieldsOf(await json(nhs, 'POST', `/api/v1/follow-ups/${followUpId}/outcome`, { outcome: 'Seen', close: 'yes' }))).toEqual(['close']);
    expect(fieldsOf(await json(nhs, 'GET', '/api/v1/follow-ups/42'))).toEqual(['id']);
    expect((await followUpRow(id)).outcome).toBeNull();
  });

  it('refuses other organisations and the police (404), organisation tokens (403) and a missing CSRF header (403)', async () => {
    const { id, followUpId } = await steps.signpostedCase({ givenName: 'Apihiddenperson', receivingOrganisationId: nhsOrgId });
    for (const c of [probation, met, officer, supervisor]) {
      expectProblem(await json(c, 'GET', `/api/v1/follow-ups/${followUpId}`), 404);
      expectProblem(await json(c, 'POST', `/api/v1/follow-ups/${followUpId}/acknowledgement`), 404);
      expectProblem(await json(c, 'POST', `/api/v1/follow-ups/${followUpId}/outcome`, { outcome: 'Not mine' }), 404);
    }
    const guessed = await json(probation, 'GET', `/api/v1/follow-ups/${randomUUID()}`);
    const hidden = await json(probation, 'GET', `/api/v1/follow-ups/${followUpId}`);
    expect(hidden.json()).toEqual({ ...guessed.json(), instance: hidden.json().instance });
    // Another partner's list is its own; the police have no such list.
    const other = await json(probation, 'GET', '/api/v1/follow-ups');
    expect(other.statusCode).toBe(200);
    expect(other.body).not.toContain('Apihiddenperson');
    expectProblem(await json(officer, 'GET', '/api/v1/follow-ups'), 404);

    const call = api(t, nhsToken);
    for (const res of [
      await call('GET', '/api/v1/follow-ups'),
      await call('GET', `/api/v1/follow-ups/${followUpId}`),
      await call('POST', `/api/v1/follow-ups/${followUpId}/acknowledgement`),
      await call('POST', `/api/v1/follow-ups/${followUpId}/outcome`, { outcome: 'By token' }),
    ]) {
      expectProblem(res, 403);
      expect(res.json().detail).toBe(NAMED_STAFF);
    }
    expectProblem(await api(t, null)('GET', '/api/v1/follow-ups'), 401);

    expectProblem(await json(nhs, 'POST', `/api/v1/follow-ups/${followUpId}/acknowledgement`, undefined, { csrf: false }), 403, 'csrf');
    expectProblem(await json(nhs, 'POST', `/api/v1/follow-ups/${followUpId}/outcome`, { outcome: 'Seen' }, { csrf: false }), 403, 'csrf');
    expect(await followUpRow(id)).toMatchObject({ acknowledgedAt: null, outcome: null });
  });
});

describe('OpenAPI', () => {
  it('still builds and documents the triage and monitoring endpoints for the session scheme', async () => {
    const res = await t.client().get('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    const operations: Array<[string, string]> = [
      ['/api/v1/triage', 'get'],
      ['/api/v1/cases/{id}/follow-up', 'get'],
      ['/api/v1/cases/{id}/follow-up/acknowledgement', 'post'],
      ['/api/v1/cases/{id}/follow-up', 'post'],
      ['/api/v1/cases/{id}/reviews', 'post'],
      ['/api/v1/follow-ups', 'get'],
      ['/api/v1/follow-ups/{id}', 'get'],
      ['/api/v1/follow-ups/{id}/acknowledgement', 'post'],
      ['/api/v1/follow-ups/{id}/outcome', 'post'],
    ];
    for (const [path, method] of operations) {
      const op = doc.paths[path]?.[method];
      expect(op, `${method} ${path}`).toBeDefined();
      expect(op.security, `${method} ${path}`).toEqual([{ officerSession: [] }]);
      expect(op.summary, `${method} ${path}`).toEqual(expect.any(String));
      expect(op.tags, `${method} ${path}`).toEqual([path === '/api/v1/triage' ? 'triage' : 'monitoring']);
      expect(Object.keys(op.responses), `${method} ${path}`).toEqual(expect.arrayContaining(['401', '403', '404']));
      if (method === 'post') expect(Object.keys(op.responses), `${method} ${path}`).toEqual(expect.arrayContaining(['409', '422']));
    }
    const triage = doc.paths['/api/v1/triage'].get;
    expect(triage.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual(
      expect.arrayContaining(['query:status', 'query:officer', 'query:under18', 'query:repeat', 'query:overdue', 'query:page']),
    );
    expect(doc.paths['/api/v1/cases/{id}/reviews'].post.requestBody.content['application/json'].schema.oneOf).toHaveLength(3);
    expect(doc.paths['/api/v1/follow-ups/{id}/acknowledgement'].post.responses['204']).toBeDefined();
    // The gateway's endpoints are still there.
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/cases/{id}', '/api/v1/cases/{id}/decisions', '/api/v1/referrals']));
  });
});
