// Parameter estimation from the data itself, without labels. u-probabilities (how often each comparison
// level happens between two different people) come from comparing randomly sampled record pairs, less
// the matches that such a sample holds. m-probabilities (how often each level happens for the same
// person) come from expectation–maximisation over the blocked pairs, run in sessions that each condition
// on one strong agreement (exact date of birth; exact names) and leave the conditioned fields out, so a
// field is never estimated from pairs that were selected for agreeing on it. A weak Dirichlet prior keeps
// small datasets from producing zero or one probabilities. The prior probability of a match comes from
// the number of matches each session finds, scaled up by the share of matches its condition admits.
import { compareCode, DOB, F_DOB, F_FAMILY, F_GIVEN, FAMILY, FIELD_COUNT, FIELDS, GIVEN, levelOf, STRIDES } from './comparisons.js';
import { seededRandom } from './random.js';
import type { Prepared } from './types.js';

export interface Probabilities {
  /** [field][level]; level 0 (missing) is unused. */
  m: number[][];
  u: number[][];
}

export interface EstimateResult extends Probabilities {
  /** Prior probability that two random records (of all possible pairs) are the same person. */
  lambda: number;
  /** Estimated number of matching pairs among all possible pairs. */
  expectedMatches: number;
  uSamplePairs: number;
  emSessions: Array<{ condition: string; pairs: number; iterations: number; lambda: number }>;
  /** Date-of-birth m-probabilities for pairs whose names are alike but not both exact (see `namesInexact`); absent: use `m`. */
  mDobInexactNames?: number[];
}

/** Starting m-values (also the shape of the prior): most mass on the best level. */
function defaultM(f: number): number[] {
  const L = FIELDS[f]!.levels.length;
  const m = new Array<number>(L).fill(0);
  const partial = L - 3;
  m[1] = 0.8;
  m[L - 1] = 0.04;
  for (let l = 2; l < L - 1; l++) m[l] = 0.16 / Math.max(1, partial);
  if (L === 3) m[1] = 0.96;
  return m;
}

/** Level-frequency table over random pairs (u-probabilities). */
export function sampleU(p: Prepared, options: { sampleSize: number; seed: number; linkOnly: boolean }): { u: number[][]; pairs: number } {
  const counts = FIELDS.map((f) => new Float64Array(f.levels.length));
  const n = p.n;
  const count = (code: number) => {
    for (let f = 0; f < FIELD_COUNT; f++) counts[f]![levelOf(code, f)]!++;
  };
  let pairs = 0;
  const total = (n * (n - 1)) / 2;
  if (total <= options.sampleSize) {
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) {
        if (options.linkOnly && p.source[i] === p.source[j]) continue;
        count(compareCode(p, i, j));
        pairs++;
      }
  } else {
    const rand = seededRandom(options.seed);
    let attempts = 0;
    while (pairs < options.sampleSize && attempts < options.sampleSize * 20) {
      attempts++;
      const i = Math.floor(rand() * n);
      const j = Math.floor(rand() * n);
      if (i === j || (options.linkOnly && p.source[i] === p.source[j])) continue;
      count(compareCode(p, i, j));
      pairs++;
    }
  }
  const u = counts.map((c, f) => {
    const L = c.length;
    let nonNull = 0;
    for (let l = 1; l < L; l++) nonNull += c[l]!;
    const out = new Array<number>(L).fill(0);
    // Half a pseudo-count per level keeps unseen levels possible without dominating.
    for (let l = 1; l < L; l++) out[l] = (c[l]! + 0.5) / (nonNull + 0.5 * (L - 1));
    if (nonNull === 0) for (let l = 1; l < L; l++) out[l] = defaultU(f, l);
    return out;
  });
  return { u, pairs };
}

function defaultU(f: number, l: number): number {
  const L = FIELDS[f]!.levels.length;
  return l === L - 1 ? 0.9 : 0.1 / (L - 2);
}

