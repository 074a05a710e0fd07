// The definitions behind the official statistics, in one place so the SQL, the page's notes and the tests agree:
// the April–March statistics year, the age bands of the 2024/25 release, the referring sectors and the
// fixed category lists. Pure: no database, no clock except where a caller passes "today".
import { GENDERS, ETHNICITIES } from '../referrals/referrals.schemas.js';

/** The first statistics year of the annual release (2015/16). */
export const FIRST_YEAR = 2015;
/** The series shows the chosen year and this many years before it. */
export const SERIES_YEARS = 5;

export interface StatisticsYear {
  /** First calendar year: 2024 for 2024-25. */
  start: number;
  /** "2024-25" */
  code: string;
  /** "2024/25" as the release writes it. */
  label: string;
  /** First and last days (UK dates). */
  from: string;
  to: string;
}

export function statisticsYear(start: number): StatisticsYear {
  const end = String((start + 1) % 100).padStart(2, '0');
  return { start, code: `${start}-${end}`, label: `${start}/${end}`, from: `${start}-04-01`, to: `${start + 1}-03-31` };
}

/** The statistics year a UK date falls in (April to March). */
export function yearOf(isoDate: string): StatisticsYear {
  const [y, m] = isoDate.split('-').map(Number) as [number, number];
  return statisticsYear(m >= 4 ? y : y - 1);
}

/** "2024-25" (or "2024/25") as a year, if it is one the release could cover up to the current year; null otherwise. */
export function parseYear(value: string, today: string): StatisticsYear | null {
  const m = /^(\d{4})[-/](\d{2})$/.exec(value.trim());
  if (!m) return null;
  const start = Number(m[1]);
  if ((start + 1) % 100 !== Number(m[2])) return null;
  if (start < FIRST_YEAR || start > yearOf(today).start) return null;
  return statisticsYear(start);
}

/** Every year from 2015-16 to the current one, newest first (the page's year picker). */
export function selectableYears(today: string): StatisticsYear[] {
  const years: StatisticsYear[] = [];
  for (let y = yearOf(today).start; y >= FIRST_YEAR; y--) years.push(statisticsYear(y));
  return years;
}

export const QUARTERS = [
  { code: 'q1', label: 'Apr to Jun' },
  { code: 'q2', label: 'Jul to Sep' },
  { code: 'q3', label: 'Oct to Dec' },
  { code: 'q4', label: 'Jan to Mar' },
] as const;

/** First day of each quarter of a year, then the day after the year: the boundaries the SQL buckets by. */
export function quarterStarts(year: StatisticsYear): string[] {
  const y = year.start;
  return [`${y}-04-01`, `${y}-07-01`, `${y}-10-01`, `${y + 1}-01-01`];
}

// ---- Age at referral --------------------------------------------------------------------------------

/** The bands of the 2024/25 release, used for every year here (older releases grouped ages differently). */
export const AGE_BANDS = [
  { code: 'under_11', label: '10 and under', min: 0, max: 10 },
  { code: '11_15', label: '11 to 15', min: 11, max: 15 },
  { code: '16_17', label: '16 to 17', min: 16, max: 17 },
  { code: '18_20', label: '18 to 20', min: 18, max: 20 },
  { code: '21_30', label: '21 to 30', min: 21, max: 30 },
  { code: '31_40', label: '31 to 40', min: 31, max: 40 },
  { code: '41_50', label: '41 to 50', min: 41, max: 50 },
  { code: '51_over', label: '51 and over', min: 51, max: null },
] as const;
export const AGE_NOT_KNOWN = { code: 'not_known', label: 'Not known' } as const;

/** Whole years of age on a date (a birthday on 29 February falls on 1 March in other years). */
export function ageOn(dateOfBirth: string, onDate: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = onDate.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The band of an age in years; unknown or impossible ages are "Not known". */
export function ageBand(age: number | null | undefined): string {
  if (age === null || age === undefined || !Number.isInteger(age) || age < 0) return AGE_NOT_KNOWN.code;
  return AGE_BANDS.find((b) => age >= b.min && (b.max === null || age <= b.max))!.code;
}

/** Age at referral: from the date of birth on the (UK) submission date, else the approximate age given. */
export function ageAtReferral(r: { dateOfBirth: string | null; approximateAge: number | null; submittedOn: string }): number | null {
  if (r.dateOfBirth) return ageOn(r.dateOfBirth, r.submittedOn);
  return r.approximateAge;
}

// ---- Referring sector -------------------------------------------------------------------------------

export const SECTORS = [
  { code: 'education', label: 'Education' },
  { code: 'police', label: 'Police' },
  { code: 'local_authority', label: 'Local authority' },
  { code: 'health', label: 'Health' },
  { code: 'prisons', label: 'Prisons' },
  { code: 'probation', label: 'Probation' },
  { code: 'community', label: 'Community, friends and family' },
  { code: 'other', label: 'Other' },
] as const;
export type SectorCode = (typeof SECTORS)[number]['code'];

/** The referring organisation's kind decides the sector; a public referral (no organisation) is Community. */
export const SECTOR_OF_KIND: Record<string, SectorCode> = {
  school: 'education',
  college: 'education',
  university: 'education',
  police_force: 'police',
  national_police_hub: 'police',
  local_authority: 'local_authority',
  nhs_trust: 'health',
  prison: 'prisons',
  probation: 'probation',
};

export function sectorOf(referrerOrgKind: string | null): SectorCode {
  if (referrerOrgKind === null) return 'community';
  return SECTOR_OF_KIND[referrerOrgKind] ?? 'other';
}

// ---- Other fixed dimensions ---------------------------------------------------------------------------

const GENDER_LABELS: Record<(typeof GENDERS)[number], string> = { female: 'Female', male: 'Male', other: 'Another gender', not_known: 'Not known' };
export const GENDER_ROWS = GENDERS.map((code) => ({ code, label: GENDER_LABELS[code] }));

const ETHNICITY_LABELS: Record<(typeof ETHNICITIES)[number], string> = {
  asian: 'Asian, Asian British or Asian Welsh',
  black: 'Black, Black British, Black Welsh, Caribbean or African',
  mixed: 'Mixed or multiple ethnic groups',
  white: 'White',
  other: 'Other ethnic group',
  not_known: 'Not known',
};
export const ETHNICITY_ROWS = ETHNICITIES.map((code) => ({ code, label: ETHNICITY_LABELS[code] }));

/** Mutually exclusive, so the rows add up to the total. */
export const NEEDS_ROWS = [
  { code: 'mental_health', label: 'Mental health needs only' },
  { code: 'neurodivergence', label: 'Autism or other neurodivergence only' },
  { code: 'both', label: 'Both mental health needs and neurodivergence' },
  { code: 'neither', label: 'Neither recorded' },
] as const;

export const CONSENT_ROWS = [
  { code: 'given', label: 'Consent given' },
  { code: 'refused', label: 'Consent refused' },
  { code: 'not_recorded', label: 'Not recorded' },
] as const;

/** Type-of-concern rows beyond the versioned categories (concern_categories). */
export const CONCERN_EXTRA_ROWS = [
  { code: '_several', label: 'More than one type recorded' },
  { code: '_no_concern', label: 'No radicalisation concern identified' },
  { code: '_not_assessed', label: 'Not assessed yet' },
] as const;

export const NATIONAL_AREA = { code: '_national', label: 'National (no force area)' } as const;
