import { describe, expect, it } from 'vitest';
import { compareCode, DOB, F_FAMILY, F_GIVEN, FAMILY, GIVEN, levelOf, MAX_MEMO_SLOTS, memoSlots, ADDRESS, POSTCODE, BINARY, compareDob, digitDifferences, EMAIL, F_EMAIL, F_LOCALITY, F_STREET_NUMBER, LOCALITY, oneCharApart, STREET_NUMBER } from './comparisons.js';
import { areNicknames, areVariants, jaroWinkler } from './names.js';
import { phoneticMatch } from './phonetics.js';
import { prepareRecords } from './prepare.js';
import type { PersonRecord } from './types.js';

function levels(a: Omit<PersonRecord, 'id'>, b: Omit<PersonRecord, 'id'>) {
  const p = prepareRecords([{ id: 'a', ...a }, { id: 'b', ...b }]);
  const code = compareCode(p, 0, 1);
  return { given: levelOf(code, F_GIVEN), family: levelOf(code, F_FAMILY), dob: levelOf(code, 2), sex: levelOf(code, 3), postcode: levelOf(code, 4), address: levelOf(code, 5), streetNumber: levelOf(code, F_STREET_NUMBER), locality: levelOf(code, F_LOCALITY), email: levelOf(code, F_EMAIL) };
}

describe('name helpers', () => {
  it('Jaro–Winkler matches known values and is symmetric', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 2);
    expect(jaroWinkler('abc', 'abc')).toBe(1);
    expect(jaroWinkler('', 'abc')).toBe(0);
    expect(jaroWinkler('crate', 'trace')).toBe(jaroWinkler('trace', 'crate'));
  });
  it('knows transliteration variants and nicknames', () => {
    expect(areVariants('mohammed', 'muhammad')).toBe(true);
    expect(areVariants('yusuf', 'youssef')).toBe(true);
    expect(areVariants('aleksandr', 'alexander')).toBe(true);
    expect(areVariants('ali', 'aly')).toBe(true);
    expect(areVariants('john', 'mary')).toBe(false);
    expect(areNicknames('robert', 'bob')).toBe(true);
    expect(areNicknames('bob', 'rob')).toBe(true);
    expect(areNicknames('robert', 'mary')).toBe(false);
  });
  it('double metaphone matches sound-alikes', () => {
    expect(phoneticMatch('smith', 'smyth')).toBe(true);
    expect(phoneticMatch('smith', 'jones')).toBe(false);
  });
});

describe('given and family name levels', () => {
  it('grades given names', () => {
    expect(levels({ givenName: 'John' }, { givenName: 'JOHN' }).given).toBe(GIVEN.EXACT);
    expect(levels({ givenName: 'Mohammed' }, { givenName: 'Muhammad' }).given).toBe(GIVEN.VARIANT);
    expect(levels({ givenName: 'William' }, { givenName: 'Bill' }).given).toBe(GIVEN.NICKNAME);
    expect(levels({ givenName: 'Katherine' }, { givenName: 'Cathryn' }).given).toBe(GIVEN.PHONETIC);
    expect(levels({ givenName: 'Jonathan' }, { givenName: 'Jonatham' }).given).toBe(GIVEN.JW92);
    expect(levels({ givenName: 'J' }, { givenName: 'John' }).given).toBe(GIVEN.INITIAL);
    expect(levels({ givenName: 'Mary-Jane' }, { givenName: 'Jane' }).given).toBe(GIVEN.PART);
    expect(levels({ givenName: 'Peter' }, { givenName: 'Susan' }).given).toBe(GIVEN.DISAGREE);
    expect(levels({ givenName: '' }, { givenName: 'Susan' }).given).toBe(0);
  });
  it('detects given/family swaps', () => {
    const l = levels({ givenName: 'Chen', familyName: 'Wei' }, { givenName: 'Wei', familyName: 'Chen' });
    expect(l.given).toBe(GIVEN.SWAPPED);
    expect(l.family).toBe(FAMILY.SWAPPED);
  });
  it('grades family names', () => {
    expect(levels({ familyName: "O'Neil" }, { familyName: 'ONeil' }).family).toBe(FAMILY.EXACT);
    expect(levels({ familyName: 'Smith' }, { familyName: 'Smyth' }).family).toBe(FAMILY.PHONETIC);
    expect(levels({ familyName: 'Smith-Jones' }, { familyName: 'Jones' }).family).toBe(FAMILY.PART);
    expect(levels({ familyName: 'Harrington' }, { familyName: 'Harringtom' }).family).toBe(FAMILY.JW92);
    expect(levels({ familyName: 'Smith' }, { familyName: 'Okafor' }).family).toBe(FAMILY.DISAGREE);
  });
});

