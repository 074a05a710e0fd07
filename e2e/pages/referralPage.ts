// A referral as police see it (with the transfer form), and as its referrer sees it (status only).
import type { Page } from 'playwright-core';
import { BasePage } from './basePage.js';

export class ReferralPage extends BasePage {
  static async verifyOnPage(page: Page, personName: string): Promise<ReferralPage> {
    await BasePage.waitForHeading(page, personName);
    return new ReferralPage(page);
  }

  /** The value of the first summary-list row with this key. */
  async value(key: string): Promise<string> {
    const row = this.page.locator('.govuk-summary-list__row').filter({ has: this.page.locator('dt').getByText(key, { exact: true }) });
    return (await row.first().locator('.govuk-summary-list__value').innerText()).trim();
  }

  async transfer(options: { force?: string; reason?: string }): Promise<void> {
    if (options.force) await this.page.getByLabel('Force to transfer to', { exact: true }).selectOption({ label: options.force });
    await this.page.getByLabel('Reason for the transfer', { exact: true }).fill(options.reason ?? '');
    await this.clickButton('Transfer referral');
  }
}

export class ReferralStatusPage extends BasePage {
  static async verifyOnPage(page: Page, reference: string): Promise<ReferralStatusPage> {
    await BasePage.waitForHeading(page, `Referral ${reference}`);
    return new ReferralStatusPage(page);
  }

  async status(): Promise<string> {
    const row = this.page.locator('.govuk-summary-list__row').filter({ has: this.page.locator('dt').getByText('Status', { exact: true }) });
    return (await row.locator('.govuk-summary-list__value').innerText()).trim();
  }
}
