import { describe, expect, it } from 'vitest';
import { checkPage, firstIncompletePage, PAGES, PUBLIC_FLOW, sectionsOf, type Answers } from './journey.js';

const person = { givenName: 'Sam', familyName: 'Example', aliases: [] };

describe('question pages', () => {
  it('reports only the errors about the page’s own fields', () => {
    const { errors } = checkPage(PAGES.person!, {}, { givenName: '', familyName: 'Example' });
    expect(errors).toEqual([{ field: 'givenName', message: 'Enter their first name' }]);
  });

  it('names the missing part of a half-filled date and refuses impossible and future dates', () => {
    expect(checkPage(PAGES.age!, { subject: person }, { 'dateOfBirth-day': '14', 'dateOfBirth-year': '2009', gender: 'male' }).errors).toEqual([
      { field: 'dateOfBirth-month', message: 'Date of birth must include a month' },
    ]);
    expect(checkPage(PAGES.age!, { subject: person }, { 'dateOfBirth-day': '31', 'dateOfBirth-month': '2', 'dateOfBirth-year': '2009', gender: 'male' }).errors[0]?.message).toBe(
      'Date of birth must be a real date',
    );
    const next = new Date().getUTCFullYear() + 1;
    expect(checkPage(PAGES.age!, { subject: person }, { 'dateOfBirth-day': '1', 'dateOfBirth-month': '1', 'dateOfBirth-year': String(next), gender: 'male' }).errors[0]?.message).toBe(
      'Date of birth must be in the past',
    );
  });

  it('keeps what was typed on other pages when a page is answered again', () => {
    const answers: Answers = { subject: { ...person, gender: 'male', postcode: 'B1 1AA' } };
    const { section } = checkPage(PAGES.person!, answers, { givenName: 'Samuel', familyName: 'Example' });
    expect(section).toMatchObject({ givenName: 'Samuel', gender: 'male', postcode: 'B1 1AA' });
  });

  it('stores a valid postcode in its standard form', () => {
    const { section } = checkPage(PAGES.address!, { subject: person }, { postcode: 'b11aa' });
    expect(section.postcode).toBe('B1 1AA');
  });

  it('does not count an optional page as answered until it has been seen', () => {
    const answers: Answers = { subject: { ...person, gender: 'male' }, visited: ['person', 'age'] };
    expect(firstIncompletePage(PUBLIC_FLOW, answers)).toBe('address');
    expect(firstIncompletePage(PUBLIC_FLOW, { ...answers, visited: ['person', 'age', 'address'] })).toBe('concern');
  });

  it('leaves the page bookkeeping out of the submission', () => {
    expect(sectionsOf({ subject: person, visited: ['person'] })).toEqual({ subject: person });
  });
});
