// The police officer's case page: summary, the gateway assessment task list, records and timeline.
import type { Locator, Page } from 'playwright-core';
import { BasePage } from './basePage.js';

export class CasePage extends BasePage {
  static async verifyOnPage(page: Page, personName: string): Promise<CasePage> {
    await BasePage.waitForHeading(page, personName);
    await page.locator('.govuk-task-list').waitFor();
    return new CasePage(page);
  }

  /** The task whose title (the link or text before its hint) is exactly `title`. */
  private task(title: string): Locator {
    const exact = new RegExp(`^\\s*${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
    return this.page.locator('.govuk-task-list__item').filter({ has: this.page.locator('.govuk-task-list__name-and-hint > :first-child', { hasText: exact }) });
  }

  /** The task's status as shown: "Not started", "In progress", "Completed" or "Cannot start yet". */
  async taskStatus(title: string): Promise<string> {
    return (await this.task(title).locator('.govuk-task-list__status').innerText()).trim();
  }

  /** Whether the task is a link (the officer may do it now). */
  async taskIsLink(title: string): Promise<boolean> {
    return (await this.task(title).locator('a').count()) > 0;
  }

  async openTask(title: string): Promise<void> {
    await this.clickLink(title);
  }

  /** The value of the first summary-list row with this key. */
  async value(key: string): Promise<string> {
    const row = this.page.locator('.govuk-summary-list__row').filter({ has: this.page.locator('dt').getByText(key, { exact: true }) });
    return (await row.first().locator('.govuk-summary-list__value').innerText()).trim();
  }

  /** The success or information banner after an action. */
  async banner(): Promise<string> {
    return (await this.page.locator('.govuk-notification-banner__content').innerText()).trim();
  }

  async timeline(): Promise<string[]> {
    return (await this.page.locator('h2:has-text("Timeline") + ol li').allInnerTexts()).map((s) => s.trim());
  }
}
