// Monitoring pages: a signposted case's follow-up and a police-led case's reviews (holding force), and a
// follow-up request as the receiving service sees it.
import type { Locator, Page } from 'playwright-core';
import { BasePage } from './basePage.js';

abstract class FormPage extends BasePage {
  field(label: string): Locator {
    return this.page.getByLabel(label, { exact: true });
  }

  group(legend: string): Locator {
    return this.page.getByRole('group', { name: legend, exact: true });
  }

  /** The success banner's text, once shown. */
  async successMessage(): Promise<string> {
    return (await this.page.locator('.govuk-notification-banner__content').innerText()).trim();
  }

  /** The value of the first summary-list row with this key. */
  async value(key: string): Promise<string> {
    const row = this.page.locator('.govuk-summary-list__row').filter({ has: this.page.locator('dt').getByText(key, { exact: true }) });
    return (await row.first().locator('.govuk-summary-list__value').innerText()).trim();
  }
}

export class FollowUpPage extends FormPage {
  static async verifyOnPage(page: Page): Promise<FollowUpPage> {
    await BasePage.waitForHeading(page, 'Signposting follow-up');
    return new FollowUpPage(page);
  }

  async recordAcknowledgement(): Promise<void> {
    await this.clickButton('Record acknowledgement');
  }

  async recordOutcome(options: { outcome?: string; close?: 'yes' | 'no'; closingNote?: string; referrerOutcome?: string }): Promise<void> {
    if (options.outcome !== undefined) await this.field('What the service did').fill(options.outcome);
    if (options.close) await this.group('Close the case now?').getByLabel(options.close === 'yes' ? 'Yes, record the outcome and close the case' : 'No, only record the outcome', { exact: true }).check();
    if (options.closingNote !== undefined) await this.field('Closing note').fill(options.closingNote);
    if (options.referrerOutcome) await this.field('What the referrer will be told').selectOption({ label: options.referrerOutcome });
    await this.clickButton('Save');
  }
}

export class ReviewPage extends FormPage {
  static async verifyOnPage(page: Page): Promise<ReviewPage> {
    await BasePage.waitForHeading(page, 'Police-led management review');
    return new ReviewPage(page);
  }

  async record(review: { date?: [string, string, string]; changes?: string; actions?: string; decision?: string; rationale?: string }): Promise<void> {
    if (review.date) {
      const g = this.group('Date of the review');
      await g.getByLabel('Day', { exact: true }).fill(review.date[0]);
      await g.getByLabel('Month', { exact: true }).fill(review.date[1]);
      await g.getByLabel('Year', { exact: true }).fill(review.date[2]);
    }
    if (review.changes !== undefined) await this.field('What has changed since the last review').fill(review.changes);
    if (review.actions !== undefined) await this.field('Actions taken or planned').fill(review.actions);
    if (review.decision) await this.group('Decision').getByLabel(review.decision, { exact: true }).check();
    if (review.rationale !== undefined) await this.field('Rationale for your decision').fill(review.rationale);
    await this.clickButton('Save review');
  }
}

export class ReceivedFollowUpPage extends FormPage {
  static async verifyOnPage(page: Page, personName: string): Promise<ReceivedFollowUpPage> {
    await BasePage.waitForHeading(page, personName);
    return new ReceivedFollowUpPage(page);
  }

  async acknowledge(): Promise<void> {
    await this.clickButton('Acknowledge');
  }

  async recordOutcome(outcome: string): Promise<void> {
    await this.field('What your service did').fill(outcome);
    await this.clickButton('Record outcome');
  }
}

export class ReceivedListPage extends FormPage {
  static async verifyOnPage(page: Page): Promise<ReceivedListPage> {
    await BasePage.waitForHeading(page, 'Follow-up requests');
    return new ReceivedListPage(page);
  }
}
