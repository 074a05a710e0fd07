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
        return context.newPage();
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

/** Runs axe (WCAG 2.2 A and AA rules) on the page as it is now and fails with a readable list of violations. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const report = results.violations
    .map((v) => {
      const nodes = v.nodes.map((n) => `    - ${n.target.join(' ')}${n.failureSummary ? `\n      ${n.failureSummary.replace(/\n/g, '\n      ')}` : ''}`).join('\n');
      return `  [${v.impact ?? 'unknown'}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}`;
    })
    .join('\n');
  if (report) console.error(`Accessibility violations on ${page.url()}:\n${report}`);
  expect(results.violations.length, `axe found accessibility violations on ${page.url()}:\n${report}`).toBe(0);
}
