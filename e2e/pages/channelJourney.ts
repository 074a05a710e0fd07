// What the whole-journey browser test needs beyond the slices' page objects: the public form's start and
// confirmation pages, a Channel case picked from the panel's list by its status (one person can have several
// Channel cases), and the panel's exit decision at a review meeting.
import type { Page } from 'playwright-core';
import { BasePage, clickAndWaitForPage } from './basePage.js';
import { AgendaItemPage } from './channelMeetingPages.js';
import { ChannelCaseListPage } from './channelCasePages.js';

const REFERENCE = /PR-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/;

export class ReportConcernStartPage extends BasePage {
  static async goto(page: Page): Promise<ReportConcernStartPage> {
    await page.goto('/refer');
    await BasePage.waitForHeading(page, 'Report a concern that someone may be at risk of radicalisation');
    return new ReportConcernStartPage(page);
  }

  async start(): Promise<void> {
    await this.clickButton('Start now');
  }
}

export class ConcernSentPage extends BasePage {
  static async verifyOnPage(page: Page): Promise<ConcernSentPage> {
    await BasePage.waitForHeading(page, 'Concern sent');
    return new ConcernSentPage(page);
  }

  /** The reference shown in the confirmation panel. */
  async reference(): Promise<string> {
    const found = REFERENCE.exec(await this.page.locator('.govuk-panel').innerText())?.[0];
    if (!found) throw new Error('no reference on the confirmation page');
    return found;
  }
}

/** Follows a link of the service navigation (on every page), such as "Channel" or "Panel meetings". */
export async function navigateTo(page: Page, name: string): Promise<void> {
  await clickAndWaitForPage(page, page.locator('.govuk-service-navigation').getByRole('link', { name, exact: true }));
}

/** Opens the case in the panel's list whose row shows this person with this status (newest first). */
export async function openChannelCase(list: ChannelCaseListPage, person: string, status: string): Promise<void> {
  const row = list.page.locator('table tbody tr').filter({ hasText: person }).filter({ hasText: status }).first();
  await clickAndWaitForPage(list.page, row.getByRole('link', { name: person, exact: true }));
}

/** The panel decides at a review that the person leaves Channel, unanimously, with the closing report. */
export async function decideExit(item: AgendaItemPage, reason: string, closingReport: string, rationale: string): Promise<void> {
  const page = item.page;
  await page.getByLabel('Exit Channel', { exact: true }).check();
  await page.getByRole('group', { name: 'Why does the person leave Channel?', exact: true }).getByLabel(reason, { exact: true }).check();
  // The transfer decision has a "Closing report" of its own: the exit's is addressed by its id.
  await page.locator('#exitClosingReport').fill(closingReport);
  await page.getByLabel('Unanimous', { exact: true }).check();
  await page.getByLabel('Rationale', { exact: true }).fill(rationale);
  await item.clickButton('Record the decision');
}
