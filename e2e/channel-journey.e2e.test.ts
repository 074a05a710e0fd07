// One person's whole journey in a browser, every step through the pages by the user who takes it in the
// service: a neighbour reports a concern about a 15-year-old; a West Midlands Prevent officer triages, judges
// and refers them to Birmingham's Channel panel; the chair runs a meeting (the school's safeguarding lead reads
// the pack), the panel adopts the case, and support starts with two providers; the person withdraws consent
// through their mentor, which stops all support and hands the case back to the police. The officer's review
// refers them to Channel again; the panel adopts the new case, supports it, exits it at a review meeting, and
// the chair records the 6-month post-exit review. Every page visited is checked with axe.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addDays, formatDay, londonDate } from '../src/platform/dates.js';
import { DEMO_PROVIDERS } from '../test/support/channelSteps.js';
import { DEMO } from '../test/support/testApp.js';
import { answerPages, HEADINGS } from './support/answers.js';
import { describeInBrowser, expectNoAxeViolations, startBrowserApp, type BrowserApp } from './support/browser.js';
import { CasePage } from './pages/casePage.js';
import { CheckAnswersPage } from './pages/checkAnswersPage.js';
import { GatewayFormPage } from './pages/gatewayFormPage.js';
import { QuestionPage } from './pages/questionPage.js';
import { TriageQueuePage } from './pages/triageQueuePage.js';
import { ReviewPage } from './pages/monitoringPages.js';
import { DashboardPage, signInThroughPages } from './pages/signInPage.js';
import { AgendaItemPage, AttendancePage, MeetingPackPage, MeetingPage, MeetingsListPage, NewMeetingPage } from './pages/channelMeetingPages.js';
import { ChannelCaseFormPage, ChannelCaseListPage, ChannelCasePage, ChannelDashboardPage } from './pages/channelCasePages.js';
import { ProviderInterventionPage, ProviderInterventionsPage, SessionFormPage, WithdrawalPage, WithdrawalRecordedPage } from './pages/channelProviderPages.js';
import { ConcernSentPage, decideExit, navigateTo, openChannelCase, ReportConcernStartPage } from './pages/channelJourney.js';

const GIVEN = 'Ellis';
const FAMILY = 'Journeyperson';
const PERSON = `${GIVEN} ${FAMILY}`;
const CONCERN = 'Shares extreme right-wing videos with younger pupils and says he wants to join the group behind them.';
const GROUNDS = 'Repeated sharing of extreme right-wing material and a wish to join the group: reasonable grounds to believe he is vulnerable';
const GROUNDS_AGAIN = 'Back in contact with the same online group after support stopped';

const today = londonDate(new Date());
/** Born 15 years and 3 months ago: under 18, so a parent or guardian decides on consent. */
const [dobYear, dobMonth, dobDay] = addDays(today, -(15 * 365 + 100)).split('-') as [string, string, string];

