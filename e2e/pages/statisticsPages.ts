// The official statistics page: the year picker, the tables (by caption) and the charts.
import type { Locator, Page } from 'playwright-core';
import { BasePage } from './basePage.js';

export class StatisticsPage extends BasePage {
  static async verifyOnPage(page: Page, yearLabel?: string): Promise<StatisticsPage> {
    await BasePage.waitForHeading(page, yearLabel ? `Official statistics ${yearLabel}` : 'Official statistics');
    return new StatisticsPage(page);
  }

  async chooseYear(label: string): Promise<void> {
    await this.page.getByLabel('Statistics year (April to March)', { exact: true }).selectOption({ label });
    await this.clickButton('Show statistics');
  }

  table(caption: string): Locator {
    return this.page.locator('table.govuk-table').filter({ has: this.page.locator('caption', { hasText: caption }) });
  }

  /** A table's body as { row header: cell texts }. */
  async tableRows(caption: string): Promise<Record<string, string[]>> {
    const rows = await this.table(caption).locator('tbody tr').all();
    const entries = await Promise.all(
      rows.map(async (r) => [(await r.locator('th').innerText()).trim(), (await r.locator('td').allInnerTexts()).map((s) => s.trim())] as const),
    );
    return Object.fromEntries(entries);
  }

  /** The charts, by their accessible names. */
  async chartNames(): Promise<string[]> {
    return Promise.all((await this.page.getByRole('img').all()).map(async (img) => (await img.getAttribute('aria-labelledby')) ?? ''));
  }
}
