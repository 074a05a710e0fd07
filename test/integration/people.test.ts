// People and person matching through HTTP: the officer checks a referral's possible earlier records and
// answers on each, "same" links the referral to the person, "not the same" is remembered and stops a merge,
// a supervisor merges two people and undoes it, and the JSON API does the same. Nothing is joined without a
// person pressing a button, a refused or invalid answer writes nothing, and undoing puts every referral back.
import { and, eq, sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, personMatchCandidates, personMatchDecisions, personMerges } from '../../src/db/schema.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { formatProbability, formatWeight } from '../../src/modules/people/people.presenters.js';
import { candidatesView } from '../../src/modules/people/people.routes.js';
import { referralById, referralIdByName, startDraft } from '../support/referrals.js';
import { createTestApp, DEMO, type Client, type TestApp } from '../support/testApp.js';

let t: TestApp;
let school: Client;
let officer: Client;
let supervisor: Client;

beforeAll(async () => {
  t = await createTestApp();
  school = await t.signIn(DEMO.schoolReferrer);
  officer = await t.signIn(DEMO.wmOfficer);
  supervisor = await t.signIn(DEMO.wmSupervisor);
}, 120_000);
afterAll(() => t?.close());

interface Subject {
  given: string;
  family: string;
  dob: string;
  postcode: string;
  address?: string;
}

/** A school referral about the subject through the signed-in form; returns the referral id and its person record. */
async function refer(t: TestApp, c: Client, s: Subject): Promise<{ id: string; recordId: string; reference: string }> {
  const [y, m, d] = s.dob.split('-');
  const base = `/referrals/drafts/${await startDraft(c)}`;
  const steps: Array<[string, Record<string, string | string[]>]> = [
    ['person', { givenName: s.given, familyName: s.family, aliases: '' }],
    ['age', { 'dateOfBirth-day': String(Number(d)), 'dateOfBirth-month': String(Number(m)), 'dateOfBirth-year': y!, gender: 'male' }],
    ['address', { address: s.address ?? '1 High Street', postcode: s.postcode, schoolOrWorkplace: 'Northfield Academy' }],
    ['concern', { narrative: `Concern about ${s.given}`, startedWhen: 'September' }],
    ['concern-details', { threatOfHarm: 'no', supportNeeds: ['mental_health'] }],
    ['awareness', { subjectAware: 'no', parentAware: 'not_sure' }],
    ['your-details', { name: 'Rachel Evans', role: 'Designated safeguarding lead', email: 'dsl@northfield.example', safeguardingLeadConsulted: 'not_applicable' }],
    ['check', {}],
  ];
  for (const [page, form] of steps) {
    const res = await c.postForm(`${base}/${page}`, form);
    if (res.statusCode !== 303) throw new Error(`${page}: ${res.statusCode}\n${res.body.slice(0, 800)}`);
  }
  const id = await referralIdByName(t, s.given);
  const row = (await referralById(t, id))!;
  return { id, recordId: row.personRecordId, reference: row.reference };
}

/** A page with a form, for the session's CSRF token when the page posted to no longer shows its form. */
const ANY_FORM = '/refer/person';

async function combinations(event: string): Promise<number> {
  const [row] = await t.db.database.db
    .select({ n: sql<number>`count(*)::int` })
    .from(auditLog)
    .where(and(eq(auditLog.action, 'combination'), eq(auditLog.event, event)));
  return Number(row?.n ?? 0);
}

async function written(): Promise<{ decisions: number; merges: number }> {
  const [d] = await t.db.database.db.select({ n: sql<number>`count(*)::int` }).from(personMatchDecisions);
  const [m] = await t.db.database.db.select({ n: sql<number>`count(*)::int` }).from(personMerges);
  return { decisions: Number(d?.n ?? 0), merges: Number(m?.n ?? 0) };
}

/** The references listed on a person page, in page order. */
function referencesOn(html: string): string[] {
  const table = /<h2 class="govuk-heading-m">Referrals about this person<\/h2>([\s\S]*?)<h2/.exec(html)?.[1] ?? '';
  return [...table.matchAll(/(PR|RF|[A-Z]{2})-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/g)].map((m) => m[0]);
}

