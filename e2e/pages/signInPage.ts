// Staff sign-in: email and password, then the authenticator code.
import type { Page } from 'playwright-core';
import { currentTotpCode } from '../../src/platform/auth/totp.js';
import { TEST_PASSWORD, TEST_TOTP_SECRET } from '../../test/support/testApp.js';
import { BasePage } from './basePage.js';

export class SignInPage extends BasePage {
  static async goto(page: Page): Promise<SignInPage> {
    await page.goto('/sign-in');
    return SignInPage.verifyOnPage(page);
  }

  static async verifyOnPage(page: Page): Promise<SignInPage> {
    await BasePage.waitForHeading(page, 'Sign in');
    return new SignInPage(page);
  }

  /** Submits the password step; next is the code page, or the enrolment page for a user without an authenticator. */
  async enterPassword(email: string, password = TEST_PASSWORD): Promise<void> {
    await this.page.getByLabel('Email address', { exact: true }).fill(email);
    await this.page.getByLabel('Password', { exact: true }).fill(password);
    await this.clickButton('Continue');
  }
}

export class SecurityCodePage extends BasePage {
  static async verifyOnPage(page: Page): Promise<SecurityCodePage> {
    await BasePage.waitForHeading(page, 'Enter your security code');
    return new SecurityCodePage(page);
  }

  async enterCode(code?: string): Promise<void> {
    await this.page.getByLabel('Enter your security code', { exact: true }).fill(code ?? (await currentTotpCode(TEST_TOTP_SECRET)));
    await this.clickButton('Sign in');
  }
}

export class EnrolPage extends BasePage {
  static async verifyOnPage(page: Page): Promise<EnrolPage> {
    await BasePage.waitForHeading(page, 'Set up your authenticator app');
    return new EnrolPage(page);
  }

  /** The setup key as shown (in groups of four), without the spaces. */
  async setupKey(): Promise<string> {
    return (await this.page.locator('code').first().innerText()).replace(/\s+/g, '');
  }

  async enterCode(code: string): Promise<void> {
    await this.page.getByLabel('Security code', { exact: true }).fill(code);
    await this.clickButton('Continue');
  }
}

export class DashboardPage extends BasePage {
  static async verifyOnPage(page: Page, displayName: string): Promise<DashboardPage> {
    await BasePage.waitForHeading(page, `Hello, ${displayName}`);
    return new DashboardPage(page);
  }
}

/**
 * Signs in through the real pages with the known test credentials (call `t.prepareUser(email)` first),
 * calling `onPage` on the password and code pages (for accessibility checks).
 */
export async function signInThroughPages(page: Page, email: string, onPage: (page: Page) => Promise<void> = async () => undefined): Promise<void> {
  const signIn = await SignInPage.goto(page);
  await onPage(page);
  await signIn.enterPassword(email);
  const code = await SecurityCodePage.verifyOnPage(page);
  await onPage(page);
  await code.enterCode();
}
