// Scoring: the Fellegi–Sunter match weight of a pair is the prior log-odds plus, for every field, the
// log2 Bayes factor m/u of the level the pair falls into (0 for a missing value). Exact agreement on a
// name is adjusted by how common that name is in the data (agreeing on "Smith" is weaker evidence than
// agreeing on a rare name). The date of birth is weighed with its own m-row when the names agree only
// approximately, because errors in a record's fields tend to come together. One safety rule sits on
// top: when the given names are plainly different the pair cannot reach the match threshold unless the
// dates of birth agree, whatever the address or family name say, because that is exactly what relatives
// in one household look like. The threshold is one fixed default for every dataset.
import { DOB, F_DOB, F_FAMILY, F_GIVEN, FAMILY, FIELD_COUNT, FIELDS, GIVEN, LEVEL_COUNTS, levelOf, STRIDES } from './comparisons.js';
import { namesInexact } from './estimate.js';
import type { Prepared } from './types.js';

/** The one default decision threshold (match probability), used for every dataset. */
export const DEFAULT_MATCH_PROBABILITY = 0.9;

export interface MatchModel {
  m: number[][];
  u: number[][];
  /** Prior probability that two random records are the same person. */
  lambda: number;
  /** Match probability at or above which a pair is a match. */
  threshold: number;
  /** Date-of-birth m-probabilities for pairs whose names are alike but not both exact; `m` is used when absent. */
  mDobInexactNames?: number[];
}

export interface ScoringTables {
  model: MatchModel;
  priorWeight: number;
  thresholdWeight: number;
  /** Field Bayes-factor weights in bits: [field][level]. */
  weights: number[][];
  /** The same weights flattened: field f, level l at `weightOffset[f] + l`. */
  flatWeights: Float64Array;
  weightOffset: Int32Array;
  /** Extra bits for exact agreement on a given/family name id (term-frequency adjustment). */
  tfGiven: Float64Array;
  tfFamily: Float64Array;
  /** Per date-of-birth level: bits to add when the names are alike but not both exact. */
  dobInexactNamesDelta: Float64Array;
}

export function probabilityToWeight(p: number): number {
  return Math.log2(p / (1 - p));
}

export function weightToProbability(w: number): number {
  return 1 / (1 + Math.pow(2, -w));
}

function termFrequencyAdjustments(ids: Int32Array, namesCount: number, uExact: number): Float64Array {
  const counts = new Float64Array(namesCount);
  let total = 0;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (id >= 0) {
      counts[id]!++;
      total++;
    }
  }
  const adj = new Float64Array(namesCount);
  if (total === 0) return adj;
  for (let k = 0; k < namesCount; k++) {
    if (counts[k] === 0) continue;
    const tf = counts[k]! / total;
    adj[k] = Math.log2(uExact / tf);
  }
  return adj;
}

export function buildScoringTables(model: MatchModel, p: Prepared): ScoringTables {
  // A name swap is one piece of evidence: it is counted under given names and weighs 0 under family names.
  const weights = FIELDS.map((spec, f) =>
    spec.levels.map((_, l) =>
      l === 0 || (f === F_FAMILY && l === FAMILY.SWAPPED) ? 0 : Math.log2(Math.max(model.m[f]![l]!, 1e-9) / Math.max(model.u[f]![l]!, 1e-9)),
    ),
  );
  const weightOffset = new Int32Array(FIELD_COUNT);
  let size = 0;
  for (let f = 0; f < FIELD_COUNT; f++) {
    weightOffset[f] = size;
    size += weights[f]!.length;
  }
  const dobInexactNamesDelta = new Float64Array(FIELDS[F_DOB]!.levels.length);
  const alt = model.mDobInexactNames;
  if (alt)
    for (let l = 1; l < dobInexactNamesDelta.length; l++)
      dobInexactNamesDelta[l] = Math.log2(Math.max(alt[l]!, 1e-9) / Math.max(model.m[F_DOB]![l]!, 1e-9));
  const flatWeights = new Float64Array(size);
  for (let f = 0; f < FIELD_COUNT; f++) flatWeights.set(weights[f]!, weightOffset[f]!);
  return {
    model,
    priorWeight: probabilityToWeight(model.lambda),
    thresholdWeight: probabilityToWeight(model.threshold),
    weights,
    flatWeights,
    weightOffset,
    tfGiven: termFrequencyAdjustments(p.given, p.names.length, model.u[F_GIVEN]![GIVEN.EXACT]!),
    tfFamily: termFrequencyAdjustments(p.family, p.names.length, model.u[F_FAMILY]![FAMILY.EXACT]!),
    dobInexactNamesDelta,
  };
}

/** True when the household safety rule caps this comparison vector below the threshold. */
export function householdGuard(code: number): boolean {
  const given = levelOf(code, F_GIVEN);
  if (given !== GIVEN.DISAGREE && given !== GIVEN.WEAK) return false;
  const dob = levelOf(code, F_DOB);
  return dob !== DOB.EXACT && dob !== DOB.DM_SWAPPED;
}

/** Term-frequency adjustment of a given-name comparison: exact agreement is weighed by how common the name is. */
export function givenAdjustment(t: ScoringTables, p: Prepared, level: number, i: number): number {
  return level === GIVEN.EXACT ? t.tfGiven[p.given[i]!]! : 0;
}

export function familyAdjustment(t: ScoringTables, p: Prepared, level: number, i: number): number {
  return level === FAMILY.EXACT ? t.tfFamily[p.family[i]!]! : 0;
}

/** Match weight in bits for records i, j with comparison vector `code`. */
export function scoreCode(t: ScoringTables, p: Prepared, i: number, j: number, code: number): number {
  let w = t.priorWeight;
  let rest = code;
  const fw = t.flatWeights;
  const off = t.weightOffset;
  for (let f = 0; f < FIELD_COUNT; f++) {
    const L = LEVEL_COUNTS[f]!;
    const l = rest % L;
    w += fw[off[f]! + l]!;
    rest = (rest - l) / L;
  }
  const g = code % LEVEL_COUNTS[F_GIVEN]!;
  const fl = Math.floor(code / STRIDES[F_FAMILY]!) % LEVEL_COUNTS[F_FAMILY]!;
  if (g === GIVEN.EXACT) w += t.tfGiven[p.given[i]!]!;
  if (fl === FAMILY.EXACT) w += t.tfFamily[p.family[i]!]!;
  if (namesInexact(g, fl)) w += t.dobInexactNamesDelta[Math.floor(code / STRIDES[F_DOB]!) % LEVEL_COUNTS[F_DOB]!]!;
  if ((g === GIVEN.DISAGREE || g === GIVEN.WEAK) && w >= t.thresholdWeight && householdGuard(code)) w = t.thresholdWeight - 1;
  return w;
}

export function scoreAll(t: ScoringTables, p: Prepared, left: Int32Array, right: Int32Array, codes: Int32Array, count: number): Float32Array {
  const out = new Float32Array(count);
  for (let k = 0; k < count; k++) out[k] = scoreCode(t, p, left[k]!, right[k]!, codes[k]!);
  return out;
}
