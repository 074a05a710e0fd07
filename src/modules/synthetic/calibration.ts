// The published shape of Prevent and Channel activity that synthetic data is calibrated to: volumes, funnel,
// sector, age, gender, concern mix and adoption rates per April–March year. Source: /work/shared/domain.md §9
// (Home Office "Individuals referred to and supported through the Prevent programme" releases 2015/16–2024/25);
// where a year's figure is not published, the nearest year's share is used.

export type Sector = 'education' | 'police' | 'local_authority' | 'health' | 'community' | 'prisons' | 'probation';

export interface YearCalibration {
  /** Statistics year by its starting calendar year (2024 = 2024/25). */
  year: number;
  referrals: number;
  /** Share of referrals discussed at a Channel panel. */
  discussed: number;
  /** Adopted ÷ discussed. */
  adoptRatio: number;
  /** Referring sector shares (community = friends, family and the public). */
  sectors: Record<Sector, number>;
  /** Type-of-concern shares, by concern category code valid that year (migrations/0004). */
  concerns: Record<string, number>;
  /** Adoption rate relative to the year's ratio, by concern (ERW and Islamist above, no ideology below). */
  adoptionWeight: Record<string, number>;
}

const SECTORS_BEFORE_2021: Record<Sector, number> = { education: 0.31, police: 0.31, local_authority: 0.09, health: 0.1, community: 0.13, prisons: 0.03, probation: 0.03 };
const SECTORS_2023: Record<Sector, number> = { education: 0.4, police: 0.28, local_authority: 0.09, health: 0.1, community: 0.08, prisons: 0.02, probation: 0.03 };
const SECTORS_2024: Record<Sector, number> = { education: 0.36, police: 0.3, local_authority: 0.1, health: 0.11, community: 0.08, prisons: 0.02, probation: 0.03 };

const EARLY_CONCERNS = { islamist: 0.55, extreme_right_wing: 0.18, other: 0.1, unspecified: 0.17 };
const MIXED_CONCERNS = { islamist: 0.22, extreme_right_wing: 0.25, mixed_unclear_unstable: 0.51, other: 0.02 };
const CONFLICTED_CONCERNS = { vulnerability_no_ideology: 0.36, extreme_right_wing: 0.19, conflicted: 0.18, islamist: 0.13, incel: 0.04, school_massacre: 0.03, left_wing_anarchist_single_issue: 0.03, other: 0.04 };
const CONCERNS_2024 = { no_ideology_identified: 0.3, no_ideology_other_susceptibility: 0.26, extreme_right_wing: 0.21, islamist: 0.1, multiple_none_dominant: 0.05, incel: 0.03, school_massacre: 0.02, other: 0.03 };

// Adoption rates by concern, 2024/25: ERW 28–33%, Islamist 26%, no ideology 7%; as weights on the year's ratio.
const ADOPTION_WEIGHT: Record<string, number> = { extreme_right_wing: 1.25, islamist: 1.15, no_ideology_identified: 0.6, no_ideology_other_susceptibility: 0.6, vulnerability_no_ideology: 0.7 };

