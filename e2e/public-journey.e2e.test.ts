// The public "report a concern" form in a real browser, with JavaScript off (the form must work without it)
// and on, checking every page, including its error states, with axe.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ANSWERS, answerPages, HEADINGS, PERSON } from './support/answers.js';
import { describeInBrowser, expectNoAxeViolations, startBrowserApp, type BrowserApp, JOURNEY_TIMEOUT_MS } from './support/browser.js';
import { CheckAnswersPage } from './pages/checkAnswersPage.js';
import { QuestionPage } from './pages/questionPage.js';
import { BasePage } from './pages/basePage.js';

const REFERENCE = /PR-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/;

class StartPage extends BasePage {
  static async goto(page: Page): Promise<StartPage> {
    await page.goto('/refer');
    await BasePage.waitForHeading(page, 'Report a concern that someone may be at risk of radicalisation');
    return new StartPage(page);
  }
}

class ConfirmationPage extends BasePage {
  static async verifyOnPage(page: Page): Promise<ConfirmationPage> {
    await BasePage.waitForHeading(page, 'Concern sent');
    return new ConfirmationPage(page);
  }

  async reference(): Promise<string | undefined> {
    return REFERENCE.exec(await this.page.locator('.govuk-panel').innerText())?.[0];
  }
}

/** Each error summary link points at a field on the page. */
async function expectSummaryLinksToFields(q: QuestionPage, expected: Array<{ text: string; href: string }>) {
  expect(await q.errorSummaryItems()).toEqual(expected);
  for (const { href } of expected) expect(await q.page.locator(href).count(), `${href} is on the page`).toBe(1);
  expect(await q.page.title()).toMatch(/^Error: /);
}

