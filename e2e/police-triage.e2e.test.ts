// A West Midlands Prevent officer finds a public referral from their area in the triage queue, opens it and
// tries to transfer it without a reason. Every page, including the error state, is checked with axe.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO } from '../test/support/testApp.js';
import { describeInBrowser, expectNoAxeViolations, startBrowserApp, type BrowserApp } from './support/browser.js';
import { ReferralPage } from './pages/referralPage.js';
import { TriageQueuePage } from './pages/triageQueuePage.js';
import { DashboardPage, signInThroughPages } from './pages/signInPage.js';

describeInBrowser('police triage in a browser', { timeout: 90_000 }, () => {
  let b: BrowserApp;
  let reference: string;

  beforeAll(async () => {
    b = await startBrowserApp();
    await b.t.prepareUser(DEMO.wmOfficer);
    // A public referral with a West Midlands postcode, sent through the form without a browser.
    const c = b.t.client();
    const steps: Array<[string, Record<string, string | string[]>]> = [
      ['/refer/person', { givenName: 'Wren', familyName: 'Triageperson' }],
      ['/refer/age', { approximateAge: '16', gender: 'not_known' }],
      ['/refer/address', { postcode: 'B1 1AA' }],
      ['/refer/concern', { narrative: 'Talks about attacking people at the mosque.' }],
      ['/refer/concern-details', { threatOfHarm: 'not_sure' }],
      ['/refer/awareness', { subjectAware: 'no', parentAware: 'no' }],
      ['/refer/about-you', { contact: 'no' }],
    ];
    for (const [url, form] of steps) {
      const res = await c.postForm(url, form);
      if (res.statusCode !== 303) throw new Error(`${url}: ${res.statusCode}`);
    }
    await c.postForm('/refer/check', {});
    const confirmation = await c.get('/refer/confirmation');
    reference = /PR-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(confirmation.body)![0];
  }, 60_000);
  afterAll(() => b?.close());

  it('shows the referral in the queue and on its page, and explains a transfer without a reason', async () => {
    const page = await b.newPage();
    await signInThroughPages(page, DEMO.wmOfficer);
    const dashboard = await DashboardPage.verifyOnPage(page, 'Daniel Hughes');
    await dashboard.clickLink('Triage queue');

    const queue = await TriageQueuePage.verifyOnPage(page);
    expect(await queue.row(reference).innerText()).toContain('Wren Triageperson');
    await expectNoAxeViolations(page);
    await queue.open(reference);

    const referral = await ReferralPage.verifyOnPage(page, 'Wren Triageperson');
    expect(await referral.value('Reference')).toBe(reference);
    expect(await referral.value('Postcode')).toBe('B1 1AA');
    await expectNoAxeViolations(page);

    await referral.transfer({ force: 'Metropolitan Police Service' });
    const withError = await ReferralPage.verifyOnPage(page, 'Wren Triageperson');
    expect(await withError.errorSummaryItems()).toEqual([{ text: 'Enter the reason for the transfer', href: '#reason' }]);
    expect(await withError.fieldError('reason')).toBe('Enter the reason for the transfer');
    expect(await page.title()).toMatch(/^Error: /);
    // The chosen force is kept.
    expect(await page.getByLabel('Force to transfer to', { exact: true }).locator('option:checked').innerText()).toBe('Metropolitan Police Service');
    await expectNoAxeViolations(page);
  });
});
