// The triage queue: filters in the query string (status, assigned officer, under 18, repeat, overdue),
// pagination that keeps them, the nth-referral tag, and "Assign to me" with its refusals.
import { and, desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, referralEvents, referrals } from '../../src/db/schema.js';
import { createTestApp, DEMO, type Client, type TestApp } from '../support/testApp.js';
import { rowsOf } from '../../src/db/rows.js';
import { OPEN_STATES } from '../../src/workflow/referral.js';
import { queueShape } from '../../src/modules/referrals/referrals.repository.js';
import { api, apiReferral, referralById, submitProfessionalReferral, tokenFor, userId } from '../support/referrals.js';
import { gatewaySteps } from '../support/gatewaySteps.js';

let t: TestApp;
let officer: Client;
let steps: ReturnType<typeof gatewaySteps>;
let post: ReturnType<typeof api>;
let officerId: string;
let supervisorId: string;

const ADULT = '1990-02-03';
const CHILD = '2012-06-07';

interface Made {
  id: string;
  reference: string;
}

/** A referral by API about a West Midlands person; distinct names give distinct people. */
async function refer(givenName: string, subject: Record<string, unknown> = {}): Promise<Made> {
  const res = await post('POST', '/api/v1/referrals', apiReferral(givenName, { subject: { dateOfBirth: ADULT, ...subject } }));
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Made>();
}

/** The case ids listed on a queue page, in order. */
function listed(body: string): string[] {
  const tbody = /<tbody[\s\S]*?<\/tbody>/.exec(body)?.[0] ?? '';
  return [...tbody.matchAll(/href="\/cases\/([0-9a-f-]{36})"/g)].map((m) => m[1]!);
}

async function queue(query = ''): Promise<{ body: string; ids: string[] }> {
  const res = await officer.get(`/triage${query}`);
  expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
  return { body: res.body, ids: listed(res.body) };
}

/** The table row of a referral, as HTML. */
function row(body: string, id: string): string {
  return [...body.matchAll(/<tr class="govuk-table__row">[\s\S]*?<\/tr>/g)].map((m) => m[0]).find((r) => r.includes(`/cases/${id}"`)) ?? '';
}

const f = {} as Record<'adult' | 'child' | 'mine' | 'colleague' | 'approval' | 'signposted' | 'policeLed' | 'closed' | 'repeat' | 'overdue', Made>;

beforeAll(async () => {
  t = await createTestApp();
  post = api(t, await tokenFor(t, 'bsmhft'));
  officer = await t.signIn(DEMO.wmOfficer);
  steps = gatewaySteps(t);
  officerId = await userId(t, DEMO.wmOfficer);
  supervisorId = await userId(t, DEMO.wmSupervisor);

  f.adult = await refer('Qadult');
  f.child = await refer('Qchild', { dateOfBirth: CHILD });
  f.mine = await refer('Qmine');
  await steps.assign(f.mine.id, DEMO.wmOfficer);
  f.colleague = await refer('Qcolleague');
  await steps.assign(f.colleague.id, DEMO.wmSupervisor);
  f.approval = await refer('Qapproval');
  await steps.assessed(f.approval.id);
  await steps.decide(f.approval.id, { outcome: 'no_further_action', rationale: 'Misread comment', referrerOutcome: 'no_further_action' });
  f.signposted = await refer('Qsignposted');
  await steps.assessed(f.signposted.id);
  await steps.decide(f.signposted.id, { outcome: 'signposted', rationale: 'Needs support', referrerOutcome: 'support_elsewhere', serviceType: 'mental_health', serviceName: 'CAMHS', serviceContact: 'duty@camhs.example' });
  f.policeLed = await refer('Qpoliceled');
  await steps.assessed(f.policeLed.id);
  await steps.decide(f.policeLed.id, { outcome: 'police_led_management', rationale: 'Monitor', referrerOutcome: 'ongoing_support' });
  f.closed = await refer('Qclosed');
  await steps.closeWithNoFurtherAction(f.closed.id);
  // The same person again, after the first case closed: a new case, and the 2nd referral of that person.
  f.repeat = await refer('Qclosed');
  // Received three weeks ago: past the five-working-day target.
  f.overdue = await refer('Qoverdue');
  const db = t.db.database.db;
  await db
    .update(referrals)
    .set({ submittedAt: sql`now() - interval '21 days'`, triageDueOn: sql`(current_date - 14)` })
    .where(eq(referrals.id, f.overdue.id));
  // Overdue dates on a case already signposted are not a breach: the decision was made.
  await db.update(referrals).set({ triageDueOn: sql`(current_date - 14)` }).where(eq(referrals.id, f.signposted.id));
}, 120_000);
afterAll(() => t?.close());

