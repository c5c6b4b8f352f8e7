/**
 * The monthly report, the quality score on the dashboard and a case's customer history in a real
 * browser, against the server started as `npm start -- --demo` starts it (demo cases, manual clock).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../server/auth/users.js';
import { ensureUiBuilt, launchBrowser, pageErrors, screenshot, signedInPage } from './browser.js';
import { PASSWORD, startServer, type TestServer } from './server.js';

const MANAGER = { username: 'deng.chao', roles: ['center-manager'], units: ['east-district', 'west-district', 'development-zone'] };

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  ensureUiBuilt();
  server = await startServer({ demo: true });
  await addUser(server.caseflow.accounts, { username: MANAGER.username, password: PASSWORD, roles: [...MANAGER.roles], units: [...MANAGER.units] });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the service plans’ pages', () => {
  it('shows the quality score on the dashboard, last month’s report, and a customer’s history on a case', async () => {
    const page = await signedInPage(browser, server.url, MANAGER.username);
    await page.goto(`${server.url}/dashboard`);
    await page.getByRole('heading', { name: 'Quality inspection score' }).waitFor();
    await page.getByLabel('From').fill('2025-02-17');
    await page.getByRole('button', { name: 'Show' }).click();
    const average = await page.getByTestId('quality-average').textContent();
    expect(Number(average)).toBeGreaterThan(0);
    expect(Number(average)).toBeLessThan(95);

    await page.getByRole('link', { name: 'Monthly report' }).click();
    await page.getByRole('heading', { name: 'Monthly service report' }).waitFor();
    await page.getByRole('heading', { name: /^Units, best first · 2025-02$/ }).waitFor();
    await expect.poll(() => page.locator('section[aria-labelledby="monthly-ranking"] tbody tr').count()).toBe(3);
    await page.getByRole('heading', { name: /^Complaints past their close deadline \(\d+\)$/ }).waitFor();
    await page.getByRole('heading', { name: /^Dissatisfied customers \(1\)$/ }).waitFor();
    await expect.poll(() => page.locator('pre.digest-text').textContent()).toMatch(/^客服月报 2025-02\n/);
    await screenshot(page, 'monthly-report');

    await page.locator('section[aria-labelledby="monthly-dissatisfied"] tbody a').first().click();
    await page.getByRole('heading', { name: 'Customer history' }).waitFor();
    await expect.poll(() => page.getByTestId('customer-history').locator('li').count()).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'customer-history');
    await page.context().close();
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
