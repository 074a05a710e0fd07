// A local authority's Channel panel: the referrals the police made to it, and one of them.
import type { Page } from 'playwright-core';
import { BasePage } from './basePage.js';

export class ChannelReferralsPage extends BasePage {
  static async verifyOnPage(page: Page): Promise<ChannelReferralsPage> {
    await BasePage.waitForHeading(page, 'Referrals to your Channel panel');
    return new ChannelReferralsPage(page);
  }

  /** The people listed, in the order shown. */
  async people(): Promise<string[]> {
    return (await this.page.locator('table tbody tr td:first-child').allInnerTexts()).map((s) => s.trim());
  }
}

export class ChannelReferralPage extends BasePage {
  static async verifyOnPage(page: Page, person: string): Promise<ChannelReferralPage> {
    await BasePage.waitForHeading(page, person);
    return new ChannelReferralPage(page);
  }

  /** The value of the first summary-list row with this key. */
  async value(key: string): Promise<string> {
    const row = this.page.locator('.govuk-summary-list__row').filter({ has: this.page.locator('dt').getByText(key, { exact: true }) });
    return (await row.first().locator('.govuk-summary-list__value').innerText()).trim();
  }

  async deconfliction(): Promise<string> {
    return (await this.page.locator('#deconfliction').innerText()).trim();
  }
}
