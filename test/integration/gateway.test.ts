// The police gateway assessment through the real pages and the JSON API: officers signed in through the
// sign-in pages, forms posted with their CSRF tokens, and the referrer's views checked for sealed content.
import type { LightMyRequestResponse } from 'fastify';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/db/schema.js';
import { NAMED_OFFICER } from '../../src/modules/gateway/gateway.api.js';
import { STALE_ON_FORM } from '../../src/modules/gateway/gateway.routes.js';
import { londonDate } from '../../src/platform/workingDays.js';
import { expect303To, summary } from '../support/pageAssertions.js';
import { csrf, post, json } from '../support/sessionClient.js';
import { createTestApp, DEMO, type Client, type TestApp } from '../support/testApp.js';
import { api, apiReferral, orgId, referralById, submitProfessionalReferral, tokenFor, userId } from '../support/referrals.js';

type Form = Record<string, string | string[]>;

let t: TestApp;
let officer: Client;
let supervisor: Client;
let school: Client;
let met: Client;
let nhsToken: string;
let officerId: string;
let birminghamId: string;

// A week ago, as the three boxes of a GOV.UK date input and as ISO.
const weekAgo = londonDate(new Date(Date.now() - 7 * 86_400_000));
const [wy, wm, wd] = weekAgo.split('-');
const dateBoxes = (name: string): Form => ({ [`${name}-day`]: String(Number(wd)), [`${name}-month`]: String(Number(wm)), [`${name}-year`]: wy! });



