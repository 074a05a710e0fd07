// The footer's information pages, reachable from every page, are accessible with and without JavaScript.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, expectNoAxeViolations, startBrowserApp, type BrowserApp } from './support/browser.js';

describeInBrowser('information pages in a browser', { timeout: 60_000 }, () => {
  let b: BrowserApp;
  beforeAll(async () => {
    b = await startBrowserApp();
  }, 60_000);
  afterAll(() => b?.close());

  it('opens the privacy notice and the accessibility statement from the footer', async () => {
    const page = await b.newPage();
    await page.goto('/refer');
    await page.getByRole('contentinfo').getByRole('link', { name: 'Privacy notice' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Privacy notice');
    await expectNoAxeViolations(page);
    await page.getByRole('contentinfo').getByRole('link', { name: 'Accessibility statement' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Accessibility statement');
    await expectNoAxeViolations(page);
  });
});