/** Counts of each distinct packed comparison vector among candidate pairs (open-addressing hash count). */
export function patternCounts(codes: Int32Array, count: number): { patterns: Int32Array; counts: Float64Array } {
  let capacity = 1 << 12;
  let keys = new Int32Array(capacity).fill(-1);
  let values = new Float64Array(capacity);
  let used = 0;
  const insert = (code: number, add: number) => {
    let h = Math.imul(code, 0x9e3779b1) >>> 0;
    let slot = h & (capacity - 1);
    for (;;) {
      const k = keys[slot]!;
      if (k === code) {
        values[slot]! += add;
        return;
      }
      if (k === -1) {
        keys[slot] = code;
        values[slot] = add;
        used++;
        return;
      }
      h++;
      slot = h & (capacity - 1);
    }
  };
  for (let k = 0; k < count; k++) {
    if (used * 2 >= capacity) {
      const oldKeys = keys;
      const oldValues = values;
      capacity *= 2;
      keys = new Int32Array(capacity).fill(-1);
      values = new Float64Array(capacity);
      used = 0;
      for (let x = 0; x < oldKeys.length; x++) if (oldKeys[x]! !== -1) insert(oldKeys[x]!, oldValues[x]!);
    }
    insert(codes[k]!, 1);
  }
  const patterns = new Int32Array(used);
  let x = 0;
  for (let s = 0; s < capacity; s++) if (keys[s]! !== -1) patterns[x++] = keys[s]!;
  patterns.sort();
  const counts = new Float64Array(used);
  for (let k = 0; k < used; k++) {
    const code = patterns[k]!;
    let h = Math.imul(code, 0x9e3779b1) >>> 0;
    while (keys[h & (capacity - 1)] !== code) h++;
    counts[k] = values[h & (capacity - 1)]!;
  }
  return { patterns, counts };
}

interface Session {
  condition: string;
  accept: (code: number) => boolean;
  masked: ReadonlySet<number>;
}

/** Share of records that hold every one of the given fields (F_GIVEN, F_FAMILY, F_DOB). */
export type RecordPresence = (fields: readonly number[]) => number;

const SESSIONS: Session[] = [
  { condition: 'exact date of birth', accept: (c) => levelOf(c, F_DOB) === DOB.EXACT, masked: new Set([F_DOB]) },
  {
    condition: 'exact given and family names',
    accept: (c) => levelOf(c, F_GIVEN) === GIVEN.EXACT && levelOf(c, F_FAMILY) === FAMILY.EXACT,
    masked: new Set([F_GIVEN, F_FAMILY]),
  },
];

/**
 * Names that agree by sound or spelling on both sides, but not both exactly. The date of birth of such
 * pairs is estimated apart from the exact-name session: errors in one record tend to come together or
 * not at all (a record keyed with care has fewer typos in every field), so how often a matching pair's
 * dates differ depends on whether its names carry an error. The condition keeps to pairs that the
 * phonetic-names blocking key compares in full, so non-matches among them are chance agreements.
 */
const INEXACT_NAMES_SESSION: Session = {
  condition: 'names alike but not both exact',
  accept: (c) => {
    const g = levelOf(c, F_GIVEN);
    const f = levelOf(c, F_FAMILY);
    const gAlike = g === GIVEN.EXACT || g === GIVEN.VARIANT || g === GIVEN.NICKNAME || g === GIVEN.PHONETIC;
    const fAlike = f === FAMILY.EXACT || f === FAMILY.VARIANT || f === FAMILY.PHONETIC;
    return gAlike && fAlike && !(g === GIVEN.EXACT && f === FAMILY.EXACT);
  },
  masked: new Set([F_GIVEN, F_FAMILY]),
};

/**
 * Pairs scored with the date-of-birth row of that session: both names present and neither plainly
 * different, but not both exact. Names that differ outright are a different situation (relatives,
 * namesakes with a changed family name), for which the exact-name row stays the cautious choice.
 */
