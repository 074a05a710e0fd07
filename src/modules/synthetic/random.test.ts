import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRandom, RANDOM_STREAMS, uuidOf } from './random.js';

describe('random streams', () => {
  it('start each 2^29 draws further along the one sequence, so they never overlap', () => {
    const zero = createRandom(11, 0);
    for (let i = 0; i < 2 ** 29; i++) zero.next();
    const one = createRandom(11, 1);
    expect(Array.from({ length: 5 }, () => zero.next())).toEqual(Array.from({ length: 5 }, () => one.next()));
  });

  it('are the same for the same seed and stream, and refuse a stream that is not one', () => {
    expect(createRandom(5, 3).uuid()).toBe(createRandom(5, 3).uuid());
    expect(createRandom(5, 3).uuid()).not.toBe(createRandom(5, 2).uuid());
    expect(() => createRandom(5, RANDOM_STREAMS)).toThrow(RangeError);
    expect(() => createRandom(5, -1)).toThrow(RangeError);
  });
});

describe('uuidOf', () => {
  it('writes the four words as a version-4 UUID, every bit of them but the variant word top two in place', () => {
    expect(uuidOf(0, 0, 0, 0)).toBe('00000000-0000-4000-8000-000000000000');
    expect(uuidOf(0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff)).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
    expect(uuidOf(0x01234567, 0x89abcdef, 0x76543210, 0xfedcba98)).toBe('01234567-89ab-4def-9654-3210fedcba98');
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff }), (a, b, c, d) => {
        expect(uuidOf(a, b, c, d)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      }),
    );
  });
});