describeInBrowser('public referral form in a browser', { timeout: JOURNEY_TIMEOUT_MS }, () => {
  let b: BrowserApp;
  beforeAll(async () => {
    b = await startBrowserApp();
  }, 60_000);
  afterAll(() => b?.close());

  it('works without JavaScript, with accessible pages and error messages throughout', async () => {
    const page = await b.newPage({ javaScriptEnabled: false });

    const start = await StartPage.goto(page);
    expect(await page.locator('.govuk-warning-text').innerText()).toContain('If someone is in immediate danger, or you think an attack is about to happen, call 999 now.');
    await expectNoAxeViolations(page);
    await start.clickButton('Start now');

    // Person: nothing required filled in.
    let q = await QuestionPage.verifyOnPage(page, HEADINGS.person!);
    await expectNoAxeViolations(page);
    await q.fill('Other names they use (optional)', 'CT');
    await q.continue();
    await expectSummaryLinksToFields(q, [
      { text: 'Enter their first name', href: '#givenName' },
      { text: 'Enter their last name', href: '#familyName' },
    ]);
    expect(await q.fieldError('givenName')).toBe('Enter their first name');
    expect(await q.field('Other names they use (optional)').inputValue()).toBe('CT');
    // The summary's links are keyboard-focusable and take you to the field.
    const firstLink = q.errorSummary.getByRole('link', { name: 'Enter their first name' });
    await firstLink.focus();
    expect(await q.errorSummary.locator('a:focus').innerText()).toBe('Enter their first name');
    await firstLink.click();
    await page.waitForURL(/#givenName$/);
    expect(await page.locator('#givenName:focus').count()).toBe(1);
    await expectNoAxeViolations(page);
    await ANSWERS.person!(q);
    await q.continue();

    // Age: a date that does not exist, then one in the future.
    q = await QuestionPage.verifyOnPage(page, HEADINGS.age!);
    await expectNoAxeViolations(page);
    await q.fillDate('Date of birth (optional)', '31', '2', '2009');
    await q.choose('Gender', 'Female');
    await q.continue();
    await expectSummaryLinksToFields(q, [{ text: 'Date of birth must be a real date', href: '#dateOfBirth-day' }]);
    expect(await q.fieldError('dateOfBirth')).toBe('Date of birth must be a real date');
    expect(await q.group('Date of birth (optional)').getByLabel('Day', { exact: true }).inputValue()).toBe('31');
    expect(await q.group('Date of birth (optional)').getByLabel('Month', { exact: true }).inputValue()).toBe('2');
    expect(await q.group('Gender').getByLabel('Female', { exact: true }).isChecked()).toBe(true);
    await expectNoAxeViolations(page);

    await q.fillDate('Date of birth (optional)', '1', '1', String(new Date().getFullYear() + 1));
    await q.continue();
    await expectSummaryLinksToFields(q, [{ text: 'Date of birth must be in the past', href: '#dateOfBirth-day' }]);
    await expectNoAxeViolations(page);
    await ANSWERS.age!(q);
    await q.continue();

    await answerPages(page, ['address', 'concern', 'concern-details', 'awareness'], expectNoAxeViolations);

    // About you: the contact question unanswered. Without JavaScript the contact fields are always shown.
    q = await QuestionPage.verifyOnPage(page, HEADINGS['about-you']!);
    await expectNoAxeViolations(page);
    expect(await q.field('Your name').isVisible()).toBe(true);
    await q.continue();
    await expectSummaryLinksToFields(q, [{ text: 'Select whether we can contact you', href: '#contact' }]);
    await expectNoAxeViolations(page);
    await ANSWERS['about-you']!(q);
    await q.continue();

    // Check answers, changing one.
    let check = await CheckAnswersPage.verifyOnPage(page);
    await expectNoAxeViolations(page);
    expect(await check.value('Name')).toBe(`${PERSON.givenName} ${PERSON.familyName}`);
    expect(await check.value('Date of birth')).toBe('14 March 2009');
    // As typed; it is normalised to "B1 1AA" when the referral is stored.
    expect(await check.value('Postcode')).toMatch(/^b1 1aa$/i);
    expect(await check.value('Support needs')).toBe('Mental health needs');
    expect(await check.value('Contact')).toBe('You chose not to give contact details');
    await check.change('Name');
    q = await QuestionPage.verifyOnPage(page, HEADINGS.person!);
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/refer/person?return=check');
    expect(await page.locator('.govuk-back-link').getAttribute('href')).toBe('/refer/check');
    expect(await q.field('First name').inputValue()).toBe(PERSON.givenName);
    await expectNoAxeViolations(page);
    await q.fill('First name', 'Robin');
    await q.continue();
    check = await CheckAnswersPage.verifyOnPage(page);
    expect(await check.value('Name')).toBe(`Robin ${PERSON.familyName}`);

    await check.send();
    const confirmation = await ConfirmationPage.verifyOnPage(page);
    expect(await confirmation.reference()).toMatch(REFERENCE);
    await expectNoAxeViolations(page);
    // No page script ran at any point.
    expect(await page.locator('body.govuk-frontend-supported').count()).toBe(0);
  });

  it('works with JavaScript, with accessible pages', async () => {
    const page = await b.newPage();

    const start = await StartPage.goto(page);
    expect(await page.locator('body.govuk-frontend-supported').count()).toBe(1);
    await expectNoAxeViolations(page);
    await start.clickButton('Start now');

    // One error, to see GOV.UK Frontend move focus to the summary and from its link to the field.
    const q = await QuestionPage.verifyOnPage(page, HEADINGS.person!);
    await q.continue();
    await q.errorSummary.waitFor();
    await page.locator('.govuk-error-summary:focus').waitFor();
    await q.errorSummary.getByRole('link', { name: 'Enter their first name' }).click();
    await page.locator('#givenName:focus').waitFor();
    await expectNoAxeViolations(page);
    await ANSWERS.person!(q);
    await q.continue();

    await answerPages(page, ['age', 'address', 'concern', 'concern-details', 'awareness'], expectNoAxeViolations);

    // About you: the contact fields are revealed when "Yes" is chosen.
    const aboutYou = await QuestionPage.verifyOnPage(page, HEADINGS['about-you']!);
    await expectNoAxeViolations(page);
    expect(await aboutYou.field('Your name').isVisible()).toBe(false);
    await aboutYou.choose('Can we contact you about this?', 'Yes, give my contact details');
    await aboutYou.field('Your name').waitFor();
    await aboutYou.fill('Your name', 'Alex Example');
    await aboutYou.fill('Email address', 'alex@example.com');
    await expectNoAxeViolations(page);
    await aboutYou.continue();

    const check = await CheckAnswersPage.verifyOnPage(page);
    await expectNoAxeViolations(page);
    expect(await check.value('Your name')).toBe('Alex Example');
    expect(await check.value('Email')).toBe('alex@example.com');
    await check.send();

    const confirmation = await ConfirmationPage.verifyOnPage(page);
    expect(await confirmation.reference()).toMatch(REFERENCE);
    await expectNoAxeViolations(page);
  });
});