describe('the default queue', () => {
  it('lists every open case of the force oldest first, linking to the case page, and no closed case', async () => {
    const { body, ids } = await queue();
    const open = [f.adult, f.child, f.mine, f.colleague, f.approval, f.signposted, f.policeLed, f.repeat, f.overdue].map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(open));
    expect(ids).not.toContain(f.closed.id);
    expect(ids[0]).toBe(f.overdue.id);
    const times = await Promise.all(ids.map(async (id) => (await referralById(t, id))!.submittedAt.getTime()));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(body).toContain(`<a class="govuk-link" href="/cases/${f.adult.id}">${f.adult.reference}</a>`);
  });

  it('shows who is assigned, or Unassigned with an Assign to me button', async () => {
    const { body } = await queue();
    expect(row(body, f.mine.id)).toContain('Daniel Hughes');
    expect(row(body, f.mine.id)).not.toContain('Assign to me');
    expect(row(body, f.colleague.id)).toContain('Sarah Okafor');
    expect(row(body, f.adult.id)).toContain('Unassigned');
    expect(row(body, f.adult.id)).toContain(`action="/triage/${f.adult.id}/assign-to-me"`);
  });

  it('highlights a breach of the target only while the decision is still to be made', async () => {
    const { body } = await queue();
    expect(row(body, f.overdue.id)).toContain('app-breach');
    expect(row(body, f.signposted.id)).not.toContain('app-breach');
    expect(row(body, f.adult.id)).not.toContain('app-breach');
  });
});

describe('the open-queue index', () => {
  it('holds exactly the open states, so every queue page is read from it', async () => {
    const [row] = rowsOf<{ def: string }>(await t.db.database.db.execute(sql`SELECT indexdef AS def FROM pg_indexes WHERE indexname = 'referrals_open_queue_idx'`));
    const states = [...(/WHERE \((.*)\)$/.exec(row!.def)?.[1] ?? '').matchAll(/'([a-z_]+)'/g)].map((m) => m[1]);
    expect(new Set(states)).toEqual(new Set(OPEN_STATES));
  });
});

describe('filters', () => {
  it('by status, one or several', async () => {
    expect((await queue('?status=in_assessment')).ids.sort()).toEqual([f.mine.id, f.colleague.id].sort());
    expect((await queue('?status=awaiting_approval')).ids).toEqual([f.approval.id]);
    expect((await queue('?status=signposted&status=police_led_management')).ids.sort()).toEqual([f.signposted.id, f.policeLed.id].sort());
    const checked = (await queue('?status=signposted')).body;
    expect(checked).toMatch(/name="status" type="checkbox" value="signposted" checked/);
  });

  it('ignores a status that is not an open state (no closed cases through the query string)', async () => {
    const { ids } = await queue('?status=closed');
    expect(ids).not.toContain(f.closed.id);
    expect(ids).toContain(f.adult.id);
  });

  it('by assigned officer: unassigned, me and a named colleague', async () => {
    const unassigned = (await queue('?officer=unassigned')).ids;
    expect(unassigned).toEqual(expect.arrayContaining([f.adult.id, f.child.id, f.repeat.id, f.overdue.id]));
    expect(unassigned).not.toContain(f.mine.id);
    expect(unassigned).not.toContain(f.colleague.id);
    const mine = (await queue('?officer=me')).ids;
    expect(mine).toContain(f.mine.id);
    expect(mine).not.toContain(f.colleague.id);
    expect(mine).not.toContain(f.adult.id);
    const colleague = await queue(`?officer=${supervisorId}`);
    expect(colleague.ids).toEqual([f.colleague.id]);
    expect(colleague.body).toContain(`<option value="${supervisorId}" selected>Sarah Okafor</option>`);
  });

  it('does not filter by someone who is not an officer of the force, and audits only the queue it shows', async () => {
    const nhsUser = await userId(t, DEMO.nhsReferrer);
    const listings = async () => (await t.db.database.db.select({ ids: auditLog.recordIds }).from(auditLog).where(eq(auditLog.event, 'referral.queue_listed'))).length;
    const before = await listings();
    const { ids, body } = await queue(`?officer=${nhsUser}`);
    expect(ids).toContain(f.adult.id);
    expect(body).toContain('<option value="anyone" selected>Anyone</option>');
    expect(await listings()).toBe(before + 1);
  });

  it('takes the officer’s own id as "Me"', async () => {
    const { ids, body } = await queue(`?officer=${officerId}`);
    expect(ids).toContain(f.mine.id);
    expect(ids).not.toContain(f.adult.id);
    expect(body).toContain('<option value="me" selected>Me</option>');
  });

  it('under 18 only', async () => {
    const { ids } = await queue('?under18=yes');
    expect(ids).toContain(f.child.id);
    expect(ids).not.toContain(f.adult.id);
    const stored = await Promise.all(ids.map((id) => referralById(t, id)));
    expect(stored.every((r) => r!.subjectUnder18 === true)).toBe(true);
  });

  it('repeat referrals only, with the nth-referral tag', async () => {
    const { ids, body } = await queue('?repeat=yes');
    expect(ids).toEqual([f.repeat.id]);
    expect(row(body, f.repeat.id)).toContain('2nd referral');
    const all = (await queue()).body;
    expect(row(all, f.adult.id)).not.toContain('referral</strong>');
  });

  it('overdue only: no decision and past the target date', async () => {
    const { ids } = await queue('?overdue=yes');
    expect(ids).toEqual([f.overdue.id]);
  });

  it('combines filters (and says so)', async () => {
    const { ids, body } = await queue('?officer=unassigned&under18=yes');
    expect(ids).toContain(f.child.id);
    expect(ids).not.toContain(f.adult.id);
    expect(body).toContain('matching the filters');
    expect(body).toContain('href="/triage">Clear filters');
  });

  it('audits the listing as a consultation of exactly the referrals shown', async () => {
    const { ids } = await queue('?status=in_assessment');
    const [entry] = await t.db.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.event, 'referral.queue_listed'), eq(auditLog.userId, officerId)))
      .orderBy(desc(auditLog.id))
      .limit(1);
    expect(entry).toMatchObject({ action: 'consultation' });
    expect([...entry!.recordIds].sort()).toEqual([...ids].sort());
  });
});

