// The definitions behind the tables: age at referral and its bands (2024/25 release), the statistics year, sectors.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AGE_BANDS, ageAtReferral, ageBand, ageOn, parseYear, sectorOf, selectableYears, yearOf } from './definitions.js';

describe('age bands', () => {
  it('puts each edge age in its band', () => {
    const cases: Array<[number | null, string]> = [
      [0, 'under_11'], [10, 'under_11'], [11, '11_15'], [15, '11_15'], [16, '16_17'], [17, '16_17'], [18, '18_20'], [20, '18_20'],
      [21, '21_30'], [30, '21_30'], [31, '31_40'], [40, '31_40'], [41, '41_50'], [50, '41_50'], [51, '51_over'], [120, '51_over'],
      [null, 'not_known'], [-1, 'not_known'],
    ];
    for (const [age, band] of cases) expect(ageBand(age), String(age)).toBe(band);
  });

  it('gives every age exactly one band, in order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 130 }), (age) => {
        const matching = AGE_BANDS.filter((b) => age >= b.min && (b.max === null || age <= b.max));
        expect(matching).toHaveLength(1);
        expect(ageBand(age)).toBe(matching[0]!.code);
      }),
    );
  });

  it('counts age at referral in whole years, birthdays included, leap-day birthdays on 1 March', () => {
    expect(ageOn('2010-11-22', '2026-11-22')).toBe(16);
    expect(ageOn('2010-11-23', '2026-11-22')).toBe(15);
    expect(ageOn('2008-02-29', '2025-02-28')).toBe(16);
    expect(ageOn('2008-02-29', '2025-03-01')).toBe(17);
    expect(ageAtReferral({ dateOfBirth: '2010-05-01', approximateAge: 30, submittedOn: '2024-04-30' })).toBe(13);
    expect(ageAtReferral({ dateOfBirth: null, approximateAge: 19, submittedOn: '2024-04-30' })).toBe(19);
    expect(ageAtReferral({ dateOfBirth: null, approximateAge: null, submittedOn: '2024-04-30' })).toBeNull();
  });
});

describe('statistics year', () => {
  it('runs April to March', () => {
    expect(yearOf('2025-03-31').code).toBe('2024-25');
    expect(yearOf('2025-04-01')).toMatchObject({ code: '2025-26', label: '2025/26', from: '2025-04-01', to: '2026-03-31' });
    expect(yearOf('1999-12-31').code).toBe('1999-00');
  });

  it('accepts 2015-16 up to the current year only', () => {
    expect(parseYear('2024-25', '2026-11-22')?.start).toBe(2024);
    expect(parseYear('2024/25', '2026-11-22')?.start).toBe(2024);
    for (const bad of ['2024', '2024-26', '2014-15', '2027-28', '24-25', '']) expect(parseYear(bad, '2026-11-22'), bad).toBeNull();
    expect(selectableYears('2026-11-22').map((y) => y.code).slice(0, 2)).toEqual(['2026-27', '2025-26']);
    expect(selectableYears('2026-11-22').at(-1)?.code).toBe('2015-16');
  });
});

describe('sector', () => {
  it('comes from the referring organisation’s kind; public referrals are Community', () => {
    expect(['school', 'college', 'university', 'police_force', 'national_police_hub', 'local_authority', 'nhs_trust', 'prison', 'probation', 'intervention_provider', null].map(sectorOf)).toEqual([
      'education', 'education', 'education', 'police', 'police', 'local_authority', 'health', 'prisons', 'probation', 'other', 'community',
    ]);
  });
});
