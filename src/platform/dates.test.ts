import { describe, expect, it } from 'vitest';
import { addMonths } from './dates.js';

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
