// The rules of setting up Channel panels, through the pages and the JSON API as the demo users (and administrators
// the demo lacks) would use them: a shared panel with its chosen chair; an authority covered by one panel only;
// police members from a police force; memberships ended and kept; members co-opted only for the panel's open
// cases, which is a disclosure of the case; stale versions; bad input; and the audit rows of each change.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelPanelAuthorities, channelPanels, panelMembers } from '../../src/db/schema.js';
import { loadChannelCase } from '../../src/modules/channel/cases/channelCase.repository.js';
import { londonDate } from '../../src/platform/dates.js';
import { referToChannel } from '../support/channelSteps.js';
import { expect303To, summary } from '../support/pageAssertions.js';
import { auditRows, extraAdmin, memberIdByName, memberRow, namedMemberForm, panelIdByName, panelVersion } from '../support/panelSteps.js';
import { orgId, userId } from '../support/referrals.js';
import { json, post } from '../support/sessionClient.js';
import { createTestApp, DEMO, type Client, type TestApp } from '../support/testApp.js';

let t: TestApp;
let admin: Client;
let chair: Client;
let birmingham: string;
const today = () => londonDate(new Date());

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn(DEMO.admin);
  chair = await t.signIn(DEMO.chair);
  birmingham = await panelIdByName(t, 'Birmingham Channel Panel');
}, 120_000);
afterAll(() => t?.close());

const newId = (location: string | undefined) => /\/channel\/panels\/([0-9a-f-]{36})$/.exec(location ?? '')?.[1] ?? '';