export function namesInexact(givenLevel: number, familyLevel: number): boolean {
  const g = givenLevel;
  const f = familyLevel;
  if (g === 0 || f === 0 || g === GIVEN.DISAGREE || g === GIVEN.WEAK || f === FAMILY.DISAGREE || f === FAMILY.WEAK) return false;
  return g !== GIVEN.EXACT || f !== FAMILY.EXACT;
}

const PRIOR_STRENGTH = 2;

function runEm(
  levels: Uint8Array[],
  counts: Float64Array,
  u: number[][],
  masked: ReadonlySet<number>,
  iterations: number,
  start?: { m: number[][]; lambda: number },
): { m: number[][]; lambda: number; iterations: number } {
  const P = counts.length;
  const m = start ? start.m.map((row) => [...row]) : FIELDS.map((_, f) => defaultM(f));
  let lambda = start ? start.lambda : 0.3;
  const logU = u.map((row) => row.map((v) => Math.log(Math.max(v, 1e-12))));
  let it = 0;
  for (; it < iterations; it++) {
    const logM = m.map((row) => row.map((v) => Math.log(Math.max(v, 1e-12))));
    const num = FIELDS.map((f) => new Float64Array(f.levels.length));
    let matchMass = 0;
    let total = 0;
    for (let k = 0; k < P; k++) {
      let lm = Math.log(lambda);
      let lu = Math.log(1 - lambda);
      for (let f = 0; f < FIELD_COUNT; f++) {
        if (masked.has(f)) continue;
        const l = levels[f]![k]!;
        if (l === 0) continue;
        lm += logM[f]![l]!;
        lu += logU[f]![l]!;
      }
      const w = 1 / (1 + Math.exp(lu - lm));
      const c = counts[k]!;
      matchMass += c * w;
      total += c;
      for (let f = 0; f < FIELD_COUNT; f++) {
        const l = levels[f]![k]!;
        if (l !== 0) num[f]![l]! += c * w;
      }
    }
    let delta = Math.abs(matchMass / total - lambda);
    lambda = Math.min(0.999, Math.max(1e-6, matchMass / total));
    for (let f = 0; f < FIELD_COUNT; f++) {
      const row = num[f]!;
      const prior = defaultM(f);
      let sum = 0;
      for (let l = 1; l < row.length; l++) sum += row[l]!;
      for (let l = 1; l < row.length; l++) {
        const next = (row[l]! + PRIOR_STRENGTH * prior[l]!) / (sum + PRIOR_STRENGTH);
        delta = Math.max(delta, Math.abs(next - m[f]![l]!));
        m[f]![l] = next;
      }
    }
    if (delta < 1e-5) break;
  }
  return { m, lambda, iterations: it + 1 };
}

/**
 * A session in which only one field carries data cannot tell matches from non-matches: every split of
 * the observed level frequencies into "u-shaped" and "m-shaped" parts fits equally well, so EM stops
 * wherever its starting point leads. Take the smallest match share the data allow instead, the one in
 * which matches never fall in the "different" level: no more matches than the data force.
 */
function fitOneField(levels: Uint8Array, counts: Float64Array, u: number[][], f: number): { m: number[][]; lambda: number; iterations: number; matches: number } {
  const L = FIELDS[f]!.levels.length;
  const q = new Float64Array(L);
  let total = 0;
  for (let k = 0; k < counts.length; k++) {
    const l = levels[k]!;
    if (l === 0) continue;
    q[l]! += counts[k]!;
    total += counts[k]!;
  }
  const uf = u[f]!;
  const lambda = Math.min(0.999, Math.max(1e-6, 1 - q[L - 1]! / total / Math.max(uf[L - 1]!, 1e-12)));
  const prior = defaultM(f);
  const matches = lambda * total;
  const row = new Array<number>(L).fill(0);
  let sum = 0;
  for (let l = 1; l < L; l++) {
    row[l] = Math.max(0, q[l]! - (1 - lambda) * total * uf[l]!) + PRIOR_STRENGTH * prior[l]!;
    sum += row[l]!;
  }
  for (let l = 1; l < L; l++) row[l]! /= sum;
  const m = FIELDS.map((_, g) => (g === f ? row : defaultM(g)));
  return { m, lambda, iterations: 1, matches };
}

