// A provider's own work: its interventions, one intervention (the minimal view), the session, end-report and
// withdrawal forms, and the confirmation that a withdrawal is recorded.
import type { Locator, Page } from 'playwright-core';
import { BasePage } from './basePage.js';

abstract class ProviderPage extends BasePage {
  field(label: string): Locator {
    return this.page.getByLabel(label, { exact: true });
  }

  group(legend: string): Locator {
    return this.page.getByRole('group', { name: legend, exact: true });
  }

  /** Fills a GOV.UK date input by its legend. */
  async fillDate(legend: string, [day, month, year]: [string, string, string]): Promise<void> {
    const g = this.group(legend);
    await g.getByLabel('Day', { exact: true }).fill(day);
    await g.getByLabel('Month', { exact: true }).fill(month);
    await g.getByLabel('Year', { exact: true }).fill(year);
  }

  /** The success banner's text, once shown. */
  async successMessage(): Promise<string> {
    return (await this.page.locator('.govuk-notification-banner__content').innerText()).trim();
  }
}

export class ProviderInterventionsPage extends ProviderPage {
  static async verifyOnPage(page: Page): Promise<ProviderInterventionsPage> {
    await BasePage.waitForHeading(page, 'Your interventions');
    return new ProviderInterventionsPage(page);
  }

  /** Each row's cells as shown: person, type, started, sessions, status. */
  async rows(): Promise<string[][]> {
    const rows = await this.page.locator('table tbody tr').all();
    return Promise.all(rows.map(async (r) => (await r.locator('td').allInnerTexts()).map((s) => s.trim())));
  }
}

export class ProviderInterventionPage extends ProviderPage {
  static async verifyOnPage(page: Page, person: string): Promise<ProviderInterventionPage> {
    await BasePage.waitForHeading(page, person);
    return new ProviderInterventionPage(page);
  }

  /** The value of the first summary-list row with this key. */
  async value(key: string): Promise<string> {
    const row = this.page.locator('.govuk-summary-list__row').filter({ has: this.page.locator('dt').getByText(key, { exact: true }) });
    return (await row.first().locator('.govuk-summary-list__value').innerText()).trim();
  }

  /** The sessions table's rows: date, attended, engagement, notes and concerns, logged by. */
  async sessions(): Promise<string[][]> {
    const rows = await this.page.locator('table tbody tr').all();
    return Promise.all(rows.map(async (r) => (await r.locator('td').allInnerTexts()).map((s) => s.replace(/\s+/g, ' ').trim())));
  }

  async endReport(): Promise<string> {
    return (await this.page.locator('#end-report').innerText()).trim();
  }
}

export class SessionFormPage extends ProviderPage {
  static async verifyOnPage(page: Page): Promise<SessionFormPage> {
    await BasePage.waitForHeading(page, 'Log a session');
    return new SessionFormPage(page);
  }

  async log(s: { date?: [string, string, string]; attended?: 'Yes' | 'No'; engagement?: string; notes?: string; newConcern?: string }): Promise<void> {
    if (s.date) await this.fillDate('Date of the session', s.date);
    if (s.attended) await this.group('Did the person attend?').getByLabel(s.attended, { exact: true }).check();
    if (s.engagement) await this.group('How did they engage?').getByLabel(s.engagement, { exact: true }).check();
    if (s.notes !== undefined) await this.field('Notes (optional)').fill(s.notes);
    if (s.newConcern !== undefined) await this.field('Any new concern (optional)').fill(s.newConcern);
    await this.clickButton('Save session');
  }
}

export class EndReportPage extends ProviderPage {
  static async verifyOnPage(page: Page): Promise<EndReportPage> {
    await BasePage.waitForHeading(page, 'End-of-intervention report');
    return new EndReportPage(page);
  }

  async save(report: string): Promise<void> {
    await this.field('End-of-intervention report').fill(report);
    await this.clickButton('Save report and complete the intervention');
  }
}

export class WithdrawalPage extends ProviderPage {
  static async verifyOnPage(page: Page): Promise<WithdrawalPage> {
    await BasePage.waitForHeading(page, 'Record that consent was withdrawn');
    return new WithdrawalPage(page);
  }

  async record(notes: string): Promise<void> {
    await this.field('Notes (optional)').fill(notes);
    await this.clickButton('Record withdrawal of consent');
  }
}

export class WithdrawalRecordedPage extends ProviderPage {
  static async verifyOnPage(page: Page): Promise<WithdrawalRecordedPage> {
    await BasePage.waitForHeading(page, 'Consent withdrawal recorded');
    return new WithdrawalRecordedPage(page);
  }
}
