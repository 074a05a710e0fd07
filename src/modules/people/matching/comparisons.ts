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
export const GIVEN = { EXACT: 1, VARIANT: 2, NICKNAME: 3, PHONETIC: 4, JW92: 5, JW85: 6, INITIAL: 7, SWAPPED: 8, CROSS: 9, PART: 10, WEAK: 11, DISAGREE: 12 } as const;
export const FAMILY = { EXACT: 1, VARIANT: 2, PHONETIC: 3, PART: 4, JW92: 5, JW85: 6, SWAPPED: 7, CROSS: 8, WEAK: 9, DISAGREE: 10 } as const;
export const DOB = { EXACT: 1, DM_SWAPPED: 2, ONE_DIGIT: 3, ONE_PART: 4, NEAR: 5, YEAR_ONLY: 6, WITHIN_2Y: 7, DISAGREE: 8 } as const;
export const BINARY = { AGREE: 1, DISAGREE: 2 } as const;
export const POSTCODE = { EXACT: 1, ONE_CHAR: 2, DISTRICT: 3, DISAGREE: 4 } as const;
export const ADDRESS = { EXACT: 1, HIGH: 2, MEDIUM: 3, DISAGREE: 4 } as const;
export const STREET_NUMBER = { EXACT: 1, NEAR: 2, DISAGREE: 3 } as const;
export const LOCALITY = { EXACT: 1, SIMILAR: 2, DISAGREE: 3 } as const;
export const EMAIL = { EXACT: 1, SIMILAR: 2, DISAGREE: 3 } as const;

export const FIELDS: readonly FieldSpec[] = [
  {
    key: 'given',
    label: 'Given names',
    levels: ['missing', 'exact', 'spelling variants', 'nickname', 'sound alike', 'very similar', 'similar', 'initial only', 'swapped with family name', 'one matches the other family name', 'share a name part', 'loosely similar', 'different'],
    outcomes: ['missing', 'agree', 'partial', 'partial', 'partial', 'partial', 'partial', 'partial', 'partial', 'partial', 'partial', 'partial', 'disagree'],
  },
  {
    key: 'family',
    label: 'Family names',
    levels: ['missing', 'exact', 'spelling variants', 'sound alike', 'share a name part', 'very similar', 'similar', 'swapped with given name', 'one matches the other given name', 'loosely similar', 'different'],
    outcomes: ['missing', 'agree', 'partial', 'partial', 'partial', 'partial', 'partial', 'partial', 'partial', 'partial', 'disagree'],
  },
  {
    key: 'dob',
    label: 'Date of birth',
    levels: ['missing', 'exact', 'day and month swapped', 'one digit differs', 'one part differs', 'two digits differ', 'same year only', 'within two years', 'different'],
    outcomes: ['missing', 'agree', 'partial', 'partial', 'partial', 'partial', 'partial', 'partial', 'disagree'],
  },
  { key: 'sex', label: 'Sex', levels: ['missing', 'same', 'different'], outcomes: ['missing', 'agree', 'disagree'] },
  { key: 'postcode', label: 'Postcode', levels: ['missing', 'exact', 'one character differs', 'same district', 'different'], outcomes: ['missing', 'agree', 'partial', 'partial', 'disagree'] },
  { key: 'address', label: 'Address', levels: ['missing', 'exact', 'very similar', 'partly similar', 'different'], outcomes: ['missing', 'agree', 'partial', 'partial', 'disagree'] },
  { key: 'streetNumber', label: 'House number', levels: ['missing', 'same', 'nearly the same', 'different'], outcomes: ['missing', 'agree', 'partial', 'disagree'] },
  { key: 'locality', label: 'Town', levels: ['missing', 'same', 'similar', 'different'], outcomes: ['missing', 'agree', 'partial', 'disagree'] },
  { key: 'nhs', label: 'NHS number', levels: ['missing', 'same', 'different'], outcomes: ['missing', 'agree', 'disagree'] },
  { key: 'email', label: 'Email', levels: ['missing', 'same', 'similar', 'different'], outcomes: ['missing', 'agree', 'partial', 'disagree'] },
  { key: 'school', label: 'School', levels: ['missing', 'same', 'different'], outcomes: ['missing', 'agree', 'disagree'] },
];

export const FIELD_COUNT = FIELDS.length;
export const F_GIVEN = 0;
export const F_FAMILY = 1;
export const F_DOB = 2;
export const F_SEX = 3;
export const F_POSTCODE = 4;
export const F_ADDRESS = 5;
export const F_STREET_NUMBER = 6;
export const F_LOCALITY = 7;
export const F_NHS = 8;
export const F_EMAIL = 9;
export const F_SCHOOL = 10;

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

