import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addMonths, formatDay, formatInstant, londonDate } from './dates.js';

describe('addMonths', () => {
  it('moves by calendar months, keeping the day where the month has it', () => {
    expect(addMonths('2026-01-15', 6)).toBe('2026-07-15');
    expect(addMonths('2026-11-22', 12)).toBe('2027-11-22');
    expect(addMonths('2026-03-10', -3)).toBe('2025-12-10');
  });
  it('takes the last day of a shorter month', () => {
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
  });
});

describe('UK dates and times without Intl on every call', () => {
  // The reference: Intl's own formatting in Europe/London, which these functions must give exactly.
  const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
  const instant = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit', timeZone: 'Europe/London' });
  const isoDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
  // Across the fast range and past both ends of it (where Intl is asked directly).
  const anyInstant = fc.date({ min: new Date('1800-01-01T00:00:00Z'), max: new Date('2200-12-31T23:59:59Z'), noInvalidDate: true });

  it('give Intl’s UK date and time of any instant', () => {
    fc.assert(
      fc.property(anyInstant, (d) => {
        expect(formatInstant(d)).toBe(instant.format(d));
        expect(londonDate(d)).toBe(isoDay.format(d));
      }),
      { numRuns: 20_000 },
    );
  });

  it('give Intl’s long form of any ISO date', () => {
    fc.assert(
      fc.property(anyInstant, (d) => {
        const iso = d.toISOString().slice(0, 10);
        expect(formatDay(iso)).toBe(day.format(new Date(`${iso}T12:00:00Z`)));
      }),
      { numRuns: 5_000 },
    );
  });

  it('change the clock at the hour the UK does, both ways, and show the hour unpadded as Intl does', () => {
    for (const iso of ['2026-03-29T00:59:59.999Z', '2026-03-29T01:00:00Z', '2026-10-25T00:59:59.999Z', '2026-10-25T01:00:00Z', '1941-05-04T00:59:59Z', '1941-05-04T01:00:00Z']) {
      expect(formatInstant(new Date(iso))).toBe(instant.format(new Date(iso)));
    }
    expect(formatInstant(new Date('2026-03-29T01:00:00Z'))).toBe('29 March 2026 at 2:00');
    expect(formatInstant(new Date('2026-10-24T23:30:00Z'))).toBe('25 October 2026 at 0:30');
    expect(londonDate(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
  });

  it('refuse what is not a date as before, and show nothing for none', () => {
    expect(() => formatDay('not a date')).toThrow(RangeError);
    expect(() => formatInstant(new Date(Number.NaN))).toThrow(RangeError);
    expect(formatDay(null)).toBe('');
    expect(formatInstant(undefined)).toBe('');
  });
});
