// A West Midlands Prevent officer opens a case, assesses it through every form (meeting each form's error
// state once) and records no further action; a supervisor approves it. Every page and error state is
// checked with axe.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { londonDate } from '../src/platform/workingDays.js';
import { api, apiReferral, tokenFor } from '../test/support/referrals.js';
import { DEMO } from '../test/support/testApp.js';
import { describeInBrowser, expectNoAxeViolations, startBrowserApp, type BrowserApp } from './support/browser.js';
import { CasePage } from './pages/casePage.js';
import { GatewayFormPage } from './pages/gatewayFormPage.js';
import { DashboardPage, signInThroughPages } from './pages/signInPage.js';

const PERSON = 'Wren Gatewayperson';

describeInBrowser('police gateway assessment in a browser', { timeout: 120_000 }, () => {
  let b: BrowserApp;
  let caseUrl: string;
  const [y, m, d] = londonDate(new Date(Date.now() - 3 * 86_400_000)).split('-').map((s) => String(Number(s))) as [string, string, string];

  beforeAll(async () => {
    b = await startBrowserApp();
    await b.t.prepareUser(DEMO.wmOfficer);
    await b.t.prepareUser(DEMO.wmSupervisor);
    // A referral from the NHS trust's integration with a West Midlands postcode.
    const created = await api(b.t, await tokenFor(b.t, 'bsmhft'))('POST', '/api/v1/referrals', apiReferral('Wren', { subject: { familyName: 'Gatewayperson' } }));
    if (created.statusCode !== 201) throw new Error(`referral: ${created.statusCode}`);
    caseUrl = `/cases/${created.json<{ id: string }>().id}`;
  }, 60_000);
  afterAll(() => b?.close());

  it('takes a case from the case page through the assessment to an approved outcome', async () => {
    const page = await b.newPage();
    await signInThroughPages(page, DEMO.wmOfficer);
    await DashboardPage.verifyOnPage(page, 'Daniel Hughes');

    await page.goto(caseUrl);
    let c = await CasePage.verifyOnPage(page, PERSON);
    expect(await c.taskStatus('Assign an officer')).toBe('Not started');
    expect(await c.taskStatus('Threshold judgement')).toBe('Cannot start yet');
    expect(await c.taskIsLink('Threshold judgement')).toBe(false);
    await expectNoAxeViolations(page);

    // Assign: "Assign to me" is already chosen.
    await c.openTask('Assign an officer');
    let f = await GatewayFormPage.verifyOnPage(page, 'Assign an officer');
    await expectNoAxeViolations(page);
    await f.submit('Assign officer');
    c = await CasePage.verifyOnPage(page, PERSON);
    expect(await c.banner()).toBe('Officer assigned.');
    expect(await c.value('Assigned officer')).toBe('Daniel Hughes');
    expect(await c.taskStatus('Assign an officer')).toBe('Completed');

    // A check, first sent empty.
    await c.openTask('Information gathering (checks)');
    f = await GatewayFormPage.verifyOnPage(page, 'Record a check');
    await expectNoAxeViolations(page);
    await f.submit('Save check');
    f = await GatewayFormPage.verifyOnPage(page, 'Record a check');
    expect(await f.errorSummaryItems()).toEqual([
      { text: 'Select the kind of check', href: '#kind' },
      { text: 'Enter the system or partner checked', href: '#source' },
      { text: 'Enter the date of the check', href: '#requestedOn-day' },
    ]);
    expect(await page.title()).toMatch(/^Error: /);
    await expectNoAxeViolations(page);
    await f.choose('Kind of check', 'Police systems (PNC, PND, local intelligence)');
    await f.fill('System or partner checked', 'PNC');
    await f.fillDate('Date of the check', d, m, y);
    await f.submit('Save check');
    c = await CasePage.verifyOnPage(page, PERSON);
    expect(await c.taskStatus('Information gathering (checks)')).toBe('In progress');

    await c.openTask('Deconfliction');
    f = await GatewayFormPage.verifyOnPage(page, 'Record deconfliction');
    await expectNoAxeViolations(page);
    await f.fillDate('Date of deconfliction', d, m, y);
    await f.fill('Result of deconfliction (sealed, police only)', 'No live investigation');
    await f.submit('Save deconfliction');
    c = await CasePage.verifyOnPage(page, PERSON);
    expect(await c.taskStatus('Deconfliction')).toBe('Completed');

    await c.openTask('Threshold judgement');
    f = await GatewayFormPage.verifyOnPage(page, 'Threshold judgement');
    await expectNoAxeViolations(page);
    await f.choose('Is there a radicalisation or terrorism concern?', 'Unclear');
    await f.choose('Is there an immediate risk of harm?', 'Yes');
    await f.submit('Save judgement');
    f = await GatewayFormPage.verifyOnPage(page, 'Threshold judgement');
    expect((await f.errorSummaryItems()).map((e) => e.text)).toEqual(['Enter the rationale for your judgement']);
    await expectNoAxeViolations(page);
    await f.choose('Type of concern', 'No ideology – other susceptibility');
    await f.choose('Is there an immediate risk of harm?', 'No');
    await f.fill('Rationale for your judgement', 'Posts copied from others; no ideology of their own.');
    await f.submit('Save judgement');
    c = await CasePage.verifyOnPage(page, PERSON);
    expect(await c.taskStatus('Threshold judgement')).toBe('Completed');
    expect(await c.taskStatus('Outcome')).toBe('Not started');

    await c.openTask('Outcome');
    f = await GatewayFormPage.verifyOnPage(page, 'Outcome of the gateway assessment');
    await expectNoAxeViolations(page);
    // Choosing signposting reveals its questions (checked with axe while open).
    await f.choose('Outcome', 'Signposted to other services');
    await f.field('Name of the service').waitFor({ state: 'visible' });
    await expectNoAxeViolations(page);
    await f.submit('Record outcome');
    f = await GatewayFormPage.verifyOnPage(page, 'Outcome of the gateway assessment');
    expect((await f.errorSummaryItems()).map((e) => e.href)).toEqual(['#serviceType', '#serviceName', '#serviceContact', '#referrerOutcome', '#rationale']);
    await expectNoAxeViolations(page);
    await f.choose('Outcome', 'No further action');
    await f.choose('What the referrer will be told', 'No further action by Prevent');
    await f.fill('Rationale for the decision', 'Need unrelated to radicalisation.');
    await f.submit('Record outcome');
    c = await CasePage.verifyOnPage(page, PERSON);
    expect(await c.banner()).toBe('Outcome recorded. It is waiting for a supervisor’s approval.');
    expect(await c.value('Status')).toBe('Awaiting approval');
    // The officer who decided cannot review it.
    expect(await c.taskIsLink('Supervisor approval')).toBe(false);

    const sup = await b.newPage();
    await signInThroughPages(sup, DEMO.wmSupervisor);
    await DashboardPage.verifyOnPage(sup, 'Sarah Okafor');
    await sup.goto(caseUrl);
    let sc = await CasePage.verifyOnPage(sup, PERSON);
    await sc.openTask('Supervisor approval');
    f = await GatewayFormPage.verifyOnPage(sup, 'Approve or return the outcome');
    await expectNoAxeViolations(sup);
    await f.choose('Do you approve this outcome?', 'Return it to the officer');
    await f.submit('Save review');
    f = await GatewayFormPage.verifyOnPage(sup, 'Approve or return the outcome');
    expect(await f.errorSummaryItems()).toEqual([{ text: 'Say what needs to change', href: '#comments' }]);
    await expectNoAxeViolations(sup);
    await f.choose('Do you approve this outcome?', 'Approve');
    await f.submit('Save review');
    sc = await CasePage.verifyOnPage(sup, PERSON);
    expect(await sc.value('Status')).toBe('Closed');
    expect((await sc.timeline()).at(-1)).toContain('Approved: No further action');
    await expectNoAxeViolations(sup);
  });
});
