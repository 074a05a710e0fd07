// A Channel panel's meetings through HTTP, as the demo users: the chair schedules a meeting, builds its agenda
// from the cases waiting for the panel (and adopted cases due for review), publishes the pack, records who
// attended and the panel's decisions. No decision without the police of the person's area present (s.37); the
// statutory method with its dissent; not adopting needs the health or social-care answer (s.36(6)); members read
// the pack only for the cases on the agenda (co-opted members only theirs), each read a disclosure.
import { and, desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, channelCases, organisations, panelDecisions, postExitReviews, referrals } from '../../src/db/schema.js';
import { addDays, londonDate } from '../../src/platform/dates.js';
import { POLICE_ABSENT } from '../../src/modules/channel/meetings/meetings.service.js';
import { adoptCase, channelCaseRow, referToChannel } from '../support/channelSteps.js';
import { coOpt, meetingSteps, meetingVersion, memberId, panelId } from '../support/meetingSteps.js';
import { expect303To, summary } from '../support/pageAssertions.js';
import { orgId, userId } from '../support/referrals.js';
import { json, post } from '../support/sessionClient.js';
import { createTestApp, DEMO, type Client, type TestApp } from '../support/testApp.js';

let t: TestApp;
let chair: Client;
let steps: ReturnType<typeof meetingSteps>;
let police: string;
let school: string;
const today = () => londonDate(new Date());

beforeAll(async () => {
  t = await createTestApp();
  chair = await t.signIn(DEMO.chair);
  steps = meetingSteps(t, chair);
  police = await memberId(t, { email: DEMO.wmOfficer });
  school = await memberId(t, { email: DEMO.schoolReferrer });
}, 120_000);
afterAll(() => t?.close());

const caseVersion = async (id: string) => (await channelCaseRow(t, id)).version;
const decide = (c: Client, meetingId: string, itemId: string, body: Record<string, unknown>) => json(c, 'POST', `/api/v1/channel/meetings/${meetingId}/items/${itemId}/decision`, body);
const unanimous = { method: 'unanimous', rationale: 'Agreed by all agencies' };

