// The accessibility check itself: it must find what axe finds, in the page and inside a frame of it, whichever
// way it runs axe (in the page for a page without frames, through a blank page otherwise).
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH, describeInBrowser, expectNoAxeViolations } from './support/browser.js';

const page = (body: string) => `<!doctype html><html lang="en"><head><title>Check</title></head><body><main><h1>Check</h1>${body}</main></body></html>`;

describeInBrowser('the accessibility check', { timeout: 60_000 }, () => {
  let browser: Browser;
  let tab: Page;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    tab = await (await browser.newContext()).newPage();
    // The report of what was found goes to the console; these pages are meant to fail.
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
  }, 60_000);
  afterAll(() => browser?.close());

  it('passes a page without violations', async () => {
    await tab.setContent(page('<p>Nothing wrong here.</p>'));
    await expectNoAxeViolations(tab);
  });

  it('fails a page with an image without a text alternative', async () => {
    await tab.setContent(page('<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'));
    await expect(expectNoAxeViolations(tab)).rejects.toThrow(/image-alt/);
  });

  it('fails a page whose only violation is inside a frame', async () => {
    await tab.setContent(page(`<iframe title="Inner" srcdoc="${page('<img src=&quot;data:image/gif;base64,R0lGODlhAQABAAAAACw=&quot;>').replaceAll('"', '&quot;')}"></iframe>`));
    expect(tab.frames().length).toBe(2);
    await expect(expectNoAxeViolations(tab)).rejects.toThrow(/image-alt/);
  });
});
