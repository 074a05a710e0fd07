// People in a browser: the officer opens a referral's possible earlier records from the case page, meets the
// error for "not the same" without a reason, and confirms the same person; a supervisor merges two people and
// undoes it. Every page and error state is checked with axe.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { api, referralById, tokenFor } from '../test/support/referrals.js';
import { DEMO } from '../test/support/testApp.js';
import { describeInBrowser, expectNoAxeViolations, startBrowserApp, type BrowserApp } from './support/browser.js';
import { CasePage } from './pages/casePage.js';
import { CandidatesPage, MergePage, PersonPage, UndoPage } from './pages/peoplePages.js';
import { signInThroughPages } from './pages/signInPage.js';

describeInBrowser('people and person matching in a browser', { timeout: 120_000 }, () => {
  let b: BrowserApp;
  const made: Record<string, { id: string; recordId: string; reference: string }> = {};

  beforeAll(async () => {
    b = await startBrowserApp();
    await b.t.prepareUser(DEMO.wmOfficer);
    await b.t.prepareUser(DEMO.wmSupervisor);
    const token = await tokenFor(b.t, 'northfield-academy');
    const refer = async (key: string, givenName: string, familyName: string, dateOfBirth: string, postcode: string, address: string) => {
      const res = await api(b.t, token)('POST', '/api/v1/referrals', {
        subject: { givenName, familyName, dateOfBirth, gender: 'male', postcode, address, schoolOrWorkplace: 'Northfield Academy' },
        concern: { narrative: `Concern about ${givenName}`, threatOfHarm: 'no', supportNeeds: ['mental_health'] },
        awareness: { subjectAware: 'no', parentAware: 'yes' },
        professional: { name: 'Rachel Evans', role: 'Designated safeguarding lead', email: 'dsl@northfield.example', safeguardingLeadConsulted: 'yes', safeguardingLeadName: 'Ann Lead' },
      });
      if (res.statusCode !== 201) throw new Error(`referral: ${res.statusCode}`);
      const row = (await referralById(b.t, res.json<{ id: string }>().id))!;
      made[key] = { id: row.id, recordId: row.personRecordId, reference: row.reference };
    };
    await refer('first', 'Mohammed', 'Ali', '2009-03-14', 'B29 6QT', '12 Bristol Road');
    await refer('second', 'Muhammad', 'Aly', '2009-03-14', 'B30 2AB', '4 Pershore Road');
    await refer('x', 'Bartholomew', 'Quennell', '2011-06-02', 'B15 2TT', '1 High Street');
    await refer('y', 'Bartholemew', 'Quennel', '2011-06-02', 'B16 8AA', '7 Broad Street');
  }, 60_000);
  afterAll(() => b?.close());

  it('lets the officer check the possible earlier records and confirm the same person', async () => {
    const page = await b.newPage();
    await signInThroughPages(page, DEMO.wmOfficer);
    await page.goto(`/cases/${made.second!.id}`);
    const c = await CasePage.verifyOnPage(page, 'Muhammad Aly');
    await c.clickLink('Possible earlier records: 1 to check');

    let candidates = await CandidatesPage.verifyOnPage(page);
    await expectNoAxeViolations(page);
    await candidates.answer('Mohammed Ali', 'Not the same person');
    candidates = await CandidatesPage.verifyOnPage(page);
    expect(await candidates.errorSummaryItems()).toEqual([{ text: 'Enter why they are not the same person', href: `#reason-${made.first!.recordId}` }]);
    await expectNoAxeViolations(page);

    await candidates.answer('Mohammed Ali', 'Same person');
    const person = await PersonPage.verifyOnPage(page, 'Mohammed Ali');
    expect(await person.banner()).toContain('Recorded as the same person');
    expect((await person.references()).sort()).toEqual([made.first!.reference, made.second!.reference].sort());
    await expectNoAxeViolations(page);
  });

  it('lets a supervisor merge two people and undo it', async () => {
    const page = await b.newPage();
    await signInThroughPages(page, DEMO.wmSupervisor);
    await page.goto(`/people/${made.y!.recordId}`);
    let person = await PersonPage.verifyOnPage(page, 'Bartholemew Quennel');
    await expectNoAxeViolations(page);
    await person.clickButton('Merge with another person');

    let merge = await MergePage.verifyOnPage(page);
    await expectNoAxeViolations(page);
    await merge.merge(null, '');
    merge = await MergePage.verifyOnPage(page);
    expect(await merge.errorSummaryItems()).toEqual([
      { text: 'Select the person to merge with', href: '#otherRecordId' },
      { text: 'Enter why these are the same person', href: '#reason' },
    ]);
    await expectNoAxeViolations(page);
    await merge.merge(/^Bartholomew Quennell/, 'Same school and birthday; moved house');

    person = await PersonPage.verifyOnPage(page, 'Bartholemew Quennel');
    expect((await person.references()).sort()).toEqual([made.x!.reference, made.y!.reference].sort());
    await person.clickLink(/^Undo/);

    let undo = await UndoPage.verifyOnPage(page);
    await expectNoAxeViolations(page);
    await undo.clickButton('Undo');
    undo = await UndoPage.verifyOnPage(page);
    expect(await undo.errorSummaryItems()).toEqual([{ text: 'Enter why you are undoing this', href: '#reason' }]);
    await expectNoAxeViolations(page);
    await undo.undo('The school says they are cousins');

    person = await PersonPage.verifyOnPage(page, 'Bartholemew Quennel');
    expect(await person.references()).toEqual([made.y!.reference]);
    await expectNoAxeViolations(page);
  });
});
