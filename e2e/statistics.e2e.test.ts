// The official statistics in a browser: an oversight user opens them from the navigation (the current year, with
// its charts and tables), picks an earlier year, and meets the error summary for a year that is not one. Every
// page, including the error state, is checked with axe.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { statisticsYear, yearOf } from '../src/modules/statistics/definitions.js';
import { londonDate } from '../src/platform/dates.js';
import { statisticsSteps, type ReferralSpec } from '../test/support/statisticsSteps.js';
import { DEMO } from '../test/support/testApp.js';
import { describeInBrowser, expectNoAxeViolations, startBrowserApp, type BrowserApp, JOURNEY_TIMEOUT_MS } from './support/browser.js';
import { DashboardPage, signInThroughPages } from './pages/signInPage.js';
import { StatisticsPage } from './pages/statisticsPages.js';

const year = yearOf(londonDate(new Date()));
const base: ReferralSpec = { from: 'northfield-academy', area: 'westMidlands', dateOfBirth: '2012-01-01', gender: 'male', supportNeeds: [] };

describeInBrowser('official statistics in a browser', { timeout: 120_000 }, () => {
  let b: BrowserApp;

  beforeAll(async () => {
    b = await startBrowserApp();
    await b.t.prepareUser(DEMO.oversight);
    const steps = statisticsSteps(b.t);
    // Six from a school (one adopted), one from the NHS trust and one from a prison: those two are hidden.
    for (let i = 0; i < 5; i++) await steps.referral(base);
    await steps.referral({ ...base, concern: ['islamist'], channel: 'adopted', consent: 'given' });
    await steps.referral({ ...base, from: 'bsmhft' });
    await steps.referral({ ...base, from: 'hmp-birmingham' });
  }, JOURNEY_TIMEOUT_MS);
  afterAll(() => b?.close());

  it('shows the year’s tables and charts, another year on request, and an accessible error', async () => {
    const page = await b.newPage();
    await signInThroughPages(page, DEMO.oversight);
    const dashboard = await DashboardPage.verifyOnPage(page, 'Catherine Moore');
    await dashboard.clickLink('Statistics');

    const current = await StatisticsPage.verifyOnPage(page, year.label);
    expect(await current.tableRows('Referrals, discussions at panel and adoptions')).toEqual({
      Referred: ['8', '100%'],
      'Discussed at a Channel panel': ['1', '13%'],
      'Adopted as a Channel case': ['1', '13%'],
    });
    const sector = await current.tableRows('Referrals by referring sector');
    expect(sector.Education).toEqual(['6', '75%']);
    expect(sector.Health).toEqual(['[c]', '[c]']);
    expect(sector.Prisons).toEqual(['[c]', '[c]']);
    expect(sector.Total).toEqual(['8', '100%']);
    expect(await current.chartNames()).toEqual(['chart-journey-title chart-journey-desc', 'chart-trends-title chart-trends-desc']);
    await expectNoAxeViolations(page);

    const earlier = statisticsYear(year.start - 3);
    await current.chooseYear(earlier.label);
    const older = await StatisticsPage.verifyOnPage(page, earlier.label);
    expect(new URL(page.url()).search).toBe(`?year=${earlier.code}`);
    expect((await older.tableRows('Referrals, discussions at panel and adoptions')).Referred).toEqual(['0', '[x]']);
    await expectNoAxeViolations(page);

    await page.goto('/statistics?year=1999-00');
    const withError = await StatisticsPage.verifyOnPage(page);
    expect(await withError.errorSummaryItems()).toEqual([{ text: 'Enter a statistics year from 2015-16 to the current year, like 2024-25', href: '#year' }]);
    expect(await page.title()).toMatch(/^Error: /);
    await expectNoAxeViolations(page);
  });
});
