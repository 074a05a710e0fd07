// The parts every page has (HMPPS template style): an h1, an optional GOV.UK error summary, buttons and links.
import type { Locator, Page } from 'playwright-core';

/** Clicks something that loads a new document (a link or a form submission) and waits until it has loaded. */
export async function clickAndWaitForPage(page: Page, target: Locator): Promise<void> {
  const navigated = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() });
  await target.click();
  await navigated;
  await page.waitForLoadState('load');
}

export interface ErrorSummaryItem {
  text: string;
  href: string;
}

export abstract class BasePage {
  readonly heading: Locator;
  readonly errorSummary: Locator;

  protected constructor(readonly page: Page) {
    this.heading = page.locator('h1');
    this.errorSummary = page.locator('.govuk-error-summary');
  }

  /** Waits for the h1 to contain `text`, failing after the context's action timeout. */
  protected static async waitForHeading(page: Page, text: string | RegExp): Promise<void> {
    await page.locator('h1', { hasText: text }).first().waitFor();
  }

  /** The links in the error summary, once it is on the page. */
  async errorSummaryItems(): Promise<ErrorSummaryItem[]> {
    await this.errorSummary.waitFor();
    const links = this.errorSummary.locator('.govuk-error-summary__list a');
    return Promise.all(
      (await links.all()).map(async (a) => ({ text: (await a.innerText()).trim(), href: (await a.getAttribute('href')) ?? '' })),
    );
  }

  /** The inline error message shown with a field (GOV.UK puts it in `#<id>-error`), without the hidden "Error:" prefix. */
  async fieldError(id: string): Promise<string> {
    return (await this.page.locator(`#${id}-error`).innerText()).replace(/^Error:\s*/, '').trim();
  }

  button(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }

  link(name: string | RegExp): Locator {
    return this.page.getByRole('link', { name, exact: typeof name === 'string' });
  }

  async clickButton(name: string): Promise<void> {
    await clickAndWaitForPage(this.page, this.button(name));
  }

  async clickLink(name: string | RegExp): Promise<void> {
    await clickAndWaitForPage(this.page, this.link(name).first());
  }
}
