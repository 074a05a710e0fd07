// The Channel case record in a browser, checked with axe on every page: the chair goes from the Channel
// dashboard to the case list and a case, records a vulnerability assessment (after an error), consent, the
// support plan and an intervention; the police of the area record that consent was withdrawn; and the chair
// records a post-exit review on a case that has left Channel.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { adoptCase, DEMO_PROVIDERS, referToChannel } from '../test/support/channelSteps.js';
import { exitedCase, today } from '../test/support/caseSteps.js';
import { DEMO } from '../test/support/testApp.js';
import { describeInBrowser, expectNoAxeViolations, startBrowserApp, type BrowserApp } from './support/browser.js';
import { ChannelCaseFormPage, ChannelCaseListPage, ChannelCasePage, ChannelDashboardPage } from './pages/channelCasePages.js';
import { signInThroughPages } from './pages/signInPage.js';

describeInBrowser('the Channel case record in a browser', { timeout: 180_000 }, () => {
  let b: BrowserApp;
  let caseId: string;
  let exited: Awaited<ReturnType<typeof exitedCase>>;

  beforeAll(async () => {
    b = await startBrowserApp();
    await b.t.prepareUser(DEMO.chair);
    await b.t.prepareUser(DEMO.wmOfficer);
    caseId = (await referToChannel(b.t, 'Robin')).channelCaseId;
    await adoptCase(b.t, caseId);
    exited = await exitedCase(b.t, 'Finch');
  }, 120_000);
  afterAll(() => b?.close());

  it('takes the chair through the case record, accessibly', async () => {
    const page = await b.newPage();
    await signInThroughPages(page, DEMO.chair);
    await page.goto('/channel');
    const dashboard = await ChannelDashboardPage.verifyOnPage(page);
    expect(await dashboard.listHeading('no_consent')).toBe('Adopted cases without live consent: 1');
    await expectNoAxeViolations(page);

    await dashboard.clickLink('All your panel’s cases');
    const list = await ChannelCaseListPage.verifyOnPage(page);
    expect(await list.people()).toEqual(['Finch Example', 'Robin Example']);
    await expectNoAxeViolations(page);

    await list.clickLink('Robin Example');
    let casePage = await ChannelCasePage.verifyOnPage(page, 'Robin Example');
    await expectNoAxeViolations(page);

    // The assessment: an error first, then words for one factor, a conclusion and a plan.
    await casePage.clickLink('Vulnerability assessment');
    let form = await ChannelCaseFormPage.verifyOnPage(page, 'Vulnerability assessment');
    await expectNoAxeViolations(page);
    await form.factor('Feeling under threat', 'Says the world is against his community', '');
    await form.clickButton('Save assessment');
    form = await ChannelCaseFormPage.verifyOnPage(page, 'Vulnerability assessment');
    expect((await form.errorSummaryItems()).map((e) => e.text)).toEqual(['Enter your professional judgement', 'Enter the summary conclusion', 'Enter the management plan']);
    expect(await form.fieldError('judgement-e_threat')).toBe('Enter your professional judgement');
    await expectNoAxeViolations(page);
    await page.locator('#judgement-e_threat').fill('Feels threatened: a real driver for him');
    await form.fill('Summary conclusion', 'Engaged; no intent or capability seen');
    await form.fill('Management plan', 'Mentoring and family support');
    await form.clickButton('Save assessment');
    casePage = await ChannelCasePage.verifyOnPage(page, 'Robin Example');
    expect(await casePage.banner()).toContain('Vulnerability assessment recorded.');

    await casePage.clickLink(/^First assessment/);
    await ChannelCaseFormPage.verifyOnPage(page, 'Vulnerability assessment');
    expect(await page.locator('main').innerText()).toContain('Feels threatened: a real driver for him');
    await expectNoAxeViolations(page);
    await page.goBack();

    // Support cannot start yet: the page says why.
    await page.goto(`/channel/cases/${caseId}/interventions/new`);
    form = await ChannelCaseFormPage.verifyOnPage(page, 'Add an intervention');
    expect(await form.warning()).toContain('There is no live consent on this case');
    await expectNoAxeViolations(page);

    await page.goto(`/channel/cases/${caseId}/consent`);
    form = await ChannelCaseFormPage.verifyOnPage(page, 'Record consent');
    await expectNoAxeViolations(page);
    await form.choose('Consent given');
    await form.choose('A parent or guardian');
    await form.fill('Name of the person who decided', 'Alex Example');
    await form.fill('Relationship to the person (parent or guardian only)', 'Father');
    await form.fill('How consent was sought', 'Home visit with the school’s safeguarding lead');
    await form.fill('Who sought consent', 'Channel coordinator');
    await form.date('soughtOn', today());
    await form.date('decidedOn', today());
    await form.fill('Purposes the consent covers', 'Mentoring and family support');
    await form.clickButton('Save consent');
    casePage = await ChannelCasePage.verifyOnPage(page, 'Robin Example');
    expect(await casePage.banner()).toContain('Consent recorded.');

    await casePage.clickLink('Support plan');
    form = await ChannelCaseFormPage.verifyOnPage(page, 'Support plan');
    await expectNoAxeViolations(page);
    await form.fill('How, when and by whom consent will be or was sought', 'Sought by the coordinator at a home visit');
    await form.clickButton('Save support plan');
    casePage = await ChannelCasePage.verifyOnPage(page, 'Robin Example');

    await casePage.clickLink('Interventions');
    form = await ChannelCaseFormPage.verifyOnPage(page, 'Add an intervention');
    expect(await page.locator('main').innerText()).not.toContain('J. Morgan');
    await page.locator('#typeCode').selectOption('family_support');
    await form.choose(DEMO_PROVIDERS.bridges);
    await form.fill('Goal of the support', 'Rebuild family routines');
    await form.fill('How the provider reaches the person', 'Through his father');
    await form.date('startsOn', today());
    await form.fill('Sessions expected', '6');
    await expectNoAxeViolations(page);
    await form.clickButton('Start intervention');
    casePage = await ChannelCasePage.verifyOnPage(page, 'Robin Example');
    expect(await page.locator('main').innerText()).toContain('Bridges Family Support');
    await expectNoAxeViolations(page);

    // A case that left Channel: its 6-month review.
    await page.goto(`/channel/cases/${exited.channelCaseId}`);
    casePage = await ChannelCasePage.verifyOnPage(page, 'Finch Example');
    await casePage.clickLink('Record the 6-month review');
    form = await ChannelCaseFormPage.verifyOnPage(page, 'Post-exit review');
    await expectNoAxeViolations(page);
    await form.choose('No concerns: the review is complete');
    await form.fill('Notes of the review', 'Settled at college');
    await form.date('completedOn', today());
    await form.clickButton('Save review');
    casePage = await ChannelCasePage.verifyOnPage(page, 'Finch Example');
    expect(await casePage.banner()).toContain('Post-exit review recorded.');
  });

  it('lets the police of the area record that consent was withdrawn, accessibly', async () => {
    const page = await b.newPage();
    await signInThroughPages(page, DEMO.wmOfficer);
    await page.goto(`/channel/cases/${caseId}`);
    const casePage = await ChannelCasePage.verifyOnPage(page, 'Robin Example');
    await expectNoAxeViolations(page);
    await casePage.clickButton('Record that consent was withdrawn');
    const form = await ChannelCaseFormPage.verifyOnPage(page, 'Record that consent was withdrawn');
    await expectNoAxeViolations(page);
    await form.choose('Told the police');
    await form.date('withdrawnOn', today());
    await form.clickButton('Record the withdrawal');
    const after = await ChannelCasePage.verifyOnPage(page, 'Robin Example');
    expect(await after.banner()).toContain('Withdrawal recorded.');
    expect(await page.locator('main').innerText()).toContain('Returned to the police');
  });
});
