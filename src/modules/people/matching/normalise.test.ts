import { describe, expect, it } from 'vitest';
import { foldText, normaliseAddress, normaliseName, normalisePostcode, normaliseSex, parseDob, postcodeDistrict } from './normalise.js';

describe('field preparation', () => {
  it('folds accents, case and punctuation', () => {
    expect(foldText('  Zoë  Ó’Brien-Smith ')).toBe('zoe obrien smith');
    expect(normaliseName('José-María')).toBe('jose maria');
    expect(normaliseName('NA')).toBe('');
    expect(normaliseName('Straße')).toBe('strasse');
  });
  it('parses the supported date formats', () => {
    expect(parseDob('1985-06-12')).toEqual({ year: 1985, month: 6, day: 12 });
    expect(parseDob('12/06/1985')).toEqual({ year: 1985, month: 6, day: 12 });
    expect(parseDob('19850612')).toEqual({ year: 1985, month: 6, day: 12 });
    expect(parseDob(null, { year: '1985', month: '6', day: '12' })).toEqual({ year: 1985, month: 6, day: 12 });
    expect(parseDob('rubbish')).toEqual({ year: 0, month: 0, day: 0 });
  });
  it('normalises sex, postcodes and districts', () => {
    expect(normaliseSex('Female')).toBe(2);
    expect(normaliseSex('m')).toBe(1);
    expect(normaliseSex('')).toBe(0);
    expect(normalisePostcode('sw1a 1aa')).toBe('SW1A1AA');
    expect(postcodeDistrict('SW1A1AA')).toBe('SW1A');
    expect(postcodeDistrict('M11AE')).toBe('M1');
    expect(postcodeDistrict('2615')).toBe('261');
    expect(normalisePostcode('06419-6160')).toBe('06419');
  });
  it('expands address abbreviations', () => {
    expect(normaliseAddress('12, High St.')).toBe('12 high street');
  });
});
