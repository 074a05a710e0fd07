// The people pages: possible earlier records with a form per candidate, the person page, merge and undo.
import type { Locator, Page } from 'playwright-core';
import { BasePage, clickAndWaitForPage } from './basePage.js';

export class CandidatesPage extends BasePage {
  static async verifyOnPage(page: Page): Promise<CandidatesPage> {
    await BasePage.waitForHeading(page, 'Possible earlier records');
    return new CandidatesPage(page);
  }

  /** The answer form of the candidate with this name (each candidate has its own). */
  form(name: string): Locator {
    return this.page.locator('form').filter({ has: this.page.getByRole('group', { name: new RegExp(`^Is ${name} the same person`) }) });
  }

  async answer(name: string, answer: 'Same person' | 'Not the same person' | 'Unsure' | null, reason = ''): Promise<void> {
    const form = this.form(name);
    if (answer) await form.getByLabel(answer, { exact: true }).check();
    await form.getByLabel('Reason', { exact: true }).fill(reason);
    await clickAndWaitForPage(this.page, form.getByRole('button', { name: `Record answer about ${name}` }));
  }
}

export class PersonPage extends BasePage {
  static async verifyOnPage(page: Page, name: string): Promise<PersonPage> {
    await BasePage.waitForHeading(page, name);
    await page.getByRole('heading', { name: 'Referrals about this person' }).waitFor();
    return new PersonPage(page);
  }

  async banner(): Promise<string> {
    return (await this.page.locator('.govuk-notification-banner__content').innerText()).trim();
  }

  /** The references in the referrals table, in page order. */
  async references(): Promise<string[]> {
    const rows = await this.page.locator('table.govuk-table tbody tr').all();
    return Promise.all(rows.map(async (r) => (await r.locator('td').first().innerText()).trim()));
  }
}

export class MergePage extends BasePage {
  static async verifyOnPage(page: Page): Promise<MergePage> {
    await BasePage.waitForHeading(page, /^Merge .+ with another person$/);
    return new MergePage(page);
  }

  async merge(choice: RegExp | null, reason: string): Promise<void> {
    if (choice) await this.page.getByRole('radio', { name: choice }).check();
    await this.page.getByLabel('Why are they the same person?').fill(reason);
    await this.clickButton('Merge');
  }
}

export class UndoPage extends BasePage {
  static async verifyOnPage(page: Page): Promise<UndoPage> {
    await BasePage.waitForHeading(page, /^Undo a (link|merge)$/);
    return new UndoPage(page);
  }

  async undo(reason: string): Promise<void> {
    await this.page.getByLabel('Why are you undoing this?').fill(reason);
    await this.clickButton('Undo');
  }
}