describe('scheduling and the list', () => {
  it('schedules through the form, refuses bad input with the error summary, and lists upcoming meetings first', async () => {
    const bad = await post(chair, '/channel/meetings/new', { panelId: await panelId(t), 'date-day': '31', 'date-month': '2', 'date-year': '2030', time: '25:00', location: '' });
    expect(bad.statusCode).toBe(422);
    expect(summary(bad)).toEqual([
      '#date-day The date of the meeting must be a real date',
      '#time Enter the time of the meeting as hours and minutes on the 24-hour clock, like 14:30',
      '#location Enter where the meeting takes place',
    ]);
    expect(bad.body).toContain('value="25:00"');

    const [y, m, d] = addDays(today(), 3).split('-');
    const res = await post(chair, '/channel/meetings/new', { panelId: await panelId(t), 'date-day': d!, 'date-month': m!, 'date-year': y!, time: '14:30', location: 'Council House' });
    expect(res.statusCode).toBe(303);
    const id = /\/channel\/meetings\/([0-9a-f-]{36})$/.exec(String(res.headers.location))![1]!;
    const page = await chair.get(`/channel/meetings/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Council House');
    expect(page.body).toContain('14:30');

    const past = await steps.schedule({ daysAhead: -10, location: 'Past room' });
    const later = await steps.schedule({ daysAhead: 40, location: 'Later room' });
    const listed = (await json(chair, 'GET', '/api/v1/channel/meetings')).json() as { items: { id: string; isChair: boolean }[] };
    const order = listed.items.map((i) => i.id);
    expect(order.indexOf(id)).toBeLessThan(order.indexOf(later));
    expect(order.indexOf(later)).toBeLessThan(order.indexOf(past));
    expect(listed.items.every((i) => i.isChair)).toBe(true);
    // A standing member sees the same meetings, not as chair; Sandwell's member sees none of Birmingham's.
    const member = await t.signIn(DEMO.schoolReferrer);
    const theirs = (await json(member, 'GET', '/api/v1/channel/meetings')).json() as { items: { id: string; isChair: boolean }[] };
    expect(theirs.items.map((i) => i.id)).toContain(id);
    expect(theirs.items.every((i) => !i.isChair)).toBe(true);
    const sandwell = await t.signIn(DEMO.panelMember);
    expect(((await json(sandwell, 'GET', '/api/v1/channel/meetings')).json() as { items: unknown[] }).items).toEqual([]);
    expect((await member.get('/channel/meetings/new')).statusCode).toBe(403);
    // The member's dashboard lists the panel's next meetings.
    expect((await member.get('/dashboard')).body).toContain('Your panel meetings');
  });

  it('declares every meetings endpoint in the OpenAPI document', async () => {
    const doc = (await t.client().get('/api/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
    for (const path of ['', '/{id}', '/{id}/agenda', '/{id}/agenda/{itemId}/remove', '/{id}/publication', '/{id}/attendance', '/{id}/items/{itemId}/contributions', '/{id}/items/{itemId}/decision', '/{id}/closure', '/{id}/pack', '/{id}/pack/{caseId}']) {
      expect(doc.paths[`/api/v1/channel/meetings${path}`], path).toBeDefined();
    }
  });
});

describe('the agenda', () => {
  it('offers the panel’s cases awaiting it and reviews due by the meeting date, keeps positions, and fixes the agenda once published', async () => {
    const a = await referToChannel(t, 'Agenda');
    const b = await referToChannel(t, 'Bravo');
    const sandwellCase = await referToChannel(t, 'Elsewhere', { localAuthority: 'sandwell' });
    const due = await referToChannel(t, 'Reviewed');
    await adoptCase(t, due.channelCaseId); // next review in 30 days

    const soon = await steps.schedule({ daysAhead: 7 });
    const soonView = (await json(chair, 'GET', `/api/v1/channel/meetings/${soon}`)).json() as { candidates: { channelCaseId: string; kind: string }[] };
    const soonIds = soonView.candidates.map((c) => c.channelCaseId);
    expect(soonIds).toEqual(expect.arrayContaining([a.channelCaseId, b.channelCaseId]));
    expect(soonIds).not.toContain(sandwellCase.channelCaseId);
    expect(soonIds).not.toContain(due.channelCaseId);

    const later = await steps.schedule({ daysAhead: 31 });
    const laterView = (await json(chair, 'GET', `/api/v1/channel/meetings/${later}`)).json() as { candidates: { channelCaseId: string; kind: string }[] };
    expect(laterView.candidates.find((c) => c.channelCaseId === due.channelCaseId)?.kind).toBe('review');

    // Added through the page; a case of another panel is refused.
    const v = await meetingVersion(t, soon);
    expect303To(await post(chair, `/channel/meetings/${soon}/agenda`, { channelCaseId: a.channelCaseId, version: String(v) }), `/channel/meetings/${soon}`);
    const wrong = await post(chair, `/channel/meetings/${soon}/agenda`, { channelCaseId: sandwellCase.channelCaseId, version: String(v + 1) });
    expect(wrong.statusCode).toBe(422);
    expect(summary(wrong)[0]).toMatch(/^#channelCaseId Select a case waiting for this panel/);
    const stale = await post(chair, `/channel/meetings/${soon}/agenda`, { channelCaseId: b.channelCaseId, version: String(v) });
    expect(stale.statusCode).toBe(409);
    expect(summary(stale)[0]).toContain('Someone else changed this meeting');

    const second = await steps.addItem(soon, b.channelCaseId);
    const first = (await json(chair, 'GET', `/api/v1/channel/meetings/${soon}`)).json() as { agenda: { id: string; kind: string; position: number }[] };
    expect(first.agenda.map((i) => [i.kind, i.position])).toEqual([['new_referral', 1], ['new_referral', 2]]);
    // Removing the first keeps the second at its place.
    const removed = await post(chair, `/channel/meetings/${soon}/agenda/${first.agenda[0]!.id}/remove`, { version: String(await meetingVersion(t, soon)) });
    expect303To(removed, `/channel/meetings/${soon}`);
    const after = (await json(chair, 'GET', `/api/v1/channel/meetings/${soon}`)).json() as { agenda: { id: string; position: number }[] };
    expect(after.agenda).toEqual([expect.objectContaining({ id: second, position: 2 })]);

    await steps.publish(soon);
    const late = await json(chair, 'POST', `/api/v1/channel/meetings/${soon}/agenda`, { channelCaseId: a.channelCaseId, version: await meetingVersion(t, soon) });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ type: 'urn:ct-casework:problem:agenda-fixed' });
  });
});

describe('the police attendance rule (s.37)', () => {
  it('refuses a decision until West Midlands Police attended, then accepts it', async () => {
    const { channelCaseId } = await referToChannel(t, 'Policed');
    const { meetingId, itemIds } = await steps.published([channelCaseId]);
    const itemId = itemIds[0]!;
    await steps.attend(meetingId, [school, await memberId(t, { name: 'Sam Patel' })]);

    const refused = await decide(chair, meetingId, itemId, { decision: 'adopt', ...unanimous, version: await caseVersion(channelCaseId) });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ type: 'urn:ct-casework:problem:police-absent', detail: POLICE_ABSENT });
    const page = await post(chair, `/channel/meetings/${meetingId}/items/${itemId}/decision`, { decision: 'adopt', method: 'unanimous', rationale: 'Keep me', version: String(await caseVersion(channelCaseId)) });
    expect(page.statusCode).toBe(409);
    expect(summary(page)).toEqual([`#decision ${POLICE_ABSENT}`]);
    expect(page.body).toContain('Keep me');
    // Sandwell's West Midlands officer is a member of another panel: not eligible here.
    const gemma = await memberId(t, { name: 'Gemma Price' }, 'Sandwell Channel Panel');
    const notOurs = await json(chair, 'POST', `/api/v1/channel/meetings/${meetingId}/attendance`, { attendees: [{ memberId: gemma, canDecide: true }], version: await meetingVersion(t, meetingId) });
    expect(notOurs.statusCode).toBe(422);
    expect((await channelCaseRow(t, channelCaseId)).state).toBe('awaiting_panel');

    // Recorded through the attendance form: the officer attended, with a declared conflict.
    const form = await post(chair, `/channel/meetings/${meetingId}/attendance`, {
      attended: [school, police],
      canDecide: [police],
      [`conflicts-${police}`]: 'Knows the family through a previous case',
      version: String(await meetingVersion(t, meetingId)),
    });
    expect303To(form, `/channel/meetings/${meetingId}`);
    const accepted = await decide(chair, meetingId, itemId, { decision: 'adopt', ...unanimous, version: await caseVersion(channelCaseId) });
    expect(accepted.statusCode, accepted.body).toBe(201);
    const row = await channelCaseRow(t, channelCaseId);
    expect(row.state).toBe('adopted');
    expect(row.adoptedAt).not.toBeNull();
    expect(row.nextReviewOn).toBe(addDays(addDays(today(), 7), 30));
    const attendance = (await json(chair, 'GET', `/api/v1/channel/meetings/${meetingId}`)).json() as { attendance: { memberId: string; canDecide: boolean; conflicts: string | null }[] };
    expect(attendance.attendance).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ memberId: police, canDecide: true, conflicts: 'Knows the family through a previous case' }),
        expect.objectContaining({ memberId: school, canDecide: false, conflicts: null }),
      ]),
    );
    // One decision per item.
    const again = await decide(chair, meetingId, itemId, { decision: 'continue', ...unanimous, version: await caseVersion(channelCaseId) });
    expect(again.json()).toMatchObject({ status: 409, type: 'urn:ct-casework:problem:already-decided' });
  });
});

