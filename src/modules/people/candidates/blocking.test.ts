// Measures the database blocking keys: the share of true duplicate pairs in a synthetic population (names
// with transliterations, nicknames, typos, swapped and mistyped dates, moves) that reach scoring, and the share
// offered to the officer after scoring. Runs on PGlite, and on PostgreSQL when DATABASE_URL is set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/testDatabase.js';
import { personRecords } from '../../../db/schema.js';
import { normaliseName, normalisePostcode, parseDob } from '../matching/normalise.js';
import { generateSyntheticPeople } from '../matching/synthetic.js';
import type { NewPersonRecord } from '../personRecords.js';
import { blockCandidates } from './candidates.repository.js';
import { findCandidates } from './findCandidates.js';

const PEOPLE = 2_000;
let t: TestDatabase;
const rows: NewPersonRecord[] = [];
let person: Int32Array;

function isoDate(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  return y > 1900 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? date.toISOString().slice(0, 10) : null;
}

const asQuery = (r: NewPersonRecord) => ({ ...r, dateOfBirth: r.dateOfBirth ?? null, birthYear: r.birthYear ?? null, gender: r.gender ?? null, postcode: r.postcode ?? null, address: r.address ?? null, school: null });

beforeAll(async () => {
  t = await createTestDatabase();
  const synthetic = generateSyntheticPeople(PEOPLE, 7);
  person = synthetic.person;
  synthetic.records.forEach((r, k) => {
    const dob = parseDob(r.dateOfBirth);
    const dateOfBirth = isoDate(dob.year, dob.month, dob.day);
    rows.push({
      id: `00000000-0000-4000-8000-${String(k).padStart(12, '0')}`,
      givenName: r.givenName || '?',
      familyName: r.familyName || '?',
      givenFolded: normaliseName(r.givenName),
      familyFolded: normaliseName(r.familyName),
      dateOfBirth,
      birthYear: dob.year > 1900 && dob.year < 2030 ? dob.year : null,
      gender: r.sex === 'M' ? 'male' : r.sex === 'F' ? 'female' : null,
      postcode: normalisePostcode(r.postcode) || null,
      address: r.address ?? null,
    });
  });
  for (let i = 0; i < rows.length; i += 500) await t.database.db.insert(personRecords).values(rows.slice(i, i + 500));
}, 120_000);
afterAll(() => t?.dispose());

describe('blocking candidate people in the database', () => {
  it('brings at least 95% of true duplicate pairs to scoring, offers at least 90% to the officer, and pre-selects rightly', async () => {
    let pairs = 0;
    let blocked = 0;
    let offered = 0;
    let strong = 0;
    let strongRight = 0;
    const first = new Map<number, number>();
    for (let k = 0; k < rows.length; k++) {
      const earlier = first.get(person[k]!);
      if (earlier === undefined) {
        first.set(person[k]!, k);
        continue;
      }
      const r = rows[k]!;
      const want = rows[earlier]!.id;
      pairs++;
      const q = { givenFolded: r.givenFolded, familyFolded: r.familyFolded, dateOfBirth: r.dateOfBirth ?? null, birthYear: r.birthYear ?? null, postcode: r.postcode ?? null, selfRootId: r.id };
      if ((await blockCandidates(t.database.db, q)).some((c) => c.id === want)) blocked++;
      const found = await findCandidates(t.database.db, asQuery(r), r.id);
      if (found.some((c) => c.record.id === want)) offered++;
      const top = found[0];
      if (top && top.explanation.matchProbability >= 0.9) {
        strong++;
        if (person[rows.findIndex((x) => x.id === top.record.id)] === person[k]) strongRight++;
      }
    }
    console.log(`blocking recall ${(blocked / pairs).toFixed(3)}, offered ${(offered / pairs).toFixed(3)} of ${pairs} duplicate pairs; strongest ≥ 0.9 right ${strongRight} of ${strong}`);
    expect(pairs).toBeGreaterThan(200);
    expect(blocked / pairs).toBeGreaterThanOrEqual(0.95);
    expect(offered / pairs).toBeGreaterThanOrEqual(0.9);
    // What the default pre-selection would suggest is nearly always right (the officer still decides).
    expect(strongRight / strong).toBeGreaterThanOrEqual(0.98);
  }, 120_000);

  it('rarely pre-selects someone else for a person seen only once', async () => {
    const seen = new Map<number, number>();
    for (let k = 0; k < rows.length; k++) seen.set(person[k]!, (seen.get(person[k]!) ?? 0) + 1);
    let strong = 0;
    let total = 0;
    for (let k = 0; k < rows.length; k++) {
      if (seen.get(person[k]!) !== 1) continue;
      total++;
      const r = rows[k]!;
      const [top] = await findCandidates(t.database.db, asQuery(r), r.id);
      if (top && top.explanation.matchProbability >= 0.9) strong++;
    }
    console.log(`someone else pre-selected for ${strong} of ${total} people seen once`);
    expect(strong / total).toBeLessThanOrEqual(0.01);
  }, 120_000);
});