describe('date of birth levels', () => {
  it('grades dates', () => {
    expect(compareDob(1985, 6, 12, 1985, 6, 12)).toBe(DOB.EXACT);
    expect(compareDob(1985, 6, 12, 1985, 12, 6)).toBe(DOB.DM_SWAPPED);
    expect(compareDob(1985, 6, 12, 1985, 6, 13)).toBe(DOB.ONE_DIGIT);
    expect(compareDob(1985, 6, 12, 1958, 6, 12)).toBe(DOB.ONE_DIGIT);
    expect(compareDob(1985, 6, 12, 1944, 6, 12)).toBe(DOB.ONE_PART);
    expect(compareDob(1985, 6, 2, 1985, 6, 29)).toBe(DOB.ONE_PART);
    expect(compareDob(2008, 8, 27, 2018, 8, 26)).toBe(DOB.NEAR);
    expect(compareDob(1985, 6, 12, 1985, 2, 3)).toBe(DOB.YEAR_ONLY);
    expect(compareDob(1985, 6, 12, 1985, 9, 30)).toBe(DOB.YEAR_ONLY);
    expect(compareDob(1985, 6, 12, 1987, 1, 3)).toBe(DOB.WITHIN_2Y);
    expect(compareDob(1985, 6, 12, 1960, 1, 3)).toBe(DOB.DISAGREE);
    expect(compareDob(0, 0, 0, 1960, 1, 3)).toBe(0);
    expect(levels({ dateOfBirth: '12/06/1985' }, { dateOfBirth: '19850612' }).dob).toBe(DOB.EXACT);
  });
});

describe('digit and character helpers', () => {
  it('counts mistyped digits, treating swapped neighbours as one', () => {
    expect(digitDifferences(1985, 1985, 4)).toBe(0);
    expect(digitDifferences(1985, 1986, 4)).toBe(1);
    expect(digitDifferences(1985, 1958, 4)).toBe(1);
    expect(digitDifferences(1985, 9185, 4)).toBe(1);
    expect(digitDifferences(1985, 1944, 4)).toBe(2);
    expect(digitDifferences(17, 71, 2)).toBe(1);
    expect(digitDifferences(2, 29, 2)).toBe(2);
  });
  it('finds strings one character apart', () => {
    expect(oneCharApart('2652', '2653')).toBe(true);
    expect(oneCharApart('2652', '2625')).toBe(true);
    expect(oneCharApart('2652', '2600')).toBe(false);
    expect(oneCharApart('265', '2652')).toBe(false);
  });
});

describe('new name levels', () => {
  it('sees a given name written in the other record\'s family-name box', () => {
    expect(levels({ givenName: 'Riley', familyName: 'Gloster' }, { givenName: 'Gloster', familyName: 'Mia' }).given).toBe(GIVEN.CROSS);
    expect(levels({ givenName: 'Matilda', familyName: 'Barker' }, { familyName: 'Matilda' }).family).toBe(FAMILY.CROSS);
    // With both given names present the evidence is counted once, under given names.
    expect(levels({ givenName: 'Riley', familyName: 'Gloster' }, { givenName: 'Gloster', familyName: 'Mia' }).family).toBe(FAMILY.DISAGREE);
  });
  it('grades heavily mistyped names as loosely similar', () => {
    expect(levels({ givenName: 'grxw' }, { givenName: 'gracc' }).given).toBe(GIVEN.WEAK);
    expect(levels({ familyName: 'wynbrrwn' }, { familyName: 'wybfeegn' }).family).toBe(FAMILY.WEAK);
  });
});

