// What a referrer is told: the limited status and, once the case is closed, the outcome category the
// officer chose for them. Never the rationale, the decision details or anything police-only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFERRER_OUTCOMES } from '../../src/modules/gateway/gateway.schemas.js';
import { createTestApp, DEMO, type Client, type TestApp } from '../support/testApp.js';
import { api, apiReferral, submitProfessionalReferral, tokenFor } from '../support/referrals.js';
import { gatewaySteps } from '../support/gatewaySteps.js';

let t: TestApp;
let school: Client;
let nhs: ReturnType<typeof api>;
let steps: ReturnType<typeof gatewaySteps>;

const RATIONALE = 'Rationale only the police read: context explains the comment';

beforeAll(async () => {
  t = await createTestApp();
  school = await t.signIn(DEMO.schoolReferrer);
  nhs = api(t, await tokenFor(t, 'bsmhft'));
  steps = gatewaySteps(t);
}, 60_000);
afterAll(() => t?.close());

describe('on the referrer’s status page', () => {
  it('shows the status while open, and the outcome category once closed, without the rationale', async () => {
    const id = await submitProfessionalReferral(t, school, 'Feedbackperson');
    const open = await school.get(`/referrals/${id}`);
    expect(open.body).toContain('Received');
    expect(open.body).not.toContain('Outcome');

    await steps.closeWithNoFurtherAction(id, RATIONALE, 'no_further_action');
    const closed = await school.get(`/referrals/${id}`);
    expect(closed.statusCode).toBe(200);
    expect(closed.body).toContain('Closed');
    expect(closed.body).toContain('Outcome');
    expect(closed.body).toContain(REFERRER_OUTCOMES.no_further_action);
    expect(closed.body).not.toContain(RATIONALE);
    expect(closed.body).not.toContain('Timeline');
    expect(closed.body).not.toContain('Context explains');

    const mine = await school.get('/referrals/mine');
    expect(mine.body).toMatch(/Feedbackperson[\s\S]*?Closed/);
  });
});

describe('on the API status endpoint', () => {
  it('adds the outcome category once closed, and nothing else', async () => {
    const created = await nhs('POST', '/api/v1/referrals', apiReferral('Apifeedback'));
    const { id } = created.json<{ id: string }>();
    const before = (await nhs('GET', `/api/v1/referrals/${id}`)).json<Record<string, unknown>>();
    expect(Object.keys(before).sort()).toEqual(['id', 'reference', 'status', 'submittedAt']);

    await steps.closeWithNoFurtherAction(id, RATIONALE, 'support_elsewhere');
    const res = await nhs('GET', `/api/v1/referrals/${id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id, status: 'closed', outcome: REFERRER_OUTCOMES.support_elsewhere });
    expect(Object.keys(res.json()).sort()).toEqual(['id', 'outcome', 'reference', 'status', 'submittedAt']);
    expect(res.body).not.toContain(RATIONALE);
  });

  it('documents the optional outcome', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const op = doc.paths['/api/v1/referrals/{id}'].get;
    const schema = op.responses['200'].content['application/json'].schema;
    expect(schema.properties.outcome).toMatchObject({ type: 'string' });
    expect(schema.properties.outcome.description).toMatch(/category/);
    expect(schema.required).not.toContain('outcome');
    expect(op.description).toMatch(/outcome/);
  });
});

describe('a referral that joined an open case', () => {
  it('reports the status and outcome of the case it joined', async () => {
    const id = await submitProfessionalReferral(t, school, 'Joinedfeedback');
    // The same person (the form's fixed family name and date of birth), sent by the NHS trust.
    const joined = await nhs('POST', '/api/v1/referrals', apiReferral('Joinedfeedback', { subject: { familyName: 'Testperson', dateOfBirth: '2009-03-14' } }));
    const joinedId = joined.json<{ id: string }>().id;
    expect((await nhs('GET', `/api/v1/referrals/${joinedId}`)).json()).toMatchObject({ status: 'received' });
    expect((await nhs('GET', `/api/v1/referrals/${joinedId}`)).json().outcome).toBeUndefined();

    await steps.assign(id);
    expect((await nhs('GET', `/api/v1/referrals/${joinedId}`)).json()).toMatchObject({ status: 'being_assessed' });

    await steps.closeWithNoFurtherAction(id, RATIONALE);
    const res = await nhs('GET', `/api/v1/referrals/${joinedId}`);
    expect(res.json()).toMatchObject({ status: 'closed', outcome: REFERRER_OUTCOMES.no_further_action });
    expect(res.body).not.toContain(RATIONALE);
  });
});
