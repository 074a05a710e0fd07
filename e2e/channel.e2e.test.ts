// A Channel panel in a browser: Birmingham City Council's chair opens the referrals to the panel from the
// dashboard, then a case the police referred, which says that deconfliction was done and when, never what it
// found. Both pages are checked with axe.
import { addDays, formatDay } from '../src/platform/dates.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { londonDate } from '../src/platform/workingDays.js';
import { DEMO } from '../test/support/testApp.js';
import { orgId } from '../test/support/referrals.js';
import { contextFor } from '../test/support/gatewaySteps.js';
import { monitoringSteps } from '../test/support/monitoringSteps.js';
import { describeInBrowser, expectNoAxeViolations, startBrowserApp, type BrowserApp, JOURNEY_TIMEOUT_MS } from './support/browser.js';
import { DashboardPage, signInThroughPages } from './pages/signInPage.js';
import { ChannelReferralPage, ChannelReferralsPage } from './pages/channelPages.js';

const SEALED = 'Sealed: Operation Heron has a live interest';

describeInBrowser('a Channel panel in a browser', { timeout: 120_000 }, () => {
  let b: BrowserApp;
  let id: string;
  const deconflictedOn = addDays(londonDate(new Date()), -2);

  beforeAll(async () => {
    b = await startBrowserApp();
    await b.t.prepareUser(DEMO.chair);
    const steps = monitoringSteps(b.t);
    const officer = await contextFor(b.t, DEMO.wmOfficer);
    id = await steps.assessedCase('Wren');
    await steps.gateway.recordCheck(officer, id, { kind: 'open_source', source: 'Social media', requestedOn: deconflictedOn, notes: 'Check note for police eyes' });
    await steps.gateway.recordDeconfliction(officer, id, { doneOn: deconflictedOn, sealedNotes: SEALED });
    await steps.decide(id, { outcome: 'channel', localAuthorityId: await orgId(b.t, 'birmingham'), reasonableGrounds: 'Statements of support for a proscribed group', rationale: 'Clear vulnerability', referrerOutcome: 'ongoing_support' });
  }, JOURNEY_TIMEOUT_MS);
  afterAll(() => b?.close());

  it('takes the chair from the dashboard to the list and the case, accessibly', async () => {
    const page = await b.newPage();
    await signInThroughPages(page, DEMO.chair);
    const dashboard = await DashboardPage.verifyOnPage(page, 'Helen Clarke');
    await expectNoAxeViolations(page);

    await dashboard.clickLink('Referrals to your Channel panel');
    const list = await ChannelReferralsPage.verifyOnPage(page);
    expect(await list.people()).toEqual(['Wren Example']);
    await expectNoAxeViolations(page);

    await list.clickLink('Wren Example');
    expect(new URL(page.url()).pathname).toBe(`/channel/referrals/${id}`);
    const referral = await ChannelReferralPage.verifyOnPage(page, 'Wren Example');
    expect(await referral.value('Referring police force')).toBe('West Midlands Police');
    expect(await referral.deconfliction()).toBe(`Deconfliction with live investigations was completed on ${formatDay(deconflictedOn)}. Its content is held by the police.`);
    const text = await page.locator('main').innerText();
    expect(text).toContain('Statements of support for a proscribed group');
    expect(text).not.toContain(SEALED);
    expect(text).not.toContain('Check note for police eyes');
    expect(text).not.toContain('Clear vulnerability');
    await expectNoAxeViolations(page);
  });
});
