// The police triage queue.
import type { Locator, Page } from 'playwright-core';
import { BasePage } from './basePage.js';

export class TriageQueuePage extends BasePage {
  static async verifyOnPage(page: Page): Promise<TriageQueuePage> {
    await BasePage.waitForHeading(page, 'Triage queue');
    return new TriageQueuePage(page);
  }

  row(reference: string): Locator {
    return this.page.locator('tbody tr').filter({ hasText: reference });
  }

  async open(reference: string): Promise<void> {
    await this.clickLink(reference);
  }
}