describe('decisions', () => {
  async function readyItem(name: string, opts: { adopted?: boolean } = {}) {
    const { channelCaseId, referralId } = await referToChannel(t, name);
    if (opts.adopted) await adoptCase(t, channelCaseId);
    const { meetingId, itemIds } = await steps.published([channelCaseId], { daysAhead: opts.adopted ? 35 : 7 });
    await steps.attend(meetingId, [police, school]);
    return { channelCaseId, referralId, meetingId, itemId: itemIds[0]! };
  }

  it('applies the statutory method: dissent required for majority and chair, forbidden for unanimous', async () => {
    const { channelCaseId, meetingId, itemId } = await readyItem('Method');
    const v = await caseVersion(channelCaseId);
    const withDissent = await decide(chair, meetingId, itemId, { decision: 'adopt', method: 'unanimous', dissent: 'Someone disagreed', rationale: 'x', version: v });
    expect(withDissent.statusCode).toBe(422);
    expect(withDissent.json().errors).toEqual([expect.objectContaining({ field: 'dissent', detail: 'Leave the dissent empty for a unanimous decision' })]);
    for (const method of ['majority', 'chair']) {
      const noDissent = await decide(chair, meetingId, itemId, { decision: 'adopt', method, rationale: 'x', version: v });
      expect(noDissent.statusCode, method).toBe(422);
      expect(noDissent.json().errors).toEqual([expect.objectContaining({ field: 'dissent', detail: 'Record the dissent: who disagreed and why' })]);
    }
    const page = await post(chair, `/channel/meetings/${meetingId}/items/${itemId}/decision`, { decision: 'adopt', method: 'majority', dissent: '', rationale: '', version: String(v) });
    expect(page.statusCode).toBe(422);
    expect(summary(page)).toEqual(['#dissent Record the dissent: who disagreed and why', '#rationale Enter the rationale for the decision']);
    const ok = await decide(chair, meetingId, itemId, { decision: 'adopt', method: 'majority', dissent: 'Education preferred early help', rationale: 'Risk needs Channel support', version: v });
    expect(ok.statusCode).toBe(201);
    const [d] = await t.db.database.db.select().from(panelDecisions).where(eq(panelDecisions.agendaItemId, itemId));
    expect(d).toMatchObject({ decision: 'adopt', method: 'majority', dissent: 'Education preferred early help', channelCaseId });
  });

  it('requires the health or social-care answer to not adopt, then returns the referral to the police', async () => {
    const { channelCaseId, referralId, meetingId, itemId } = await readyItem('NotAdopted');
    const v = await caseVersion(channelCaseId);
    const missing = await post(chair, `/channel/meetings/${meetingId}/items/${itemId}/decision`, { decision: 'not_adopt', method: 'unanimous', rationale: 'Below threshold', version: String(v) });
    expect(missing.statusCode).toBe(422);
    expect(summary(missing)).toEqual(['#healthOrSocialCare Select whether the panel referred the person to health or social-care services']);
    const yesNoService = await decide(chair, meetingId, itemId, { decision: 'not_adopt', ...unanimous, healthOrSocialCare: 'yes', version: v });
    expect(yesNoService.json().errors).toEqual([expect.objectContaining({ field: 'referredTo' })]);
    const noReason = await decide(chair, meetingId, itemId, { decision: 'not_adopt', ...unanimous, healthOrSocialCare: 'no', version: v });
    expect(noReason.json().errors).toEqual([expect.objectContaining({ field: 'whyNotReferred' })]);

    const ok = await decide(chair, meetingId, itemId, { decision: 'not_adopt', ...unanimous, healthOrSocialCare: 'yes', referredTo: 'Birmingham Children’s Trust early help', version: v });
    expect(ok.statusCode, ok.body).toBe(201);
    expect((await channelCaseRow(t, channelCaseId)).state).toBe('not_adopted');
    const [d] = await t.db.database.db.select().from(panelDecisions).where(eq(panelDecisions.agendaItemId, itemId));
    expect(d!.details).toEqual({ healthOrSocialCare: 'yes', referredTo: 'Birmingham Children’s Trust early help' });
    const [r] = await t.db.database.db.select().from(referrals).where(eq(referrals.id, referralId));
    expect(r!.state).toBe('police_led_management');
  });

  it('defers for more information, and the case returns to the next agenda as deferred; a stale version is refused', async () => {
    const { channelCaseId, meetingId, itemId } = await readyItem('Deferred');
    // Someone else changed the case after the chair opened the form.
    const seen = await caseVersion(channelCaseId);
    await t.db.database.db.update(channelCases).set({ version: seen + 1 }).where(eq(channelCases.id, channelCaseId));
    const stale = await decide(chair, meetingId, itemId, { decision: 'defer', ...unanimous, informationNeeded: 'School attendance record', version: seen });
    expect(stale.json()).toMatchObject({ status: 409, type: 'urn:ct-casework:problem:stale' });
    const illegal = await decide(chair, meetingId, itemId, { decision: 'continue', ...unanimous, version: await caseVersion(channelCaseId) });
    expect(illegal.json()).toMatchObject({ status: 409, type: 'urn:ct-casework:problem:illegal-transition' });
    const ok = await decide(chair, meetingId, itemId, { decision: 'defer', ...unanimous, informationNeeded: 'School attendance record', version: await caseVersion(channelCaseId) });
    expect(ok.statusCode).toBe(201);
    expect((await channelCaseRow(t, channelCaseId)).state).toBe('awaiting_panel');
    const next = await steps.schedule({ daysAhead: 14 });
    const view = (await json(chair, 'GET', `/api/v1/channel/meetings/${next}`)).json() as { candidates: { channelCaseId: string; kind: string }[] };
    expect(view.candidates.find((c) => c.channelCaseId === channelCaseId)?.kind).toBe('deferred');
  });

  it('continues support at review, moving the next review on by the panel’s interval', async () => {
    const { channelCaseId, meetingId, itemId } = await readyItem('Continued', { adopted: true });
    const item = ((await json(chair, 'GET', `/api/v1/channel/meetings/${meetingId}`)).json() as { agenda: { kind: string }[] }).agenda[0]!;
    expect(item.kind).toBe('review');
    const ok = await decide(chair, meetingId, itemId, { decision: 'continue', ...unanimous, version: await caseVersion(channelCaseId) });
    expect(ok.statusCode).toBe(201);
    expect((await channelCaseRow(t, channelCaseId)).nextReviewOn).toBe(addDays(addDays(today(), 35), 30));
  });

  it('exits with a reason and closing report, and transfers a person who moved to the other area’s panel', async () => {
    const exit = await readyItem('Exiting', { adopted: true });
    const noReport = await decide(chair, exit.meetingId, exit.itemId, { decision: 'exit', ...unanimous, exitReason: 'vulnerability_reduced', version: await caseVersion(exit.channelCaseId) });
    expect(noReport.json().errors).toEqual([expect.objectContaining({ field: 'closingReport' })]);
    const ok = await decide(chair, exit.meetingId, exit.itemId, { decision: 'exit', ...unanimous, exitReason: 'vulnerability_reduced', closingReport: 'Engaged well', version: await caseVersion(exit.channelCaseId) });
    expect(ok.statusCode, ok.body).toBe(201);
    expect((await channelCaseRow(t, exit.channelCaseId)).state).toBe('exited');
    expect(await t.db.database.db.select().from(postExitReviews).where(eq(postExitReviews.channelCaseId, exit.channelCaseId))).toHaveLength(2);

    const move = await readyItem('Moving', { adopted: true });
    const sandwell = await orgId(t, 'sandwell');
    const moved = await post(chair, `/channel/meetings/${move.meetingId}/items/${move.itemId}/decision`, {
      decision: 'transfer',
      targetLocalAuthorityId: sandwell,
      transferClosingReport: 'Moved to Sandwell in March',
      exitClosingReport: 'Ignored: another decision’s field',
      method: 'chair',
      dissent: 'Police wanted to continue until the move was confirmed',
      rationale: 'The family has moved',
      version: String(await caseVersion(move.channelCaseId)),
    });
    expect303To(moved, `/channel/meetings/${move.meetingId}/items/${move.itemId}`);
    const [newCase] = await t.db.database.db.select().from(channelCases).where(and(eq(channelCases.previousCaseId, move.channelCaseId)));
    expect(newCase).toMatchObject({ localAuthorityId: sandwell, state: 'awaiting_panel', referredVia: 'transfer' });
    const itemPage = await chair.get(`/channel/meetings/${move.meetingId}/items/${move.itemId}`);
    expect(itemPage.body).toContain('Moved to Sandwell in March');
    expect(itemPage.body).toContain('Sandwell');
  });

  it('records agency contributions from the panel’s members only, and nothing once the meeting is closed', async () => {
    const { channelCaseId, meetingId, itemId } = await readyItem('Contributed');
    const bad = await post(chair, `/channel/meetings/${meetingId}/items/${itemId}/contributions`, { memberId: await memberId(t, { email: DEMO.panelMember }, 'Sandwell Channel Panel'), contribution: 'Not ours' });
    expect(bad.statusCode).toBe(422);
    expect(summary(bad)).toEqual(['#memberId Select a member of this panel']);
    const empty = await post(chair, `/channel/meetings/${meetingId}/items/${itemId}/contributions`, { memberId: school });
    expect(summary(empty)).toEqual(['#contribution Enter the agency’s contribution']);
    expect303To(await post(chair, `/channel/meetings/${meetingId}/items/${itemId}/contributions`, { memberId: school, contribution: 'Attendance has dropped this term' }), `/channel/meetings/${meetingId}/items/${itemId}`);
    expect((await chair.get(`/channel/meetings/${meetingId}/items/${itemId}`)).body).toContain('Attendance has dropped this term');

    expect303To(await post(chair, `/channel/meetings/${meetingId}/close`, { version: String(await meetingVersion(t, meetingId)) }), `/channel/meetings/${meetingId}`);
    const closed = await decide(chair, meetingId, itemId, { decision: 'adopt', ...unanimous, version: await caseVersion(channelCaseId) });
    expect(closed.json()).toMatchObject({ status: 409, type: 'urn:ct-casework:problem:meeting-closed' });
    const attendance = await json(chair, 'POST', `/api/v1/channel/meetings/${meetingId}/attendance`, { attendees: [], version: await meetingVersion(t, meetingId) });
    expect(attendance.statusCode).toBe(409);
  });
});

