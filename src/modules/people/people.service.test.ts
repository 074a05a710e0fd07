// The people rules against a real database: candidates found at intake, the officer's answer, and merges that
// can always be undone with nothing lost. Access through the web and API is tested in test/integration/people*.
import { eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DEMO, type TestApp } from '../../../test/support/testApp.js';
import { personMatchCandidates, personRecords, referrals } from '../../db/schema.js';
import type { RequestContext } from '../../platform/access/actor.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../platform/errors.js';
import { findUserByEmail } from '../../platform/auth/users.repository.js';
import { createReferralService } from '../referrals/referrals.service.js';
import { publicReferralSchema } from '../referrals/referrals.schemas.js';
import { createPeopleService } from './people.service.js';

let t: TestApp;
let people: ReturnType<typeof createPeopleService>;
let intake: ReturnType<typeof createReferralService>;
let officer: RequestContext;
let supervisor: RequestContext;
let otherForce: RequestContext;
const db = () => t.db.database.db;

async function as(email: string): Promise<RequestContext> {
  const u = await findUserByEmail(db(), email);
  if (!u) throw new Error(email);
  return { actor: { kind: 'user', userId: u.id, displayName: u.displayName, roles: u.roles, organisation: u.organisation }, requestId: null, client: {} };
}

interface Subject {
  givenName: string;
  familyName: string;
  dateOfBirth?: string;
  postcode?: string;
  address?: string;
}

async function refer(subject: Subject): Promise<{ id: string; recordId: string }> {
  const { id } = await intake.submit(
    { actor: { kind: 'public' }, requestId: null, client: {} },
    {
      channel: 'public',
      submission: publicReferralSchema.parse({
        subject: { gender: 'male', postcode: 'B29 6QT', ...subject },
        concern: { narrative: 'Concern about things said at school', threatOfHarm: 'no' },
        awareness: { subjectAware: 'no', parentAware: 'no' },
        referrer: { anonymous: true },
      }),
      referrerUserId: null,
      referrerOrgId: null,
    },
  );
  const [row] = await db().select({ recordId: referrals.personRecordId }).from(referrals).where(eq(referrals.id, id));
  return { id, recordId: row!.recordId };
}

const referralIdsOf = async (recordId: string) => (await people.viewPerson(officer, recordId)).referrals.map((r) => r.id).sort();
const rootOf = async (recordId: string) => (await people.viewPerson(officer, recordId)).rootId;

async function expectRefused(p: Promise<unknown>, type: new (...args: never[]) => Error, problem?: string) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(type);
  if (problem) expect((err as ConflictError).type).toBe(problem);
}

beforeAll(async () => {
  t = await createTestApp();
  people = createPeopleService(db());
  intake = createReferralService(db(), { triageTargetWorkingDays: 5 });
  [officer, supervisor, otherForce] = [await as(DEMO.wmOfficer), await as(DEMO.wmSupervisor), await as(DEMO.metOfficer)];
}, 120_000);
afterAll(() => t?.close());