let people = 0;
/** A new referral for West Midlands Police, through the organisation API; a different person each time unless named. */
async function newCase(givenName = `Gatewayperson${String.fromCharCode(97 + (people++ % 26))}${people}`): Promise<string> {
  const res = await api(t, nhsToken)('POST', '/api/v1/referrals', apiReferral(givenName));
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

const version = async (id: string) => String((await referralById(t, id))!.version);



/** Assigned to the officer and assessed (check, deconfliction, judgement) through the forms. */
async function assess(id: string, sealedNotes = 'No live investigation') {
  expect303To(await post(officer, `/cases/${id}/assign`, { officerId, version: await version(id) }), `/cases/${id}`);
  expect303To(await post(officer, `/cases/${id}/checks/new`, { kind: 'police_systems', source: 'PNC and local intelligence', ...dateBoxes('requestedOn') }), `/cases/${id}`);
  expect303To(await post(officer, `/cases/${id}/deconfliction`, { ...dateBoxes('doneOn'), sealedNotes }), `/cases/${id}`);
  expect303To(
    await post(officer, `/cases/${id}/judgement`, { concernPresent: 'yes', concernTypes: ['extreme_right_wing'], vulnerabilityFactors: 'Isolated', immediateRisk: 'no', rationale: 'Shares extreme right-wing material' }),
    `/cases/${id}`,
  );
}

beforeAll(async () => {
  t = await createTestApp();
  [officer, supervisor, school, met] = await Promise.all([t.signIn(DEMO.wmOfficer), t.signIn(DEMO.wmSupervisor), t.signIn(DEMO.schoolReferrer), t.signIn(DEMO.metOfficer)]);
  nhsToken = await tokenFor(t, 'bsmhft');
  officerId = await userId(t, DEMO.wmOfficer);
  birminghamId = await orgId(t, 'birmingham');
}, 60_000);
afterAll(() => t?.close());

describe('a gateway assessment on the case page', () => {
  it('runs from assignment to a no-further-action outcome approved by a supervisor, who is not the decider', async () => {
    const id = await newCase('Nfaperson');

    const first = await officer.get(`/cases/${id}`);
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('Nfaperson Example');
    expect(first.body).toContain('reported by the referrer');
    expect(first.body).toContain(`href="/cases/${id}/assign"`);
    expect(first.body).toContain('Cannot start yet');
    // Nothing to record before an officer is assigned: those tasks are not links yet.
    expect(first.body).not.toContain(`href="/cases/${id}/checks/new"`);
    const viewed = await t.db.database.db.select().from(auditLog).where(and(eq(auditLog.event, 'gateway.case_viewed'), eq(auditLog.action, 'consultation')));
    expect(viewed.some((a) => a.recordIds.includes(id))).toBe(true);

    const assignPage = await officer.get(`/cases/${id}/assign`);
    expect(assignPage.body).toMatch(new RegExp(`<option value="${officerId}" selected>Assign to me \\(Daniel Hughes\\)</option>`));

    await assess(id, 'Sealed: Operation Kestrel');
    const assessed = await officer.get(`/cases/${id}`);
    expect(assessed.body).toContain('Threshold judgement recorded.');
    expect(assessed.body).toContain('Professional judgement');
    expect(assessed.body).toContain('Shares extreme right-wing material');
    expect(assessed.body).toContain('Sealed: Operation Kestrel');
    expect(assessed.body).toContain(`href="/cases/${id}/outcome"`);

    const decided = await post(officer, `/cases/${id}/outcome`, { outcome: 'no_further_action', referrerOutcome: 'no_further_action', rationale: 'Context explains the comment', version: await version(id) });
    expect303To(decided, `/cases/${id}`);
    expect((await referralById(t, id))!.state).toBe('awaiting_approval');
    expect((await officer.get(`/cases/${id}`)).body).toContain('It is waiting for a supervisor’s approval.');

    // The decider may not approve their own decision: a 403 page, and nothing changes.
    const own = await post(officer, `/cases/${id}/approval`, { decision: 'approve', version: await version(id) });
    expect(own.statusCode).toBe(403);
    expect(own.headers['content-type']).toContain('text/html');
    expect(own.body).toContain('another supervisor must review it');
    expect((await officer.get(`/cases/${id}/approval`)).statusCode).toBe(403);
    expect((await referralById(t, id))!.state).toBe('awaiting_approval');

    const approvalPage = await supervisor.get(`/cases/${id}/approval`);
    expect(approvalPage.statusCode).toBe(200);
    expect(approvalPage.body).toContain('Decision waiting for approval');
    expect(approvalPage.body).toContain('Context explains the comment');
    expect303To(await post(supervisor, `/cases/${id}/approval`, { decision: 'approve', comments: 'Agreed', version: await version(id) }), `/cases/${id}`);

    const closed = await referralById(t, id);
    expect(closed).toMatchObject({ state: 'closed', referrerOutcome: 'no_further_action', retentionRule: 'nfa_review' });
    expect(closed!.closedAt).toBeInstanceOf(Date);
    expect(closed!.retentionReviewOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const page = (await officer.get(`/cases/${id}`)).body;
    const timeline = page.slice(page.indexOf('>Timeline<'));
    expect(page).toContain('Approved by');
    expect(page).toContain('Sarah Okafor');
    expect(page).toContain('Agreed');
    // The timeline, in order.
    const order = ['Referral received', 'Assigned to Daniel Hughes', 'Check recorded', 'Deconfliction recorded', 'Threshold judgement recorded', 'Sent for approval: No further action', 'Approved: No further action'];
    const at = order.map((s) => timeline.indexOf(s));
    expect(at.every((i) => i >= 0), JSON.stringify(at)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    // Once closed, no task is open.
    expect(page).not.toContain(`href="/cases/${id}/outcome"`);
  });

  it('makes signposting and a Channel referral effective at once, with their details', async () => {
    const a = await newCase();
    await assess(a);
    expect303To(
      await post(officer, `/cases/${a}/outcome`, {
        outcome: 'signposted',
        serviceType: 'mental_health',
        serviceName: 'CAMHS Birmingham',
        serviceContact: 'duty@camhs.example',
        receivingOrganisationId: await orgId(t, 'bsmhft'),
        // Fields of other outcomes stay in the form (hidden by their radio) and are ignored.
        localAuthorityId: '',
        reasonableGrounds: '',
        sealedNotes: '',
        referrerOutcome: 'support_elsewhere',
        rationale: 'Needs mental health support',
        version: await version(a),
      }),
      `/cases/${a}`,
    );
    expect((await referralById(t, a))!.state).toBe('signposted');
    const signposted = (await officer.get(`/cases/${a}`)).body;
    expect(signposted).toContain('CAMHS Birmingham');
    expect(signposted).toContain('Mental health services');
    // The case stays in sight: the task list links to the follow-up.
    expect(signposted).toContain(`href="/cases/${a}/follow-up"`);

    const b = await newCase();
    await assess(b);
    const missing = await post(officer, `/cases/${b}/outcome`, { outcome: 'channel', localAuthorityId: '', reasonableGrounds: '', referrerOutcome: 'ongoing_support', rationale: 'Vulnerable', version: await version(b) });
    expect(missing.statusCode).toBe(422);
    expect(summary(missing)).toEqual([
      '#localAuthorityId Select the local authority whose Channel panel will consider the case',
      '#reasonableGrounds Enter the reasonable grounds to believe the person is vulnerable to being drawn into terrorism',
    ]);
    expect303To(
      await post(officer, `/cases/${b}/outcome`, { outcome: 'channel', localAuthorityId: birminghamId, reasonableGrounds: 'Grooming by an online group', referrerOutcome: 'ongoing_support', rationale: 'Vulnerable', version: await version(b) }),
      `/cases/${b}`,
    );
    expect((await referralById(t, b))!.state).toBe('referred_to_channel');
    const channel = (await officer.get(`/cases/${b}`)).body;
    expect(channel).toContain('Birmingham City Council');
    expect(channel).toContain('Grooming by an online group');
  });

  it('flags a repeat referral and shows the earlier one with its outcome', async () => {
    const first = await newCase('Repeatperson');
    await assess(first);
    await post(officer, `/cases/${first}/outcome`, { outcome: 'channel', localAuthorityId: birminghamId, reasonableGrounds: 'Grounds', referrerOutcome: 'ongoing_support', rationale: 'Vulnerable', version: await version(first) });
    const second = await newCase('Repeatperson');
    const page = (await officer.get(`/cases/${second}`)).body;
    expect(page).toContain('2nd referral');
    expect(page).toContain('1 earlier referral about this person');
    expect(page).toContain(`href="/cases/${first}"`);
    expect(page).toContain('Referred to Channel');
  });
});

describe('form errors', () => {
  it('re-renders a form with a GOV.UK error summary, field errors and the values kept (422)', async () => {
    const id = await newCase();
    await post(officer, `/cases/${id}/assign`, { officerId, version: await version(id) });

    const check = await post(officer, `/cases/${id}/checks/new`, { source: 'PND', 'requestedOn-day': '3', 'requestedOn-month': '', 'requestedOn-year': '2026' });
    expect(check.statusCode).toBe(422);
    expect(check.body).toContain('There is a problem');
    expect(check.body).toMatch(/<title>Error: /);
    expect(summary(check)).toEqual(['#kind Select the kind of check', '#requestedOn-month The date of the check must include a month']);
    expect(check.body).toContain('id="kind-error"');
    expect(check.body).toMatch(/id="source" name="source" type="text" value="PND"/);

    const blankDate = await post(officer, `/cases/${id}/checks/new`, { kind: 'open_source', source: 'Social media' });
    expect(summary(blankDate)).toEqual(['#requestedOn-day Enter the date of the check']);

    const judgement = await post(officer, `/cases/${id}/judgement`, { concernPresent: 'yes', immediateRisk: 'yes', immediateRiskDetails: '', rationale: 'Worrying posts' });
    expect(judgement.statusCode).toBe(422);
    expect(summary(judgement)).toEqual(['#concernTypes Select the type of concern', '#immediateRiskDetails Describe the immediate risk and what has been done']);
    expect(judgement.body).toContain('Worrying posts');

    const deconfliction = await post(officer, `/cases/${id}/deconfliction`, { sealedNotes: '' });
    expect(summary(deconfliction)).toEqual(['#doneOn-day Enter the date of deconfliction', '#sealedNotes Enter the result of deconfliction']);

    // An outcome is refused before the threshold judgement: a conflict, shown on the form.
    const early = await post(officer, `/cases/${id}/outcome`, { outcome: 'police_led_management', referrerOutcome: 'ongoing_support', rationale: 'Monitor', version: await version(id) });
    expect(early.statusCode).toBe(409);
    expect(summary(early)).toEqual(['#outcome Record the threshold judgement before deciding the outcome.']);

    await post(officer, `/cases/${id}/judgement`, { concernPresent: 'no', immediateRisk: 'no', rationale: 'Misread comment' });
    const outcome = await post(officer, `/cases/${id}/outcome`, { rationale: 'Typed before choosing', version: await version(id) });
    expect(outcome.statusCode).toBe(422);
    expect(summary(outcome)).toEqual(['#outcome Select an outcome', '#referrerOutcome Select what the referrer will be told']);
    expect(outcome.body).toContain('Typed before choosing');
  });

  it('shows a stale version as a 409 message on the form, keeping what was typed', async () => {
    const id = await newCase();
    await assess(id);
    const stale = String(Number(await version(id)) - 1);
    const res = await post(officer, `/cases/${id}/outcome`, { outcome: 'police_led_management', referrerOutcome: 'ongoing_support', rationale: 'Keep this rationale', version: stale });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toContain('text/html');
    expect(summary(res)).toEqual([`#outcome ${STALE_ON_FORM}`]);
    expect(res.body).toContain('Keep this rationale');
    // The form now carries the current version: submitting again is a choice made knowing the case changed.
    expect(res.body).toContain(`name="version" value="${await version(id)}"`);
    expect((await referralById(t, id))!.state).toBe('in_assessment');
  });

  it('asks the supervisor why a decision is returned', async () => {
    const id = await newCase();
    await assess(id);
    await post(officer, `/cases/${id}/outcome`, { outcome: 'no_further_action', referrerOutcome: 'no_further_action', rationale: 'Misread', version: await version(id) });
    const res = await post(supervisor, `/cases/${id}/approval`, { decision: 'return', comments: '', version: await version(id) });
    expect(res.statusCode).toBe(422);
    expect(summary(res)).toEqual(['#comments Say what needs to change']);
    expect303To(await post(supervisor, `/cases/${id}/approval`, { decision: 'return', comments: 'Check open sources first', version: await version(id) }), `/cases/${id}`);
    const page = (await officer.get(`/cases/${id}`)).body;
    expect(page).toContain('Returned by Sarah Okafor: Check open sources first');
    expect(page).toContain(`href="/cases/${id}/outcome"`);
  });

  it('sends a fresh form for a step the case is not at back to the case page, saying why', async () => {
    const id = await newCase();
    const res = await officer.get(`/cases/${id}/judgement`);
    expect303To(res, `/cases/${id}`);
    expect((await officer.get(`/cases/${id}`)).body).toContain('Assign the referral to an officer before recording the assessment.');
  });
});

describe('the gateway JSON API', () => {
  it('takes a case from assignment to an approved handover for signed-in officers sending the CSRF header', async () => {
    const id = await newCase();
    let v = Number(await version(id));
    const assigned = await json(officer, 'POST', `/api/v1/cases/${id}/assignment`, { officerId, version: v });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json()).toEqual({ referralId: id, state: 'in_assessment', version: v + 1 });
    v += 1;

    const check = await json(officer, 'POST', `/api/v1/cases/${id}/checks`, { kind: 'open_source', source: 'Social media', requestedOn: weekAgo });
    expect(check.statusCode, check.body).toBe(201);
    expect(check.json()).toMatchObject({ id: expect.any(String), referralId: id, state: 'in_assessment', version: v });
    expect((await json(officer, 'POST', `/api/v1/cases/${id}/deconflictions`, { doneOn: weekAgo, sealedNotes: 'API sealed deconfliction' })).statusCode).toBe(201);
    expect((await json(officer, 'POST', `/api/v1/cases/${id}/judgements`, { concernPresent: 'yes', concernTypes: ['islamist'], immediateRisk: 'no', rationale: 'Posts' })).statusCode).toBe(201);

    const invalid = await json(officer, 'POST', `/api/v1/cases/${id}/decisions`, { outcome: 'channel', rationale: 'x', referrerOutcome: 'closed', version: v });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.headers['content-type']).toContain('application/problem+json');

    const stale = await json(officer, 'POST', `/api/v1/cases/${id}/decisions`, { outcome: 'investigation_handover', rationale: 'Criminality', referrerOutcome: 'closed', sealedNotes: 'Op Heron', version: v - 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ type: 'urn:ct-casework:problem:stale', status: 409 });

    const decided = await json(officer, 'POST', `/api/v1/cases/${id}/decisions`, { outcome: 'investigation_handover', rationale: 'Criminality', referrerOutcome: 'closed', sealedNotes: 'Op Heron', version: v });
    expect(decided.statusCode, decided.body).toBe(201);
    expect(decided.json()).toMatchObject({ status: 'awaiting_approval', state: 'awaiting_approval', version: v + 1 });
    v += 1;

    const own = await json(officer, 'POST', `/api/v1/cases/${id}/decision-review`, { decision: 'approve', version: v });
    expect(own.statusCode).toBe(403);
    expect(own.headers['content-type']).toContain('application/problem+json');
    const approved = await json(supervisor, 'POST', `/api/v1/cases/${id}/decision-review`, { decision: 'approve', version: v });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toEqual({ referralId: id, state: 'closed', version: v + 1 });

    const view = await json(officer, 'GET', `/api/v1/cases/${id}`);
    expect(view.statusCode).toBe(200);
    const body = view.json();
    expect(body).toMatchObject({ id, state: 'closed', assignedOfficer: { id: officerId, name: 'Daniel Hughes' }, permissions: { canAssess: true, canApprove: false } });
    // The holding force's officers read sealed content.
    expect(body.deconflictions[0].sealedNotes).toBe('API sealed deconfliction');
    expect(body.decisions[0]).toMatchObject({ outcome: 'investigation_handover', status: 'effective', sealedNotes: 'Op Heron', reviewedBy: 'Sarah Okafor' });
    expect(body.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['assign', 'submitForApproval', 'approve']));
  });

  it('refuses organisation tokens, signed-out callers, a missing or wrong CSRF header, and other forces', async () => {
    const id = await newCase();
    const body = { officerId, version: Number(await version(id)) };

    const token = await api(t, nhsToken)('POST', `/api/v1/cases/${id}/assignment`, body);
    expect(token.statusCode).toBe(403);
    expect(token.headers['content-type']).toContain('application/problem+json');
    expect(token.json().detail).toContain('Gateway actions are taken by a named officer; sign in');
    expect(token.json().detail).toBe(NAMED_OFFICER);
    expect((await api(t, nhsToken)('GET', `/api/v1/cases/${id}`)).statusCode).toBe(403);

    const anonymous = await api(t, null)('POST', `/api/v1/cases/${id}/assignment`, body);
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toContain('application/problem+json');

    const noHeader = await json(officer, 'POST', `/api/v1/cases/${id}/assignment`, body, { csrf: false });
    expect(noHeader.statusCode).toBe(403);
    expect(noHeader.json()).toMatchObject({ type: 'urn:ct-casework:problem:csrf', detail: expect.stringContaining('x-csrf-token') });
    const wrong = await json(officer, 'POST', `/api/v1/cases/${id}/assignment`, body, { csrf: 'not-the-token' });
    expect(wrong.statusCode).toBe(403);
    // The token in a JSON body field does not count: the API reads the header only.
    const inBody = await json(officer, 'POST', `/api/v1/cases/${id}/assignment`, { ...body, _csrf: await csrf(officer) }, { csrf: false });
    expect(inBody.statusCode).toBe(403);
    expect((await referralById(t, id))!.state).toBe('awaiting_triage');

    expect((await json(met, 'POST', `/api/v1/cases/${id}/assignment`, body)).statusCode).toBe(404);
    expect((await json(met, 'GET', `/api/v1/cases/${id}`)).statusCode).toBe(404);
    expect((await json(officer, 'POST', `/api/v1/cases/${id}/assignment`, body)).statusCode).toBe(200);
  });

  it('documents the gateway endpoints in OpenAPI with the officer session scheme', async () => {
    const doc = (await t.client().get('/api/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/cases/{id}',
        '/api/v1/cases/{id}/assignment',
        '/api/v1/cases/{id}/checks',
        '/api/v1/cases/{id}/deconflictions',
        '/api/v1/cases/{id}/judgements',
        '/api/v1/cases/{id}/decisions',
        '/api/v1/cases/{id}/decision-review',
      ]),
    );
    expect(doc.components.securitySchemes.officerSession).toMatchObject({ type: 'apiKey', in: 'cookie' });
    expect(doc.paths['/api/v1/cases/{id}/decisions'].post.security).toEqual([{ officerSession: [] }]);
  });
});

