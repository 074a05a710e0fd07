import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoDay, isoInstant } from './instants.js';

const FROM = Date.UTC(1970, 0, 1);
const TO = Date.UTC(2100, 0, 1);

describe('instants as ISO text', () => {
  it('are what Date#toISOString writes, to the millisecond', () => {
    fc.assert(
      fc.property(fc.integer({ min: FROM, max: TO }), (ms) => {
        expect(isoInstant(ms)).toBe(new Date(ms).toISOString());
        expect(isoDay(ms)).toBe(new Date(ms).toISOString().slice(0, 10));
      }),
      { numRuns: 20_000 },
    );
  });

  it('drop a fraction of a millisecond as Date does, and keep day and leap-day edges', () => {
    for (const ms of [1.9, Date.UTC(2024, 1, 29, 23, 59, 59, 999) + 0.5, Date.UTC(2025, 2, 30, 0, 0, 0, 0), Date.UTC(2025, 2, 29, 23, 59, 59, 999), 0]) {
      expect(isoInstant(ms)).toBe(new Date(ms).toISOString());
    }
  });
});
