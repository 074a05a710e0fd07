// Comparison levels. For each field a pair of records falls into one discrete level (exact, spelling
// variant, phonetic, …, disagree, or "null" when either side is missing). The levels of all fields are
// packed into one integer "comparison vector" per pair, which is what estimation counts and scoring
// looks up: no objects are allocated per pair.
import { jaroWinkler } from './names.js';
import type { Prepared } from './types.js';

export interface FieldSpec {
  key: string;
  label: string;
  /** Level labels; index 0 is always the neutral "missing" level. */
  levels: readonly string[];
  /** Per level: 'agree' | 'partial' | 'disagree' | 'missing'. */
  outcomes: readonly Outcome[];
}
export type Outcome = 'agree' | 'partial' | 'disagree' | 'missing';

export const NULL = 0;
export const GIVEN = { EXACT: 1, VARIANT: 2, NICKNAME: 3, PHONETIC: 4, JW92: 5, JW85: 6, INITIAL: 7, SWAPPED: 8, PART: 9, DISAGREE: 10 } as const;
export const FAMILY = { EXACT: 1, VARIANT: 2, PHONETIC: 3, PART: 4, JW92: 5, JW85: 6, SWAPPED: 7, DISAGREE: 8 } as const;
export const DOB = { EXACT: 1, DM_SWAPPED: 2, ONE_OFF: 3, YEAR_ONLY: 4, WITHIN_2Y: 5, DISAGREE: 6 } as const;
export const BINARY = { AGREE: 1, DISAGREE: 2 } as const;
export const POSTCODE = { EXACT: 1, DISTRICT: 2, DISAGREE: 3 } as const;
export const ADDRESS = { EXACT: 1, HIGH: 2, MEDIUM: 3, DISAGREE: 4 } as const;

export const FIELDS: readonly FieldSpec[] = [
  {
    key: 'given',
    label: 'Given names',
    levels: ['missing', 'exact', 'spelling variants', 'nickname', 'sound alike', 'very similar', 'similar', 'initial only', 'swapped with family name', 'share a name part', 'different'],
    outcomes: ['missing', 'agree', 'partial', 'partial', 'partial', 'partial', 'partial', 'partial', 'partial', 'partial', 'disagree'],
  },
  {
    key: 'family',
    label: 'Family names',
    levels: ['missing', 'exact', 'spelling variants', 'sound alike', 'share a name part', 'very similar', 'similar', 'swapped with given name', 'different'],
    outcomes: ['missing', 'agree', 'partial', 'partial', 'partial', 'partial', 'partial', 'partial', 'disagree'],
  },
  {
    key: 'dob',
    label: 'Date of birth',
    levels: ['missing', 'exact', 'day and month swapped', 'one part differs', 'same year only', 'within two years', 'different'],
    outcomes: ['missing', 'agree', 'partial', 'partial', 'partial', 'partial', 'disagree'],
  },
  { key: 'sex', label: 'Sex', levels: ['missing', 'same', 'different'], outcomes: ['missing', 'agree', 'disagree'] },
  { key: 'postcode', label: 'Postcode', levels: ['missing', 'exact', 'same district', 'different'], outcomes: ['missing', 'agree', 'partial', 'disagree'] },
  { key: 'address', label: 'Address', levels: ['missing', 'exact', 'very similar', 'partly similar', 'different'], outcomes: ['missing', 'agree', 'partial', 'partial', 'disagree'] },
  { key: 'nhs', label: 'NHS number', levels: ['missing', 'same', 'different'], outcomes: ['missing', 'agree', 'disagree'] },
  { key: 'email', label: 'Email', levels: ['missing', 'same', 'different'], outcomes: ['missing', 'agree', 'disagree'] },
  { key: 'school', label: 'School', levels: ['missing', 'same', 'different'], outcomes: ['missing', 'agree', 'disagree'] },
];

export const FIELD_COUNT = FIELDS.length;
export const F_GIVEN = 0;
export const F_FAMILY = 1;
export const F_DOB = 2;

/** Mixed-radix strides: code = Σ level[f] * STRIDES[f]. */
export const STRIDES: Int32Array = (() => {
  const s = new Int32Array(FIELD_COUNT);
  let acc = 1;
  for (let f = 0; f < FIELD_COUNT; f++) {
    s[f] = acc;
    acc *= FIELDS[f]!.levels.length;
  }
  return s;
})();
export const PATTERN_COUNT = FIELDS.reduce((acc, f) => acc * f.levels.length, 1);

