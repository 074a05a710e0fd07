// A new member of staff, created without an authenticator, sets one up at first sign-in in a real browser.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUser } from '../src/modules/organisations/users.admin.js';
import { currentTotpCode } from '../src/platform/auth/totp.js';
import { describeInBrowser, expectNoAxeViolations, startBrowserApp, type BrowserApp, JOURNEY_TIMEOUT_MS } from './support/browser.js';
import { DashboardPage, EnrolPage, SignInPage } from './pages/signInPage.js';

const EMAIL = 'new.officer@westmidlands.example';

describeInBrowser('authenticator enrolment in a browser', { timeout: JOURNEY_TIMEOUT_MS }, () => {
  let b: BrowserApp;
  let password: string;

  beforeAll(async () => {
    b = await startBrowserApp();
    ({ password } = await createUser(b.t.db.database.db, {
      email: EMAIL,
      displayName: 'Nia Newcomer',
      organisationCode: 'west-midlands-police',
      roles: ['prevent_officer'],
    }));
  }, 60_000);
  afterAll(() => b?.close());

  it('sets up an authenticator at first sign-in and lands on the dashboard', async () => {
    const page = await b.newPage();
    const signIn = await SignInPage.goto(page);
    await signIn.enterPassword(EMAIL, password);

    const enrol = await EnrolPage.verifyOnPage(page);
    await expectNoAxeViolations(page);

    // No code: an error, accessibly reported.
    await enrol.enterCode('');
    await EnrolPage.verifyOnPage(page);
    expect(await enrol.errorSummaryItems()).toEqual([{ text: 'Enter the 6-digit security code', href: '#code' }]);
    await expectNoAxeViolations(page);

    const secret = await enrol.setupKey();
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await enrol.enterCode(await currentTotpCode(secret));

    await DashboardPage.verifyOnPage(page, 'Nia Newcomer');
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    await expectNoAxeViolations(page);
  });
});
