// Referrer errors look like the real ones: one slip, a known spelling, a day and month swapped only when both are real.
import { describe, expect, it } from 'vitest';
import { asRecordedAgain, swapDayMonth, transliterate, typo } from './names.js';
import { createRandom } from './random.js';

describe('synthetic names', () => {
  it('swaps day and month only where both readings are dates', () => {
    expect(swapDayMonth('2010-03-07')).toBe('2010-07-03');
    expect(swapDayMonth('2010-03-25')).toBe('2010-03-25');
  });
  it('makes one slip of one letter', () => {
    const rnd = createRandom(3);
    for (let i = 0; i < 50; i++) expect(Math.abs(typo(rnd, 'Mohammed').length - 8)).toBeLessThanOrEqual(1);
  });
  it('knows transliteration variants', () => {
    expect(['Muhammad', 'Mohammad', 'Mohamed', 'Muhammed']).toContain(transliterate(createRandom(1), 'Mohammed'));
  });
  it('is deterministic for a seed', () => {
    const p = { givenName: 'Yusuf', familyName: 'Hussain', dateOfBirth: '2009-04-05' };
    expect(asRecordedAgain(createRandom(9), p)).toEqual(asRecordedAgain(createRandom(9), p));
  });
});
