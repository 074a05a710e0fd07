// Parameter estimation from the data itself, without labels. u-probabilities (how often each comparison
// level happens between two different people) come from comparing randomly sampled record pairs.
// m-probabilities (how often each level happens for the same person) come from expectation–maximisation
// over the blocked pairs, run in sessions that each condition on one strong agreement (exact date of
// birth; exact names) and leave the conditioned fields out, so a field is never estimated from pairs
// that were selected for agreeing on it. A weak Dirichlet prior keeps small datasets from producing
// zero or one probabilities.
import { compareCode, DOB, F_DOB, F_FAMILY, F_GIVEN, FAMILY, FIELD_COUNT, FIELDS, GIVEN, levelOf } from './comparisons.js';
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
  /** Expected number of true matches among the blocked pairs. */
  expectedMatches: number;
  uSamplePairs: number;
  emSessions: Array<{ condition: string; pairs: number; iterations: number; lambda: number }>;
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

const SESSIONS: Session[] = [
  { condition: 'exact date of birth', accept: (c) => levelOf(c, F_DOB) === DOB.EXACT, masked: new Set([F_DOB]) },
  {
    condition: 'exact given and family names',
    accept: (c) => levelOf(c, F_GIVEN) === GIVEN.EXACT && levelOf(c, F_FAMILY) === FAMILY.EXACT,
    masked: new Set([F_GIVEN, F_FAMILY]),
  },
];

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

function levelColumns(patterns: Int32Array): Uint8Array[] {
  return FIELDS.map((_, f) => {
    const col = new Uint8Array(patterns.length);
    for (let k = 0; k < patterns.length; k++) col[k] = levelOf(patterns[k]!, f);
    return col;
  });
}

/** E-step only: with m and u fixed, the share of blocked pairs that are matches. */
function estimateLambda(levels: Uint8Array[], counts: Float64Array, m: number[][], u: number[][]): number {
  let lambda = 0.01;
  const lr = new Float64Array(counts.length);
  for (let k = 0; k < counts.length; k++) {
    let s = 0;
    for (let f = 0; f < FIELD_COUNT; f++) {
      const l = levels[f]![k]!;
      if (l !== 0) s += Math.log(Math.max(m[f]![l]!, 1e-12)) - Math.log(Math.max(u[f]![l]!, 1e-12));
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

export function estimateParameters(
  codes: Int32Array,
  count: number,
  u: number[][],
  totalPairs: number,
  options: { iterations?: number; minSessionPairs?: number } = {},
): Omit<EstimateResult, 'u' | 'uSamplePairs'> {
  const { patterns, counts } = patternCounts(codes, count);
  const levels = levelColumns(patterns);
  const estimates: number[][][] = FIELDS.map(() => []);
  const sessions: EstimateResult['emSessions'] = [];
  const minPairs = options.minSessionPairs ?? 30;
  const runSession = (s: Session | null) => {
    const keep: number[] = [];
    for (let k = 0; k < patterns.length; k++) if (!s || s.accept(patterns[k]!)) keep.push(k);
    const sub = levels.map((col) => Uint8Array.from(keep, (k) => col[k]!));
    const subCounts = Float64Array.from(keep, (k) => counts[k]!);
    let pairs = 0;
    for (const c of subCounts) pairs += c;
    if (pairs < minPairs) return;
    const masked = s?.masked ?? new Set<number>();
    const r = runEm(sub, subCounts, u, masked, options.iterations ?? 60);
    sessions.push({ condition: s?.condition ?? 'all blocked pairs', pairs, iterations: r.iterations, lambda: r.lambda });
    for (let f = 0; f < FIELD_COUNT; f++) if (!masked.has(f)) estimates[f]!.push(r.m[f]!);
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
  const m = m0;
  const lambdaBlocked = estimateLambda(levels, counts, m, u);
  const expectedMatches = lambdaBlocked * count;
  const lambda = Math.min(0.5, Math.max(1e-12, expectedMatches / Math.max(1, totalPairs)));
  return { m, lambda, expectedMatches, emSessions: sessions };
}
