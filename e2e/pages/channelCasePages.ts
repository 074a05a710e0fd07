// The Channel case record in a browser: the chair's dashboard, the case list, the case page, and the case's
// forms (one page object serves them all: they share the frame, fields by label and a submit button).
import type { Page } from 'playwright-core';
import { BasePage } from './basePage.js';

export class ChannelDashboardPage extends BasePage {
  static async verifyOnPage(page: Page): Promise<ChannelDashboardPage> {
    await BasePage.waitForHeading(page, /^Channel$/);
    return new ChannelDashboardPage(page);
  }

  /** The heading of one of the dashboard's lists, with its total. */
  async listHeading(filter: string): Promise<string> {
    return (await this.page.locator(`#list-${filter}`).innerText()).trim();
  }
}

export class ChannelCaseListPage extends BasePage {
  static async verifyOnPage(page: Page, heading: string | RegExp = 'Channel cases'): Promise<ChannelCaseListPage> {
    await BasePage.waitForHeading(page, heading);
    return new ChannelCaseListPage(page);
  }

  async people(): Promise<string[]> {
    return (await this.page.locator('table tbody tr td:first-child').allInnerTexts()).map((s) => s.trim());
  }
}

export class ChannelCasePage extends BasePage {
  static async verifyOnPage(page: Page, person: string): Promise<ChannelCasePage> {
    await BasePage.waitForHeading(page, person);
    return new ChannelCasePage(page);
  }

  /** The success or information banner's text. */
  async banner(): Promise<string> {
    return (await this.page.locator('.govuk-notification-banner').innerText()).trim();
  }

  async timeline(): Promise<string[]> {
    return (await this.page.locator('#timeline li').allInnerTexts()).map((s) => s.trim());
  }
}

export class ChannelCaseFormPage extends BasePage {
  static async verifyOnPage(page: Page, heading: string): Promise<ChannelCaseFormPage> {
    await BasePage.waitForHeading(page, heading);
    return new ChannelCaseFormPage(page);
  }

  async fill(label: string, value: string): Promise<void> {
    await this.page.getByLabel(label, { exact: true }).fill(value);
  }

  async choose(label: string): Promise<void> {
    await this.page.getByLabel(label, { exact: true }).check();
  }

  /** Fills the three boxes of a GOV.UK date input. */
  async date(name: string, iso: string): Promise<void> {
    const [y, m, d] = iso.split('-') as [string, string, string];
    await this.page.locator(`#${name}-day`).fill(String(Number(d)));
    await this.page.locator(`#${name}-month`).fill(String(Number(m)));
    await this.page.locator(`#${name}-year`).fill(y);
  }

  /** Opens a factor's details and writes its evidence and judgement. */
  async factor(label: string, evidence: string, judgement: string): Promise<void> {
    const details = this.page.locator('details', { has: this.page.locator('summary', { hasText: label }) });
    await details.locator('summary').click();
    await details.getByLabel('Evidence', { exact: true }).fill(evidence);
    await details.getByLabel('Professional judgement', { exact: true }).fill(judgement);
  }

  async warning(): Promise<string> {
    return (await this.page.locator('.govuk-warning-text').first().innerText()).trim();
  }
}