describe('sealed content', () => {
  const DECONFLICTION = 'SEALED-DECONFLICTION-Operation-Nightjar';
  const HANDOVER = 'SEALED-HANDOVER-Operation-Nightjar';

  it('never reaches the referrer, another force or an organisation token', async () => {
    // A referral by the school DSL on the web, and one by the NHS trust through the API.
    const web = await submitProfessionalReferral(t, school, 'Sealedwebperson');
    const byApi = await newCase('Sealedapiperson');
    for (const id of [web, byApi]) {
      await assess(id, DECONFLICTION);
      expect303To(await post(officer, `/cases/${id}/outcome`, { outcome: 'investigation_handover', sealedNotes: HANDOVER, referrerOutcome: 'closed', rationale: 'Criminality', version: await version(id) }), `/cases/${id}`);
    }
    // The police see both notes.
    const police = (await supervisor.get(`/cases/${web}`)).body;
    expect(police).toContain(DECONFLICTION);
    expect(police).toContain(HANDOVER);

    const reachable: Array<[string, LightMyRequestResponse]> = [
      ['referrer status page', await school.get(`/referrals/${web}`)],
      ['referrer list', await school.get('/referrals/mine')],
      ['referrer case page', await school.get(`/cases/${web}`)],
      ['referrer case JSON', await json(school, 'GET', `/api/v1/cases/${web}`)],
      ['referrer approval form', await school.get(`/cases/${web}/approval`)],
      ['other force case page', await met.get(`/cases/${web}`)],
      ['other force case JSON', await json(met, 'GET', `/api/v1/cases/${web}`)],
      ['token status', await api(t, nhsToken)('GET', `/api/v1/referrals/${byApi}`)],
      ['token case JSON', await api(t, nhsToken)('GET', `/api/v1/cases/${byApi}`)],
    ];
    expect(reachable.map(([, r]) => r.statusCode)).toEqual([200, 200, 404, 404, 404, 404, 404, 200, 403]);
    for (const [what, res] of reachable) {
      expect(res.body, what).not.toContain(DECONFLICTION);
      expect(res.body, what).not.toContain(HANDOVER);
    }
  });
});

describe('case reads made at the same time', () => {
  it('answer each request with its own case and its own access, a malformed id refused on its own', async () => {
    const [a, b] = [await newCase('Togetherone'), await newCase('Togethertwo')];
    const replies = await Promise.all([
      json(officer, 'GET', `/api/v1/cases/${a}`),
      json(met, 'GET', `/api/v1/cases/${a}`),
      json(officer, 'GET', `/api/v1/cases/${b}`),
      officer.get('/cases/0000-not-a-uuid'),
      json(officer, 'GET', `/api/v1/cases/${a}`),
      officer.get(`/cases/${b}`),
    ]);
    expect(replies.map((r) => r.statusCode)).toEqual([200, 404, 200, 404, 200, 200]);
    expect([replies[0], replies[2], replies[4]].map((r) => r!.json<{ id: string }>().id)).toEqual([a, b, a]);
    expect(replies[1]!.body).not.toContain('Togetherone');
    expect(replies[5]!.body).toContain('Togethertwo');
  });
});