/** Level counts per field, for decoding packed codes without object access. */
export const LEVEL_COUNTS: Int32Array = Int32Array.from(FIELDS, (f) => f.levels.length);

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

// Results about two names of the dictionary, memoised: common names meet each other millions of times in a large
// batch. Direct-mapped tables per thread; a new dictionary starts a new generation instead of clearing them.
// A batch's dictionary gets the full tables (20 MB for each of the three memos); a referral's few candidates a
// small one. Full tables made for every process that imports this file had held 60 MB in the web server.
export const MAX_MEMO_SLOTS = 1 << 20;
const MIN_MEMO_SLOTS = 1 << 10;
/** Dictionaries up to this many names (a referral and its candidates, 217 rows at most) get small tables. */
const SMALL_DICTIONARY = 4_096;

/** Slots for a dictionary of this many names: a power of two, at least 16 a name for a small one. */
export function memoSlots(names: number): number {
  if (names > SMALL_DICTIONARY) return MAX_MEMO_SLOTS;
  let slots = MIN_MEMO_SLOTS;
  while (slots < names * 16) slots *= 2;
  return slots;
}

class NamePairMemo {
  private key = new Float64Array(0);
  private value = new Float64Array(0);
  private generation = new Int32Array(0);
  private names: readonly string[] | null = null;
  private current = 0;
  private slot = 0;
  private wanted = 0;

  /** Starts a new generation for a new dictionary, in tables of its size. */
  private startFor(names: readonly string[]): void {
    this.names = names;
    const slots = memoSlots(names.length);
    if (slots !== this.key.length) {
      this.key = new Float64Array(slots);
      this.value = new Float64Array(slots);
      this.generation = new Int32Array(slots);
      this.current = 0;
    }
    this.current++;
  }

  /** True when the value for names (x, y), in either order, is held; read it with `held()`. */
  has(p: Prepared, x: number, y: number): boolean {
    if (p.names !== this.names) this.startFor(p.names);
    const a = x < y ? x : y;
    const b = x < y ? y : x;
    this.wanted = a * 4294967296 + b;
    this.slot = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) & (this.key.length - 1);
    return this.generation[this.slot] === this.current && this.key[this.slot] === this.wanted;
  }

  held(): number {
    return this.value[this.slot]!;
  }

  /** Stores the value for the pair last asked about with `has`. */
  keep(value: number): number {
    this.generation[this.slot] = this.current;
    this.key[this.slot] = this.wanted;
    this.value[this.slot] = value;
    return value;
  }
}

const jwMemo = new NamePairMemo();
const givenMemo = new NamePairMemo();
const familyMemo = new NamePairMemo();

function nameJw(p: Prepared, x: number, y: number): number {
  return jwMemo.has(p, x, y) ? jwMemo.held() : jwMemo.keep(jaroWinkler(p.names[x]!, p.names[y]!));
}

function swapped(p: Prepared, ga: number, fa: number, gb: number, fb: number): boolean {
  if (ga < 0 || fa < 0 || gb < 0 || fb < 0) return false;
  if (ga === fb && fa === gb) return true;
  return nameJw(p, ga, fb) >= 0.92 && nameJw(p, fa, gb) >= 0.92;
}

/** Jaro–Winkler floor of the "loosely similar" name level (heavily mistyped names). */
const WEAK_JW = 0.7;

/** One record's given name is (nearly) the other record's family name: the names were put in the wrong boxes. */
function crossMatch(p: Prepared, g: number, f: number): boolean {
  if (g < 0 || f < 0) return false;
  if (g === f) return true;
  const a = p.names[g]!;
  const b = p.names[f]!;
  return a.length > 1 && b.length > 1 && nameJw(p, g, f) >= 0.92;
}

/**
 * Given-name levels that depend on the two given names alone: a level from exact to initial, or, when none
 * applies, TAIL plus the level to fall back on after the swapped and cross checks (which need the family names).
 */