function levelColumns(patterns: Int32Array): Uint8Array[] {
  return FIELDS.map((_, f) => {
    const col = new Uint8Array(patterns.length);
    for (let k = 0; k < patterns.length; k++) col[k] = levelOf(patterns[k]!, f);
    return col;
  });
}

/** E-step only: with m and u fixed, the share of blocked pairs that are matches. */
function estimateLambda(levels: Uint8Array[], counts: Float64Array, m: number[][], u: number[][], mDobInexact?: readonly number[]): number {
  let lambda = 0.01;
  const lr = new Float64Array(counts.length);
  for (let k = 0; k < counts.length; k++) {
    let s = 0;
    const inexact = mDobInexact !== undefined && namesInexact(levels[F_GIVEN]![k]!, levels[F_FAMILY]![k]!);
    for (let f = 0; f < FIELD_COUNT; f++) {
      const l = levels[f]![k]!;
      const mf = inexact && f === F_DOB ? mDobInexact : m[f]!;
      if (l !== 0) s += Math.log(Math.max(mf[l]!, 1e-12)) - Math.log(Math.max(u[f]![l]!, 1e-12));
    }
    lr[k] = s;
  }
  for (let it = 0; it < 50; it++) {
    let mass = 0;
    let total = 0;
    const prior = Math.log(lambda / (1 - lambda));
    for (let k = 0; k < counts.length; k++) {
      const w = 1 / (1 + Math.exp(-(prior + lr[k]!)));
      mass += counts[k]! * w;
      total += counts[k]!;
    }
    const next = Math.min(0.999, Math.max(1e-9, mass / total));
    if (Math.abs(next - lambda) < 1e-9) break;
    lambda = next;
  }
  return lambda;
}

/**
 * Evidence must respect the order of the levels: no partial agreement may count for more than exact
 * agreement, and none for less than plain disagreement. EM breaks that order when errors in a field are
 * tied to errors elsewhere (conditioning a session on an exact date selects the matches whose names
 * carry the typo). Violating levels are pooled with the bound they cross, sharing one m/u ratio
 * (isotonic regression), which keeps each row summing to one. A swap of given and family names is
 * exempt: it is agreement on two names at once.
 */
export function monotoneM(m: readonly number[], u: readonly number[], f: number): number[] {
  const L = m.length;
  const out = [...m];
  const free = (l: number) => l > 1 && l < L - 1 && !(f === F_GIVEN && l === GIVEN.SWAPPED);
  for (const top of [true, false]) {
    const bound = top ? 1 : L - 1;
    const group = new Set<number>([bound]);
    for (;;) {
      let sm = 0;
      let su = 0;
      for (const l of group) {
        sm += out[l]!;
        su += u[l]!;
      }
      const ratio = sm / Math.max(su, 1e-12);
      let worst = -1;
      let worstRatio = ratio;
      for (let l = 2; l < L - 1; l++) {
        if (!free(l) || group.has(l)) continue;
        const r = out[l]! / Math.max(u[l]!, 1e-12);
        if (top ? r > worstRatio : r < worstRatio) {
          worst = l;
          worstRatio = r;
        }
      }
      if (worst < 0) {
        for (const l of group) out[l] = u[l]! * ratio;
        break;
      }
      group.add(worst);
    }
  }
  return out;
}

/** The date-of-birth m-probabilities of all matches: the exact-name and inexact-name rows mixed by how often each applies. */
function marginalDobM(m: number[][], mDobInexact: readonly number[] | undefined): number[] {
  const main = m[F_DOB]!;
  if (!mDobInexact) return [...main];
  let share = 0;
  for (let g = 1; g < FIELDS[F_GIVEN]!.levels.length; g++)
    for (let f = 1; f < FIELDS[F_FAMILY]!.levels.length; f++) if (namesInexact(g, f)) share += m[F_GIVEN]![g]! * m[F_FAMILY]![f]!;
  return main.map((v, l) => (1 - share) * v + share * mDobInexact[l]!);
}

