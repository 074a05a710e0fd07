// Browser end-to-end support: the real app listening on a random local port, Debian's Chromium driven by
// playwright-core (never a downloaded browser), and axe-core accessibility checks.
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/testApp.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Without the background-networking flags Chromium waits on network it cannot reach on a closed network.
 */
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** How long a single browser action or wait may take before the test fails (rather than the 30s default). */
const ACTION_TIMEOUT_MS = 10_000;

export const chromiumAvailable = existsSync(CHROMIUM_PATH);

if (!chromiumAvailable) {
  if (process.env.CI) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: browser tests cannot run in CI. Install it with apt-get install -y chromium`);
  }
  console.warn(`Chromium not found at ${CHROMIUM_PATH}; browser tests skipped. Install with apt-get install -y chromium`);
}

/** `describe` when Chromium is installed, `describe.skip` otherwise (outside CI, where its absence fails). */
export const describeInBrowser = chromiumAvailable ? describe : describe.skip;

/**
 * Time for one browser journey (an accessibility check on every page). A loaded, shared CI machine has
 * taken 90 s over the public form's journey that a quiet one walks in 50 s.
 */
export const JOURNEY_TIMEOUT_MS = 240_000;

export interface BrowserApp {
  t: TestApp;
  browser: Browser;
  baseUrl: string;
  /** A fresh browser context (own cookies) with one page, pointed at the app. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  close(): Promise<void>;
}

/** Starts the app on 127.0.0.1 with a random port and launches one Chromium for the whole test file. */
export async function startBrowserApp(): Promise<BrowserApp> {
  const t = await createTestApp();
  let browser: Browser | undefined;
  try {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const baseUrl = `http://127.0.0.1:${port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 30_000 });
    const contexts: BrowserContext[] = [];
    const b = browser;
    return {
      t,
      browser: b,
      baseUrl,
      async newPage(options = {}) {
        const context = await b.newContext({ baseURL: baseUrl, ...options });
        context.setDefaultTimeout(ACTION_TIMEOUT_MS);
        context.setDefaultNavigationTimeout(ACTION_TIMEOUT_MS);
        contexts.push(context);
        const page = await context.newPage();
        if (options.javaScriptEnabled === false) scriptlessPages.add(page);
        return page;
      },
      async close() {
        for (const c of contexts) await c.close().catch(() => undefined);
        await b.close();
        await t.close();
      },
    };
  } catch (err) {
    await browser?.close().catch(() => undefined);
    await t.close();
    throw err;
  }
}

/**
 * Pages opened with JavaScript disabled. axe-core runs asynchronously on timers, which never fire while script
 * execution is disabled, so these pages are checked through a copy (see `axeTarget`).
 */
const scriptlessPages = new WeakSet<Page>();
const axeContexts = new WeakMap<Browser, Promise<BrowserContext>>();

/**
 * The page axe should analyse: the page itself, or for a page without JavaScript a copy of its current DOM served
 * at the same URL (so its styles load as they did) in a JavaScript-enabled page, whose own scripts a
 * `script-src 'none'` policy stops from running: axe, injected through DevTools, sees the page as served.
 */
async function axeTarget(page: Page): Promise<{ target: Page; done: () => Promise<void> }> {
  if (!scriptlessPages.has(page)) return { target: page, done: async () => undefined };
  const browser = page.context().browser();
  if (!browser) throw new Error('page has no browser');
  if (!axeContexts.has(browser)) axeContexts.set(browser, browser.newContext());
  const context = await axeContexts.get(browser)!;
  const html = await page.content();
  const url = page.url();
  const withoutHash = (u: string) => u.split('#')[0];
  const copy = await context.newPage();
  copy.setDefaultTimeout(ACTION_TIMEOUT_MS);
  await copy.route(
    (u) => withoutHash(u.href) === withoutHash(url),
    (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: { 'content-security-policy': "script-src 'none'" }, body: html }),
  );
  await copy.goto(url, { waitUntil: 'load' });
  // Every stylesheet loaded, or colour contrast and visibility would be judged on an unstyled page.
  // (A string, as this project compiles without the DOM library.)
  const sheets = await copy.evaluate<{ loaded: number; linked: number }>(
    "({ loaded: document.styleSheets.length, linked: document.querySelectorAll('link[rel=stylesheet]').length })",
  );
  if (sheets.loaded !== sheets.linked) throw new Error(`only ${sheets.loaded} of ${sheets.linked} stylesheets loaded in the copy of ${url}`);
  return { target: copy, done: () => copy.close() };
}

/**
 * Known, deliberate GOV.UK Frontend deviations that axe reports. Radios with conditionally revealed questions
 * carry aria-expanded (set by GOV.UK Frontend's JavaScript): not allowed on role=radio by ARIA 1.2, kept because
 * screen readers announce it. See https://github.com/alphagov/govuk-frontend/issues/979
 */
function isKnownGovukIssue(ruleId: string, node: { html: string; failureSummary?: string | undefined }): boolean {
  return (
    ruleId === 'aria-allowed-attr' &&
    /class="govuk-radios__input"/.test(node.html) &&
    (node.failureSummary ?? '').split('\n').slice(1).every((line) => /aria-expanded="(true|false)"/.test(line))
  );
}

/** Runs axe (WCAG 2.2 A and AA rules) on the page as it is now and fails with a readable list of violations. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  const { target, done } = await axeTarget(page);
  let results;
  try {
    // A page without frames is checked by axe.run in the page itself (legacy mode). The default way gathers each
    // frame's results and combines them in a new blank page, with axe loaded again there: a third of the browser
    // tests' time. A page with a frame still goes that way, as legacy mode leaves the frame's content unchecked.
    const builder = new AxeBuilder({ page: target }).withTags(AXE_TAGS);
    results = await (target.frames().length === 1 ? builder.setLegacyMode() : builder).analyze();
  } finally {
    await done();
  }
  const violations = results.violations
    .map((v) => ({ ...v, nodes: v.nodes.filter((n) => !isKnownGovukIssue(v.id, n)) }))
    .filter((v) => v.nodes.length > 0);
  const report = violations
    .map((v) => {
      const nodes = v.nodes.map((n) => `    - ${n.target.join(' ')}${n.failureSummary ? `\n      ${n.failureSummary.replace(/\n/g, '\n      ')}` : ''}`).join('\n');
      return `  [${v.impact ?? 'unknown'}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}`;
    })
    .join('\n');
  if (report) console.error(`Accessibility violations on ${page.url()}:\n${report}`);
  expect(violations.length, `axe found accessibility violations on ${page.url()}:\n${report}`).toBe(0);
}