const TAIL = 64;
function givenOnly(p: Prepared, ga: number, gb: number): number {
  const va = p.nameVariant[ga]!;
  if (va !== 0 && va === p.nameVariant[gb]) return GIVEN.VARIANT;
  if (listsIntersect(p.nameNickOff, p.nameNickVal, ga, gb)) return GIVEN.NICKNAME;
  if (phonetic(p, ga, gb)) return GIVEN.PHONETIC;
  const sa = p.names[ga]!;
  const sb = p.names[gb]!;
  const jw = nameJw(p, ga, gb);
  if (jw >= 0.92) return GIVEN.JW92;
  if (jw >= 0.85) return GIVEN.JW85;
  if ((sa.length === 1 || sb.length === 1) && sa.charCodeAt(0) === sb.charCodeAt(0)) return GIVEN.INITIAL;
  if (sharePart(p, ga, gb)) return TAIL + GIVEN.PART;
  return TAIL + (jw >= WEAK_JW ? GIVEN.WEAK : GIVEN.DISAGREE);
}

/** Given-name level for name ids (with the family ids, for the swapped check). */
export function compareGivenIds(p: Prepared, ga: number, gb: number, fa: number, fb: number): number {
  if (ga < 0 || gb < 0) return NULL;
  if (ga === gb) return GIVEN.EXACT;
  const level = givenMemo.has(p, ga, gb) ? givenMemo.held() : givenMemo.keep(givenOnly(p, ga, gb));
  if (level < TAIL) return level;
  if (swapped(p, ga, fa, gb, fb)) return GIVEN.SWAPPED;
  if (crossMatch(p, ga, fb) || crossMatch(p, gb, fa)) return GIVEN.CROSS;
  return level - TAIL;
}

/** Family-name levels that depend on the two family names alone, in the same form as `givenOnly`. */
function familyOnly(p: Prepared, fa: number, fb: number): number {
  const va = p.nameVariant[fa]!;
  if (va !== 0 && va === p.nameVariant[fb]) return FAMILY.VARIANT;
  if (phonetic(p, fa, fb)) return FAMILY.PHONETIC;
  if (sharePart(p, fa, fb)) return FAMILY.PART;
  const jw = nameJw(p, fa, fb);
  if (jw >= 0.92) return FAMILY.JW92;
  if (jw >= 0.85) return FAMILY.JW85;
  return TAIL + (jw >= WEAK_JW ? FAMILY.WEAK : FAMILY.DISAGREE);
}

export function compareFamilyIds(p: Prepared, fa: number, fb: number, ga: number, gb: number): number {
  if (fa < 0 || fb < 0) return NULL;
  if (fa === fb) return FAMILY.EXACT;
  const level = familyMemo.has(p, fa, fb) ? familyMemo.held() : familyMemo.keep(familyOnly(p, fa, fb));
  if (level < TAIL) return level;
  if (swapped(p, ga, fa, gb, fb)) return FAMILY.SWAPPED;
  // Only when a given name is missing: otherwise the same evidence is already counted under given names.
  if ((ga < 0 || gb < 0) && (crossMatch(p, ga, fb) || crossMatch(p, gb, fa))) return FAMILY.CROSS;
  return level - TAIL;
}

/**
 * Differing digits between two zero-padded numbers of `width` digits; two neighbouring digits that are
 * swapped ("17" / "71") count as one.
 */
export function digitDifferences(a: number, b: number, width: number): number {
  let diff = 0;
  let first = -1;
  let second = -1;
  let x = a;
  let y = b;
  for (let k = 0; k < width; k++) {
    const dx = x % 10;
    const dy = y % 10;
    if (dx !== dy) {
      if (diff === 0) first = k;
      else if (diff === 1) second = k;
      diff++;
    }
    x = (x - dx) / 10;
    y = (y - dy) / 10;
  }
  // Beyond the width (e.g. a five-digit year) every extra digit is a difference.
  if (x !== y) diff += 1;
  if (diff === 2 && second === first + 1) {
    const p1 = 10 ** first;
    const p2 = 10 ** second;
    const a1 = Math.floor(a / p1) % 10;
    const a2 = Math.floor(a / p2) % 10;
    const b1 = Math.floor(b / p1) % 10;
    const b2 = Math.floor(b / p2) % 10;
    if (a1 === b2 && a2 === b1) return 1;
  }
  return diff;
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
  const parts = (ya !== yb ? 1 : 0) + (ma !== mb ? 1 : 0) + (da !== db ? 1 : 0);
  const digits = digitDifferences(ya, yb, 4) + digitDifferences(ma, mb, 2) + digitDifferences(da, db, 2);
  // A single mistyped digit (or two swapped neighbours) versus a whole part being another value.
  if (parts === 1) return digits === 1 ? DOB.ONE_DIGIT : DOB.ONE_PART;
  if (digits <= 2) return DOB.NEAR;
  if (ya === yb) return DOB.YEAR_ONLY;
  return Math.abs(ya - yb) <= 2 ? DOB.WITHIN_2Y : DOB.DISAGREE;
}