describe('candidate people at intake', () => {
  it('offers the school\'s "Mohammed Ali" when the police refer "Muhammad Aly" from a new postcode, explained field by field', async () => {
    const first = await refer({ givenName: 'Mohammed', familyName: 'Ali', dateOfBirth: '2009-03-14', postcode: 'B29 6QT' });
    const second = await refer({ givenName: 'Muhammad', familyName: 'Aly', dateOfBirth: '2009-03-14', postcode: 'B30 2AB' });
    const { candidates } = await people.referralCandidates(officer, second.id);
    const offered = candidates.find((c) => c.candidateRecordId === first.recordId);
    expect(offered).toBeDefined();
    expect(offered!.matchProbability).toBeGreaterThan(0.9);
    const fields = (offered!.explanation as { fields: Array<{ field: string; outcome: string }> }).fields;
    expect(fields.find((f) => f.field === 'Given names')!.outcome).toBe('partial');
    expect(fields.find((f) => f.field === 'Date of birth')!.outcome).toBe('agree');
    expect(fields.find((f) => f.field === 'Postcode')!.outcome).toBe('disagree');
    // Offering is not joining: each referral is still its own person until someone confirms.
    expect(await rootOf(second.recordId)).toBe(second.recordId);
  });

  it('stores nothing for a person unlike anyone referred before', async () => {
    const lone = await refer({ givenName: 'Quillon', familyName: 'Vatterhorn', dateOfBirth: '1987-11-30' });
    expect(await db().select().from(personMatchCandidates).where(eq(personMatchCandidates.referralId, lone.id))).toEqual([]);
  });

  it('never offers a brother at the same address as a match', async () => {
    await refer({ givenName: 'Yusuf', familyName: 'Okonkwo-Reid', dateOfBirth: '2008-01-02', address: '4 Elm Road' });
    const brother = await refer({ givenName: 'Bilal', familyName: 'Okonkwo-Reid', dateOfBirth: '2010-06-09', address: '4 Elm Road' });
    const { candidates } = await people.referralCandidates(officer, brother.id);
    for (const c of candidates) expect(c.matchProbability).toBeLessThan(0.9);
  });

  it('shows candidates only to the Prevent team holding the referral, and audits every showing as a combination', async () => {
    const a = await refer({ givenName: 'Harriet', familyName: 'Blenkinsop', dateOfBirth: '2007-07-07' });
    const b = await refer({ givenName: 'Harriett', familyName: 'Blenkinsopp', dateOfBirth: '2007-07-07' });
    await expectRefused(people.referralCandidates(otherForce, b.id), NotFoundError);
    await people.referralCandidates(officer, b.id);
    const audits = await db().execute(sql`SELECT event FROM audit_log WHERE action = 'combination' AND ${a.recordId} = ANY(record_ids) ORDER BY occurred_at`);
    expect((audits as unknown as { rows: Array<{ event: string }> }).rows.map((r) => r.event)).toEqual(['person.candidates_found', 'person.candidates_shown']);
  });
});

describe('the officer\'s answer', () => {
  it('"same person" joins the referral to the person and their history; "not the same" is remembered and never joined', async () => {
    const school = await refer({ givenName: 'Adebayo', familyName: 'Fashola', dateOfBirth: '2010-02-03' });
    const police = await refer({ givenName: 'Adebayo', familyName: 'Fasola', dateOfBirth: '2010-03-02' });
    const linked = await people.decide(officer, police.id, { candidateRecordId: school.recordId, decision: 'same', reason: 'Same school and parents named in both' });
    expect(linked.personId).toBe(school.recordId);
    expect(await referralIdsOf(police.recordId)).toEqual([school.id, police.id].sort());
    await expectRefused(people.decide(officer, police.id, { candidateRecordId: school.recordId, decision: 'same' }), ConflictError, 'already-same-person');

    const cousin = await refer({ givenName: 'Adebayo', familyName: 'Fashola', dateOfBirth: '2010-02-13' });
    await people.decide(officer, cousin.id, { candidateRecordId: school.recordId, decision: 'not_same', reason: 'Cousin: different parents and school' });
    const { candidates } = await people.referralCandidates(officer, cousin.id);
    expect(candidates.find((c) => c.candidateRecordId === school.recordId)!.decision).toBe('not_same');
    expect(await rootOf(cousin.recordId)).toBe(cousin.recordId);
    await expectRefused(people.merge(supervisor, school.recordId, { otherRecordId: cousin.recordId, reason: 'Looks the same' }), ConflictError, 'recorded-not-same');
  });

  it('lets a later answer on the referral replace "not the same"', async () => {
    const first = await refer({ givenName: 'Rahima', familyName: 'Chowdhury', dateOfBirth: '2011-08-21' });
    const again = await refer({ givenName: 'Rahima', familyName: 'Choudhury', dateOfBirth: '2011-08-21', postcode: 'B30 2AB' });
    await people.decide(officer, again.id, { candidateRecordId: first.recordId, decision: 'not_same', reason: 'Thought to be a cousin' });
    await expectRefused(people.merge(supervisor, first.recordId, { otherRecordId: again.recordId, reason: 'Same' }), ConflictError, 'recorded-not-same');
    await people.decide(officer, again.id, { candidateRecordId: first.recordId, decision: 'unsure', reason: 'School says it may be her after all' });
    const merged = await people.merge(supervisor, first.recordId, { otherRecordId: again.recordId, reason: 'Confirmed by the school' });
    await people.undoMerge(supervisor, merged.mergeId, { reason: 'Back to the officer' });
    await people.decide(officer, again.id, { candidateRecordId: first.recordId, decision: 'not_same', reason: 'Cousin after all' });
    const linked = await people.decide(officer, again.id, { candidateRecordId: first.recordId, decision: 'same', reason: 'Birth certificate seen' });
    expect(linked.personId).toBe(first.recordId);
  });

  it('refuses an answer about a record that was never offered for the referral', async () => {
    const a = await refer({ givenName: 'Tomasz', familyName: 'Wierzbicki', dateOfBirth: '2005-05-05' });
    const b = await refer({ givenName: 'Zofia', familyName: 'Lindqvist', dateOfBirth: '1990-09-09' });
    await expectRefused(people.decide(officer, b.id, { candidateRecordId: a.recordId, decision: 'same' }), NotFoundError);
    expect(await rootOf(b.recordId)).toBe(b.recordId);
  });
});

