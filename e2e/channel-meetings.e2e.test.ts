// A Channel panel meeting in a browser: the chair schedules it (after a refused, empty form), adds a referred
// person to the agenda, records the police officer's attendance, records the panel's decision (after a refused
// form) and publishes the pack; a standing member then reads the pack from the dashboard. Every page, including
// the error states, is checked with axe.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addDays, londonDate } from '../src/platform/dates.js';
import { referToChannel } from '../test/support/channelSteps.js';
import { DEMO } from '../test/support/testApp.js';
import { describeInBrowser, expectNoAxeViolations, startBrowserApp, type BrowserApp } from './support/browser.js';
import { DashboardPage, signInThroughPages } from './pages/signInPage.js';
import { AgendaItemPage, AttendancePage, MeetingPackPage, MeetingPage, MeetingsListPage, NewMeetingPage } from './pages/channelMeetingPages.js';

describeInBrowser('a Channel panel meeting in a browser', { timeout: 180_000 }, () => {
  let b: BrowserApp;

  beforeAll(async () => {
    b = await startBrowserApp();
    await b.t.prepareUser(DEMO.chair);
    await b.t.prepareUser(DEMO.schoolReferrer);
    await referToChannel(b.t, 'Harbour');
    await referToChannel(b.t, 'Quay');
  }, 120_000);
  afterAll(() => b?.close());

  it('takes the chair from scheduling to a recorded decision and a published pack, accessibly', async () => {
    const page = await b.newPage();
    await signInThroughPages(page, DEMO.chair);
    await DashboardPage.verifyOnPage(page, 'Helen Clarke');

    await page.goto('/channel/meetings');
    const list = await MeetingsListPage.verifyOnPage(page);
    await expectNoAxeViolations(page);

    await list.clickButton('Schedule a meeting');
    const form = await NewMeetingPage.verifyOnPage(page);
    await expectNoAxeViolations(page);
    await form.clickButton('Schedule meeting');
    expect((await form.errorSummaryItems()).map((e) => e.text)).toEqual(['Enter the date of the meeting', 'Enter the time of the meeting', 'Enter where the meeting takes place']);
    await expectNoAxeViolations(page);
    await form.schedule(addDays(londonDate(new Date()), 7), '14:30', 'Council House, Committee Room 2');

    const meeting = await MeetingPage.verifyOnPage(page);
    await expectNoAxeViolations(page);
    await meeting.addToAgenda('Harbour Example');
    expect(await meeting.agenda()).toEqual(['Harbour Example']);
    await expectNoAxeViolations(page);

    await meeting.clickLink('Record attendance');
    const attendance = await AttendancePage.verifyOnPage(page);
    await expectNoAxeViolations(page);
    await attendance.attended('Daniel Hughes', 'Rachel Evans');
    await MeetingPage.verifyOnPage(page);

    await meeting.clickLink('Harbour Example');
    const item = await AgendaItemPage.verifyOnPage(page, 'Harbour Example');
    await expectNoAxeViolations(page);
    await item.clickButton('Record the decision');
    expect((await item.errorSummaryItems()).map((e) => e.text)).toEqual(['Select the panel’s decision', 'Select how the panel reached the decision', 'Enter the rationale for the decision']);
    await expectNoAxeViolations(page);
    await item.decide('Adopt as a Channel case', 'Unanimous', 'All agencies agree support is needed');
    expect(await item.decision()).toContain('Adopt as a Channel case');
    await expectNoAxeViolations(page);

    await item.clickLink('Back');
    await MeetingPage.verifyOnPage(page);
    await meeting.clickButton('Publish the meeting pack');
    await meeting.clickLink('Read the meeting pack');
    const pack = await MeetingPackPage.verifyOnPage(page);
    expect(await pack.people()).toEqual(['1. Harbour Example']);
    await expectNoAxeViolations(page);
  });

  it('lets a standing member read the published pack from the dashboard, only for the agenda’s cases', async () => {
    const page = await b.newPage();
    await signInThroughPages(page, DEMO.schoolReferrer);
    const dashboard = await DashboardPage.verifyOnPage(page, 'Rachel Evans');
    await expectNoAxeViolations(page);
    await dashboard.clickLink(/^Read the meeting pack/);
    const pack = await MeetingPackPage.verifyOnPage(page);
    expect(await pack.people()).toEqual(['1. Harbour Example']);
    expect(await page.locator('main').innerText()).not.toContain('Quay');
    await expectNoAxeViolations(page);
  });
});
