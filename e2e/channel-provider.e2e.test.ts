// A provider's own work in a browser: Pathways Mentoring's mentor opens their interventions from the navigation,
// reads the minimal view, logs a session (first without saying whether the person came, then with a new concern),
// writes the end report, and records a withdrawal of consent on another person's support. Every page, and the
// form with its errors, is checked with axe.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { formatDay, londonDate } from '../src/platform/dates.js';
import { DEMO_PROVIDERS } from '../test/support/channelSteps.js';
import { supportedCase, type SupportedCase } from '../test/support/providerWorkSteps.js';
import { DEMO } from '../test/support/testApp.js';
import { describeInBrowser, expectNoAxeViolations, startBrowserApp, type BrowserApp } from './support/browser.js';
import { DashboardPage, signInThroughPages } from './pages/signInPage.js';
import {
  EndReportPage,
  ProviderInterventionPage,
  ProviderInterventionsPage,
  SessionFormPage,
  WithdrawalPage,
  WithdrawalRecordedPage,
} from './pages/channelProviderPages.js';

describeInBrowser('a provider’s own work in a browser', { timeout: 180_000 }, () => {
  let b: BrowserApp;
  let robin: SupportedCase;
  let kestrel: SupportedCase;
  let swift: SupportedCase;
  const today = londonDate(new Date());

  beforeAll(async () => {
    b = await startBrowserApp();
    await b.t.prepareUser(DEMO.provider);
    robin = await supportedCase(b.t, 'Robin');
    kestrel = await supportedCase(b.t, 'Kestrel', [DEMO_PROVIDERS.pathways, DEMO_PROVIDERS.bridges]);
    swift = await supportedCase(b.t, 'Swift');
  }, 120_000);
  afterAll(() => b?.close());

  it('logs sessions, writes the end report and records a withdrawal, accessibly', async () => {
    const page = await b.newPage();
    await signInThroughPages(page, DEMO.provider);
    const dashboard = await DashboardPage.verifyOnPage(page, 'Yusuf Rahman');
    await dashboard.clickLink('Your interventions');
    const list = await ProviderInterventionsPage.verifyOnPage(page);
    const rows = await list.rows();
    expect(rows.map((r) => r[0])).toEqual(expect.arrayContaining(['Robin Example', 'Kestrel Example']));
    expect(rows.find((r) => r[0] === 'Robin Example')).toEqual(['Robin Example', 'Ideological or theological mentoring', formatDay(today), '0 of 8', 'Active']);
    await expectNoAxeViolations(page);

    await list.clickLink('Robin Example');
    expect(new URL(page.url()).pathname).toBe(`/provider/interventions/${robin.interventionIds[0]}`);
    const intervention = await ProviderInterventionPage.verifyOnPage(page, 'Robin Example');
    expect(await intervention.value('Goal of this intervention')).toBe(`Goal with ${DEMO_PROVIDERS.pathways}`);
    expect(await intervention.value('Contact route')).toBe('Through the school’s safeguarding lead');
    expect(await page.locator('main').innerText()).not.toContain('Narrative about Robin');
    await expectNoAxeViolations(page);

    await intervention.clickButton('Log a session');
    const session = await SessionFormPage.verifyOnPage(page);
    await expectNoAxeViolations(page);
    await session.log({ notes: 'Kept when the form comes back' });
    expect(await session.errorSummaryItems()).toEqual([{ text: 'Select whether the person attended', href: '#attended' }]);
    expect(await session.field('Notes (optional)').inputValue()).toBe('Kept when the form comes back');
    await expectNoAxeViolations(page);

    await session.log({ attended: 'Yes', engagement: 'Partly engaged', notes: 'Talked about college', newConcern: 'Mentioned a new online group' });
    const logged = await ProviderInterventionPage.verifyOnPage(page, 'Robin Example');
    expect(await logged.successMessage()).toContain('The Channel chair and the police have been alerted');
    expect(await logged.sessions()).toEqual([[formatDay(today), 'Yes', 'Partly engaged', 'Talked about college New concern: Mentioned a new online group', 'Yusuf Rahman']]);
    await expectNoAxeViolations(page);

    await logged.clickButton('Write the end-of-intervention report');
    const end = await EndReportPage.verifyOnPage(page);
    await expectNoAxeViolations(page);
    await end.save('Robin met the goal and no longer needs mentoring');
    const completed = await ProviderInterventionPage.verifyOnPage(page, 'Robin Example');
    expect(await completed.value('Status')).toBe('Completed');
    expect(await completed.endReport()).toBe('Robin met the goal and no longer needs mentoring');
    await expect(completed.button('Log a session').count()).resolves.toBe(0);
    await expectNoAxeViolations(page);

    await page.goto(`/provider/interventions/${kestrel.interventionIds[0]}`);
    const other = await ProviderInterventionPage.verifyOnPage(page, 'Kestrel Example');
    await other.clickLink('record that consent was withdrawn');
    const withdrawal = await WithdrawalPage.verifyOnPage(page);
    await expectNoAxeViolations(page);
    await withdrawal.record('Their mother called me this morning');
    const recorded = await WithdrawalRecordedPage.verifyOnPage(page);
    await expectNoAxeViolations(page);
    await recorded.clickLink('View the intervention');
    const stopped = await ProviderInterventionPage.verifyOnPage(page, 'Kestrel Example');
    expect(await stopped.value('Status')).toBe('Stopped');
    expect(await stopped.value('Stopped')).toBe(`${formatDay(today)}: Consent withdrawn`);
    await expectNoAxeViolations(page);
  });

  it('logs a session without JavaScript', async () => {
    const page = await b.newPage({ javaScriptEnabled: false });
    // A second sign-in may fall in the same authenticator step as the first, which is never accepted twice.
    await b.t.prepareUser(DEMO.provider);
    await signInThroughPages(page, DEMO.provider);
    await page.goto(`/provider/interventions/${swift.interventionIds[0]}/sessions/new`);
    const session = await SessionFormPage.verifyOnPage(page);
    // Without JavaScript the engagement question is shown from the start; it is read only when they attended.
    await session.log({ attended: 'No', engagement: 'Engaged' });
    const logged = await ProviderInterventionPage.verifyOnPage(page, 'Swift Example');
    expect(await logged.successMessage()).toBe('Session logged.');
    expect(await logged.sessions()).toEqual([[formatDay(today), 'No', 'Not applicable', 'None', 'Yusuf Rahman']]);
    await expectNoAxeViolations(page);
  });
});