describe('the meeting pack (need to know)', () => {
  it('shows members only the agenda cases, co-opted members only their case, and records each read as a disclosure', async () => {
    const on1 = await referToChannel(t, 'Packone');
    const on2 = await referToChannel(t, 'Packtwo');
    const off = await referToChannel(t, 'Offagenda');
    const meetingId = await steps.schedule();
    await steps.addItem(meetingId, on1.channelCaseId);
    await steps.addItem(meetingId, on2.channelCaseId);

    const member = await t.signIn(DEMO.schoolReferrer);
    const early = await member.get(`/channel/meetings/${meetingId}/pack`);
    expect(early.statusCode).toBe(403);
    await steps.publish(meetingId);

    const page = await member.get(`/channel/meetings/${meetingId}/pack`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Packone Example');
    expect(page.body).toContain('Packtwo Example');
    expect(page.body).toContain('Reasonable grounds to believe Packone is vulnerable');
    expect(page.body).not.toContain('Offagenda');
    // Police-only reasoning never reaches the pack.
    expect(page.body).not.toContain('Clear vulnerability; partners can support');
    expect(page.body).not.toContain('Context explains the comment');
    expect((await member.get(`/channel/meetings/${meetingId}/pack/${off.channelCaseId}`)).statusCode).toBe(404);
    expect((await json(member, 'GET', `/api/v1/channel/meetings/${meetingId}/pack/${off.channelCaseId}`)).statusCode).toBe(404);

    const [read] = await t.db.database.db.select().from(auditLog).where(and(eq(auditLog.event, 'channel.meeting_pack_read'), eq(auditLog.userId, await userId(t, DEMO.schoolReferrer)))).orderBy(desc(auditLog.id)).limit(1);
    const [school] = await t.db.database.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.code, 'northfield-academy'));
    expect(read).toMatchObject({ action: 'disclosure', recordType: 'channel_case', recipients: [await userId(t, DEMO.schoolReferrer), school!.id] });
    expect([...read!.recordIds].sort()).toEqual([on1.channelCaseId, on2.channelCaseId].sort());

    // Co-opted for one case on the agenda: only that case.
    const prison = await orgId(t, 'hmp-birmingham');
    await coOpt(t, on2.channelCaseId, DEMO.prisonReferrer, { id: prison, name: 'HMP Birmingham' });
    const coopted = await t.signIn(DEMO.prisonReferrer);
    const pack = (await json(coopted, 'GET', `/api/v1/channel/meetings/${meetingId}/pack`)).json() as { cases: { channelCaseId: string; person: { givenName: string } }[] };
    expect(pack.cases.map((c) => c.person.givenName)).toEqual(['Packtwo']);
    expect((await json(coopted, 'GET', `/api/v1/channel/meetings/${meetingId}/pack/${on1.channelCaseId}`)).statusCode).toBe(404);
    expect((await coopted.get(`/channel/meetings/${meetingId}`)).statusCode).toBe(403);
    const [coRead] = await t.db.database.db.select().from(auditLog).where(and(eq(auditLog.event, 'channel.meeting_pack_read'), eq(auditLog.userId, await userId(t, DEMO.prisonReferrer))));
    expect(coRead).toMatchObject({ action: 'disclosure', recordIds: [on2.channelCaseId], recipients: [await userId(t, DEMO.prisonReferrer), prison] });

    for (const email of [DEMO.panelMember, DEMO.provider, DEMO.metOfficer, DEMO.oversight]) {
      const other = await t.signIn(email);
      expect((await other.get(`/channel/meetings/${meetingId}/pack`)).statusCode, email).toBe(404);
    }
    const reads = await t.db.database.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(auditLog).where(and(eq(auditLog.event, 'channel.meeting_pack_read'), sql`${on1.channelCaseId} = ANY(${auditLog.recordIds})`));
    expect(reads[0]!.n).toBe(1);
  });
});
