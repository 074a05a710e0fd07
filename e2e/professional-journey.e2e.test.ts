// A school's designated safeguarding lead makes a referral in a real browser: signs in through the real pages,
// saves a draft part-way, continues it, sends it and follows its status. Every page is checked with axe.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO } from '../test/support/testApp.js';
import { ANSWERS, answerPages, HEADINGS, PERSON } from './support/answers.js';
import { describeInBrowser, expectNoAxeViolations, startBrowserApp, type BrowserApp, JOURNEY_TIMEOUT_MS } from './support/browser.js';
import { CheckAnswersPage } from './pages/checkAnswersPage.js';
import { MyReferralsPage } from './pages/myReferralsPage.js';
import { QuestionPage } from './pages/questionPage.js';
import { ReferralStatusPage } from './pages/referralPage.js';
import { DashboardPage, signInThroughPages } from './pages/signInPage.js';

const PROFESSIONAL_HEADINGS: Record<string, string> = { ...HEADINGS, person: 'Who are you referring?' };

describeInBrowser('professional referral in a browser', { timeout: JOURNEY_TIMEOUT_MS }, () => {
  let b: BrowserApp;
  beforeAll(async () => {
    b = await startBrowserApp();
    await b.t.prepareUser(DEMO.schoolReferrer);
  }, 60_000);
  afterAll(() => b?.close());

  it('signs in, saves a draft, continues it, sends it and shows its status', async () => {
    const page = await b.newPage();
    await signInThroughPages(page, DEMO.schoolReferrer, expectNoAxeViolations);

    const dashboard = await DashboardPage.verifyOnPage(page, 'Rachel Evans');
    await expectNoAxeViolations(page);
    await dashboard.clickLink('My referrals');

    let mine = await MyReferralsPage.verifyOnPage(page);
    expect(await page.getByText('You have not sent any referrals yet.').isVisible()).toBe(true);
    await expectNoAxeViolations(page);
    await mine.makeNewReferral();

    // The first pages, then save and leave from the third.
    await answerPages(page, ['person', 'age'], expectNoAxeViolations, PROFESSIONAL_HEADINGS);
    const address = await QuestionPage.verifyOnPage(page, PROFESSIONAL_HEADINGS.address!);
    await expectNoAxeViolations(page);
    await ANSWERS.address!(address);
    await address.saveAndComeBackLater();

    mine = await MyReferralsPage.verifyOnPage(page);
    expect(await page.getByText('Your draft has been saved.').isVisible()).toBe(true);
    await expectNoAxeViolations(page);
    await mine.continueDraft(`${PERSON.givenName} ${PERSON.familyName}`);

    // Continuing goes to the first page not yet answered.
    await answerPages(page, ['concern', 'concern-details', 'awareness'], expectNoAxeViolations, PROFESSIONAL_HEADINGS);
    const yourDetails = await QuestionPage.verifyOnPage(page, PROFESSIONAL_HEADINGS['your-details']!);
    expect(await yourDetails.field('Your name').inputValue()).toBe('Rachel Evans');
    await expectNoAxeViolations(page);
    await ANSWERS['your-details']!(yourDetails);
    await yourDetails.continue();

    const check = await CheckAnswersPage.verifyOnPage(page);
    await expectNoAxeViolations(page);
    expect(await check.value('Name')).toBe(`${PERSON.givenName} ${PERSON.familyName}`);
    expect(await check.value('Date of birth')).toBe('14 March 2009');
    expect(await check.value('School, college or workplace')).toBe('Northfield Academy');
    expect(await check.value('Your role')).toBe('Designated safeguarding lead');
    await check.send();

    mine = await MyReferralsPage.verifyOnPage(page);
    const reference = /PR-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(await page.locator('.govuk-panel').innerText())?.[0];
    expect(reference).toBeDefined();
    expect(await mine.draftsTable().count()).toBe(0);
    expect(await mine.statusOf(reference!)).toBe('Received');
    await expectNoAxeViolations(page);
    await mine.open(reference!);

    const status = await ReferralStatusPage.verifyOnPage(page, reference!);
    expect(await status.status()).toBe('Received');
    await expectNoAxeViolations(page);
  });
});