export const YEARS: readonly YearCalibration[] = [
  { year: 2015, referrals: 7631, discussed: 0.14, adoptRatio: 0.36, sectors: { ...SECTORS_BEFORE_2021, education: 0.33 }, concerns: EARLY_CONCERNS, adoptionWeight: ADOPTION_WEIGHT },
  { year: 2016, referrals: 6093, discussed: 0.19, adoptRatio: 0.29, sectors: { ...SECTORS_BEFORE_2021, education: 0.32, police: 0.32 }, concerns: { ...EARLY_CONCERNS, islamist: 0.61, extreme_right_wing: 0.16, unspecified: 0.13 }, adoptionWeight: ADOPTION_WEIGHT },
  { year: 2017, referrals: 7318, discussed: 0.18, adoptRatio: 0.3, sectors: SECTORS_BEFORE_2021, concerns: { islamist: 0.44, extreme_right_wing: 0.18, other: 0.14, unspecified: 0.24 }, adoptionWeight: ADOPTION_WEIGHT },
  { year: 2018, referrals: 5737, discussed: 0.23, adoptRatio: 0.42, sectors: SECTORS_BEFORE_2021, concerns: { islamist: 0.4, extreme_right_wing: 0.22, other: 0.14, unspecified: 0.24 }, adoptionWeight: ADOPTION_WEIGHT },
  { year: 2019, referrals: 6287, discussed: 0.23, adoptRatio: 0.49, sectors: SECTORS_BEFORE_2021, concerns: { islamist: 0.3, extreme_right_wing: 0.24, mixed_unclear_unstable: 0.4, other: 0.06 }, adoptionWeight: ADOPTION_WEIGHT },
  { year: 2020, referrals: 4915, discussed: 0.27, adoptRatio: 0.52, sectors: { ...SECTORS_BEFORE_2021, police: 0.36, education: 0.25 }, concerns: MIXED_CONCERNS, adoptionWeight: ADOPTION_WEIGHT },
  { year: 2021, referrals: 6406, discussed: 0.23, adoptRatio: 0.56, sectors: { ...SECTORS_2023, education: 0.36 }, concerns: CONFLICTED_CONCERNS, adoptionWeight: ADOPTION_WEIGHT },
  { year: 2022, referrals: 6817, discussed: 0.16, adoptRatio: 0.56, sectors: { ...SECTORS_2023, education: 0.39, police: 0.29 }, concerns: CONFLICTED_CONCERNS, adoptionWeight: ADOPTION_WEIGHT },
  { year: 2023, referrals: 6922, discussed: 0.13, adoptRatio: 0.57, sectors: SECTORS_2023, concerns: CONFLICTED_CONCERNS, adoptionWeight: ADOPTION_WEIGHT },
  { year: 2024, referrals: 8778, discussed: 0.2, adoptRatio: 0.85, sectors: SECTORS_2024, concerns: CONCERNS_2024, adoptionWeight: ADOPTION_WEIGHT },
];

/** The most recent year's calibration stands in for years after the last published one. */
export function calibrationFor(year: number): YearCalibration {
  const known = YEARS.find((y) => y.year === year);
  if (known) return known;
  const last = YEARS[YEARS.length - 1]!;
  return year > last.year ? { ...last, year } : { ...YEARS[0]!, year };
}

/** Quarter weights of an April–March year (Q1 Apr–Jun .. Q4 Jan–Mar): school terms, Q2 lowest (±30%). */
export const QUARTER_WEIGHTS = [1.05, 0.72, 1.1, 1.13] as const;

/** The undecided rest of referrals: about half no further action, half signposted; a few police-led or handed over. */
export const NON_CHANNEL_OUTCOMES = { no_further_action: 0.47, signposted: 0.45, police_led_management: 0.06, investigation_handover: 0.02 } as const;

/** 88–90% male. */
export const GENDERS = { male: 0.89, female: 0.1, other: 0.005, not_known: 0.005 } as const;

/** Age bands of 2024/25: ≤10 4%, 11–15 36%, 16–17 13% (about 54% under 18), older bands share the rest. */
export const AGE_BANDS: ReadonlyArray<{ min: number; max: number; share: number }> = [
  { min: 8, max: 10, share: 0.04 },
  { min: 11, max: 15, share: 0.36 },
  { min: 16, max: 17, share: 0.13 },
  { min: 18, max: 20, share: 0.12 },
  { min: 21, max: 30, share: 0.16 },
  { min: 31, max: 40, share: 0.1 },
  { min: 41, max: 65, share: 0.09 },
];

/** Mental health or neurodiversity recorded for 34%; autism 14%. */
export const SUPPORT_NEEDS_SHARE = 0.34;
export const AUTISM_SHARE = 0.14;

/** Ethnicity 2024/25 (White 2,747; Asian 798; Black 320 of those recorded). */
export const ETHNICITIES = { white: 0.5, asian: 0.15, black: 0.06, mixed: 0.05, other: 0.02, not_known: 0.22 } as const;

/** About 10% of people are referred again. */
export const REPEAT_SHARE = 0.1;

/** Force volume skew: London 25% (the Met most of it); the large metropolitan forces above the rest. */
export const FORCE_WEIGHTS: Record<string, number> = { met: 23, 'city-of-london': 2, 'west-midlands': 6, 'greater-manchester': 5, 'west-yorkshire': 4, 'thames-valley': 3, 'avon-and-somerset': 2.5, lancashire: 2.5, merseyside: 2.5, kent: 2.5 };
/** Weight of any force not named above. */
export const DEFAULT_FORCE_WEIGHT = 1.25;

/** ~79% of closed Channel cases exit with no further concern. */
export const EXIT_REASONS = { vulnerability_reduced: 0.79, consent_withdrawn: 0.08, other_route: 0.13 } as const;
