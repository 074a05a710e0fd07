// A West Midlands Prevent officer finds a public referral from their area in the triage queue, narrows the
// queue with filters, assigns the referral to themselves, opens it and tries to transfer it without a reason.
// Every page, including the filtered queue and the error state, is checked with axe.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO } from '../test/support/testApp.js';
import { referralIdByName } from '../test/support/referrals.js';
import { describeInBrowser, expectNoAxeViolations, startBrowserApp, type BrowserApp, JOURNEY_TIMEOUT_MS } from './support/browser.js';
import { ReferralPage } from './pages/referralPage.js';
import { TriageQueuePage } from './pages/triageQueuePage.js';
import { DashboardPage, signInThroughPages } from './pages/signInPage.js';

describeInBrowser('police triage in a browser', { timeout: JOURNEY_TIMEOUT_MS }, () => {
  let b: BrowserApp;
  let reference: string;
  let id: string;

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
    id = await referralIdByName(b.t, 'Wren');
  }, 60_000);
  afterAll(() => b?.close());

  it('filters the queue, assigns the referral, and explains a transfer without a reason', async () => {
    const page = await b.newPage();
    await signInThroughPages(page, DEMO.wmOfficer);
    const dashboard = await DashboardPage.verifyOnPage(page, 'Daniel Hughes');
    await dashboard.clickLink('Triage queue');

    const queue = await TriageQueuePage.verifyOnPage(page);
    expect(await queue.row(reference).innerText()).toContain('Wren Triageperson');
    expect(await queue.row(reference).innerText()).toContain('Unassigned');
    expect(await queue.caseHref(reference)).toBe(`/cases/${id}`);
    await expectNoAxeViolations(page);

    // Filters are a GET form: the address keeps them, and the page passes axe with them applied.
    await queue.filter({ statuses: ['Awaiting triage'], officer: 'Unassigned', under18: true });
    const filtered = await TriageQueuePage.verifyOnPage(page);
    expect(new URL(page.url()).search).toBe('?status=awaiting_triage&officer=unassigned&under18=yes');
    expect(await filtered.row(reference).innerText()).toContain('Wren Triageperson');
    expect(await page.getByLabel('Under 18 only', { exact: true }).isChecked()).toBe(true);
    await expectNoAxeViolations(page);

    await filtered.assignToMe(reference);
    const assigned = await TriageQueuePage.verifyOnPage(page);
    expect(await assigned.successMessage()).toBe(`Referral ${reference} assigned to you.`);
    // Back on the same filtered view, where the referral no longer matches "unassigned".
    expect(new URL(page.url()).search).toBe('?status=awaiting_triage&officer=unassigned&under18=yes');
    expect(await assigned.row(reference).count()).toBe(0);
    await expectNoAxeViolations(page);

    await assigned.clickLink('Clear filters');
    await (await TriageQueuePage.verifyOnPage(page)).filter({ officer: 'Me' });
    const mine = await TriageQueuePage.verifyOnPage(page);
    expect(new URL(page.url()).search).toBe('?officer=me');
    expect(await mine.row(reference).innerText()).toContain('Daniel Hughes');

    // The referral's own page (the case page is the gateway's).
    await page.goto(`/referrals/${id}`);
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
