// A professional referrer's list of drafts and sent referrals.
import type { Locator, Page } from 'playwright-core';
import { BasePage, clickAndWaitForPage } from './basePage.js';

export class MyReferralsPage extends BasePage {
  static async verifyOnPage(page: Page): Promise<MyReferralsPage> {
    await BasePage.waitForHeading(page, 'My referrals');
    return new MyReferralsPage(page);
  }

  async makeNewReferral(): Promise<void> {
    await this.clickButton('Make a new referral');
  }

  draftsTable(): Locator {
    return this.page.locator('table', { has: this.page.locator('caption', { hasText: 'Referrals you have started but not sent' }) });
  }

  async continueDraft(personName: string): Promise<void> {
    await clickAndWaitForPage(this.page, this.draftsTable().getByRole('link', { name: personName, exact: true }));
  }

  sentRow(reference: string): Locator {
    return this.page.locator('table', { has: this.page.locator('caption', { hasText: 'Referrals you have sent' }) }).locator('tbody tr').filter({ hasText: reference });
  }

  async statusOf(reference: string): Promise<string> {
    return (await this.sentRow(reference).locator('.govuk-tag').innerText()).trim();
  }

  async open(reference: string): Promise<void> {
    await this.clickLink(reference);
  }
}