describe('other fields', () => {
  it('grades house numbers, towns and emails', () => {
    expect(levels({ streetNumber: '12' }, { streetNumber: '12' }).streetNumber).toBe(STREET_NUMBER.EXACT);
    expect(levels({ streetNumber: '96' }, { streetNumber: '9' }).streetNumber).toBe(STREET_NUMBER.NEAR);
    expect(levels({ streetNumber: '12' }, { streetNumber: '13' }).streetNumber).toBe(STREET_NUMBER.NEAR);
    expect(levels({ streetNumber: '12' }, { streetNumber: '40' }).streetNumber).toBe(STREET_NUMBER.DISAGREE);
    expect(levels({ streetNumber: '12' }, {}).streetNumber).toBe(0);
    expect(levels({ locality: 'Kingston' }, { locality: 'KINGSTON' }).locality).toBe(LOCALITY.EXACT);
    expect(levels({ locality: 'Kingston' }, { locality: 'Kingson' }).locality).toBe(LOCALITY.SIMILAR);
    expect(levels({ locality: 'Kingston' }, { locality: 'Leeds' }).locality).toBe(LOCALITY.DISAGREE);
    expect(levels({ email: 'jb88@king.com' }, { email: 'jb88@kingmail.com' }).email).toBe(EMAIL.SIMILAR);
    expect(levels({ email: 'r.m51@leonard.net' }, { email: 'r..m51@leonard.net' }).email).toBe(EMAIL.SIMILAR);
    expect(levels({ email: 'a@b.com' }, { email: 'zed@other.org' }).email).toBe(EMAIL.DISAGREE);
    expect(levels({ postcode: '2652' }, { postcode: '2625' }).postcode).toBe(POSTCODE.ONE_CHAR);
  });
  it('grades sex, postcode, address and identifiers', () => {
    expect(levels({ sex: 'F' }, { sex: 'female' }).sex).toBe(BINARY.AGREE);
    expect(levels({ sex: 'F' }, { sex: 'M' }).sex).toBe(BINARY.DISAGREE);
    expect(levels({ postcode: 'SW1A 1AA' }, { postcode: 'sw1a1aa' }).postcode).toBe(POSTCODE.EXACT);
    expect(levels({ postcode: 'SW1A 1AA' }, { postcode: 'SW1A 2BB' }).postcode).toBe(POSTCODE.DISTRICT);
    expect(levels({ postcode: 'SW1A 1AA' }, { postcode: 'M1 1AE' }).postcode).toBe(POSTCODE.DISAGREE);
    expect(levels({ address: '12 High St' }, { address: '12 high street' }).address).toBe(ADDRESS.EXACT);
    expect(levels({ address: '12 High Street Oldtown' }, { address: '12 High Street Oldtwon' }).address).toBe(ADDRESS.HIGH);
    expect(levels({ address: '12 High Street' }, { address: '40 Park Road' }).address).toBe(ADDRESS.DISAGREE);
    expect(levels({ email: 'A@b.com' }, { email: 'a@b.com' }).email).toBe(EMAIL.EXACT);
    expect(levels({ email: 'a@b.com' }, {}).email).toBe(0);
  });
});

describe('the name-pair memo', () => {
  it('is sized for the dictionary: small for a referral’s candidates, full for a batch', () => {
    expect(memoSlots(0)).toBe(1024);
    expect(memoSlots(40)).toBe(1024);
    expect(memoSlots(100)).toBe(2048);
    expect(memoSlots(4_096)).toBe(65_536);
    expect(memoSlots(4_097)).toBe(MAX_MEMO_SLOTS);
    expect(memoSlots(10_000_000)).toBe(MAX_MEMO_SLOTS);
  });

  it('gives the same levels whatever size of dictionary came before', () => {
    const pair = [{ givenName: 'Jonathon', familyName: 'Smyth' }, { givenName: 'Jonathan', familyName: 'Smith' }] as const;
    const alone = levels(pair[0], pair[1]);
    // A dictionary big enough for larger tables, with the same names at other ids, then the pair again.
    const crowd = Array.from({ length: 300 }, (_, i) => ({ id: `c${i}`, givenName: `Name${i}`, familyName: i % 2 ? 'Smith' : 'Smyth' }));
    const big = prepareRecords([...crowd, { id: 'a', ...pair[0] }, { id: 'b', ...pair[1] }]);
    const code = compareCode(big, crowd.length, crowd.length + 1);
    expect({ given: levelOf(code, F_GIVEN), family: levelOf(code, F_FAMILY) }).toEqual({ given: alone.given, family: alone.family });
    expect(levels(pair[0], pair[1])).toEqual(alone);
  });
});