describe('merging and undoing', () => {
  it('only a supervisor merges; an undo puts every referral back; a merge undone out of order is refused', async () => {
    const a = await refer({ givenName: 'Kasia', familyName: 'Nowak', dateOfBirth: '2004-04-04' });
    const b = await refer({ givenName: 'Katarzyna', familyName: 'Nowak', dateOfBirth: '2004-04-04', postcode: 'B30 2AB' });
    const c = await refer({ givenName: 'Kate', familyName: 'Nowak-Smith', dateOfBirth: '2004-04-04', postcode: 'B31 1AA' });
    const before = { a: await referralIdsOf(a.recordId), b: await referralIdsOf(b.recordId), c: await referralIdsOf(c.recordId) };
    await expectRefused(people.merge(officer, a.recordId, { otherRecordId: b.recordId, reason: 'Same person' }), ForbiddenError);

    const ab = await people.merge(supervisor, a.recordId, { otherRecordId: b.recordId, reason: 'Same person: Kasia is short for Katarzyna' });
    const abc = await people.merge(supervisor, c.recordId, { otherRecordId: a.recordId, reason: 'Married name' });
    expect(await referralIdsOf(b.recordId)).toEqual([a.id, b.id, c.id].sort());
    await expectRefused(people.undoMerge(supervisor, ab.mergeId, { reason: 'Wrong' }), ConflictError, 'later-merge');

    await people.undoMerge(supervisor, abc.mergeId, { reason: 'Not the same: a relative' });
    await people.undoMerge(supervisor, ab.mergeId, { reason: 'Different people after all' });
    expect({ a: await referralIdsOf(a.recordId), b: await referralIdsOf(b.recordId), c: await referralIdsOf(c.recordId) }).toEqual(before);
    await expectRefused(people.undoMerge(supervisor, ab.mergeId, { reason: 'Again' }), ConflictError, 'already-undone');
  });

  it('any sequence of merges, undone in reverse, leaves every record as it was (property)', async () => {
    const subjects = ['Ayaan', 'Ibrahim', 'Leon', 'Maja', 'Noor'].map((g, i) => ({ givenName: g, familyName: 'Propertest', dateOfBirth: `199${i}-01-0${i + 1}` }));
    const records: string[] = [];
    for (const s of subjects) records.push((await refer(s)).recordId);
    const roots = async () => Promise.all(records.map((r) => db().select({ m: personRecords.mergedIntoId }).from(personRecords).where(eq(personRecords.id, r)).then(([x]) => x!.m)));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(4), fc.nat(4)), { minLength: 1, maxLength: 6 }), async (pairs) => {
        const done: string[] = [];
        for (const [x, y] of pairs) {
          try {
            done.push((await people.merge(supervisor, records[x]!, { otherRecordId: records[y]!, reason: 'Property test' })).mergeId);
          } catch (e) {
            if (!(e instanceof ConflictError)) throw e;
          }
          // A person is always one level deep: every record points at a root, never at a joined record.
          const pointers = await roots();
          for (const p of pointers) if (p) expect(pointers[records.indexOf(p)]).toBeNull();
        }
        for (const id of done.reverse()) await people.undoMerge(supervisor, id, { reason: 'Property test' });
        expect(await roots()).toEqual(records.map(() => null));
      }),
      { numRuns: 12 },
    );
  });
});
