import { describe, expect, it } from 'vitest';
import { createRandom, RANDOM_STREAMS } from './random.js';

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