describeInBrowser('one person through referral, the gateway and Channel (twice) in a browser', { timeout: 600_000 }, () => {
  let b: BrowserApp;
  /** One signed-in page per user for the whole journey (an authenticator code is never accepted twice). */
  const pages = new Map<string, Page>();
  let reference: string;
  let policeCaseUrl: string;

  beforeAll(async () => {
    b = await startBrowserApp();
    for (const email of [DEMO.wmOfficer, DEMO.chair, DEMO.schoolReferrer, DEMO.provider, DEMO.otherProvider]) await b.t.prepareUser(email);
  }, 120_000);
  afterAll(() => b?.close());

  /** The user's page, signed in through the pages the first time (the sign-in pages checked with axe). */
  async function as(email: string, displayName: string): Promise<Page> {
    let page = pages.get(email);
    if (!page) {
      page = await b.newPage();
      await signInThroughPages(page, email, expectNoAxeViolations);
      await DashboardPage.verifyOnPage(page, displayName);
      await expectNoAxeViolations(page);
      pages.set(email, page);
    }
    return page;
  }

  const chair = () => as(DEMO.chair, 'Helen Clarke');
  const officer = () => as(DEMO.wmOfficer, 'Daniel Hughes');

  /** From the dashboard's navigation to the panel's case list, then the person's case with this status. */
  async function chairOpensCase(status: string): Promise<ChannelCasePage> {
    const page = await chair();
    await navigateTo(page, 'Channel');
    const dashboard = await ChannelDashboardPage.verifyOnPage(page);
    await expectNoAxeViolations(page);
    await dashboard.clickLink('All your panel’s cases');
    const list = await ChannelCaseListPage.verifyOnPage(page);
    await expectNoAxeViolations(page);
    await openChannelCase(list, PERSON, status);
    const casePage = await ChannelCasePage.verifyOnPage(page, PERSON);
    await expectNoAxeViolations(page);
    return casePage;
  }

  /** The chair schedules a meeting `daysAhead`, puts the person on its agenda and returns the meeting page. */
  async function chairSchedulesMeeting(daysAhead: number, expectedItem: RegExp): Promise<MeetingPage> {
    const page = await chair();
    await navigateTo(page, 'Panel meetings');
    const list = await MeetingsListPage.verifyOnPage(page);
    await expectNoAxeViolations(page);
    await list.clickButton('Schedule a meeting');
    const form = await NewMeetingPage.verifyOnPage(page);
    await expectNoAxeViolations(page);
    await form.schedule(addDays(today, daysAhead), '10:00', 'Council House, Committee Room 2');
    const meeting = await MeetingPage.verifyOnPage(page);
    // The agenda builder offers the person, with why they are due.
    const candidate = page.getByRole('group', { name: 'Cases waiting for the panel or due for review by the meeting', exact: true }).locator('.govuk-radios__item', { hasText: PERSON });
    expect(await candidate.innerText()).toMatch(expectedItem);
    await expectNoAxeViolations(page);
    await meeting.addToAgenda(PERSON);
    const withItem = await MeetingPage.verifyOnPage(page);
    expect(await withItem.agenda()).toEqual([PERSON]);
    await expectNoAxeViolations(page);
    return withItem;
  }

  /** Attendance with the police of the person's area (needed for any decision, s.37), then the agenda item. */
  async function chairRecordsAttendanceAndOpensItem(meeting: MeetingPage, ...members: string[]): Promise<AgendaItemPage> {
    const page = meeting.page;
    await meeting.clickLink('Record attendance');
    const attendance = await AttendancePage.verifyOnPage(page);
    await expectNoAxeViolations(page);
    await attendance.attended(...members);
    const after = await MeetingPage.verifyOnPage(page);
    expect(await page.locator('main').innerText()).toContain('Daniel Hughes, West Midlands Police');
    await after.clickLink(PERSON);
    const item = await AgendaItemPage.verifyOnPage(page, PERSON);
    expect(await page.locator('.govuk-summary-list').first().innerText()).toMatch(/Police of the person’s area attended\s+Yes/);
    await expectNoAxeViolations(page);
    return item;
  }

  /** A parent's consent (the person is under 18), recorded from the case page. */
  async function chairRecordsParentalConsent(casePage: ChannelCasePage): Promise<ChannelCasePage> {
    const page = casePage.page;
    await casePage.clickLink('Consent');
    const form = await ChannelCaseFormPage.verifyOnPage(page, 'Record consent');
    expect(await page.locator('main').innerText()).toContain('The person is under 18: a parent or guardian decides.');
    await expectNoAxeViolations(page);
    await form.choose('Consent given');
    await form.choose('A parent or guardian');
    await form.fill('Name of the person who decided', 'Morgan Journeyperson');
    await form.fill('Relationship to the person (parent or guardian only)', 'Mother');
    await form.fill('How consent was sought', 'Home visit with the school’s safeguarding lead');
    await form.fill('Who sought consent', 'Channel coordinator');
    await form.date('soughtOn', today);
    await form.date('decidedOn', today);
    await form.fill('Purposes the consent covers', 'Mentoring and family support under Channel');
    await form.clickButton('Save consent');
    const after = await ChannelCasePage.verifyOnPage(page, PERSON);
    expect(await after.banner()).toContain('Consent recorded.');
    await expectNoAxeViolations(page);
    return after;
  }

  async function chairStartsIntervention(casePage: ChannelCasePage, typeCode: string, provider: string, goal: string): Promise<ChannelCasePage> {
    const page = casePage.page;
    await casePage.clickLink('Interventions');
    const form = await ChannelCaseFormPage.verifyOnPage(page, 'Add an intervention');
    await page.locator('#typeCode').selectOption(typeCode);
    await form.choose(provider);
    await form.fill('Goal of the support', goal);
    await form.fill('How the provider reaches the person', 'Through his mother, by phone');
    await form.date('startsOn', today);
    await form.fill('Sessions expected', '6');
    await expectNoAxeViolations(page);
    await form.clickButton('Start intervention');
    const after = await ChannelCasePage.verifyOnPage(page, PERSON);
    expect(await after.banner()).toContain('Intervention started.');
    await expectNoAxeViolations(page);
    return after;
  }

  it('1. a member of the public reports a concern about a 15-year-old in Birmingham', async () => {
    const page = await b.newPage();
    const start = await ReportConcernStartPage.goto(page);
    await expectNoAxeViolations(page);
    await start.start();

    let q = await QuestionPage.verifyOnPage(page, HEADINGS.person!);
    await expectNoAxeViolations(page);
    await q.fill('First name', GIVEN);
    await q.fill('Last name', FAMILY);
    await q.continue();

    q = await QuestionPage.verifyOnPage(page, HEADINGS.age!);
    await expectNoAxeViolations(page);
    await q.fillDate('Date of birth (optional)', String(Number(dobDay)), String(Number(dobMonth)), dobYear);
    await q.choose('Gender', 'Male');
    await q.continue();

    // A Birmingham postcode (B1 1AA): West Midlands Police receive it.
    await answerPages(page, ['address'], expectNoAxeViolations);
    q = await QuestionPage.verifyOnPage(page, HEADINGS.concern!);
    await expectNoAxeViolations(page);
    await q.fill('What worries you?', CONCERN);
    await q.continue();
    await answerPages(page, ['concern-details', 'awareness', 'about-you'], expectNoAxeViolations);

    const check = await CheckAnswersPage.verifyOnPage(page);
    expect(await check.value('Name')).toBe(PERSON);
    expect(await check.value('Postcode')).toMatch(/^b1 1aa$/i);
    await expectNoAxeViolations(page);
    await check.send();

    const sent = await ConcernSentPage.verifyOnPage(page);
    reference = await sent.reference();
    await expectNoAxeViolations(page);
  });

  it('2. a West Midlands Prevent officer triages it, judges the threshold and refers it to Birmingham’s Channel panel', async () => {
    const page = await officer();
    await (await DashboardPage.verifyOnPage(page, 'Daniel Hughes')).clickLink('Triage queue');
    const queue = await TriageQueuePage.verifyOnPage(page);
    expect(await queue.row(reference).innerText()).toContain(PERSON);
    expect(await queue.row(reference).innerText()).toContain('Unassigned');
    await expectNoAxeViolations(page);

    await queue.assignToMe(reference);
    const assigned = await TriageQueuePage.verifyOnPage(page);
    expect(await assigned.successMessage()).toBe(`Referral ${reference} assigned to you.`);
    policeCaseUrl = (await assigned.caseHref(reference))!;
    expect(policeCaseUrl).toMatch(/^\/cases\/[0-9a-f-]{36}$/);
    await assigned.clickLink(reference);

    let c = await CasePage.verifyOnPage(page, PERSON);
    expect(await c.value('Assigned officer')).toBe('Daniel Hughes');
    await expectNoAxeViolations(page);

    await c.openTask('Threshold judgement');
    let f = await GatewayFormPage.verifyOnPage(page, 'Threshold judgement');
    await expectNoAxeViolations(page);
    await f.choose('Is there a radicalisation or terrorism concern?', 'Yes');
    await f.choose('Type of concern', 'Extreme right-wing');
    await f.choose('Is there an immediate risk of harm?', 'No');
    await f.fill('Rationale for your judgement', 'Shares material and wants to join; no intent to harm seen.');
    await f.submit('Save judgement');
    c = await CasePage.verifyOnPage(page, PERSON);
    expect(await c.taskStatus('Threshold judgement')).toBe('Completed');

    await c.openTask('Outcome');
    f = await GatewayFormPage.verifyOnPage(page, 'Outcome of the gateway assessment');
    await f.choose('Outcome', 'Referred to Channel');
    await f.field('Local authority whose Channel panel will consider the case').waitFor({ state: 'visible' });
    await f.select('Local authority whose Channel panel will consider the case', 'Birmingham City Council');
    await f.fill('Reasonable grounds to believe the person is vulnerable to being drawn into terrorism', GROUNDS);
    await f.choose('What the referrer will be told', 'Support being arranged');
    await f.fill('Rationale for the decision', 'Vulnerable and susceptible; partners can support him.');
    await expectNoAxeViolations(page);
    await f.submit('Record outcome');
    c = await CasePage.verifyOnPage(page, PERSON);
    expect(await c.banner()).toBe('Outcome recorded.');
    expect(await c.value('Status')).toBe('Referred to Channel');
    await expectNoAxeViolations(page);
  });

  it('3. the chair runs a meeting: agenda, pack (read by the school’s safeguarding lead), attendance and adoption', async () => {
    let meeting = await chairSchedulesMeeting(3, /New referral/);
    await meeting.clickButton('Publish the meeting pack');
    meeting = await MeetingPage.verifyOnPage(meeting.page);
    expect(await meeting.page.locator('.govuk-notification-banner').innerText()).toContain('Meeting pack published');
    await expectNoAxeViolations(meeting.page);

    // A standing member (the school's DSL) reads the pack from their dashboard.
    const dsl = await as(DEMO.schoolReferrer, 'Rachel Evans');
    await (await DashboardPage.verifyOnPage(dsl, 'Rachel Evans')).clickLink(/^Read the meeting pack/);
    const pack = await MeetingPackPage.verifyOnPage(dsl);
    expect(await pack.people()).toEqual([`1. ${PERSON}`]);
    const packText = await dsl.locator('main').innerText();
    expect(packText).toContain(GROUNDS);
    expect(packText).toContain('Extreme right-wing');
    expect(packText).toContain('West Midlands Police');
    // Police-only judgement and rationale never reach the pack.
    expect(packText).not.toContain('no intent to harm seen');
    expect(packText).not.toContain('partners can support him');
    await expectNoAxeViolations(dsl);

    const item = await chairRecordsAttendanceAndOpensItem(meeting, 'Helen Clarke', 'Daniel Hughes', 'Rachel Evans');
    await item.decide('Adopt as a Channel case', 'Unanimous', 'All agencies agree mentoring and family support are needed');
    const decided = await AgendaItemPage.verifyOnPage(item.page, PERSON);
    expect(await decided.decision()).toContain('Adopt as a Channel case');
    expect(await decided.decision()).toContain('Unanimous');
    await expectNoAxeViolations(item.page);
  });

  it('4. the chair records parental consent, the support plan and two interventions', async () => {
    let casePage = await chairOpensCase('Adopted');
    casePage = await chairRecordsParentalConsent(casePage);

    await casePage.clickLink('Support plan');
    const plan = await ChannelCaseFormPage.verifyOnPage(casePage.page, 'Support plan');
    await expectNoAxeViolations(casePage.page);
    await plan.fill('How, when and by whom consent will be or was sought', 'Sought by the coordinator with his mother at a home visit');
    await plan.fill('Adjustments (optional)', 'Sessions after school, near home');
    await plan.clickButton('Save support plan');
    casePage = await ChannelCasePage.verifyOnPage(casePage.page, PERSON);
    expect(await casePage.banner()).toContain('Support plan saved.');

    casePage = await chairStartsIntervention(casePage, 'ideological_theological_mentoring', DEMO_PROVIDERS.pathways, 'Challenge the group’s ideas with a mentor');
    casePage = await chairStartsIntervention(casePage, 'family_support', DEMO_PROVIDERS.bridges, 'Help the family talk about what he watches');
    const text = await casePage.page.locator('main').innerText();
    expect(text).toContain(DEMO_PROVIDERS.pathways);
    expect(text).toContain(DEMO_PROVIDERS.bridges);
  });

  it('5. the mentor logs a session and records that consent was withdrawn: all support stops and the case goes back to the police', async () => {
    const mentor = await as(DEMO.provider, 'Yusuf Rahman');
    await (await DashboardPage.verifyOnPage(mentor, 'Yusuf Rahman')).clickLink('Your interventions');
    const list = await ProviderInterventionsPage.verifyOnPage(mentor);
    expect(await list.rows()).toEqual([[PERSON, 'Ideological or theological mentoring', formatDay(today), '0 of 6', 'Active']]);
    await expectNoAxeViolations(mentor);

    await list.clickLink(PERSON);
    const intervention = await ProviderInterventionPage.verifyOnPage(mentor, PERSON);
    expect(await intervention.value('Goal of this intervention')).toBe('Challenge the group’s ideas with a mentor');
    expect(await intervention.value('Contact route')).toBe('Through his mother, by phone');
    // The minimal view: nothing of the referral, the police's grounds or the other provider's work.
    const minimal = await mentor.locator('main').innerText();
    for (const hidden of [CONCERN, GROUNDS, DEMO_PROVIDERS.bridges, 'Help the family talk']) expect(minimal).not.toContain(hidden);
    await expectNoAxeViolations(mentor);

    await intervention.clickButton('Log a session');
    const session = await SessionFormPage.verifyOnPage(mentor);
    await expectNoAxeViolations(mentor);
    await session.log({ attended: 'Yes', engagement: 'Engaged', notes: 'Talked about where the videos come from' });
    const logged = await ProviderInterventionPage.verifyOnPage(mentor, PERSON);
    expect(await logged.successMessage()).toBe('Session logged.');
    expect(await logged.value('Sessions logged')).toBe('1');
    await expectNoAxeViolations(mentor);

    await logged.clickLink('record that consent was withdrawn');
    const withdrawal = await WithdrawalPage.verifyOnPage(mentor);
    await expectNoAxeViolations(mentor);
    await withdrawal.record('His mother rang: he does not want to carry on');
    const recorded = await WithdrawalRecordedPage.verifyOnPage(mentor);
    await expectNoAxeViolations(mentor);
    await recorded.clickLink('View the intervention');
    const stopped = await ProviderInterventionPage.verifyOnPage(mentor, PERSON);
    expect(await stopped.value('Status')).toBe('Stopped');
    expect(await stopped.value('Stopped')).toBe(`${formatDay(today)}: Consent withdrawn`);
    await expectNoAxeViolations(mentor);

    // The family support provider is told at once, and their intervention has stopped too.
    const bridges = await as(DEMO.otherProvider, 'Nadia Kowalski');
    const notifications = await bridges.locator('#notifications + ul').innerText();
    expect(notifications).toContain(`Consent to Channel support was withdrawn on ${formatDay(today)}: stop your work with ${PERSON} now.`);
    await (await DashboardPage.verifyOnPage(bridges, 'Nadia Kowalski')).clickLink('Your interventions');
    const theirs = await ProviderInterventionsPage.verifyOnPage(bridges);
    expect(await theirs.rows()).toEqual([[PERSON, 'Family support', formatDay(today), '0 of 6', 'Stopped']]);
    await expectNoAxeViolations(bridges);
    await theirs.clickLink(PERSON);
    const bridgesView = await ProviderInterventionPage.verifyOnPage(bridges, PERSON);
    expect(await bridgesView.value('Status')).toBe('Stopped');
    expect(await bridges.getByRole('button', { name: 'Log a session' }).count()).toBe(0);
    await expectNoAxeViolations(bridges);

    // The chair is alerted; the Channel case shows it went back to the police.
    const chairPage = await chair();
    await navigateTo(chairPage, 'Home');
    await DashboardPage.verifyOnPage(chairPage, 'Helen Clarke');
    expect(await chairPage.locator('#notifications + ul').innerText()).toContain(`Consent to Channel support for ${PERSON} was withdrawn`);
    await expectNoAxeViolations(chairPage);
    const returned = await chairOpensCase('Returned to the police');
    const caseText = await returned.page.locator('main').innerText();
    expect(caseText).toContain('Returned to the police');
    expect(caseText).toMatch(/Pathways Mentoring CIC[^\n]*Stopped/);
    expect(caseText).toMatch(/Bridges Family Support[^\n]*Stopped/);

    // The police are alerted too, and their case is under police-led management again.
    const police = await officer();
    await navigateTo(police, 'Home');
    const dashboard = await DashboardPage.verifyOnPage(police, 'Daniel Hughes');
    await expectNoAxeViolations(police);
    await dashboard.clickLink(new RegExp(`^Consent to Channel support for ${PERSON} was withdrawn`));
    const c = await CasePage.verifyOnPage(police, PERSON);
    expect(new URL(police.url()).pathname).toBe(policeCaseUrl);
    expect(await c.value('Status')).toBe('Police-led management');
    expect(await police.locator('#channel + table').innerText()).toContain('Returned to the police');
    expect(await c.taskIsLink('Police-led review')).toBe(true);
    await expectNoAxeViolations(police);
  });

  it('6. the police review refers the person to Channel again; the panel adopts, supports, exits, and the chair records the 6-month review', async () => {
    // The officer's police-led review (from the case page, where part 5 left them) refers to Channel again.
    const police = await officer();
    const c = await CasePage.verifyOnPage(police, PERSON);
    await c.openTask('Police-led review');
    const review = await ReviewPage.verifyOnPage(police);
    await expectNoAxeViolations(police);
    await review.group('Decision').getByLabel('Refer to Channel', { exact: true }).check();
    await review.field('Local authority whose Channel panel will consider the case').selectOption({ label: 'Birmingham City Council' });
    await review.field('Reasonable grounds to believe the person is vulnerable to being drawn into terrorism').fill(GROUNDS_AGAIN);
    await expectNoAxeViolations(police);
    await review.record({ changes: 'Back in touch with the group online', actions: 'Home visit with his mother', rationale: 'Support is needed again and he may now accept it' });
    const referred = await CasePage.verifyOnPage(police, PERSON);
    expect(await referred.banner()).toBe('Review recorded and case referred to Channel.');
    expect(await referred.value('Status')).toBe('Referred to Channel');
    await expectNoAxeViolations(police);

    // The new Channel case: on a new meeting's agenda, adopted with the police present.
    const meeting = await chairSchedulesMeeting(7, /New referral/);
    const item = await chairRecordsAttendanceAndOpensItem(meeting, 'Helen Clarke', 'Daniel Hughes');
    await item.decide('Adopt as a Channel case', 'Unanimous', 'Consent may now be given; support is needed');
    const adopted = await AgendaItemPage.verifyOnPage(item.page, PERSON);
    expect(await adopted.decision()).toContain('Adopt as a Channel case');
    await expectNoAxeViolations(item.page);
    // Adopted, with its next review 30 days after this meeting: not due for review by this meeting.
    await adopted.clickLink('Back');
    await MeetingPage.verifyOnPage(item.page);
    expect(await item.page.locator('main').innerText()).toContain('No other cases are waiting for the panel or due for review by this meeting.');

    let casePage = await chairOpensCase('Adopted');
    casePage = await chairRecordsParentalConsent(casePage);
    casePage = await chairStartsIntervention(casePage, 'ideological_theological_mentoring', DEMO_PROVIDERS.pathways, 'Mentoring, second time');

    // A review meeting after the next review date (30 days after the adopting meeting): the case is offered as a review.
    const reviewMeeting = await chairSchedulesMeeting(40, new RegExp(`Review – review due ${formatDay(addDays(today, 37))}`));
    const reviewItem = await chairRecordsAttendanceAndOpensItem(reviewMeeting, 'Helen Clarke', 'Daniel Hughes');
    expect(await reviewItem.page.locator('main').innerText()).toContain('Exit Channel');
    await decideExit(reviewItem, 'Vulnerability reduced', 'Engaged well with mentoring; no longer drawn to the group.', 'Vulnerability has reduced; all agencies agree');
    const exited = await AgendaItemPage.verifyOnPage(reviewItem.page, PERSON);
    expect(await exited.decision()).toContain('Exit Channel');
    await expectNoAxeViolations(reviewItem.page);

    // The 6-month post-exit review, from the case page.
    casePage = await chairOpensCase('Exited');
    expect(await casePage.page.locator('main').innerText()).toContain('Engaged well with mentoring; no longer drawn to the group.');
    await casePage.clickLink('Record the 6-month review');
    const form = await ChannelCaseFormPage.verifyOnPage(casePage.page, 'Post-exit review');
    await expectNoAxeViolations(casePage.page);
    await form.choose('No concerns: the review is complete');
    await form.fill('Notes of the review', 'Settled at school; no contact with the group');
    await form.date('completedOn', today);
    await form.clickButton('Save review');
    casePage = await ChannelCasePage.verifyOnPage(casePage.page, PERSON);
    expect(await casePage.banner()).toContain('Post-exit review recorded.');
    expect(await casePage.page.locator('main').innerText()).toContain('Settled at school; no contact with the group');
    await expectNoAxeViolations(casePage.page);

    // The police referral closed when the person left Channel (the case is no longer in any queue: opened by its address).
    await police.goto(policeCaseUrl);
    const closed = await CasePage.verifyOnPage(police, PERSON);
    expect(await closed.value('Status')).toBe('Closed');
    await expectNoAxeViolations(police);
  });
});
