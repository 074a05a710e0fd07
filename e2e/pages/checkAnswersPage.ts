// The check-your-answers page: summary lists with Change links, and the send button.
import type { Locator, Page } from 'playwright-core';
import { BasePage } from './basePage.js';

export class CheckAnswersPage extends BasePage {
  static async verifyOnPage(page: Page): Promise<CheckAnswersPage> {
    await BasePage.waitForHeading(page, 'Check your answers before sending your referral');
    return new CheckAnswersPage(page);
  }

  private row(key: string): Locator {
    return this.page.locator('.govuk-summary-list__row').filter({ has: this.page.locator('dt').getByText(key, { exact: true }) });
  }

  async value(key: string): Promise<string> {
    return (await this.row(key).locator('.govuk-summary-list__value').innerText()).trim();
  }

  /** Follows the row's Change link; its accessible name is "Change <key>", lower case. */
  async change(key: string): Promise<void> {
    await this.clickLink(`Change ${key.toLowerCase()}`);
  }

  async send(): Promise<void> {
    await this.clickButton('Accept and send');
  }
}