export function levelOf(code: number, field: number): number {
  return Math.floor(code / STRIDES[field]!) % FIELDS[field]!.levels.length;
}

function listsIntersect(off: Int32Array, val: Int32Array, a: number, b: number): boolean {
  const a0 = off[a]!;
  const a1 = off[a + 1]!;
  const b0 = off[b]!;
  const b1 = off[b + 1]!;
  if (a0 === a1 || b0 === b1) return false;
  for (let x = a0; x < a1; x++) {
    const v = val[x]!;
    for (let y = b0; y < b1; y++) if (val[y] === v) return true;
  }
  return false;
}

function phonetic(p: Prepared, a: number, b: number): boolean {
  const a1 = p.nameDm1[a]!;
  const a2 = p.nameDm2[a]!;
  const b1 = p.nameDm1[b]!;
  const b2 = p.nameDm2[b]!;
  return (a1 >= 0 && (a1 === b1 || a1 === b2)) || (a2 >= 0 && (a2 === b1 || a2 === b2));
}

/** True when name id `a` is a part of `b` or they share a part ("smith" ~ "smith jones"). */
function sharePart(p: Prepared, a: number, b: number): boolean {
  if (listsIntersect(p.namePartOff, p.namePartVal, a, b)) return true;
  const off = p.namePartOff;
  const val = p.namePartVal;
  for (let x = off[a]!; x < off[a + 1]!; x++) if (val[x] === b) return true;
  for (let x = off[b]!; x < off[b + 1]!; x++) if (val[x] === a) return true;
  return false;
}

function swapped(p: Prepared, ga: number, fa: number, gb: number, fb: number): boolean {
  if (ga < 0 || fa < 0 || gb < 0 || fb < 0) return false;
  if (ga === fb && fa === gb) return true;
  const names = p.names;
  return jaroWinkler(names[ga]!, names[fb]!) >= 0.92 && jaroWinkler(names[fa]!, names[gb]!) >= 0.92;
}

/** Given-name level for name ids (with the family ids, for the swapped check). */
export function compareGivenIds(p: Prepared, ga: number, gb: number, fa: number, fb: number): number {
  if (ga < 0 || gb < 0) return NULL;
  if (ga === gb) return GIVEN.EXACT;
  const va = p.nameVariant[ga]!;
  if (va !== 0 && va === p.nameVariant[gb]) return GIVEN.VARIANT;
  if (listsIntersect(p.nameNickOff, p.nameNickVal, ga, gb)) return GIVEN.NICKNAME;
  if (phonetic(p, ga, gb)) return GIVEN.PHONETIC;
  const sa = p.names[ga]!;
  const sb = p.names[gb]!;
  const jw = jaroWinkler(sa, sb);
  if (jw >= 0.92) return GIVEN.JW92;
  if (jw >= 0.85) return GIVEN.JW85;
  if ((sa.length === 1 || sb.length === 1) && sa.charCodeAt(0) === sb.charCodeAt(0)) return GIVEN.INITIAL;
  if (swapped(p, ga, fa, gb, fb)) return GIVEN.SWAPPED;
  if (sharePart(p, ga, gb)) return GIVEN.PART;
  return GIVEN.DISAGREE;
}

export function compareFamilyIds(p: Prepared, fa: number, fb: number, ga: number, gb: number): number {
  if (fa < 0 || fb < 0) return NULL;
  if (fa === fb) return FAMILY.EXACT;
  const va = p.nameVariant[fa]!;
  if (va !== 0 && va === p.nameVariant[fb]) return FAMILY.VARIANT;
  if (phonetic(p, fa, fb)) return FAMILY.PHONETIC;
  if (sharePart(p, fa, fb)) return FAMILY.PART;
  const jw = jaroWinkler(p.names[fa]!, p.names[fb]!);
  if (jw >= 0.92) return FAMILY.JW92;
  if (jw >= 0.85) return FAMILY.JW85;
  if (swapped(p, ga, fa, gb, fb)) return FAMILY.SWAPPED;
  return FAMILY.DISAGREE;
}

