import { describe, expect, it } from 'vitest';
import { FIELDS } from './comparisons.js';
import { PRODUCT_M, PRODUCT_U } from './productModel.data.js';
import { scoreAgainst } from './candidateScoring.js';

const freq = { given: 1, family: 1, total: 100_000 };

describe('scoring candidates for a referral', () => {
  it('stores a model with one probability per comparison level (regenerate with npm run matching:model)', () => {
    for (const table of [PRODUCT_M, PRODUCT_U]) {
      expect(table.map((levels) => levels.length)).toEqual(FIELDS.map((f) => f.levels.length));
    }
  });

  it('finds the school\'s "Mohammed Ali" in the police\'s "Muhammad Aly" with the date written the other way round', () => {
    const [e] = scoreAgainst(
      { id: 'new', givenName: 'Muhammad', familyName: 'Aly', dateOfBirth: '2009-03-14', sex: 'male', postcode: 'B30 2AB' },
      [{ id: 'old', givenName: 'Mohammed', familyName: 'Ali', dateOfBirth: '2009-03-14', sex: 'male', postcode: 'B29 6QT' }],
      freq,
    );
    expect(e!.matchProbability).toBeGreaterThan(0.9);
    expect(e!.fields.map((f) => f.field)).toEqual(['Given names', 'Family names', 'Date of birth', 'Sex', 'Postcode', 'Address', 'School'].filter((l) => e!.fields.some((f) => f.field === l)));
    expect(e!.fields.find((f) => f.field.startsWith('Date'))!.outcome).toBe('agree');
  });

  it('keeps a sibling at the same address apart', () => {
    const [e] = scoreAgainst(
      { id: 'new', givenName: 'Yusuf', familyName: 'Khan', dateOfBirth: '2008-01-02', sex: 'male', postcode: 'B30 2AB', address: '4 Elm Road' },
      [{ id: 'old', givenName: 'Bilal', familyName: 'Khan', dateOfBirth: '2010-06-09', sex: 'male', postcode: 'B30 2AB', address: '4 Elm Road' }],
      freq,
    );
    expect(e!.isMatch).toBe(false);
    expect(e!.notes.join(" ")).toMatch(/household/);
  });

  it('counts agreement on a common family name for less than on a rare one', () => {
    const pair = (family: string) =>
      scoreAgainst({ id: 'a', givenName: 'Adam', familyName: family, dateOfBirth: '2001-05-05' }, [{ id: 'b', givenName: 'Adam', familyName: family, dateOfBirth: '1999-02-03' }], {
        given: 50,
        family: family === 'Khan' ? 5_000 : 2,
        total: 1_000_000,
      })[0]!.matchWeight;
    expect(pair('Khan')).toBeLessThan(pair('Quarrington'));
  });
});
