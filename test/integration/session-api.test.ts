import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DEMO, type TestApp } from '../support/testApp.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('GET /api/v1/session', () => {
  it('gives a signed-in user their identity and a CSRF token that API posts accept', async () => {
    const officer = await t.signIn(DEMO.wmOfficer);
    const res = await officer.request({ method: 'GET', url: '/api/v1/session' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user).toMatchObject({ name: expect.any(String), organisation: { name: 'West Midlands Police' } });
    // The token works: a gateway API post with it is judged on its content (404 for an unknown case), not refused as CSRF.
    const post = await officer.request({
      method: 'POST',
      url: '/api/v1/cases/00000000-0000-4000-8000-00000000abcd/checks',
      headers: { 'content-type': 'application/json', 'x-csrf-token': body.csrfToken },
      payload: { kind: 'police_systems', source: 'PNC', requestedOn: '2026-01-05' },
    });
    expect(post.statusCode).toBe(404);
  });

  it('refuses a signed-out caller with a problem', async () => {
    const res = await t.client().request({ method: 'GET', url: '/api/v1/session' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});
