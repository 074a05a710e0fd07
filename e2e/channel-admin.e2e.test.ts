// A local authority administrator sets up Channel in a browser: from the navigation to Birmingham's panel, adds a
// police member (refused from a school, then from the force), ends a membership, co-opts a member for a case, and
// keeps the register of Intervention Providers (an expired approval shown as such; an approval without dates
// refused). The chair reads the register. Every page, and each error state, is checked with axe.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { referToChannel } from '../test/support/channelSteps.js';
import { DEMO_PROVIDERS } from '../test/support/channelSteps.js';
import { DEMO } from '../test/support/testApp.js';
import { describeInBrowser, expectNoAxeViolations, startBrowserApp, type BrowserApp } from './support/browser.js';
import { MemberFormPage, PanelPage, PanelsPage, ProviderFormPage, ProvidersPage } from './pages/channelAdminPages.js';
import { DashboardPage, signInThroughPages } from './pages/signInPage.js';

describeInBrowser('Channel set-up by a local authority administrator, in a browser', { timeout: 180_000 }, () => {
  let b: BrowserApp;

  beforeAll(async () => {
    b = await startBrowserApp();
    await b.t.prepareUser(DEMO.admin);
    await b.t.prepareUser(DEMO.chair);
    await referToChannel(b.t, 'Browsercase');
  }, 120_000);
  afterAll(() => b?.close());

  it('manages Birmingham’s panel: members by agency and role, ending one, co-opting one for a case', async () => {
    const page = await b.newPage();
    await signInThroughPages(page, DEMO.admin);
    const dashboard = await DashboardPage.verifyOnPage(page, 'Alex Turner');
    await dashboard.clickLink('Channel panels');
    const panels = await PanelsPage.verifyOnPage(page);
    expect(await panels.panelNames()).toEqual(['Birmingham Channel Panel']);
    await expectNoAxeViolations(page);

    await panels.clickLink('Birmingham Channel Panel');
    let panel = await PanelPage.verifyOnPage(page, 'Birmingham Channel Panel');
    expect(await panel.members('Standing members')).toContain('Daniel Hughes');
    await expectNoAxeViolations(page);

    await panel.clickButton('Add a standing member');
    let form = await MemberFormPage.verifyOnPage(page, 'Add a standing member');
    await expectNoAxeViolations(page);
    await form.clickButton('Add member');
    form = await MemberFormPage.verifyOnPage(page, 'Add a standing member');
    expect((await form.errorSummaryItems()).map((e) => e.href)).toEqual(['#who', '#agency', '#role', '#canDecide']);
    await expectNoAxeViolations(page);

    await form.byName('Karen Police', 'Northfield Academy');
    await form.sitsAs('Police', 'Prevent sergeant', true);
    await form.clickButton('Add member');
    form = await MemberFormPage.verifyOnPage(page, 'Add a standing member');
    expect(await form.fieldError('organisationId')).toMatch(/^A police member must be from a police force/);
    await expectNoAxeViolations(page);
    await page.getByLabel('Organisation', { exact: true }).selectOption({ label: 'West Midlands Police' });
    await form.clickButton('Add member');
    panel = await PanelPage.verifyOnPage(page, 'Birmingham Channel Panel');
    expect(await panel.flash()).toContain('Member added.');
    expect(await panel.members('Standing members')).toContain('Karen Police');

    await panel.endMembership('Karen Police');
    panel = await PanelPage.verifyOnPage(page, 'Birmingham Channel Panel');
    expect(await panel.members('Standing members')).not.toContain('Karen Police');
    await page.getByText('Former members (1)').click();
    expect(await panel.members('Former members')).toEqual(['Karen Police']);
    await expectNoAxeViolations(page);

    await panel.clickButton('Co-opt a member for a case');
    form = await MemberFormPage.verifyOnPage(page, 'Co-opt a member for a case');
    await expectNoAxeViolations(page);
    const option = (await page.getByLabel('Case', { exact: true }).locator('option').allInnerTexts()).find((o) => o.includes('Browsercase Example'))!;
    await form.chooseCase(option);
    await form.withAccount(DEMO.probationReferrer);
    await form.sitsAs('Probation', 'Probation officer', false);
    await form.clickButton('Co-opt member');
    panel = await PanelPage.verifyOnPage(page, 'Birmingham Channel Panel');
    expect(await panel.members('Members co-opted for a case')).toEqual(['Mark Davies']);
    await expectNoAxeViolations(page);
  });

  it('sets up a panel form and keeps the register of Intervention Providers', async () => {
    // A fresh TOTP step: the first test's code may not be replayed within its 30 seconds.
    await b.t.prepareUser(DEMO.admin);
    const page = await b.newPage();
    await signInThroughPages(page, DEMO.admin);
    await DashboardPage.verifyOnPage(page, 'Alex Turner');
    await page.goto('/channel/panels/new');
    await page.locator('h1', { hasText: 'Set up a Channel panel' }).waitFor();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Set up the panel' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Enter the name of the panel');
    await expectNoAxeViolations(page);

    await page.goto('/channel/providers');
    let providers = await ProvidersPage.verifyOnPage(page);
    expect(await providers.approval(DEMO_PROVIDERS.expired)).toBe('Expired');
    await expectNoAxeViolations(page);
    await providers.filter('Family support', true);
    providers = await ProvidersPage.verifyOnPage(page);
    expect(await providers.providerNames()).toEqual([DEMO_PROVIDERS.bridges]);

    await providers.clickButton('Add a provider');
    let form = await ProviderFormPage.verifyOnPage(page, 'Add an Intervention Provider');
    await expectNoAxeViolations(page);
    await form.fill({ name: 'R. Ahmed (independent mentor)', contact: 'r.ahmed@mentor.example', approvedOn: '2025-03-01', expiresOn: '2025-02-01', specialisms: ['Ideological or theological mentoring'], languages: 'English, Somali' });
    await form.clickButton('Add provider');
    form = await ProviderFormPage.verifyOnPage(page, 'Add an Intervention Provider');
    expect(await form.fieldError('approvalExpiresOn')).toBe('The date approval expires must be after the date of approval');
    await expectNoAxeViolations(page);
    await page.getByRole('group', { name: 'Date approval expires' }).getByLabel('Year', { exact: true }).fill('2027');
    await form.clickButton('Add provider');
    providers = await ProvidersPage.verifyOnPage(page);
    expect(await providers.approval('R. Ahmed (independent mentor)')).toBe('Approved');

    await providers.clickLink(DEMO_PROVIDERS.pathways);
    await ProviderFormPage.verifyOnPage(page, `Change ${DEMO_PROVIDERS.pathways}`);
    await expectNoAxeViolations(page);
  });

  it('shows the register and a provider read-only to the chair', async () => {
    const page = await b.newPage();
    await signInThroughPages(page, DEMO.chair);
    await DashboardPage.verifyOnPage(page, 'Helen Clarke');
    await page.goto('/channel/providers');
    const providers = await ProvidersPage.verifyOnPage(page);
    await expectNoAxeViolations(page);
    await providers.clickLink(DEMO_PROVIDERS.expired);
    await page.locator('h1', { hasText: DEMO_PROVIDERS.expired }).waitFor();
    expect(await page.locator('.govuk-summary-list').innerText()).toContain('Expired');
    await expectNoAxeViolations(page);

    await page.goto('/channel/panels');
    await PanelsPage.verifyOnPage(page);
    await expectNoAxeViolations(page);
  });
});
