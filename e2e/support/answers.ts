// Valid answers for each referral question page, filled through the page as a person would.
import type { Page } from 'playwright-core';
import { QuestionPage } from '../pages/questionPage.js';

export const PERSON = { givenName: 'Canary', familyName: 'Testperson' };

/** Each page's h1, for the public form; the professional person page asks "Who are you referring?". */
export const HEADINGS: Record<string, string> = {
  person: 'Who are you worried about?',
  age: 'Their age and gender',
  address: 'Where they live, study or work',
  concern: 'What worries you?',
  'concern-details': 'More about your concern',
  awareness: 'Who knows you are telling us?',
  'about-you': 'Can we contact you about this?',
  'your-details': 'About you and your organisation',
};

export const ANSWERS: Record<string, (q: QuestionPage) => Promise<unknown>> = {
  person: async (q) => {
    await q.fill('First name', PERSON.givenName);
    await q.fill('Last name', PERSON.familyName);
  },
  age: async (q) => {
    await q.fillDate('Date of birth (optional)', '14', '3', '2009');
    await q.choose('Gender', 'Male');
  },
  address: async (q) => {
    await q.fill('Address (optional)', '1 High Street\nBirmingham');
    await q.fill('Postcode (optional)', 'b1 1aa');
    await q.fill('School, college, university or workplace (optional)', 'Northfield Academy');
  },
  concern: async (q) => {
    await q.fill('What worries you?', 'Shares extremist videos with younger pupils and talks about them at lunch.');
    await q.fill('When did this start? (optional)', 'Last September');
  },
  'concern-details': async (q) => {
    await q.choose('Have they threatened to harm anyone, or themselves?', 'No');
    await q.choose('Do they have any support needs that you know of? (optional)', 'Mental health needs');
  },
  awareness: async (q) => {
    await q.choose('Does the person know you are raising this concern?', 'No');
    await q.choose('Does a parent or carer know?', 'Not sure');
  },
  'about-you': async (q) => {
    await q.choose('Can we contact you about this?', 'No, I want to stay anonymous');
    await q.fill('How do you know the person? (optional)', 'Neighbour');
  },
  'your-details': async (q) => {
    await q.fill('Your role', 'Designated safeguarding lead');
    await q.fill('Work email address', 'dsl@northfield.example');
    await q.choose('Have you discussed this with your designated safeguarding lead?', 'My organisation does not have one');
  },
};

/**
 * Answers the given pages in order with valid answers, calling `check` on each page before filling it
 * (for accessibility checks), and continuing to the next.
 */
export async function answerPages(page: Page, slugs: string[], check: (page: Page) => Promise<void>, headings: Record<string, string> = HEADINGS): Promise<void> {
  for (const slug of slugs) {
    const q = await QuestionPage.verifyOnPage(page, headings[slug]!);
    await check(page);
    await ANSWERS[slug]!(q);
    await q.continue();
  }
}
