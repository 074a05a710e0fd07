import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clusterPairs } from './cluster.js';
import { compareCode, DOB, F_DOB, F_FAMILY, F_GIVEN, F_SEX, FAMILY, FIELD_COUNT, FIELDS, GIVEN, levelOf, STRIDES } from './comparisons.js';
import { linkRecords } from './engine.js';
import { estimateParameters, monotoneM, patternCounts, removeMatchesFromU } from './estimate.js';
import { prepareRecords } from './prepare.js';
import { seededRandom } from './random.js';
import { buildScoringTables, scoreCode } from './score.js';
import { generateSyntheticPeople } from './synthetic.js';
import type { PersonRecord } from './types.js';

/** Level probabilities of a field for two different people: mostly "different", rarely exact. */
const chanceLevels = () => FIELDS.map((f) => f.levels.map((_, l) => (l === 0 ? 0 : l === 1 ? 0.01 : l === f.levels.length - 1 ? 0.9 : 0.09 / (f.levels.length - 3))));

/** Draws a level (1 and up) from its probabilities. */
const drawLevel = (rand: () => number) => (probs: number[]) => {
  let r = rand();
  for (let l = 1; l < probs.length; l++) {
    r -= probs[l]!;
    if (r <= 0) return l;
  }
  return probs.length - 1;
};


describe('EM estimation', () => {
  it('recovers known m-probabilities from a synthetic comparison set (fixed seed)', () => {
    const rand = seededRandom(7);
    // Known truth: 2,000 matches and 18,000 non-matches among blocked pairs, fields independent given class.
    const trueM = FIELDS.map((f) => f.levels.map((_, l) => (l === 0 ? 0 : l === 1 ? 0.7 : l === f.levels.length - 1 ? 0.1 : 0.2 / (f.levels.length - 3))));
    const trueU = chanceLevels();
    const draw = drawLevel(rand);
    const count = 20_000;
    const codes = new Int32Array(count);
    // Only the name, date and address fields carry data; the rest stay missing as in many datasets.
    const used = [0, 1, 2, 4, 5];
    for (let k = 0; k < count; k++) {
      const match = k < 2000;
      let code = 0;
      for (const f of used) code += draw(match ? trueM[f]! : trueU[f]!) * STRIDES[f]!;
      codes[k] = code;
    }
    const est = estimateParameters(codes, count, trueU, count * 10);
    for (const f of used) {
      expect(est.m[f]![1]!).toBeGreaterThan(0.6);
      expect(est.m[f]![1]!).toBeLessThan(0.8);
      expect(est.m[f]![FIELDS[f]!.levels.length - 1]!).toBeLessThan(0.16);
    }
    expect(est.expectedMatches).toBeGreaterThan(1800);
    expect(est.expectedMatches).toBeLessThan(2200);
  });
});