/** Same length and one character different, or two neighbouring characters swapped. */
export function oneCharApart(a: string, b: string): boolean {
  const n = a.length;
  if (n !== b.length || n === 0) return false;
  let first = -1;
  let count = 0;
  for (let k = 0; k < n; k++) {
    if (a.charCodeAt(k) !== b.charCodeAt(k)) {
      if (count === 0) first = k;
      count++;
      if (count > 2) return false;
    }
  }
  if (count === 1) return true;
  return count === 2 && first + 1 < n && a.charCodeAt(first) === b.charCodeAt(first + 1) && a.charCodeAt(first + 1) === b.charCodeAt(first) && a.charCodeAt(first + 1) !== b.charCodeAt(first + 1);
}

export function compareBinary(a: number, b: number): number {
  if (a <= 0 || b <= 0) return NULL;
  return a === b ? BINARY.AGREE : BINARY.DISAGREE;
}

export function compareIds(a: number, b: number): number {
  if (a < 0 || b < 0) return NULL;
  return a === b ? BINARY.AGREE : BINARY.DISAGREE;
}

export function comparePostcodeIds(p: Prepared, pa: number, pb: number, da: number, db: number): number {
  if (pa < 0 || pb < 0) return NULL;
  if (pa === pb) return POSTCODE.EXACT;
  if (oneCharApart(p.postcodes[pa]!, p.postcodes[pb]!)) return POSTCODE.ONE_CHAR;
  return da === db ? POSTCODE.DISTRICT : POSTCODE.DISAGREE;
}

/** House numbers: the same, one digit apart or one digit dropped ("96" / "9"), or different. */
export function compareStreetNumberIds(p: Prepared, a: number, b: number): number {
  if (a < 0 || b < 0) return NULL;
  if (a === b) return STREET_NUMBER.EXACT;
  const sa = p.streetNumbers[a]!;
  const sb = p.streetNumbers[b]!;
  if (oneCharApart(sa, sb)) return STREET_NUMBER.NEAR;
  const [short, long] = sa.length < sb.length ? [sa, sb] : [sb, sa];
  if (long.length === short.length + 1 && (long.startsWith(short) || long.endsWith(short))) return STREET_NUMBER.NEAR;
  return STREET_NUMBER.DISAGREE;
}

export function compareLocalityIds(p: Prepared, a: number, b: number): number {
  if (a < 0 || b < 0) return NULL;
  if (a === b) return LOCALITY.EXACT;
  return jaroWinkler(p.localities[a]!, p.localities[b]!) >= 0.88 ? LOCALITY.SIMILAR : LOCALITY.DISAGREE;
}

/** Emails: the same, the same mailbox name or a near-identical address (a typo), or different. */
export function compareEmailIds(p: Prepared, a: number, b: number, userA: number, userB: number): number {
  if (a < 0 || b < 0) return NULL;
  if (a === b) return EMAIL.EXACT;
  if (userA >= 0 && userA === userB) return EMAIL.SIMILAR;
  return jaroWinkler(p.others[a]!, p.others[b]!) >= 0.92 ? EMAIL.SIMILAR : EMAIL.DISAGREE;
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
  code += compareBinary(p.sex[i]!, p.sex[j]!) * STRIDES[F_SEX]!;
  code += comparePostcodeIds(p, p.postcode[i]!, p.postcode[j]!, p.district[i]!, p.district[j]!) * STRIDES[F_POSTCODE]!;
  code += compareAddressIds(p, p.address[i]!, p.address[j]!) * STRIDES[F_ADDRESS]!;
  code += compareStreetNumberIds(p, p.streetNumber[i]!, p.streetNumber[j]!) * STRIDES[F_STREET_NUMBER]!;
  code += compareLocalityIds(p, p.locality[i]!, p.locality[j]!) * STRIDES[F_LOCALITY]!;
  code += compareIds(p.nhs[i]!, p.nhs[j]!) * STRIDES[F_NHS]!;
  code += compareEmailIds(p, p.email[i]!, p.email[j]!, p.emailUser[i]!, p.emailUser[j]!) * STRIDES[F_EMAIL]!;
  code += compareIds(p.school[i]!, p.school[j]!) * STRIDES[F_SCHOOL]!;
  return code;
}

/** Compares every pair in [from, to) of the pair lists into `out`. */
export function compareRange(p: Prepared, left: Int32Array, right: Int32Array, out: Int32Array, from: number, to: number): void {
  for (let k = from; k < to; k++) out[k] = compareCode(p, left[k]!, right[k]!);
}