describe('the same filters for another force or officer', () => {
  // The queue's statement is compiled once for each shape of filter: the force, the officer and the date must
  // be values of each view, never those of the first view that compiled it.
  it('list that force’s own cases and that officer’s own', async () => {
    const london = await refer('Qlondon', { postcode: 'NW1 5LR' });
    const met = await t.signIn(DEMO.metOfficer);
    for (const query of ['', '?officer=unassigned', '?status=awaiting_triage', '?page=1']) {
      const wm = await queue(query);
      const other = listed((await met.get(`/triage${query}`)).body);
      expect(other, query).toContain(london.id);
      expect(other.some((id) => wm.ids.includes(id)), query).toBe(false);
      expect(wm.ids, query).not.toContain(london.id);
    }
    // The API takes the states as a list, in any order and repeated: the same filters, the same statement.
    const byApi = async (query: string) => (await officer.get(`/api/v1/triage${query}`)).json<{ items: Array<{ id: string }> }>().items.map((i) => i.id);
    const ordered = await byApi('?status=awaiting_triage&status=in_assessment');
    expect(ordered.length).toBeGreaterThan(0);
    expect(await byApi('?status=in_assessment&status=awaiting_triage&status=in_assessment')).toEqual(ordered);
    const filter = { officer: { kind: 'anyone' }, under18Only: false, repeatOnly: false, overdue: null } as const;
    expect(queueShape({ ...filter, states: ['in_assessment', 'awaiting_triage', 'in_assessment'] }, 25, 0)).toEqual(queueShape({ ...filter, states: ['awaiting_triage', 'in_assessment'] }, 25, 0));
    const supervisor = await t.signIn(DEMO.wmSupervisor);
    const mine = (await queue('?officer=me')).ids;
    const theirs = listed((await supervisor.get('/triage?officer=me')).body);
    expect(mine).toContain(f.mine.id);
    expect(mine).not.toContain(f.colleague.id);
    expect(theirs).toContain(f.colleague.id);
    expect(theirs).not.toContain(f.mine.id);
  });
});

describe('pagination', () => {
  it('keeps the filters in the page links', async () => {
    for (let i = 0; i < 26; i++) await refer(`Qpage${String.fromCharCode(97 + i)}`, { dateOfBirth: CHILD });
    const first = await queue('?under18=yes&officer=unassigned');
    expect(first.ids).toHaveLength(25);
    const next = /<a class="govuk-link govuk-pagination__link" href="([^"]+)" rel="next"/.exec(first.body)?.[1];
    expect(next).toBe('/triage?officer=unassigned&amp;under18=yes&amp;page=2');
    const second = await queue('?officer=unassigned&under18=yes&page=2');
    expect(second.ids.length).toBeGreaterThan(0);
    expect(second.ids.some((id) => first.ids.includes(id))).toBe(false);
    const stored = await Promise.all(second.ids.map((id) => referralById(t, id)));
    expect(stored.every((r) => r!.subjectUnder18 === true && r!.assignedOfficerId === null)).toBe(true);
    const previous = /<a class="govuk-link govuk-pagination__link" href="([^"]+)" rel="prev"/.exec(second.body)?.[1];
    expect(previous).toBe('/triage?officer=unassigned&amp;under18=yes');
  });
});