describe('setting up a panel', () => {
  it('lists the panel covering the administrator’s authority, and refuses a second panel for it', async () => {
    const list = await admin.get('/channel/panels');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Birmingham Channel Panel');
    expect(list.body).not.toContain('Sandwell Channel Panel');

    const res = await post(admin, '/channel/panels', { name: 'Second Birmingham panel', chairOrgId: await orgId(t, 'birmingham'), reviewIntervalDays: '30' });
    expect(res.statusCode).toBe(422);
    expect(summary(res)).toEqual(['#authorityIds Birmingham City Council is already covered by Birmingham Channel Panel: an authority can be covered by one panel only']);
    expect(res.body).toContain('value="Second Birmingham panel"');
    expect(await t.db.database.db.select().from(channelPanels).where(eq(channelPanels.name, 'Second Birmingham panel'))).toHaveLength(0);
  });

  it('sets up a panel shared by two authorities with the chair they chose, defaulting to a monthly review', async () => {
    const islingtonAdmin = await extraAdmin(t, 'islington');
    await extraAdmin(t, 'camden');
    const islington = await t.signIn(islingtonAdmin);
    const camden = await orgId(t, 'camden');
    const islingtonId = await orgId(t, 'islington');

    // The chair must be among the authorities covered; Sandwell is already covered by its own panel.
    const wrongChair = await post(islington, '/channel/panels', { name: 'North London Channel Panel', chairOrgId: await orgId(t, 'birmingham'), reviewIntervalDays: '30' });
    expect(summary(wrongChair)).toEqual(['#chairOrgId The chairing authority must be one of the authorities the panel covers']);
    const taken = await post(islington, '/channel/panels', { name: 'North London Channel Panel', authorityIds: [camden, await orgId(t, 'sandwell')], chairOrgId: camden });
    expect(summary(taken)).toEqual(['#authorityIds Sandwell Metropolitan Borough Council is already covered by Sandwell Channel Panel: an authority can be covered by one panel only']);

    const res = await post(islington, '/channel/panels', { name: 'North London Channel Panel', authorityIds: [camden], chairOrgId: camden, reviewIntervalDays: '' });
    expect(res.statusCode, res.body).toBe(303);
    const id = newId(res.headers.location);
    const [panel] = await t.db.database.db.select().from(channelPanels).where(eq(channelPanels.id, id));
    expect(panel).toMatchObject({ chairOrgId: camden, reviewIntervalDays: 30, version: 1 });
    const covered = await t.db.database.db.select().from(channelPanelAuthorities).where(eq(channelPanelAuthorities.panelId, id));
    expect(covered.map((c) => c.localAuthorityId).sort()).toEqual([camden, islingtonId].sort());
    expect((await auditRows(t, id)).map((a) => [a.action, a.event, a.recordType])).toEqual([['collection', 'channel.panel_created', 'channel_panel']]);

    // An administrator of either authority manages it; Birmingham's may not even see it.
    const camdenAdmin = await t.signIn('admin@camden.example');
    const page = await camdenAdmin.get(`/channel/panels/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Save settings');
    expect((await admin.get(`/channel/panels/${id}`)).statusCode).toBe(404);
  });

  it('refuses bad input with an error summary and the values kept, and a 422 problem from the API', async () => {
    const res = await post(admin, '/channel/panels', { name: '', reviewIntervalDays: 'monthly' });
    expect(res.statusCode).toBe(422);
    expect(summary(res)).toEqual([
      '#name Enter the name of the panel',
      '#chairOrgId Select the authority that chairs the panel',
      '#reviewIntervalDays Enter the review interval as a number of days',
    ]);
    expect(res.body).toContain('value="monthly"');
    const api = await json(admin, 'POST', '/api/v1/channel/panels', { name: 'X', chairOrgId: 'nope', reviewIntervalDays: 3 });
    expect(api.statusCode).toBe(422);
    expect(api.headers['content-type']).toContain('application/problem+json');
    expect(api.json<{ errors: { field: string }[] }>().errors.map((e) => e.field).sort()).toEqual(['chairOrgId', 'reviewIntervalDays']);
  });
});

describe('panel settings', () => {
  it('keeps an authority covered while it has open Channel cases (422 naming it, nothing changed)', async () => {
    const shared = await panelIdByName(t, 'North London Channel Panel');
    const islington = await t.signIn('admin@islington.example');
    const islingtonId = await orgId(t, 'islington');
    await referToChannel(t, 'Camdenperson', { localAuthority: 'camden' });
    const form = { name: 'North London Channel Panel', chairOrgId: islingtonId, reviewIntervalDays: '30', version: String(await panelVersion(t, shared)) };
    const refused = await post(islington, `/channel/panels/${shared}`, form);
    expect(refused.statusCode).toBe(422);
    expect(summary(refused)).toEqual(['#authorityIds London Borough of Camden still has open Channel cases on this panel: keep it covered until they have a panel elsewhere']);
    const covered = await t.db.database.db.select().from(channelPanelAuthorities).where(eq(channelPanelAuthorities.panelId, shared));
    expect(covered).toHaveLength(2);
  });

  it('saves with the version seen, and refuses a stale version (409) on the page and in the API', async () => {
    const v = await panelVersion(t, birmingham);
    const form = { name: 'Birmingham Channel Panel', chairOrgId: await orgId(t, 'birmingham'), reviewIntervalDays: '28', version: String(v) };
    expect303To(await post(admin, `/channel/panels/${birmingham}`, form), `/channel/panels/${birmingham}`);
    expect(await panelVersion(t, birmingham)).toBe(v + 1);
    const stale = await post(admin, `/channel/panels/${birmingham}`, { ...form, reviewIntervalDays: '35' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Someone else changed this panel');
    expect(stale.body).toContain(`name="version" value="${v + 1}"`);
    const api = await json(admin, 'POST', `/api/v1/channel/panels/${birmingham}/settings`, { name: 'Birmingham Channel Panel', chairOrgId: form.chairOrgId, reviewIntervalDays: 35, version: v });
    expect(api.statusCode).toBe(409);
    const ok = await json(admin, 'POST', `/api/v1/channel/panels/${birmingham}/settings`, { name: 'Birmingham Channel Panel', chairOrgId: form.chairOrgId, reviewIntervalDays: 30, version: v + 1 });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ id: birmingham, version: v + 2 });
    expect((await auditRows(t, birmingham)).filter((a) => a.event === 'channel.panel_changed')).toHaveLength(2);
  });

  it('shows the panel to its chair read-only, and refuses the chair’s changes (403)', async () => {
    const page = await chair.get(`/channel/panels/${birmingham}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Daniel Hughes');
    expect(page.body).not.toContain('Save settings');
    expect(page.body).not.toContain('End membership');
    const res = await post(chair, `/channel/panels/${birmingham}`, { name: 'Renamed', chairOrgId: await orgId(t, 'birmingham'), version: String(await panelVersion(t, birmingham)) });
    expect(res.statusCode).toBe(403);
    const api = await json(chair, 'GET', `/api/v1/channel/panels/${birmingham}`);
    expect(api.statusCode).toBe(200);
    expect(api.json<{ canManage: boolean; members: { name: string }[] }>()).toMatchObject({ canManage: false });
    // Reading the panel is a consultation, recorded against it.
    expect((await auditRows(t, birmingham)).filter((a) => a.event === 'channel.panel_viewed' && a.action === 'consultation').length).toBeGreaterThanOrEqual(2);
  });
});

describe('standing members', () => {
  it('adds members with and without an account, by agency and role', async () => {
    const byAccount = await post(admin, `/channel/panels/${birmingham}/members`, { who: 'user', email: DEMO.probationReferrer, agency: 'probation', role: 'Probation officer', canDecide: 'yes' });
    expect303To(byAccount, `/channel/panels/${birmingham}`);
    const probation = await t.db.database.db.select().from(panelMembers).where(eq(panelMembers.userId, await userId(t, DEMO.probationReferrer)));
    expect(probation[0]).toMatchObject({ name: 'Mark Davies', organisationName: 'Probation Service – West Midlands', agency: 'probation', canDecide: true, channelCaseId: null, endedOn: null });
    expect((await auditRows(t, probation[0]!.id)).map((a) => [a.action, a.event, a.recordType])).toEqual([['collection', 'channel.panel_member_added', 'channel_panel']]);

    expect303To(await post(admin, `/channel/panels/${birmingham}/members`, namedMemberForm({ canDecide: 'no' })), `/channel/panels/${birmingham}`);
    const named = await memberRow(t, await memberIdByName(t, birmingham, 'Alex Example'));
    expect(named).toMatchObject({ userId: null, organisationId: null, organisationName: 'Birmingham Youth Service', canDecide: false });

    const again = await post(admin, `/channel/panels/${birmingham}/members`, { who: 'user', email: DEMO.probationReferrer, agency: 'probation', role: 'Probation officer', canDecide: 'yes' });
    expect(summary(again)).toEqual(['#email Mark Davies is already a member of this panel']);
    const unknown = await post(admin, `/channel/panels/${birmingham}/members`, { who: 'user', email: 'nobody@nowhere.example', agency: 'probation', role: 'R', canDecide: 'yes' });
    expect(unknown.statusCode).toBe(422);
    expect(summary(unknown)[0]).toMatch(/^#email There is no active account/);
  });

  it('takes a police member only from a police force', async () => {
    const school = await post(admin, `/channel/panels/${birmingham}/members`, namedMemberForm({ agency: 'police', organisationId: await orgId(t, 'northfield-academy') }));
    expect(school.statusCode).toBe(422);
    expect(summary(school)).toEqual(['#organisationId A police member must be from a police force on this service, so that the police attendance rule can be checked']);
    const typed = await post(admin, `/channel/panels/${birmingham}/members`, namedMemberForm({ agency: 'police', name: 'PC Typed' }));
    expect(summary(typed)[0]).toMatch(/^#organisationId A police member must be from a police force/);
    const byAccount = await json(admin, 'POST', `/api/v1/channel/panels/${birmingham}/members`, { who: 'user', email: DEMO.nhsReferrer, agency: 'police', role: 'Officer', canDecide: true });
    expect(byAccount.statusCode).toBe(422);
    expect(byAccount.json<{ errors: { field: string }[] }>().errors[0]!.field).toBe('email');

    const ok = await json(admin, 'POST', `/api/v1/channel/panels/${birmingham}/members`, { who: 'user', email: DEMO.wmSupervisor, agency: 'police', role: 'Prevent supervisor', canDecide: true });
    expect(ok.statusCode, ok.body).toBe(201);
    const named = await post(admin, `/channel/panels/${birmingham}/members`, namedMemberForm({ agency: 'police', name: 'PC Named', organisationId: await orgId(t, 'west-midlands-police') }));
    expect(named.statusCode).toBe(303);
    expect(await memberRow(t, await memberIdByName(t, birmingham, 'PC Named'))).toMatchObject({ organisationName: 'West Midlands Police', agency: 'police' });
  });

  it('reports every missing answer at once, with the values kept', async () => {
    const res = await post(admin, `/channel/panels/${birmingham}/members`, { role: 'Kept role' });
    expect(res.statusCode).toBe(422);
    expect(summary(res)).toEqual([
      '#who Select whether they have an account on this service',
      '#agency Select the agency they represent',
      '#canDecide Select whether they can take decisions for their agency',
    ]);
    expect(res.body).toContain('value="Kept role"');
    const named = await post(admin, `/channel/panels/${birmingham}/members`, { who: 'named', agency: 'housing', role: 'R', canDecide: 'no' });
    expect(summary(named)).toEqual(['#name Enter their name']);
  });

  it('ends a membership today and keeps it; ending it again is a conflict', async () => {
    const id = await memberIdByName(t, birmingham, 'Sam Patel');
    expect303To(await post(admin, `/channel/panels/${birmingham}/members/${id}/end`), `/channel/panels/${birmingham}`);
    expect((await memberRow(t, id)).endedOn).toBe(today());
    const page = await admin.get(`/channel/panels/${birmingham}`);
    expect(page.body).toContain('Former members (1)');
    const again = await post(admin, `/channel/panels/${birmingham}/members/${id}/end`);
    expect(again.statusCode).toBe(409);
    expect(summary(again)).toEqual([`#end-${id} Sam Patel’s membership has already ended.`]);
    expect((await json(admin, 'POST', `/api/v1/channel/panels/${birmingham}/members/${id}/end`)).statusCode).toBe(409);
    expect((await auditRows(t, id)).map((a) => [a.action, a.event])).toEqual([['alteration', 'channel.panel_member_ended']]);
    // The chair may not end a standing membership.
    const other = await memberIdByName(t, birmingham, 'Rachel Evans');
    expect((await post(chair, `/channel/panels/${birmingham}/members/${other}/end`)).statusCode).toBe(403);
  });
});

describe('co-opting a member for one case', () => {
  it('co-opts to an open case of the panel only, which shares the case with the member', async () => {
    const { channelCaseId } = await referToChannel(t, 'Coopted');
    const elsewhere = await referToChannel(t, 'Sandwellperson', { localAuthority: 'sandwell' });
    const form = await chair.get(`/channel/panels/${birmingham}/co-opt`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Coopted Example');
    expect(form.body).not.toContain('Sandwellperson');
    expect((await auditRows(t, channelCaseId)).some((a) => a.event === 'channel.co_opt_cases_listed' && a.action === 'consultation')).toBe(true);

    const refused = await post(chair, `/channel/panels/${birmingham}/co-opt`, { channelCaseId: elsewhere.channelCaseId, who: 'user', email: DEMO.prisonReferrer, agency: 'other', role: 'Prison Prevent lead', canDecide: 'no' });
    expect(refused.statusCode).toBe(422);
    expect(summary(refused)).toEqual(['#channelCaseId Select a case of this panel that is awaiting the panel or adopted']);

    const res = await post(chair, `/channel/panels/${birmingham}/co-opt`, { channelCaseId, who: 'user', email: DEMO.prisonReferrer, agency: 'other', role: 'Prison Prevent lead', canDecide: 'no' });
    expect303To(res, `/channel/panels/${birmingham}`);
    const prisonUser = await userId(t, DEMO.prisonReferrer);
    const [m] = await t.db.database.db.select().from(panelMembers).where(and(eq(panelMembers.userId, prisonUser), eq(panelMembers.channelCaseId, channelCaseId)));
    expect(m).toMatchObject({ agency: 'other', organisationName: 'HMP Birmingham' });
    const disclosure = (await auditRows(t, channelCaseId)).find((a) => a.action === 'disclosure');
    expect(disclosure).toMatchObject({ event: 'channel.shared.co_opted_member', recordType: 'channel_case', recipients: [prisonUser], regime: 'DPA_PART3' });
    // The policy now counts them a member for this case, and for no other.
    const loaded = await loadChannelCase(t.db.database.db, channelCaseId, prisonUser);
    expect(loaded!.facts.actorIsMember).toBe(true);
    const { channelCaseId: otherCase } = await referToChannel(t, 'Notcoopted');
    expect((await loadChannelCase(t.db.database.db, otherCase, prisonUser))!.facts.actorIsMember).toBe(false);

    // A named member without an account: the disclosure names them.
    const api = await json(admin, 'POST', `/api/v1/channel/panels/${birmingham}/co-opted-members`, { channelCaseId: otherCase, who: 'named', name: 'Imam Example', organisationName: 'Central Mosque', agency: 'other', role: 'Imam', canDecide: false });
    expect(api.statusCode, api.body).toBe(201);
    expect((await auditRows(t, otherCase)).find((a) => a.action === 'disclosure')).toMatchObject({ recipients: ['Imam Example'] });
    const page = await admin.get(`/channel/panels/${birmingham}`);
    expect(page.body).toContain('Members co-opted for a case');
    expect(page.body).toContain('Imam Example');
    const open = await json(chair, 'GET', `/api/v1/channel/panels/${birmingham}/open-cases`);
    expect(open.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toContain(channelCaseId);
  });
});

describe('the JSON API', () => {
  it('declares the panel and register endpoints in OpenAPI, with their problems', async () => {
    const res = await t.client().get('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const paths = res.json<{ paths: Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown }>> }>().paths;
    for (const p of ['/api/v1/channel/panels', '/api/v1/channel/panels/{panelId}', '/api/v1/channel/panels/{panelId}/settings', '/api/v1/channel/panels/{panelId}/members', '/api/v1/channel/panels/{panelId}/members/{memberId}/end', '/api/v1/channel/panels/{panelId}/open-cases', '/api/v1/channel/panels/{panelId}/co-opted-members', '/api/v1/channel/providers', '/api/v1/channel/providers/{id}']) {
      expect(paths[p], p).toBeDefined();
    }
    expect(Object.keys(paths['/api/v1/channel/panels/{panelId}/members']!.post!.responses)).toEqual(expect.arrayContaining(['201', '409', '422']));
    expect(paths['/api/v1/channel/providers/{id}']!.post!.requestBody).toBeDefined();
  });
});