/**
 * Random pairs include matches, at the rate of the prior. Where duplicates are dense (many records per
 * person) they make up most of the random pairs that agree exactly, and the level frequencies then
 * overstate how often different people agree. Taking the expected matches out leaves the non-match
 * frequencies u is meant to be. No level drops below what one sampled pair in two could show.
 */
export function removeMatchesFromU(uSampled: number[][], m: number[][], lambda: number, mDobInexact: readonly number[] | undefined, samplePairs: number): number[][] {
  const floor = 0.5 / Math.max(1, samplePairs);
  return uSampled.map((row, f) => {
    const mf = f === F_DOB ? marginalDobM(m, mDobInexact) : m[f]!;
    const out = row.map((v, l) => (l === 0 ? v : Math.max(Math.min(v, floor), (v - lambda * mf[l]!) / (1 - lambda))));
    let sum = 0;
    for (let l = 1; l < out.length; l++) sum += out[l]!;
    return out.map((v, l) => (l === 0 || sum <= 0 ? v : v / sum));
  });
}

function conditionedFields(s: Session): number[] {
  return [F_GIVEN, F_FAMILY, F_DOB].filter((f) => s.masked.has(f));
}

/** Probability under the model that a matching pair (with the fields present) meets a session's condition. */
function conditionShare(s: Session, m: number[][], mDobInexact: readonly number[] | undefined): number {
  const LG = FIELDS[F_GIVEN]!.levels.length;
  const LF = FIELDS[F_FAMILY]!.levels.length;
  const LD = FIELDS[F_DOB]!.levels.length;
  const usesNames = s.masked.has(F_GIVEN) || s.masked.has(F_FAMILY);
  const usesDob = s.masked.has(F_DOB);
  let share = 0;
  for (let g = usesNames ? 1 : 0; g < (usesNames ? LG : 1); g++)
    for (let f = usesNames ? 1 : 0; f < (usesNames ? LF : 1); f++) {
      const pNames = usesNames ? m[F_GIVEN]![g]! * m[F_FAMILY]![f]! : 1;
      if (!usesDob) {
        if (s.accept(g * STRIDES[F_GIVEN]! + f * STRIDES[F_FAMILY]!)) share += pNames;
        continue;
      }
      // A date-only condition still depends on the names through the date row they select.
      const rows: Array<[number, readonly number[]]> = [];
      if (usesNames) rows.push([1, mDobInexact && namesInexact(g, f) ? mDobInexact : m[F_DOB]!]);
      else {
        let inexactShare = 0;
        if (mDobInexact)
          for (let gg = 1; gg < LG; gg++) for (let ff = 1; ff < LF; ff++) if (namesInexact(gg, ff)) inexactShare += m[F_GIVEN]![gg]! * m[F_FAMILY]![ff]!;
        rows.push([1 - inexactShare, m[F_DOB]!]);
        if (mDobInexact) rows.push([inexactShare, mDobInexact]);
      }
      for (const [weight, row] of rows)
        for (let d = 1; d < LD; d++) if (s.accept(g * STRIDES[F_GIVEN]! + f * STRIDES[F_FAMILY]! + d * STRIDES[F_DOB]!)) share += pNames * weight * row[d]!;
    }
  return share;
}

