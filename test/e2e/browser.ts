/**
 * Browser helpers of the end-to-end tests: Debian's Chromium through playwright-core (nothing
 * downloaded), the UI built when missing, sign-in, and screenshots to test-results/screenshots.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PASSWORD, ROOT } from './server.js';

/** Where screenshots go. */
export const SCREENSHOTS = join(ROOT, 'test-results/screenshots');

/** Builds admin-ui/dist with Vite unless it is there already. */
export function ensureUiBuilt(): void {
  if (existsSync(join(ROOT, 'admin-ui/dist/index.html'))) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', 'admin-ui', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
}

/** Launches headless Chromium from /usr/bin/chromium. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Saves a full-page screenshot named `name`.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Uncaught errors of every page opened by `signedInPage`, for the tests to assert there were none. */
export const pageErrors: string[] = [];

/** Opens a new page at `width` (1280 laptop by default), English, signed in as `username`. */
export async function signedInPage(browser: Browser, baseUrl: string, username: string, width = 1280): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'en-GB', acceptDownloads: true, baseURL: baseUrl });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  page.on('pageerror', (error) => { pageErrors.push(`${username}: ${error.message}`); });
  await page.goto('/');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.app-header').waitFor();
  return page;
}

/** True when the page scrolls sideways (something is too wide for the viewport). */
export function overflowsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);
}
