// A local authority administrator's Channel pages: the panels, one panel, the member and co-opt forms, and the
// register of Intervention Providers with its form.
import type { Page } from 'playwright-core';
import { BasePage, clickAndWaitForPage } from './basePage.js';

export class PanelsPage extends BasePage {
  static async verifyOnPage(page: Page): Promise<PanelsPage> {
    await BasePage.waitForHeading(page, 'Channel panels');
    return new PanelsPage(page);
  }

  async panelNames(): Promise<string[]> {
    return (await this.page.locator('table tbody tr td:first-child').allInnerTexts()).map((s) => s.trim());
  }
}

export class PanelPage extends BasePage {
  static async verifyOnPage(page: Page, name: string): Promise<PanelPage> {
    await BasePage.waitForHeading(page, name);
    return new PanelPage(page);
  }

  /** The names in a member table (by its caption), in order. */
  async members(caption: string): Promise<string[]> {
    const table = this.page.locator('table', { has: this.page.locator('caption', { hasText: caption }) });
    return (await table.locator('tbody tr td:first-child').allInnerTexts()).map((s) => s.replace(/\s*\(no account\)$/, '').trim());
  }

  async endMembership(name: string): Promise<void> {
    await clickAndWaitForPage(this.page, this.page.getByRole('button', { name: `End membership of ${name}`, exact: true }));
  }

  async flash(): Promise<string> {
    return (await this.page.locator('.govuk-notification-banner').innerText()).trim();
  }
}

/** The member form, standing or co-opted. */
export class MemberFormPage extends BasePage {
  static async verifyOnPage(page: Page, heading: 'Add a standing member' | 'Co-opt a member for a case'): Promise<MemberFormPage> {
    await BasePage.waitForHeading(page, heading);
    return new MemberFormPage(page);
  }

  async chooseCase(text: string): Promise<void> {
    await this.page.getByLabel('Case', { exact: true }).selectOption({ label: text });
  }

  async withAccount(email: string): Promise<void> {
    await this.page.getByLabel('Yes', { exact: true }).first().check();
    await this.page.getByLabel('Email address of their account', { exact: true }).fill(email);
  }

  async byName(name: string, organisation: string): Promise<void> {
    await this.page.getByLabel('No, add them by name', { exact: true }).check();
    await this.page.getByLabel('Full name', { exact: true }).fill(name);
    await this.page.getByLabel('Organisation', { exact: true }).selectOption({ label: organisation });
  }

  async sitsAs(agency: string, role: string, canDecide: boolean): Promise<void> {
    await this.page.getByLabel('Agency they represent', { exact: true }).selectOption({ label: agency });
    await this.page.getByLabel('Role', { exact: true }).fill(role);
    await this.page.locator(`input[name="canDecide"][value="${canDecide ? 'yes' : 'no'}"]`).check();
  }
}

export class ProvidersPage extends BasePage {
  static async verifyOnPage(page: Page): Promise<ProvidersPage> {
    await BasePage.waitForHeading(page, 'Intervention Providers');
    return new ProvidersPage(page);
  }

  async providerNames(): Promise<string[]> {
    return (await this.page.locator('table tbody tr td:first-child').allInnerTexts()).map((s) => s.trim());
  }

  /** The approval tag of a provider's row. */
  async approval(name: string): Promise<string> {
    const row = this.page.locator('table tbody tr', { has: this.page.getByRole('link', { name, exact: true }) });
    return (await row.locator('.govuk-tag').innerText()).trim();
  }

  async filter(specialism: string, approvedOnly: boolean): Promise<void> {
    await this.page.getByLabel('Specialism', { exact: true }).selectOption({ label: specialism });
    if (approvedOnly) await this.page.getByLabel('Currently approved only', { exact: true }).check();
    await this.clickButton('Filter');
  }
}

export class ProviderFormPage extends BasePage {
  static async verifyOnPage(page: Page, heading: string | RegExp): Promise<ProviderFormPage> {
    await BasePage.waitForHeading(page, heading);
    return new ProviderFormPage(page);
  }

  private async date(legend: string, iso: string): Promise<void> {
    const [y, m, d] = iso.split('-') as [string, string, string];
    const group = this.page.getByRole('group', { name: legend });
    await group.getByLabel('Day', { exact: true }).fill(d);
    await group.getByLabel('Month', { exact: true }).fill(m);
    await group.getByLabel('Year', { exact: true }).fill(y);
  }

  async fill(p: { name: string; contact: string; approvedOn: string; expiresOn: string; specialisms: string[]; languages: string }): Promise<void> {
    await this.page.getByLabel('Name', { exact: true }).fill(p.name);
    await this.page.getByLabel('Individual', { exact: true }).check();
    await this.page.getByLabel('Contact', { exact: true }).fill(p.contact);
    await this.page.getByLabel('Approved', { exact: true }).check();
    await this.date('Date of approval', p.approvedOn);
    await this.date('Date approval expires', p.expiresOn);
    for (const s of p.specialisms) await this.page.getByLabel(s, { exact: true }).check();
    await this.page.getByLabel('Languages (optional)', { exact: true }).fill(p.languages);
  }
}
