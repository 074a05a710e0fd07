// Scores one new record against a handful of candidate records found by the database's blocking keys, for
// the referral request itself. The batch engine estimates its parameters from the whole file; here the
// parameters are the stored product model (productModel.data.ts) and the term frequencies come from the
// person table, so agreeing on "Khan" counts for less than agreeing on a rare family name however few
// candidates the blocking returned.
import { F_FAMILY, F_GIVEN, FAMILY, FIELDS, GIVEN } from './comparisons.js';
import { explainPair, type PairExplanation } from './explain.js';
import { prepareRecords } from './prepare.js';
import { PRODUCT_M, PRODUCT_M_DOB_INEXACT_NAMES, PRODUCT_U } from './productModel.data.js';
import { buildScoringTables, DEFAULT_MATCH_PROBABILITY, type MatchModel } from './score.js';
import type { PersonRecord } from './types.js';

/** How many person records carry the new record's exact given and family names, and how many there are in all. */
export interface NameFrequencies {
  given: number;
  family: number;
  total: number;
}

/**
 * Share of referrals about someone already referred. It sets the prior: the chance that a new referral is
 * about one particular existing record is this share divided by the number of records.
 */
export const REPEAT_SHARE = 0.1;

/** Fields a referral holds; the engine's other fields (house number, town, NHS number, email) are never shown. */
export const PRODUCT_FIELDS: ReadonlySet<string> = new Set(['given', 'family', 'dob', 'sex', 'postcode', 'address', 'school']);

export function productModel(totalRecords: number): MatchModel {
  return {
    m: PRODUCT_M,
    u: PRODUCT_U,
    lambda: REPEAT_SHARE / Math.max(totalRecords, 100),
    threshold: DEFAULT_MATCH_PROBABILITY,
    ...(PRODUCT_M_DOB_INEXACT_NAMES ? { mDobInexactNames: PRODUCT_M_DOB_INEXACT_NAMES } : {}),
  };
}

/** One explanation per candidate, in the candidates' order, holding only the fields a referral carries. */
export function scoreAgainst(query: PersonRecord, candidates: readonly PersonRecord[], freq: NameFrequencies): PairExplanation[] {
  if (candidates.length === 0) return [];
  const records = [query, ...candidates];
  const p = prepareRecords(records);
  const total = Math.max(freq.total, 1);
  const t = buildScoringTables(productModel(total), p);
  // Term frequencies from the whole table, not from this handful of candidates (which share names by design).
  t.tfGiven.fill(0);
  t.tfFamily.fill(0);
  const adjust = (uExact: number, count: number) => Math.log2((uExact * total) / Math.max(count, 1));
  if (p.given[0]! >= 0) t.tfGiven[p.given[0]!] = adjust(t.model.u[F_GIVEN]![GIVEN.EXACT]!, freq.given);
  if (p.family[0]! >= 0) t.tfFamily[p.family[0]!] = adjust(t.model.u[F_FAMILY]![FAMILY.EXACT]!, freq.family);
  const shown = new Set(FIELDS.flatMap((f, i) => (PRODUCT_FIELDS.has(f.key) ? [FIELDS[i]!.label] : [])));
  return candidates.map((_, k) => {
    const e = explainPair(t, p, records, 0, k + 1);
    return { ...e, fields: e.fields.filter((f) => shown.has(f.field)) };
  });
}
