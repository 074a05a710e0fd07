// Channel panel meetings in a browser: the list, scheduling, the chair's agenda, attendance, one agenda item with
// the decision form, and the meeting pack.
import type { Page } from 'playwright-core';
import { BasePage } from './basePage.js';

export class MeetingsListPage extends BasePage {
  static async verifyOnPage(page: Page): Promise<MeetingsListPage> {
    await BasePage.waitForHeading(page, 'Channel panel meetings');
    return new MeetingsListPage(page);
  }
}

export class NewMeetingPage extends BasePage {
  static async verifyOnPage(page: Page): Promise<NewMeetingPage> {
    await BasePage.waitForHeading(page, 'Schedule a panel meeting');
    return new NewMeetingPage(page);
  }

  async schedule(iso: string, time: string, location: string): Promise<void> {
    const [y, m, d] = iso.split('-');
    await this.page.getByLabel('Day').fill(d!);
    await this.page.getByLabel('Month').fill(m!);
    await this.page.getByLabel('Year').fill(y!);
    await this.page.getByLabel('Time').fill(time);
    await this.page.getByLabel('Location').fill(location);
    await this.clickButton('Schedule meeting');
  }
}

export class MeetingPage extends BasePage {
  static async verifyOnPage(page: Page): Promise<MeetingPage> {
    await BasePage.waitForHeading(page, /^Meeting on /);
    return new MeetingPage(page);
  }

  async addToAgenda(person: string): Promise<void> {
    await this.page.getByLabel(person, { exact: true }).check();
    await this.clickButton('Add to the agenda');
  }

  /** The people on the agenda, in order. */
  async agenda(): Promise<string[]> {
    return (await this.page.locator('table tbody tr td:nth-child(2)').allInnerTexts()).map((s) => s.trim());
  }
}

export class AttendancePage extends BasePage {
  static async verifyOnPage(page: Page): Promise<AttendancePage> {
    await BasePage.waitForHeading(page, 'Attendance');
    return new AttendancePage(page);
  }

  async attended(...members: string[]): Promise<void> {
    for (const name of members) await this.page.locator('fieldset', { hasText: name }).getByLabel('Attended').check();
    await this.clickButton('Save attendance');
  }
}

export class AgendaItemPage extends BasePage {
  static async verifyOnPage(page: Page, person: string): Promise<AgendaItemPage> {
    await BasePage.waitForHeading(page, person);
    return new AgendaItemPage(page);
  }

  async decide(decision: string, method: string, rationale: string): Promise<void> {
    await this.page.getByLabel(decision, { exact: true }).check();
    await this.page.getByLabel(method, { exact: true }).check();
    await this.page.getByLabel('Rationale').fill(rationale);
    await this.clickButton('Record the decision');
  }

  async decision(): Promise<string> {
    return (await this.page.locator('#panel-decision + .govuk-summary-list').innerText()).trim();
  }
}

export class MeetingPackPage extends BasePage {
  static async verifyOnPage(page: Page): Promise<MeetingPackPage> {
    await BasePage.waitForHeading(page, 'Meeting pack');
    return new MeetingPackPage(page);
  }

  /** The people in the pack, as their section headings. */
  async people(): Promise<string[]> {
    return (await this.page.locator('section h2').allInnerTexts()).map((s) => s.trim());
  }
}
