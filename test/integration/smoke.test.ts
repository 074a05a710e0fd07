import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DEMO, type TestApp } from '../support/testApp.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('public referral journey', () => {
  it('takes a concern from start to confirmation and routes it to the force', async () => {
    const c = t.client();
    expect((await c.get('/refer')).statusCode).toBe(200);
    const steps: Array<[string, Record<string, string | string[]>]> = [
      ['/refer/person', { givenName: 'Canary', familyName: 'Testperson', aliases: 'CT' }],
      ['/refer/age', { 'dateOfBirth-day': '14', 'dateOfBirth-month': '3', 'dateOfBirth-year': '2009', gender: 'male' }],
      ['/refer/address', { address: '1 High Street', postcode: 'b1 1aa', schoolOrWorkplace: 'Northfield Academy' }],
      ['/refer/concern', { narrative: 'Shares extremist videos', startedWhen: 'September' }],
      ['/refer/concern-details', { threatOfHarm: 'no', supportNeeds: ['mental_health'] }],
      ['/refer/awareness', { subjectAware: 'no', parentAware: 'not_sure' }],
      ['/refer/about-you', { contact: 'no', relationship: 'Neighbour' }],
    ];
    for (const [url, form] of steps) {
      const res = await c.postForm(url, form);
      expect(res.statusCode, `${url}: ${res.body.slice(0, 2000)}`).toBe(303);
    }
    const check = await c.get('/refer/check');
    expect(check.statusCode).toBe(200);
    expect(check.body).toContain('Canary');
    const sent = await c.postForm('/refer/check', {});
    expect(sent.statusCode).toBe(303);
    const confirmation = await c.get('/refer/confirmation');
    const reference = /PR-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(confirmation.body)?.[0];
    expect(reference).toBeDefined();

    const officer = await t.signIn(DEMO.wmOfficer);
    const queue = await officer.get('/triage');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain(reference!);
    const other = await t.signIn(DEMO.metOfficer);
    expect((await other.get('/triage')).body).not.toContain(reference!);
  });
});
