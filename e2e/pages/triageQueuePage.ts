// The police triage queue: its filters (a GET form), the rows and "Assign to me".
import type { Locator, Page } from 'playwright-core';
import { BasePage, clickAndWaitForPage } from './basePage.js';

export interface QueueFilters {
  statuses?: string[];
  officer?: string;
  under18?: boolean;
  repeat?: boolean;
  overdue?: boolean;
}

export class TriageQueuePage extends BasePage {
  static async verifyOnPage(page: Page): Promise<TriageQueuePage> {
    await BasePage.waitForHeading(page, 'Triage queue');
    return new TriageQueuePage(page);
  }

  row(reference: string): Locator {
    return this.page.locator('tbody tr').filter({ hasText: reference });
  }

  /** Where the reference links to (the case page). */
  async caseHref(reference: string): Promise<string | null> {
    return this.row(reference).getByRole('link', { name: reference, exact: true }).getAttribute('href');
  }

  async filter(filters: QueueFilters): Promise<void> {
    for (const s of filters.statuses ?? []) await this.page.getByLabel(s, { exact: true }).check();
    if (filters.officer) await this.page.getByLabel('Assigned officer', { exact: true }).selectOption({ label: filters.officer });
    if (filters.under18) await this.page.getByLabel('Under 18 only', { exact: true }).check();
    if (filters.repeat) await this.page.getByLabel('Repeat referrals only', { exact: true }).check();
    if (filters.overdue) await this.page.getByLabel('Overdue only', { exact: true }).check();
    await this.clickButton('Apply filters');
  }

  async assignToMe(reference: string): Promise<void> {
    await clickAndWaitForPage(this.page, this.row(reference).getByRole('button', { name: `Assign to me ${reference}`, exact: true }));
  }

  /** The text of the success banner, once it is on the page. */
  async successMessage(): Promise<string> {
    const banner = this.page.locator('.govuk-notification-banner--success');
    await banner.waitFor();
    return (await banner.locator('.govuk-notification-banner__content').innerText()).trim();
  }
}
