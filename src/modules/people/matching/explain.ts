// Explanations for triage officers: for one pair, each field's comparison level in plain English, whether
// it counted for or against the match, and how many bits of evidence it contributed, plus the prior and
// the final probability. The wording is meant to be read by people deciding whether two referrals are
// about the same person, so it names the values compared.
import { compareCode, F_DOB, F_FAMILY, F_GIVEN, FIELDS, levelOf, type Outcome } from './comparisons.js';
import { namesInexact } from './estimate.js';
import { familyAdjustment, givenAdjustment, householdGuard, scoreCode, weightToProbability, type ScoringTables } from './score.js';
import type { PersonRecord, Prepared } from './types.js';

export interface FieldExplanation {
  field: string;
  level: string;
  outcome: Outcome;
  /** Evidence in bits (log2 Bayes factor); positive supports a match. */
  weight: number;
}

export interface PairExplanation {
  fields: FieldExplanation[];
  priorWeight: number;
  matchWeight: number;
  matchProbability: number;
  isMatch: boolean;
  notes: string[];
}

const PHRASES: Record<string, readonly string[]> = {
  given: ['', 'match exactly', 'are spelling variants', 'are a name and its nickname', 'sound alike', 'are very similar', 'are similar', 'agree on the initial only', 'appear swapped with the family names', 'match the other record\'s family name', 'share one name part', 'are loosely similar', 'are different'],
  family: ['', 'match exactly', 'are spelling variants', 'sound alike', 'share one name part', 'are very similar', 'are similar', 'appear swapped with the given names (counted once, under given names)', 'match the other record\'s given name', 'are loosely similar', 'are different'],
  dob: ['', 'match exactly', 'match with day and month swapped', 'differ by one mistyped digit', 'differ in one part only (day, month or year)', 'differ in two digits', 'share only the year', 'are within two years', 'are different'],
  sex: ['', 'is the same', 'is different'],
  postcode: ['', 'matches exactly', 'differs by one character', 'is in the same district', 'is different'],
  address: ['', 'matches exactly', 'is very similar', 'is partly similar', 'is different'],
  streetNumber: ['', 'is the same', 'is nearly the same (one digit)', 'is different'],
  locality: ['', 'is the same', 'is similar', 'is different'],
  nhs: ['', 'is the same', 'is different'],
  email: ['', 'is the same', 'is similar (same mailbox name or a typo)', 'is different'],
  school: ['', 'is the same', 'is different'],
};

function display(field: string, r: PersonRecord): string {
  switch (field) {
    case 'given':
      return r.givenName ?? '';
    case 'family':
      return r.familyName ?? '';
    case 'dob':
      return r.dateOfBirth ?? ([r.birthYear, r.birthMonth, r.birthDay].filter((x) => x !== null && x !== undefined && x !== '').join('-') || '');
    case 'sex':
      return r.sex ?? '';
    case 'postcode':
      return r.postcode ?? '';
    case 'address':
      return r.address ?? '';
    case 'streetNumber':
      return r.streetNumber ?? '';
    case 'locality':
      return r.locality ?? '';
    case 'nhs':
      return r.nhsNumber ?? '';
    case 'email':
      return r.email ?? '';
    case 'school':
      return r.school ?? '';
    default:
      return '';
  }
}

export function explainPair(t: ScoringTables, p: Prepared, records: readonly PersonRecord[], i: number, j: number): PairExplanation {
  const code = compareCode(p, i, j);
  const a = records[i]!;
  const b = records[j]!;
  const fields: FieldExplanation[] = FIELDS.map((spec, f) => {
    const level = levelOf(code, f);
    let weight = t.weights[f]![level]!;
    if (f === F_GIVEN) weight += givenAdjustment(t, p, level, i);
    if (f === F_FAMILY) weight += familyAdjustment(t, p, level, i);
    if (f === F_DOB && namesInexact(levelOf(code, F_GIVEN), levelOf(code, F_FAMILY))) weight += t.dobInexactNamesDelta[level]!;
    const va = display(spec.key, a).trim();
    const vb = display(spec.key, b).trim();
    const text =
      level === 0
        ? `${spec.label}: missing on ${!va && !vb ? 'both records' : 'one record'}`
        : `${spec.label} ${PHRASES[spec.key]![level]} (${va === vb ? va : `${va} / ${vb}`})`;
    return { field: spec.label, level: text, outcome: spec.outcomes[level]!, weight: Math.round(weight * 100) / 100 };
  });
  const matchWeight = scoreCode(t, p, i, j, code);
  const notes: string[] = [];
  if (householdGuard(code) && t.priorWeight + fields.reduce((s, x) => s + x.weight, 0) >= t.thresholdWeight)
    notes.push('Given names are different: held below the match threshold, because relatives in one household share family name and address.');
  return {
    fields,
    priorWeight: t.priorWeight,
    matchWeight,
    matchProbability: weightToProbability(matchWeight),
    isMatch: matchWeight >= t.thresholdWeight,
    notes,
  };
}