describe('Assign to me', () => {
  const assignForm = (m: Made, version: number, filters = '') => ({ version: String(version), filters });

  it('assigns the officer, starts the assessment and returns to the same filtered queue', async () => {
    const m = await refer('Qassign', { dateOfBirth: CHILD });
    const before = await referralById(t, m.id);
    const res = await officer.postForm(`/triage/${m.id}/assign-to-me`, assignForm(m, before!.version, 'under18=yes&status=awaiting_triage'), '/triage');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/triage?status=awaiting_triage&under18=yes');
    const after = await referralById(t, m.id);
    expect(after).toMatchObject({ state: 'in_assessment', assignedOfficerId: officerId, version: before!.version + 1 });
    const events = await t.db.database.db.select().from(referralEvents).where(eq(referralEvents.referralId, m.id));
    expect(events.map((e) => e.type)).toContain('assign');
    const page = await officer.get(res.headers.location as string);
    expect(page.body).toContain('govuk-notification-banner--success');
    expect(page.body).toContain(`Referral ${m.reference} assigned to you.`);
  });

  it('a stale version goes back to the queue with the reason in the error summary, not a 500', async () => {
    const m = await refer('Qstale');
    const before = await referralById(t, m.id);
    await steps.assign(m.id, DEMO.wmSupervisor);
    const res = await officer.postForm(`/triage/${m.id}/assign-to-me`, assignForm(m, before!.version, 'officer=unassigned'), '/triage');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/triage?officer=unassigned');
    expect((await referralById(t, m.id))!.assignedOfficerId).toBe(supervisorId);
    const page = await officer.get(res.headers.location as string);
    expect(page.body).toContain('govuk-error-summary');
    expect(page.body).toContain('Someone else changed this referral');
    expect(page.body).toContain('<title>Error: ');
    // Shown once.
    expect((await officer.get('/triage')).body).not.toContain('govuk-error-summary');
  });

  it('a referral that has moved on (illegal step) goes back with the reason', async () => {
    const before = await referralById(t, f.signposted.id);
    const res = await officer.postForm(`/triage/${f.signposted.id}/assign-to-me`, assignForm(f.signposted, before!.version), '/triage');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/triage');
    const page = await officer.get('/triage');
    expect(page.body).toContain('cannot be assigned because it is signposted');
    expect((await referralById(t, f.signposted.id))!.version).toBe(before!.version);
  });

  it('a malformed version is refused the same way', async () => {
    const m = await refer('Qmalformed');
    const res = await officer.postForm(`/triage/${m.id}/assign-to-me`, { version: 'x', filters: '' }, '/triage');
    expect(res.statusCode).toBe(303);
    expect((await officer.get('/triage')).body).toContain('Reload the queue and try again');
    expect((await referralById(t, m.id))!.assignedOfficerId).toBeNull();
  });

  it('filters in the form cannot send the officer anywhere but the queue', async () => {
    const m = await refer('Qredirect');
    const v = (await referralById(t, m.id))!.version;
    const res = await officer.postForm(`/triage/${m.id}/assign-to-me`, assignForm(m, v, '//evil.example/?x=1&officer=https://evil.example'), '/triage');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/triage');
  });

  it('another force’s officer gets 404 and changes nothing', async () => {
    const m = await refer('Qotherforce');
    const v = (await referralById(t, m.id))!.version;
    const met = await t.signIn(DEMO.metOfficer);
    const res = await met.postForm(`/triage/${m.id}/assign-to-me`, assignForm(m, v), '/refer/person');
    expect(res.statusCode).toBe(404);
    expect(await referralById(t, m.id)).toMatchObject({ assignedOfficerId: null, version: v });
  });

  it('the referrer gets 404 and changes nothing', async () => {
    const school = await t.signIn(DEMO.schoolReferrer);
    const id = await submitProfessionalReferral(t, school, 'Qreferrer');
    const v = (await referralById(t, id))!.version;
    const res = await school.postForm(`/triage/${id}/assign-to-me`, { version: String(v), filters: '' }, '/referrals/mine');
    expect(res.statusCode).toBe(404);
    expect(await referralById(t, id)).toMatchObject({ assignedOfficerId: null, version: v });
  });

  it('needs the CSRF token', async () => {
    const m = await refer('Qcsrf');
    const v = (await referralById(t, m.id))!.version;
    const res = await officer.request({ method: 'POST', url: `/triage/${m.id}/assign-to-me`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `version=${v}` });
    expect(res.statusCode).toBe(403);
    expect((await referralById(t, m.id))!.assignedOfficerId).toBeNull();
  });
});
