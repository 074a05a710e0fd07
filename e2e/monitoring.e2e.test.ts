// Monitoring after the gateway in a browser: a West Midlands supervisor opens an overdue follow-up from the
// dashboard's notification, records the service's acknowledgement, tries to close the case without the
// outcome, then records a police-led review (first with nothing filled in). The receiving NHS trust's user
// acknowledges and answers its request. Every page, including the error states, is checked with axe.
import { addDays } from '../src/platform/dates.js';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { referrals } from '../src/db/schema.js';
import { escalateOverdue } from '../src/modules/monitoring/monitoring.service.js';
import { londonDate } from '../src/platform/workingDays.js';
import { DEMO } from '../test/support/testApp.js';
import { orgId } from '../test/support/referrals.js';
import { monitoringSteps } from '../test/support/monitoringSteps.js';
import { describeInBrowser, expectNoAxeViolations, startBrowserApp, type BrowserApp, JOURNEY_TIMEOUT_MS } from './support/browser.js';
import { DashboardPage, signInThroughPages } from './pages/signInPage.js';
import { FollowUpPage, ReceivedFollowUpPage, ReceivedListPage, ReviewPage } from './pages/monitoringPages.js';

describeInBrowser('monitoring in a browser', { timeout: 120_000 }, () => {
  let b: BrowserApp;
  let signposted: { id: string; followUpId: string };
  let forTheTrust: { id: string; followUpId: string };
  let policeLed: string;

  beforeAll(async () => {
    b = await startBrowserApp();
    await b.t.prepareUser(DEMO.wmSupervisor);
    await b.t.prepareUser(DEMO.nhsReferrer);
    const steps = monitoringSteps(b.t);
    signposted = await steps.signpostedCase({ givenName: 'Robin', receivingOrganisationId: await orgId(b.t, 'bsmhft') });
    policeLed = await steps.policeLedCase('Kestrel');
    // The follow-up escalates as if the job ran after its due date; the review is made overdue.
    await escalateOverdue(b.t.db.database.db, new Date(Date.now() + 40 * 86_400_000));
    await b.t.db.database.db.update(referrals).set({ nextReviewOn: addDays(londonDate(new Date()), -1) }).where(eq(referrals.id, policeLed));
    // A second request to the trust, which the officer has not touched.
    forTheTrust = await steps.signpostedCase({ givenName: 'Linnet', receivingOrganisationId: await orgId(b.t, 'bsmhft') });
  }, JOURNEY_TIMEOUT_MS);
  afterAll(() => b?.close());

  it('takes a supervisor from the dashboard to the follow-up and a police-led review, with errors shown accessibly', async () => {
    const page = await b.newPage();
    await signInThroughPages(page, DEMO.wmSupervisor);
    const dashboard = await DashboardPage.verifyOnPage(page, 'Sarah Okafor');
    expect(await page.locator('#notifications').innerText()).toContain('1 unread');
    await expectNoAxeViolations(page);

    await dashboard.clickLink(/^The signposting follow-up of case/);
    const followUp = await FollowUpPage.verifyOnPage(page);
    expect(new URL(page.url()).pathname).toBe(`/cases/${signposted.id}/follow-up`);
    expect(await followUp.value('Receiving organisation')).toBe('Birmingham and Solihull Mental Health NHS Foundation Trust');
    await expectNoAxeViolations(page);

    await followUp.recordAcknowledgement();
    const acknowledged = await FollowUpPage.verifyOnPage(page);
    expect(await acknowledged.successMessage()).toBe('Acknowledgement recorded on the service’s behalf.');
    expect(await acknowledged.value('Acknowledged')).toContain('on the service’s behalf');

    await acknowledged.recordOutcome({ close: 'yes', closingNote: 'Support in place', referrerOutcome: 'Passed to another service for support' });
    const withError = await FollowUpPage.verifyOnPage(page);
    expect(await withError.errorSummaryItems()).toEqual([{ text: 'Enter what the service did before closing the case', href: '#outcome' }]);
    expect(await page.title()).toMatch(/^Error: /);
    expect(await withError.field('Closing note').inputValue()).toBe('Support in place');
    await expectNoAxeViolations(page);

    await page.goto(`/cases/${policeLed}/review`);
    const review = await ReviewPage.verifyOnPage(page);
    expect(await page.locator('.govuk-warning-text').innerText()).toContain('The review is overdue');
    await expectNoAxeViolations(page);

    await review.record({ changes: 'Moved school' });
    const reviewErrors = await ReviewPage.verifyOnPage(page);
    // The date starts as today; the rest is missing.
    expect((await reviewErrors.errorSummaryItems()).map((i) => i.href)).toEqual(['#actions', '#decision', '#rationale']);
    expect(await reviewErrors.fieldError('actions')).toBe('Enter the actions taken or planned');
    expect(await reviewErrors.field('What has changed since the last review').inputValue()).toBe('Moved school');
    await expectNoAxeViolations(page);

    await reviewErrors.record({ actions: 'Home visit', decision: 'Continue police-led management', rationale: 'Some concern remains' });
    const continued = await ReviewPage.verifyOnPage(page);
    expect(await continued.successMessage()).toMatch(/^Review recorded\. The next review is due by /);
    await expectNoAxeViolations(page);

    await page.goto('/dashboard');
    await DashboardPage.verifyOnPage(page, 'Sarah Okafor');
    // The notification was read when opened; the review is no longer overdue.
    expect(await page.locator('#notifications').count()).toBe(0);
    await expectNoAxeViolations(page);
  });

  it('lets the receiving service acknowledge and answer its request', async () => {
    const page = await b.newPage();
    await signInThroughPages(page, DEMO.nhsReferrer);
    const dashboard = await DashboardPage.verifyOnPage(page, 'Tom Fletcher');
    await expectNoAxeViolations(page);
    await dashboard.clickLink('Follow-up requests');
    const list = await ReceivedListPage.verifyOnPage(page);
    await expectNoAxeViolations(page);
    expect(await page.getByRole('link', { name: 'Robin Example', exact: true }).count()).toBe(1);
    await list.clickLink('Linnet Example');
    expect(new URL(page.url()).pathname).toBe(`/follow-ups/${forTheTrust.followUpId}`);
    const request = await ReceivedFollowUpPage.verifyOnPage(page, 'Linnet Example');
    expect(await request.value('Requested by')).toBe('West Midlands Police (Prevent team)');
    await expectNoAxeViolations(page);
    await request.acknowledge();
    const acknowledged = await ReceivedFollowUpPage.verifyOnPage(page, 'Linnet Example');
    expect(await acknowledged.successMessage()).toBe('Request acknowledged. Record what happened once you know.');
    await acknowledged.recordOutcome('');
    const blank = await ReceivedFollowUpPage.verifyOnPage(page, 'Linnet Example');
    expect(await blank.errorSummaryItems()).toEqual([{ text: 'Enter what the service did: the support offered and whether it was taken up', href: '#outcome' }]);
    await expectNoAxeViolations(page);
    await blank.recordOutcome('Assessed; weekly sessions');
    expect(await (await ReceivedFollowUpPage.verifyOnPage(page, 'Linnet Example')).successMessage()).toContain('Outcome recorded');
    await expectNoAxeViolations(page);
  });
});