describe('estimation when errors are tied together', () => {
  it('estimates the number of matches when every duplicate carries exactly one error', () => {
    const rand = seededRandom(11);
    const trueU = chanceLevels();
    const draw = drawLevel(rand);
    // Names and date of birth only; each of the 1,000 matches has its one error in one of the three.
    const matches = 1000;
    const count = 21_000;
    const codes = new Int32Array(count);
    for (let k = 0; k < count; k++) {
      let code = 0;
      if (k < matches) {
        const wrong = k % 3;
        code += (wrong === 0 ? (rand() < 0.5 ? GIVEN.PHONETIC : GIVEN.JW92) : GIVEN.EXACT) * STRIDES[F_GIVEN]!;
        code += (wrong === 1 ? (rand() < 0.5 ? FAMILY.PHONETIC : FAMILY.JW92) : FAMILY.EXACT) * STRIDES[F_FAMILY]!;
        code += (wrong === 2 ? DOB.ONE_DIGIT : DOB.EXACT) * STRIDES[F_DOB]!;
      } else {
        for (const f of [F_GIVEN, F_FAMILY, F_DOB]) code += draw(trueU[f]!) * STRIDES[f]!;
      }
      codes[k] = code;
    }
    const est = estimateParameters(codes, count, trueU, count * 100);
    expect(est.expectedMatches).toBeGreaterThan(matches * 0.7);
    expect(est.expectedMatches).toBeLessThan(matches * 1.4);
    // The date row of pairs with a name error says their dates agree; partial dates never outweigh exact ones.
    expect(est.mDobInexactNames?.[DOB.EXACT]).toBeGreaterThan(0.8);
    const w = (l: number) => est.m[F_DOB]![l]! / trueU[F_DOB]![l]!;
    expect(w(DOB.ONE_DIGIT)).toBeLessThanOrEqual(w(DOB.EXACT) + 1e-9);
  });

  it('pools a partial level that outweighs exact agreement, keeping the row a distribution', () => {
    const u = [0, 0.01, 0.01, 0.01, 0.97];
    const m = [0, 0.2, 0.6, 0.1, 0.1];
    const out = monotoneM(m, u, F_SEX);
    expect(out[1]! / u[1]!).toBeCloseTo(out[2]! / u[2]!, 9);
    expect(out[1]! / u[1]!).toBeGreaterThanOrEqual(out[3]! / u[3]!);
    expect(out.slice(1).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  });

  it('takes the expected matches out of random-pair frequencies', () => {
    const m = FIELDS.map((f) => f.levels.map((_, l) => (l === 0 ? 0 : l === 1 ? 0.9 : 0.1 / (f.levels.length - 2))));
    const sampled = FIELDS.map((f) => f.levels.map((_, l) => (l === 0 ? 0 : l === 1 ? 0.005 : 0.995 / (f.levels.length - 2))));
    const u = removeMatchesFromU(sampled, m, 0.004, undefined, 300_000);
    // 0.005 observed, of which 0.004 × 0.9 came from matches.
    expect(u[F_SEX]![1]!).toBeCloseTo((0.005 - 0.004 * 0.9) / (1 - 0.004), 6);
    for (const row of u) expect(row.slice(1).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(Math.min(...u.map((row) => Math.min(...row.slice(1))))).toBeGreaterThan(0);
  });
});

const arbRecord = fc.record({
  givenName: fc.constantFrom('Mohammed', 'Muhammad', 'John', 'Jon', 'J', 'Mary-Jane', 'Jane', 'Bill', 'William', '', 'Smith'),
  familyName: fc.constantFrom('Smith', 'Smyth', 'Smith-Jones', 'Jones', 'Khan', '', 'John'),
  dateOfBirth: fc.constantFrom('1985-06-12', '12/06/1985', '1985-12-06', '1986-06-12', '1990-01-01', ''),
  sex: fc.constantFrom('M', 'F', ''),
  address: fc.constantFrom('12 High Street', '12 High St', '14 High Street', '1 Park Road', ''),
  postcode: fc.constantFrom('SW1A 1AA', 'SW1A 2BB', 'M1 1AE', ''),
  email: fc.constantFrom('a@b.com', 'c@d.com', ''),
});

describe('scoring', () => {
  it('is symmetric: score(a, b) == score(b, a)', () => {
    fc.assert(
      fc.property(arbRecord, arbRecord, (a, b) => {
        const p = prepareRecords([{ id: '1', ...a }, { id: '2', ...b }]);
        const ab = compareCode(p, 0, 1);
        const ba = compareCode(p, 1, 0);
        expect(ab).toBe(ba);
        const m = FIELDS.map((f) => f.levels.map((_, l) => (l === 1 ? 0.8 : 0.05)));
        const u = FIELDS.map((f) => f.levels.map((_, l) => (l === 1 ? 0.01 : 0.3)));
        const t = buildScoringTables({ m, u, lambda: 0.001, threshold: 0.9 }, p);
        expect(scoreCode(t, p, 0, 1, ab)).toBeCloseTo(scoreCode(t, p, 1, 0, ba), 9);
      }),
      { numRuns: 80 },
    );
  });
});

describe('clustering', () => {
  it('never joins records a human said differ', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 25 }).chain((n) =>
          fc.tuple(
            fc.constant(n),
            fc.array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 }), fc.double({ min: -5, max: 30, noNaN: true })), { maxLength: 80 }),
            fc.array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 })), { maxLength: 6 }),
          ),
        ),
        ([n, edges, never]) => {
          const left = Int32Array.from(edges.map((e) => e[0]));
          const right = Int32Array.from(edges.map((e) => e[1]));
          const weights = Float64Array.from(edges.map((e) => e[2]));
          const clusters = clusterPairs(n, left, right, weights, edges.length, 3, never);
          for (const [a, b] of never) if (a !== b) expect(clusters[a]).not.toBe(clusters[b]);
          // Without constraints, every edge at or above the threshold ends inside one cluster.
          if (never.length === 0) for (let k = 0; k < edges.length; k++) if (weights[k]! >= 3) expect(clusters[left[k]!]).toBe(clusters[right[k]!]);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('linkRecords', () => {
  const people = generateSyntheticPeople(3000, 11);

  it('finds synthetic duplicates with high precision and explains pairs', async () => {
    const result = await linkRecords(people.records);
    let tp = 0;
    let fp = 0;
    for (const pair of result.pairs) {
      const i = Number(pair.left.slice(1));
      const j = Number(pair.right.slice(1));
      if (people.person[i] === people.person[j]) tp++;
      else fp++;
    }
    expect(tp).toBeGreaterThan(500);
    expect(fp / (tp + fp)).toBeLessThan(0.02);
    const first = result.pairs[0]!;
    const explanation = result.explain(first.left, first.right);
    expect(explanation.fields).toHaveLength(FIELD_COUNT);
    expect(explanation.isMatch).toBe(true);
    expect(explanation.fields.every((f) => typeof f.weight === 'number' && f.level.length > 0)).toBe(true);
  });

  it('explains spelling variants in plain English', async () => {
    const records: PersonRecord[] = [
      { id: 'a', givenName: 'Mohammed', familyName: 'Khan', dateOfBirth: '2001-03-04', postcode: 'B1 1AA' },
      { id: 'b', givenName: 'Muhammad', familyName: 'Khan', dateOfBirth: '04/03/2001', postcode: 'B1 1AA' },
      ...people.records.slice(0, 500),
    ];
    const result = await linkRecords(records);
    const e = result.explain('a', 'b');
    const given = e.fields.find((f) => f.field === 'Given names')!;
    expect(given.level).toBe('Given names are spelling variants (Mohammed / Muhammad)');
    expect(given.outcome).toBe('partial');
    expect(given.weight).toBeGreaterThan(0);
    expect(e.fields.find((f) => f.field === 'Sex')!.outcome).toBe('missing');
    expect(result.clusterOf[0]).toBe(result.clusterOf[1]);
  });

  it('respects never-link decisions end to end', async () => {
    const records: PersonRecord[] = [
      { id: 'a', givenName: 'Aisha', familyName: 'Begum', dateOfBirth: '2004-05-06', postcode: 'E1 6AN', address: '3 Brick Lane' },
      { id: 'b', givenName: 'Ayesha', familyName: 'Begum', dateOfBirth: '2004-05-06', postcode: 'E1 6AN', address: '3 Brick Lane' },
      ...people.records.slice(0, 500),
    ];
    const linked = await linkRecords(records);
    expect(linked.clusterOf[0]).toBe(linked.clusterOf[1]);
    const kept = await linkRecords(records, { neverLink: [['a', 'b']] });
    expect(kept.clusterOf[0]).not.toBe(kept.clusterOf[1]);
  });
});

describe('household safety', () => {
  it('scores parents, children and siblings at one address below the threshold', async () => {
    const household: PersonRecord[] = [
      { id: 'dad', givenName: 'Tariq', familyName: 'Hussain', dateOfBirth: '1970-02-14', sex: 'M', address: '27 Victoria Road', postcode: 'BD7 1HR' },
      { id: 'mum', givenName: 'Nadia', familyName: 'Hussain', dateOfBirth: '1974-09-30', sex: 'F', address: '27 Victoria Road', postcode: 'BD7 1HR' },
      { id: 'son1', givenName: 'Bilal', familyName: 'Hussain', dateOfBirth: '2002-11-05', sex: 'M', address: '27 Victoria Road', postcode: 'BD7 1HR' },
      { id: 'son2', givenName: 'Hamza', familyName: 'Hussain', dateOfBirth: '2004-06-21', sex: 'M', address: '27 Victoria Rd', postcode: 'BD7 1HR' },
      { id: 'daughter', givenName: 'Zainab', familyName: 'Hussain', dateOfBirth: '2006-01-17', sex: 'F', address: '27 Victoria Road', postcode: 'BD71HR' },
      { id: 'son1-again', givenName: 'Bilal', familyName: 'Husain', dateOfBirth: '05/11/2002', sex: 'M', address: '27 Victoria Road', postcode: 'BD7 1HR' },
    ];
    const background = generateSyntheticPeople(2000, 5).records;
    const result = await linkRecords([...household, ...background]);
    const ids = household.map((r) => r.id).filter((id) => id !== 'son1-again');
    for (let x = 0; x < ids.length; x++)
      for (let y = x + 1; y < ids.length; y++) {
        const e = result.explain(ids[x]!, ids[y]!);
        expect(e.matchProbability, `${ids[x]} vs ${ids[y]}`).toBeLessThan(result.model.threshold);
        expect(result.clusterOf[x]).not.toBe(result.clusterOf[y]);
      }
    // The same boy recorded twice is still found.
    expect(result.explain('son1', 'son1-again').isMatch).toBe(true);
    expect(result.clusterOf[2]).toBe(result.clusterOf[5]);
  });
});

describe('pattern counting', () => {
  it('counts each distinct comparison vector, including very large codes', () => {
    const codes = Int32Array.from([5, 2_000_000_000, 5, 7, 2_000_000_000, 5, 0]);
    const { patterns, counts } = patternCounts(codes, codes.length);
    expect(Array.from(patterns)).toEqual([0, 5, 7, 2_000_000_000]);
    expect(Array.from(counts)).toEqual([1, 3, 1, 2]);
    const many = Int32Array.from({ length: 50_000 }, (_, k) => (k * 7919) % 10_007);
    const r = patternCounts(many, many.length);
    expect(r.patterns.length).toBe(10_007);
    expect(r.counts.reduce((a, b) => a + b, 0)).toBe(50_000);
  });
});

describe('comparison vector packing', () => {
  it('round-trips levels', () => {
    const levels = FIELDS.map((f, i) => (i * 3) % f.levels.length);
    const code = levels.reduce((acc, l, f) => acc + l * STRIDES[f]!, 0);
    levels.forEach((l, f) => expect(levelOf(code, f)).toBe(l));
  });
});