/** Date-of-birth level from components (0 = unknown component). */
export function compareDob(ya: number, ma: number, da: number, yb: number, mb: number, db: number): number {
  if (ya === 0 || yb === 0) return NULL;
  if (ma === 0 || mb === 0 || da === 0 || db === 0) {
    if (ya === yb) return DOB.YEAR_ONLY;
    return Math.abs(ya - yb) <= 2 ? DOB.WITHIN_2Y : DOB.DISAGREE;
  }
  if (ya === yb && ma === mb && da === db) return DOB.EXACT;
  if (ya === yb && ma === db && da === mb) return DOB.DM_SWAPPED;
  const diffs = (ya !== yb ? 1 : 0) + (ma !== mb ? 1 : 0) + (da !== db ? 1 : 0);
  // One of day/month/year differs (this includes every single-digit typo).
  if (diffs === 1) return DOB.ONE_OFF;
  if (ya === yb) return DOB.YEAR_ONLY;
  return Math.abs(ya - yb) <= 2 ? DOB.WITHIN_2Y : DOB.DISAGREE;
}

export function compareBinary(a: number, b: number): number {
  if (a <= 0 || b <= 0) return NULL;
  return a === b ? BINARY.AGREE : BINARY.DISAGREE;
}

export function compareIds(a: number, b: number): number {
  if (a < 0 || b < 0) return NULL;
  return a === b ? BINARY.AGREE : BINARY.DISAGREE;
}

export function comparePostcodeIds(pa: number, pb: number, da: number, db: number): number {
  if (pa < 0 || pb < 0) return NULL;
  if (pa === pb) return POSTCODE.EXACT;
  return da === db ? POSTCODE.DISTRICT : POSTCODE.DISAGREE;
}

/** Dice overlap of two sorted token-id lists. */
function tokenDice(off: Int32Array, val: Int32Array, a: number, b: number): number {
  let x = off[a]!;
  const xe = off[a + 1]!;
  let y = off[b]!;
  const ye = off[b + 1]!;
  const total = xe - x + (ye - y);
  if (total === 0) return 0;
  let common = 0;
  while (x < xe && y < ye) {
    const vx = val[x]!;
    const vy = val[y]!;
    if (vx === vy) {
      common++;
      x++;
      y++;
    } else if (vx < vy) x++;
    else y++;
  }
  return (2 * common) / total;
}

export function compareAddressIds(p: Prepared, a: number, b: number): number {
  if (a < 0 || b < 0) return NULL;
  if (a === b) return ADDRESS.EXACT;
  const dice = tokenDice(p.addrTokOff, p.addrTokVal, a, b);
  if (dice >= 0.6) return ADDRESS.HIGH;
  const sa = p.addresses[a]!;
  const sb = p.addresses[b]!;
  if (sa.length > 0 && sb.length > 0 && sa.charCodeAt(0) === sb.charCodeAt(0) && jaroWinkler(sa, sb) >= 0.93) return ADDRESS.HIGH;
  if (dice >= 0.3) return ADDRESS.MEDIUM;
  return ADDRESS.DISAGREE;
}

/** The packed comparison vector for records i and j. */
export function compareCode(p: Prepared, i: number, j: number): number {
  const ga = p.given[i]!;
  const gb = p.given[j]!;
  const fa = p.family[i]!;
  const fb = p.family[j]!;
  let code = compareGivenIds(p, ga, gb, fa, fb);
  code += compareFamilyIds(p, fa, fb, ga, gb) * STRIDES[1]!;
  code += compareDob(p.year[i]!, p.month[i]!, p.day[i]!, p.year[j]!, p.month[j]!, p.day[j]!) * STRIDES[2]!;
  code += compareBinary(p.sex[i]!, p.sex[j]!) * STRIDES[3]!;
  code += comparePostcodeIds(p.postcode[i]!, p.postcode[j]!, p.district[i]!, p.district[j]!) * STRIDES[4]!;
  code += compareAddressIds(p, p.address[i]!, p.address[j]!) * STRIDES[5]!;
  code += compareIds(p.nhs[i]!, p.nhs[j]!) * STRIDES[6]!;
  code += compareIds(p.email[i]!, p.email[j]!) * STRIDES[7]!;
  code += compareIds(p.school[i]!, p.school[j]!) * STRIDES[8]!;
  return code;
}

/** Compares every pair in [from, to) of the pair lists into `out`. */
export function compareRange(p: Prepared, left: Int32Array, right: Int32Array, out: Int32Array, from: number, to: number): void {
  for (let k = from; k < to; k++) out[k] = compareCode(p, left[k]!, right[k]!);
}
