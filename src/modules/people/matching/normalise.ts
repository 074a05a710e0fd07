// Field preparation for person matching. Referral data arrives from many agencies with different
// conventions for accents, case, punctuation, date formats and postcodes; every comparison in the engine
// works on the canonical forms produced here, so two spellings that differ only in presentation compare
// as equal and the comparison code never has to think about formatting.

const SPECIAL_LETTERS: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };
const NULL_TOKENS = new Set(['', 'na', 'n/a', 'null', 'none', 'unknown', 'nk', '-', '?']);

/** Lower-case, strip accents and fold special letters; punctuation other than letters/digits becomes a space. */
export function foldText(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  const lower = value.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  let out = '';
  for (const ch of lower) out += SPECIAL_LETTERS[ch] ?? ch;
  out = out.replace(/['’`]/g, '').replace(/[^a-z0-9]+/g, ' ').trim();
  return NULL_TOKENS.has(out) ? '' : out;
}

/** A name as lower-case ASCII tokens; hyphens and apostrophes split or join parts ("O'Neil" → "oneil"). */
export function normaliseName(value: string | null | undefined): string {
  return foldText(value).replace(/[0-9]+/g, ' ').replace(/\s+/g, ' ').trim();
}

export interface DateOfBirth {
  /** 0 when unknown. */
  year: number;
  month: number;
  day: number;
}

const EMPTY_DOB: DateOfBirth = { year: 0, month: 0, day: 0 };

/**
 * Keeps mistyped components (month 13, day 75, year 9185) as they are, so a comparison can still see
 * that only one part differs; only zero/absent parts count as unknown.
 */
function plausible(y: number, m: number, d: number): DateOfBirth {
  const year = y >= 1 && y <= 9999 ? y : 0;
  const month = m >= 1 && m <= 99 ? m : 0;
  const day = d >= 1 && d <= 99 ? d : 0;
  return { year, month, day };
}

/**
 * Parses `YYYY-MM-DD`, `DD/MM/YYYY` (also with `-` or `.`), `YYYYMMDD`, or separate year/month/day parts.
 * Missing components become 0 (unknown) rather than failing the whole date.
 */
export function parseDob(value: string | null | undefined, parts?: { year?: string | null; month?: string | null; day?: string | null }): DateOfBirth {
  if (parts && (parts.year || parts.month || parts.day)) {
    const n = (s: string | null | undefined) => (s && /^\s*\d+\s*$/.test(s) ? Number(s) : 0);
    return plausible(n(parts.year), n(parts.month), n(parts.day));
  }
  const s = (value ?? '').trim();
  if (!s) return EMPTY_DOB;
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})/.exec(s);
  if (m) return plausible(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(s);
  if (m) return plausible(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return plausible(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})$/.exec(s);
  if (m) return plausible(Number(m[1]), 0, 0);
  return EMPTY_DOB;
}

/** 1 = male, 2 = female, 0 = unknown / not stated. */
export function normaliseSex(value: string | null | undefined): number {
  const v = foldText(value);
  if (v === 'm' || v === 'male' || v === 'man' || v === 'boy' || v === '1') return 1;
  if (v === 'f' || v === 'female' || v === 'woman' || v === 'girl' || v === '2') return 2;
  return 0;
}

const UK_POSTCODE = /^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$/;

/** Upper-case postcode without spaces; US ZIP+4 keeps the five-digit ZIP. */
export function normalisePostcode(value: string | null | undefined): string {
  const v = (value ?? '').toUpperCase().replace(/[^A-Z0-9-]/g, '');
  if (/^\d{5}-\d{4}$/.test(v)) return v.slice(0, 5);
  const out = v.replace(/-/g, '');
  return NULL_TOKENS.has(out.toLowerCase()) ? '' : out;
}

/** The postcode district: the UK outward code ("SW1A 1AA" → "SW1A"), otherwise the first three characters. */
export function postcodeDistrict(postcode: string): string {
  if (!postcode) return '';
  const uk = UK_POSTCODE.exec(postcode);
  if (uk) return uk[1]!;
  return postcode.length > 3 ? postcode.slice(0, 3) : postcode;
}

const ADDRESS_ABBREVIATIONS: Record<string, string> = {
  st: 'street', rd: 'road', ave: 'avenue', av: 'avenue', ln: 'lane', cl: 'close', cres: 'crescent', cr: 'crescent',
  pl: 'place', dr: 'drive', ct: 'court', sq: 'square', tce: 'terrace', ter: 'terrace', gdns: 'gardens', hwy: 'highway',
  pde: 'parade', cct: 'circuit', apt: 'flat', apartment: 'flat', unit: 'flat', no: '', nth: 'north', sth: 'south',
};

/** Folded address with common abbreviations expanded ("12 High St." → "12 high street"). */
export function normaliseAddress(value: string | null | undefined): string {
  const tokens = foldText(value).split(' ');
  const out: string[] = [];
  for (const t of tokens) {
    if (!t) continue;
    const e = ADDRESS_ABBREVIATIONS[t];
    if (e === '') continue;
    out.push(e ?? t);
  }
  return out.join(' ');
}

/** Address words that carry little identifying information on their own. */
export const ADDRESS_STOP_WORDS = new Set([
  'street', 'road', 'avenue', 'lane', 'close', 'crescent', 'place', 'drive', 'court', 'square', 'terrace', 'gardens',
  'way', 'highway', 'parade', 'circuit', 'flat', 'the', 'of', 'and', 'house', 'north', 'south', 'east', 'west',
]);

/** House number as folded text without spaces ("12 A" → "12a"). */
export function normaliseStreetNumber(value: string | null | undefined): string {
  return foldText(value).replace(/ /g, '');
}

export function normaliseEmail(value: string | null | undefined): string {
  const v = (value ?? '').trim().toLowerCase();
  return v.includes('@') ? v : '';
}

/** NHS numbers as ten digits, or '' when the value is not a ten-digit number. */
export function normaliseNhsNumber(value: string | null | undefined): string {
  const v = (value ?? '').replace(/\D/g, '');
  return v.length === 10 ? v : '';
}

export function normaliseSchool(value: string | null | undefined): string {
  return foldText(value).replace(/\b(school|academy|college|primary|secondary|high)\b/g, '').replace(/\s+/g, ' ').trim();
}
