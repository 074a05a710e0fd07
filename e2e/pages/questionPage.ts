// Any referral question page: labelled inputs, radios and checkboxes in fieldsets, Continue and (professional) Save.
import type { Locator, Page } from 'playwright-core';
import { BasePage } from './basePage.js';

export class QuestionPage extends BasePage {
  static async verifyOnPage(page: Page, heading: string | RegExp): Promise<QuestionPage> {
    await BasePage.waitForHeading(page, heading);
    return new QuestionPage(page);
  }

  /** A text input or textarea by its label. */
  field(label: string): Locator {
    return this.page.getByLabel(label, { exact: true });
  }

  /** A fieldset (radios, checkboxes, a date) by its legend. */
  group(legend: string): Locator {
    return this.page.getByRole('group', { name: legend, exact: true });
  }

  async fill(label: string, value: string): Promise<this> {
    await this.field(label).fill(value);
    return this;
  }

  /** Picks a radio or ticks a checkbox in the fieldset with this legend. */
  async choose(legend: string, option: string): Promise<this> {
    await this.group(legend).getByLabel(option, { exact: true }).check();
    return this;
  }

  async fillDate(legend: string, day: string, month: string, year: string): Promise<this> {
    const g = this.group(legend);
    await g.getByLabel('Day', { exact: true }).fill(day);
    await g.getByLabel('Month', { exact: true }).fill(month);
    await g.getByLabel('Year', { exact: true }).fill(year);
    return this;
  }

  async continue(): Promise<void> {
    await this.clickButton('Continue');
  }

  async saveAndComeBackLater(): Promise<void> {
    await this.clickButton('Save and come back later');
  }
}