export function estimateParameters(
  codes: Int32Array,
  count: number,
  u: number[][],
  totalPairs: number,
  options: { iterations?: number; minSessionPairs?: number; presence?: RecordPresence; patterns?: ReturnType<typeof patternCounts> } = {},
): Omit<EstimateResult, 'u' | 'uSamplePairs'> {
  const { patterns, counts } = options.patterns ?? patternCounts(codes, count);
  const levels = levelColumns(patterns);
  const estimates: number[][][] = FIELDS.map(() => []);
  const sessions: EstimateResult['emSessions'] = [];
  const minPairs = options.minSessionPairs ?? 30;
  const counted: Array<{ session: Session; matches: number }> = [];
  const runSession = (s: Session | null, collect = true): number[][] | null => {
    const keep: number[] = [];
    for (let k = 0; k < patterns.length; k++) if (!s || s.accept(patterns[k]!)) keep.push(k);
    const sub = levels.map((col) => Uint8Array.from(keep, (k) => col[k]!));
    const subCounts = Float64Array.from(keep, (k) => counts[k]!);
    let pairs = 0;
    for (const c of subCounts) pairs += c;
    if (pairs < minPairs) return null;
    const masked = s?.masked ?? new Set<number>();
    const observed: number[] = [];
    for (let f = 0; f < FIELD_COUNT; f++) if (!masked.has(f) && sub[f]!.some((l) => l !== 0)) observed.push(f);
    let r: { m: number[][]; lambda: number; iterations: number };
    let matches: number;
    if (observed.length === 1) {
      const one = fitOneField(sub[observed[0]!]!, subCounts, u, observed[0]!);
      r = one;
      matches = one.matches;
    } else {
      r = runEm(sub, subCounts, u, masked, options.iterations ?? 60);
      matches = r.lambda * pairs;
    }
    sessions.push({ condition: s?.condition ?? 'all blocked pairs', pairs, iterations: r.iterations, lambda: r.lambda });
    if (s) counted.push({ session: s, matches });
    if (collect) for (let f = 0; f < FIELD_COUNT; f++) if (!masked.has(f)) estimates[f]!.push(r.m[f]!);
    return observed.includes(F_DOB) ? r.m : null;
  };
  for (const s of SESSIONS) runSession(s);
  if (estimates.some((e) => e.length === 0)) runSession(null);
  const m0 = FIELDS.map((spec, f) => {
    const list = estimates[f]!;
    if (list.length === 0) return defaultM(f);
    const out = new Array<number>(spec.levels.length).fill(0);
    for (const row of list) for (let l = 1; l < out.length; l++) out[l]! += row[l]! / list.length;
    return out;
  });
  const m = m0.map((row, f) => monotoneM(row, u[f]!, f));
  const inexact = runSession(INEXACT_NAMES_SESSION, false);
  const mDobInexactNames = inexact ? monotoneM(inexact[F_DOB]!, u[F_DOB]!, F_DOB) : undefined;
  // Each session counted its matches; dividing by the share of all matches its condition admits (from
  // the estimated m of the conditioned fields) and by how often those fields are filled in gives one
  // estimate of the total. The median is kept: a session whose condition is tied to the errors of the
  // fields it estimates (every duplicate carrying exactly one error, say) is thrown far off, the others
  // agree. Counting posterior mass over all blocked pairs instead takes in every non-match that blocking
  // picked for agreeing on something, and overstates the prior several times over.
  const presence = options.presence ?? (() => 1);
  const totals: number[] = [];
  for (const { session, matches } of counted) {
    const share = conditionShare(session, m, mDobInexactNames);
    const filled = presence(conditionedFields(session)) ** 2;
    if (share > 1e-6 && filled > 0) totals.push(matches / (share * filled));
  }
  let expectedMatches: number;
  if (totals.length > 0) {
    totals.sort((a, b) => a - b);
    const mid = totals.length >> 1;
    expectedMatches = totals.length % 2 === 1 ? totals[mid]! : Math.sqrt(totals[mid - 1]! * totals[mid]!);
  } else {
    expectedMatches = estimateLambda(levels, counts, m, u, mDobInexactNames) * count;
  }
  const lambda = Math.min(0.5, Math.max(1e-12, expectedMatches / Math.max(1, totalPairs)));
  return { m, lambda, expectedMatches, emSessions: sessions, ...(mDobInexactNames ? { mDobInexactNames } : {}) };
}