function errorSummary(res: LightMyRequestResponse): Array<{ href: string; text: string }> {
  const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(res.body)?.[0] ?? '';
  return [...summary.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => ({ href: m[1]!, text: m[2]!.trim() }));
}

/** A JSON request as a signed-in client, with the session's CSRF token on unsafe requests. */
async function json(c: Client, method: 'GET' | 'POST', url: string, body?: unknown) {
  const headers: Record<string, string> = {};
  if (method === 'POST') {
    headers['x-csrf-token'] = await c.csrfToken(ANY_FORM);
    headers['content-type'] = 'application/json';
  }
  return c.request({ method, url, headers, ...(body !== undefined ? { payload: JSON.stringify(body) } : {}) });
}

describe('possible earlier records on the pages', () => {
  let first: Awaited<ReturnType<typeof refer>>;
  let second: Awaited<ReturnType<typeof refer>>;

  beforeAll(async () => {
    first = await refer(t, school, { given: 'Mohammed', family: 'Ali', dob: '2009-03-14', postcode: 'B29 6QT', address: '12 Bristol Road' });
    second = await refer(t, school, { given: 'Muhammad', family: 'Aly', dob: '2009-03-14', postcode: 'B30 2AB', address: '4 Pershore Road' });
  }, 60_000);

  it('shows the earlier record with how each detail compared, and says there is one to check on the case page', async () => {
    const casePage = await officer.get(`/cases/${second.id}`);
    expect(casePage.statusCode).toBe(200);
    expect(casePage.body).toContain(`href="/cases/${second.id}/person"`);
    expect(casePage.body).toContain('Possible earlier records: 1 to check');
    expect(casePage.body).toContain(`href="/people/${second.recordId}"`);

    const before = await combinations('person.candidates_shown');
    const res = await officer.get(`/cases/${second.id}/person`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Muhammad Aly, as referred');
    expect(res.body).toContain(`<h3 class="govuk-heading-m" id="candidate-${first.recordId}">Mohammed Ali</h3>`);
    expect(res.body).toContain('How the details of Mohammed Ali compare');
    expect(res.body).toMatch(/Date of birth match exactly \(2009-03-14\)/);
    expect(res.body).toContain('Agrees');
    expect(res.body).toContain('Disagrees');
    expect(res.body).toContain('West Midlands Police');
    expect(res.body).toContain(`id="decision-${first.recordId}"`);
    expect(res.body).toContain(`id="reason-${first.recordId}"`);
    expect(res.body).toContain('Record answer');
    expect(await combinations('person.candidates_shown')).toBe(before + 1);
    // Pre-selected only at or above the configured probability, and never acted on until the officer presses the button.
    const [stored] = await t.db.database.db.select().from(personMatchCandidates).where(eq(personMatchCandidates.referralId, second.id));
    const preselected = stored!.matchProbability >= t.config.matching.preselectProbability;
    expect(res.body.includes('Strongest match: check the details before confirming')).toBe(preselected);
    expect(/value="same" checked/.test(res.body)).toBe(preselected);
    expect((await written()).decisions).toBe(0);
  });

  it('says so plainly when there are no possible earlier records', async () => {
    const res = await officer.get(`/cases/${first.id}/person`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('No earlier records were found that may be about this person.');
    expect((await officer.get(`/cases/${first.id}`)).body).toContain('Possible earlier records: none found');
  });

  it('shows the error summary for a missing answer and for "not the same" without a reason, writing nothing', async () => {
    const before = await written();
    const missing = await officer.postForm(`/cases/${second.id}/person`, { candidateRecordId: first.recordId, reason: '' });
    expect(missing.statusCode).toBe(422);
    expect(errorSummary(missing)).toEqual([{ href: `#decision-${first.recordId}`, text: 'Select whether this is the same person' }]);
    expect(missing.body).toMatch(/<title>Error: /);

    const noReason = await officer.postForm(`/cases/${second.id}/person`, { candidateRecordId: first.recordId, decision: 'not_same', reason: '  ' });
    expect(noReason.statusCode).toBe(422);
    expect(errorSummary(noReason)).toEqual([{ href: `#reason-${first.recordId}`, text: 'Enter why they are not the same person' }]);
    // The answer chosen is kept on the form.
    expect(noReason.body).toMatch(new RegExp(`id="decision-${first.recordId}-2" name="decision" type="radio" value="not_same" checked`));

    expect(await written()).toEqual(before);
    expect(await combinations('person.linked')).toBe(0);
    expect(await combinations('person.match_decided')).toBe(0);
  });

  it('links the referral to the person on "same", and the person page lists both referrals', async () => {
    const res = await officer.postForm(`/cases/${second.id}/person`, { candidateRecordId: first.recordId, decision: 'same', reason: '' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/people/${first.recordId}`);
    const person = await officer.get(String(res.headers.location));
    expect(person.statusCode).toBe(200);
    expect(person.body).toContain('Recorded as the same person.');
    expect(referencesOn(person.body).sort()).toEqual([first.reference, second.reference].sort());
    expect(person.body).toContain('Linked at triage');
    // An officer who is not a supervisor may read the person but not merge or undo.
    expect(person.body).not.toContain('Merge with another person');
    expect(person.body).not.toContain('/undo');

    const linked = await t.db.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'combination'), eq(auditLog.event, 'person.linked')));
    expect(linked).toHaveLength(1);
    expect(linked[0]!.recordIds).toEqual(expect.arrayContaining([first.recordId, second.recordId]));
    expect(await combinations('person.candidates_shown')).toBeGreaterThan(0);

    const again = await officer.get(`/cases/${second.id}/person`);
    expect(again.body).toMatch(/Same person – recorded by Daniel Hughes on /);
    expect(again.body).toContain('This referral is now part of their history');
    expect((await officer.get(`/cases/${second.id}`)).body).toContain('Possible earlier records: all answered');

    // The same answer again is a conflict shown on the page, never a 500.
    const twice = await officer.postForm(`/cases/${second.id}/person`, { candidateRecordId: first.recordId, decision: 'same', reason: '' }, ANY_FORM);
    expect(twice.statusCode).toBe(409);
    expect(errorSummary(twice)).toEqual([{ href: `#candidate-${first.recordId}`, text: 'This referral is already linked to that person.' }]);
    expect(twice.body).toContain(`id="candidate-${first.recordId}"`);

    // The supervisor sees the Undo link on the same page.
    const asSupervisor = await supervisor.get(`/people/${second.recordId}`);
    expect(asSupervisor.body).toContain('Merge with another person');
    expect(asSupervisor.body).toMatch(/href="\/people\/merges\/[0-9a-f-]{36}\/undo"/);
  });

  it('remembers "not the same person" and refuses a later merge of the two people', async () => {
    const third = await refer(t, school, { given: 'Mohamed', family: 'Ali', dob: '2009-03-14', postcode: 'B29 6QT', address: '12 Bristol Road' });
    const page = await officer.get(`/cases/${third.id}/person`);
    const candidate = new RegExp(`name="candidateRecordId" value="([0-9a-f-]{36})"`).exec(page.body)?.[1];
    expect(candidate).toBeDefined();

    const res = await officer.postForm(`/cases/${third.id}/person`, { candidateRecordId: candidate!, decision: 'not_same', reason: 'His twin brother: same birthday and address' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/cases/${third.id}/person`);
    const after = await officer.get(`/cases/${third.id}/person`);
    expect(after.body).toContain('Recorded as not the same person.');
    expect(after.body).toMatch(/Not the same person – recorded by Daniel Hughes on .+?: His twin brother: same birthday and address/);
    expect(await combinations('person.match_decided')).toBe(1);

    const merges = (await written()).merges;
    const merge = await supervisor.postForm(`/people/${third.recordId}/merge`, { otherRecordId: first.recordId, reason: 'Looks like the same boy' });
    expect(merge.statusCode).toBe(409);
    expect(errorSummary(merge)[0]?.text).toMatch(/Daniel Hughes recorded that these are not the same person/);
    const viaApi = await json(supervisor, 'POST', `/api/v1/people/${third.recordId}/merges`, { otherRecordId: first.recordId, reason: 'Looks like the same boy' });
    expect(viaApi.statusCode).toBe(409);
    expect(viaApi.json().type).toBe('urn:ct-casework:problem:recorded-not-same');
    expect((await written()).merges).toBe(merges);
  });
});

describe('merging two people and undoing it', () => {
  it('merges two people and puts every referral back on its own person page when undone', async () => {
    // One person with two referrals (linked at triage), and another with one.
    const x1 = await refer(t, school, { given: 'Bartholomew', family: 'Quennell', dob: '2011-06-02', postcode: 'B15 2TT' });
    const x2 = await refer(t, school, { given: 'Bart', family: 'Quennell', dob: '2011-06-02', postcode: 'B15 2TT' });
    expect((await officer.postForm(`/cases/${x2.id}/person`, { candidateRecordId: x1.recordId, decision: 'same' })).statusCode).toBe(303);
    const y1 = await refer(t, school, { given: 'Bartholemew', family: 'Quennel', dob: '2011-06-02', postcode: 'B16 8AA', address: '7 Broad Street' });

    const xBefore = referencesOn((await supervisor.get(`/people/${x1.recordId}`)).body);
    const yBefore = referencesOn((await supervisor.get(`/people/${y1.recordId}`)).body);
    expect([...xBefore].sort()).toEqual([x1.reference, x2.reference].sort());
    expect(yBefore).toEqual([y1.reference]);

    // The supervisor merges the two-referral person into the other (so the linked record is re-pointed too).
    const page = await supervisor.get(`/people/${y1.recordId}/merge`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Possible duplicates');
    expect(page.body).toMatch(/How the details of Bart(holomew)? Quennell compare/);
    const choice = /name="otherRecordId" type="radio" value="([0-9a-f-]{36})"/.exec(page.body)?.[1];
    expect([x1.recordId, x2.recordId]).toContain(choice);

    const noReason = await supervisor.postForm(`/people/${y1.recordId}/merge`, { otherRecordId: choice! });
    expect(noReason.statusCode).toBe(422);
    expect(errorSummary(noReason)).toEqual([{ href: '#reason', text: 'Enter why these are the same person' }]);
    const nothing = await supervisor.postForm(`/people/${y1.recordId}/merge`, { reason: 'Same boy' });
    expect(nothing.statusCode).toBe(422);
    expect(errorSummary(nothing)).toEqual([{ href: '#otherRecordId', text: 'Select the person to merge with' }]);

    const merged = await supervisor.postForm(`/people/${y1.recordId}/merge`, { otherRecordId: choice!, reason: 'Same school, same birthday, moved house' });
    expect(merged.statusCode).toBe(303);
    expect(merged.headers.location).toBe(`/people/${y1.recordId}`);
    const together = await supervisor.get(`/people/${x2.recordId}`);
    expect(referencesOn(together.body).sort()).toEqual([x1.reference, x2.reference, y1.reference].sort());
    expect(together.body).toContain('Merged by a supervisor');
    expect(await combinations('person.merged')).toBe(1);

    const mergeId = /href="\/people\/merges\/([0-9a-f-]{36})\/undo"/.exec(together.body)?.[1];
    const [mergeRow] = await t.db.database.db.select().from(personMerges).where(eq(personMerges.id, mergeId!));
    expect(mergeRow?.kind).toBe('merge');

    // An officer who is not a supervisor may not undo.
    expect((await officer.get(`/people/merges/${mergeId}/undo`)).statusCode).toBe(403);
    const confirm = await supervisor.get(`/people/merges/${mergeId}/undo`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Why are you undoing this?');
    const blank = await supervisor.postForm(`/people/merges/${mergeId}/undo`, { reason: '' });
    expect(blank.statusCode).toBe(422);
    expect(errorSummary(blank)).toEqual([{ href: '#reason', text: 'Enter why you are undoing this' }]);

    const undone = await supervisor.postForm(`/people/merges/${mergeId}/undo`, { reason: 'The school confirmed they are cousins' });
    expect(undone.statusCode).toBe(303);
    expect(undone.headers.location).toBe(`/people/${y1.recordId}`);
    expect(await combinations('person.unmerged')).toBe(1);

    // Exactly as before, from any record of each person.
    expect(referencesOn((await supervisor.get(`/people/${x1.recordId}`)).body)).toEqual(xBefore);
    expect(referencesOn((await supervisor.get(`/people/${x2.recordId}`)).body)).toEqual(xBefore);
    expect(referencesOn((await supervisor.get(`/people/${y1.recordId}`)).body)).toEqual(yBefore);

    // Undoing twice is a conflict on the page and on the API.
    const twice = await supervisor.postForm(`/people/merges/${mergeId}/undo`, { reason: 'Again' }, ANY_FORM);
    expect(twice.statusCode).toBe(409);
    expect(errorSummary(twice)).toEqual([{ href: '#undone', text: 'This has already been undone.' }]);
    expect(twice.body).toContain('id="undone"');
    const twiceApi = await json(supervisor, 'POST', `/api/v1/people/merges/${mergeId}/undo`, { reason: 'Again' });
    expect(twiceApi.statusCode).toBe(409);
    expect(twiceApi.json().type).toBe('urn:ct-casework:problem:already-undone');
    expect(await combinations('person.unmerged')).toBe(1);
  });
});

describe('the same through the JSON API', () => {
  it('lists candidates, records answers, reads the person, merges and undoes', async () => {
    const a = await refer(t, school, { given: 'Zainab', family: 'Okonkwo', dob: '2010-11-20', postcode: 'B23 5TH' });
    const b = await refer(t, school, { given: 'Zaynab', family: 'Okonkwo', dob: '2010-11-20', postcode: 'B24 9QR', address: '9 Church Road' });

    const list = await json(officer, 'GET', `/api/v1/referrals/${b.id}/person-candidates`);
    expect(list.statusCode).toBe(200);
    const body = list.json();
    expect(body.referral).toEqual({ id: b.id, reference: b.reference });
    expect(body.record).toMatchObject({ id: b.recordId, givenName: 'Zaynab', familyName: 'Okonkwo', dateOfBirth: '2010-11-20' });
    expect(body.candidates).toHaveLength(1);
    const [candidate] = body.candidates;
    expect(candidate).toMatchObject({ candidateRecordId: a.recordId, personId: a.recordId, givenName: 'Zainab', referralCount: 1, heldBy: ['West Midlands Police'], alreadySamePerson: false, latestDecision: null });
    expect(candidate.explanation.fields.map((f: { field: string }) => f.field)).toContain('Date of birth');
    expect(candidate.explanation.fields.find((f: { field: string }) => f.field === 'Date of birth').outcome).toBe('agree');

    const before = await written();
    const missing = await json(officer, 'POST', `/api/v1/referrals/${b.id}/person-decisions`, { candidateRecordId: a.recordId });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().errors.map((e: { field: string }) => e.field)).toEqual(['decision']);
    const noReason = await json(officer, 'POST', `/api/v1/referrals/${b.id}/person-decisions`, { candidateRecordId: a.recordId, decision: 'not_same' });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().errors).toEqual([expect.objectContaining({ field: 'reason', detail: 'Enter why they are not the same person' })]);
    const notCandidate = await json(officer, 'POST', `/api/v1/referrals/${b.id}/person-decisions`, { candidateRecordId: b.recordId, decision: 'same' });
    expect(notCandidate.statusCode).toBe(404);
    expect(await written()).toEqual(before);

    const unsure = await json(officer, 'POST', `/api/v1/referrals/${b.id}/person-decisions`, { candidateRecordId: a.recordId, decision: 'unsure' });
    expect(unsure.statusCode).toBe(201);
    expect(unsure.json()).toEqual({ decision: 'unsure', mergeId: null, personId: b.recordId });
    const same = await json(officer, 'POST', `/api/v1/referrals/${b.id}/person-decisions`, { candidateRecordId: a.recordId, decision: 'same', reason: 'Spelling of the given name differs' });
    expect(same.statusCode).toBe(201);
    expect(same.json()).toMatchObject({ decision: 'same', personId: a.recordId });
    const linkId = same.json().mergeId as string;
    expect(await combinations('person.linked')).toBeGreaterThanOrEqual(1);

    const person = await json(officer, 'GET', `/api/v1/people/${b.recordId}`);
    expect(person.statusCode).toBe(200);
    expect(person.json().personId).toBe(a.recordId);
    expect(person.json().referrals.map((r: { reference: string }) => r.reference).sort()).toEqual([a.reference, b.reference].sort());
    expect(person.json().referrals.every((r: { heldByYou: boolean }) => r.heldByYou)).toBe(true);
    expect(person.json().history).toEqual([expect.objectContaining({ id: linkId, kind: 'link', survivorId: a.recordId, mergedId: b.recordId, undoneAt: null })]);
    expect(person.json().permissions).toEqual({ canMerge: false });
    expect((await json(supervisor, 'GET', `/api/v1/people/${a.recordId}`)).json().permissions).toEqual({ canMerge: true });

    // Undo the link: only a supervisor, and only once.
    expect((await json(officer, 'POST', `/api/v1/people/merges/${linkId}/undo`, { reason: 'Wrong person' })).statusCode).toBe(403);
    const undo = await json(supervisor, 'POST', `/api/v1/people/merges/${linkId}/undo`, { reason: 'Wrong person' });
    expect(undo.statusCode).toBe(200);
    expect(undo.json()).toEqual({ survivorId: a.recordId, mergedId: b.recordId });
    expect((await json(supervisor, 'POST', `/api/v1/people/merges/${linkId}/undo`, { reason: 'Wrong person' })).statusCode).toBe(409);
    expect((await json(officer, 'GET', `/api/v1/people/${b.recordId}`)).json().referrals.map((r: { reference: string }) => r.reference)).toEqual([b.reference]);

    // Possible duplicates and a merge: supervisors only.
    expect((await json(officer, 'GET', `/api/v1/people/${b.recordId}/possible-duplicates`)).statusCode).toBe(403);
    const dupes = await json(supervisor, 'GET', `/api/v1/people/${b.recordId}/possible-duplicates`);
    expect(dupes.statusCode).toBe(200);
    expect(dupes.json().candidates.map((c: { personId: string }) => c.personId)).toContain(a.recordId);
    expect(dupes.json().candidates[0].explanation.fields.length).toBeGreaterThan(0);

    expect((await json(officer, 'POST', `/api/v1/people/${b.recordId}/merges`, { otherRecordId: a.recordId, reason: 'Same girl' })).statusCode).toBe(403);
    const badMerge = await json(supervisor, 'POST', `/api/v1/people/${b.recordId}/merges`, { otherRecordId: a.recordId });
    expect(badMerge.statusCode).toBe(422);
    const merge = await json(supervisor, 'POST', `/api/v1/people/${b.recordId}/merges`, { otherRecordId: a.recordId, reason: 'Same girl after all' });
    expect(merge.statusCode).toBe(201);
    expect(merge.json()).toMatchObject({ personId: b.recordId });
    const again = await json(supervisor, 'POST', `/api/v1/people/${b.recordId}/merges`, { otherRecordId: a.recordId, reason: 'Same girl after all' });
    expect(again.statusCode).toBe(409);
    expect(again.json().type).toBe('urn:ct-casework:problem:already-same-person');
  });

  it('answers 404 for an unknown referral, person or merge, and describes every route in the OpenAPI document', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await json(officer, 'GET', `/api/v1/referrals/${unknown}/person-candidates`)).statusCode).toBe(404);
    expect((await json(officer, 'GET', `/api/v1/people/${unknown}`)).statusCode).toBe(404);
    expect((await json(supervisor, 'POST', `/api/v1/people/merges/${unknown}/undo`, { reason: 'x' })).statusCode).toBe(404);
    expect((await officer.get(`/people/${unknown}`)).statusCode).toBe(404);
    expect((await officer.get('/people/not-a-uuid')).statusCode).toBe(404);

    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const path of ['/api/v1/referrals/{id}/person-candidates', '/api/v1/referrals/{id}/person-decisions', '/api/v1/people/{id}', '/api/v1/people/{id}/possible-duplicates', '/api/v1/people/{id}/merges', '/api/v1/people/merges/{mergeId}/undo']) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(doc.paths['/api/v1/referrals/{id}/person-decisions'].post.responses['201']).toBeDefined();
  });
});


describe('pre-selection', () => {
  const candidate = (id: string, matchProbability: number, decision: 'same' | 'not_same' | 'unsure' | null = null) => ({
    candidateRecordId: id,
    matchWeight: matchProbability * 10,
    matchProbability,
    explanation: { fields: [{ field: 'Date of birth', level: 'Date of birth match exactly (2009-03-14)', outcome: 'agree', weight: 5.26 }], notes: [] },
    givenName: 'Ali',
    familyName: id,
    dateOfBirth: '2009-03-14',
    postcode: 'B29 6QT',
    rootId: id,
    referralCount: 1,
    heldBy: 'West Midlands Police',
    decision,
    decisionReason: decision === 'not_same' ? 'Brothers' : null,
    decidedAt: decision ? new Date('2026-03-03T10:15:00Z') : null,
    decidedBy: decision ? 'Daniel Hughes' : null,
  });
  const data = (candidates: Array<ReturnType<typeof candidate>>) => ({ rootId: 'own', candidates }) as unknown as Parameters<typeof candidatesView>[0];
  const ticked = (view: ReturnType<typeof candidatesView>) => view.filter((c) => c.values.decision === 'same').map((c) => c.id);

  it('ticks "Same person" on the strongest undecided candidate at or above the threshold only', () => {
    expect(ticked(candidatesView(data([candidate('a', 0.95), candidate('b', 0.92)]), 0.9, null))).toEqual(['a']);
    expect(ticked(candidatesView(data([candidate('a', 0.9)]), 0.9, null))).toEqual(['a']);
    expect(ticked(candidatesView(data([candidate('a', 0.89)]), 0.9, null))).toEqual([]);
    // An answered candidate is never ticked again; the next one is only if it is strong enough itself.
    expect(ticked(candidatesView(data([candidate('a', 0.99, 'not_same'), candidate('b', 0.95)]), 0.9, null))).toEqual(['b']);
    expect(ticked(candidatesView(data([candidate('a', 0.99, 'unsure'), candidate('b', 0.5)]), 0.9, null))).toEqual([]);
    expect(candidatesView(data([candidate('a', 0.95)]), 0.9, null)[0]!.preselected).toBe(true);
  });

  it('shows evidence for and against, the probability and the latest answer in words', () => {
    const [view] = candidatesView(data([candidate('a', 0.984, 'not_same')]), 0.9, null);
    expect(view!.explanationRows).toEqual([[{ text: 'Date of birth' }, { text: 'Date of birth match exactly (2009-03-14)' }, { html: '<strong class="govuk-tag govuk-tag--green">Agrees</strong>' }, { text: '+5.3', format: 'numeric' }]]);
    expect(view!.rows.find((r) => r.key.text === 'Match probability')?.value.text).toBe('98%');
    expect(view!.decision).toMatch(/^Not the same person – recorded by Daniel Hughes on .+: Brothers$/);
  });

  it('writes evidence with its direction and never rounds a probability to certainty', () => {
    expect([5.26, -2.5, 0, -0.04, 12].map(formatWeight)).toEqual(['+5.3', '\u22122.5', '0', '0', '+12.0']);
    expect([0.984, 0.9999, 0.004, 0, 1, 0.5].map(formatProbability)).toEqual(['98%', 'over 99%', 'under 1%', '0%', '100%', '50%']);
  });

  it('reads the threshold from MATCH_PRESELECT_PROBABILITY, a number from 0 to 1', () => {
    const env = { NODE_ENV: 'test', DATA_DIR: `/tmp/ct-casework-test-${process.pid}`, SESSION_SECRET: 'test-session-secret-that-is-long-enough-000', ENCRYPTION_KEY: '0'.repeat(64) } as const;
    expect(loadConfig(env).matching.preselectProbability).toBe(0.9);
    expect(loadConfig({ ...env, MATCH_PRESELECT_PROBABILITY: '0.75' }).matching.preselectProbability).toBe(0.75);
    expect(() => loadConfig({ ...env, MATCH_PRESELECT_PROBABILITY: '1.5' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...env, MATCH_PRESELECT_PROBABILITY: 'high' })).toThrow(ConfigError);
  });
});
