// The register of Intervention Providers through its pages and JSON API: an expired approval shows as expired;
// filters by specialism and current approval; approval dates required once approved and expiry after approval;
// the provider's organisation must be an intervention provider; stale versions; bad input; audited changes only.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interventionProviders } from '../../src/db/schema.js';
import { DEMO_PROVIDERS } from '../support/channelSteps.js';
import { expect303To, summary } from '../support/pageAssertions.js';
import { auditRows, providerForm, providerIdByName, providerJson, providerVersion } from '../support/panelSteps.js';
import { orgId } from '../support/referrals.js';
import { json, post } from '../support/sessionClient.js';
import { createTestApp, DEMO, type Client, type TestApp } from '../support/testApp.js';

let t: TestApp;
let admin: Client;
let chair: Client;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn(DEMO.admin);
  chair = await t.signIn(DEMO.chair);
}, 120_000);
afterAll(() => t?.close());

/** The provider names in the list's table, in order. */
const names = (html: string) => [...html.matchAll(/<a class="govuk-link" href="\/channel\/providers\/[0-9a-f-]{36}">([^<]+)<\/a>/g)].map((m) => m[1]!.replace(/&#39;/g, "'"));

describe('reading the register', () => {
  it('lists providers with approval, expiry, specialisms and languages; an expired approval says so', async () => {
    const res = await chair.get('/channel/providers');
    expect(res.statusCode).toBe(200);
    expect(names(res.body)).toEqual([DEMO_PROVIDERS.bridges, DEMO_PROVIDERS.expired, DEMO_PROVIDERS.pathways]);
    const morgan = res.body.slice(res.body.indexOf(DEMO_PROVIDERS.expired));
    expect(morgan.slice(0, 600)).toContain('Expired');
    expect(res.body).toContain('Ideological or theological mentoring');
    expect(res.body).toContain('English, Urdu, Arabic');
    expect(res.body).not.toContain('Add a provider');
    // Reads of the register are not audited: they are about providers, not cases.
    expect(await auditRows(t, await providerIdByName(t, DEMO_PROVIDERS.pathways))).toHaveLength(0);
  });

  it('filters by specialism and by current approval, in the pages and the API', async () => {
    expect(names((await chair.get('/channel/providers?specialism=family_support')).body)).toEqual([DEMO_PROVIDERS.bridges]);
    expect(names((await chair.get('/channel/providers?approved=yes')).body)).toEqual([DEMO_PROVIDERS.bridges, DEMO_PROVIDERS.pathways]);
    expect(names((await chair.get('/channel/providers?approved=yes&specialism=ideological_theological_mentoring')).body)).toEqual([DEMO_PROVIDERS.pathways]);
    const api = await json(admin, 'GET', '/api/v1/channel/providers?approved=true');
    expect(api.statusCode).toBe(200);
    const body = api.json<{ items: { name: string; currentlyApproved: boolean; specialisms: { code: string; label: string }[] }[]; total: number }>();
    expect(body.items.map((i) => i.name)).toEqual([DEMO_PROVIDERS.bridges, DEMO_PROVIDERS.pathways]);
    expect(body.items.every((i) => i.currentlyApproved)).toBe(true);
    const one = await json(admin, 'GET', `/api/v1/channel/providers/${await providerIdByName(t, DEMO_PROVIDERS.expired)}`);
    expect(one.json()).toMatchObject({ approvalStatus: 'approved', expired: true, currentlyApproved: false, organisation: null });
  });

  it('shows a provider read-only to a chair, who may not change the register (403)', async () => {
    const id = await providerIdByName(t, DEMO_PROVIDERS.pathways);
    const page = await chair.get(`/channel/providers/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('referrals@pathways.example');
    expect(page.body).not.toContain('<form method="post" action="/channel/providers');
    expect((await chair.get('/channel/providers/new')).statusCode).toBe(403);
    expect((await post(chair, `/channel/providers/${id}`, providerForm({ version: String(await providerVersion(t, id)) }))).statusCode).toBe(403);
  });
});

describe('adding and changing providers', () => {
  it('needs both approval dates once approved, and an expiry after approval', async () => {
    const noDates = await post(admin, '/channel/providers', providerForm({}, { approvedOn: null, approvalExpiresOn: null }));
    expect(noDates.statusCode).toBe(422);
    expect(summary(noDates)).toEqual(['#approvedOn-day Enter the date of approval', '#approvalExpiresOn-day Enter the date approval expires']);
    const backwards = await post(admin, '/channel/providers', providerForm({}, { approvedOn: '2025-06-01', approvalExpiresOn: '2025-05-01' }));
    expect(summary(backwards)).toEqual(['#approvalExpiresOn-day The date approval expires must be after the date of approval']);
    // Reported with other errors too, and the values are kept.
    const many = await post(admin, '/channel/providers', providerForm({ name: '', specialisms: [] }, { approvedOn: '2025-06-01', approvalExpiresOn: '2025-06-01' }));
    expect(summary(many)).toEqual(['#name Enter the name of the provider', '#approvalExpiresOn-day The date approval expires must be after the date of approval', '#specialisms Select at least one specialism']);
    expect(many.body).toContain('value="English, Punjabi"');
    const half = await post(admin, '/channel/providers', { ...providerForm(), 'approvedOn-month': '' });
    expect(summary(half)).toEqual(['#approvedOn-month The date of approval must include a month']);
    // Pending providers need no dates.
    expect303To(await post(admin, '/channel/providers', providerForm({ name: 'Pending Mentors', approvalStatus: 'pending' }, { approvedOn: null, approvalExpiresOn: null })), '/channel/providers');

    const api = await json(admin, 'POST', '/api/v1/channel/providers', providerJson({ approvalExpiresOn: '2024-01-01' }));
    expect(api.statusCode).toBe(422);
    expect(api.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual(['approvalExpiresOn']);
  });

  it('links only an intervention provider organisation, and accepts only known specialisms', async () => {
    const council = await post(admin, '/channel/providers', providerForm({ organisationId: await orgId(t, 'birmingham') }));
    expect(summary(council)).toEqual(['#organisationId Select an intervention provider organisation from the list']);
    const unknown = await json(admin, 'POST', '/api/v1/channel/providers', providerJson({ specialisms: ['astrology'] }));
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json<{ errors: { field: string }[] }>().errors[0]!.field).toBe('specialisms');
  });

  it('adds a provider and changes it with the version seen; a stale version is a conflict; changes are audited', async () => {
    const created = await post(admin, '/channel/providers', providerForm({ organisationId: await orgId(t, 'pathways-mentoring') }));
    expect303To(created, '/channel/providers');
    const id = await providerIdByName(t, 'Unity Mentors');
    const [row] = await t.db.database.db.select().from(interventionProviders).where(eq(interventionProviders.id, id));
    expect(row).toMatchObject({ kind: 'organisation', approvalStatus: 'approved', approvedOn: '2025-01-10', approvalExpiresOn: '2027-01-10', specialisms: ['practical_mentoring', 'online_safety'], languages: ['English', 'Punjabi'], version: 1 });

    const edit = await admin.get(`/channel/providers/${id}`);
    expect(edit.body).toContain('name="version" value="1"');
    expect303To(await post(admin, `/channel/providers/${id}`, providerForm({ approvalStatus: 'suspended', version: '1' })), '/channel/providers');
    const stale = await post(admin, `/channel/providers/${id}`, providerForm({ name: 'Unity Mentors Ltd', version: '1' }));
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Someone else changed this provider');
    expect(stale.body).toContain('name="version" value="2"');
    expect((await json(admin, 'POST', `/api/v1/channel/providers/${id}`, { ...providerJson(), version: 1 })).statusCode).toBe(409);
    const ok = await json(admin, 'POST', `/api/v1/channel/providers/${id}`, { ...providerJson({ name: 'Unity Mentors' }), version: 2 });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ id, version: 3 });
    expect((await auditRows(t, id)).map((a) => [a.action, a.event, a.recordType])).toEqual([
      ['collection', 'channel.provider_added', 'intervention_provider'],
      ['alteration', 'channel.provider_changed', 'intervention_provider'],
      ['alteration', 'channel.provider_changed', 'intervention_provider'],
    ]);
  });
});
