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

  it('shows 离网率 for the demo’s month and the routine callbacks in the satisfaction score, in English and Chinese', async () => {
    const page = await signedInPage(browser, server.url, MANAGER.username);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${server.url}/dashboard`);
    const churn = page.locator('section.dash-card', { has: page.getByRole('heading', { name: 'Subscriber churn (离网率)' }) });
    await churn.locator('table').first().waitFor();
    expect(await churn.innerText()).not.toContain('No subscriber counts');
    // The month of the server's clock (March 2025): the three units ranked, each with a rate.
    expect(await churn.locator('tbody tr').count()).toBe(4);
    for (const unit of ['East district', 'West district', 'Development zone']) expect(await churn.innerText()).toContain(unit);
    await page.getByLabel('From').fill('2025-02-17');
    await page.getByRole('button', { name: 'Show' }).click();
    const satisfaction = page.locator('section.dash-card', { has: page.getByRole('heading', { name: 'Satisfaction score (0–100)' }) });
    await expect.poll(() => satisfaction.innerText()).toContain('1 of 7 scores are routine callbacks');
    await churn.scrollIntoViewIfNeeded();
    await screenshot(page, 'dashboard-churn-satisfaction');

    await page.locator('.lang-switch').click();
    const churnZh = page.locator('section.dash-card', { has: page.getByRole('heading', { name: '离网率', exact: true }) });
    await churnZh.locator('table').first().waitFor();
    expect(await churnZh.innerText()).toContain('城东分公司');
    const satisfactionZh = page.locator('section.dash-card', { has: page.getByRole('heading', { name: '用户满意度（百分制）' }) });
    expect(await satisfactionZh.innerText()).toContain('7 个评分中有 1 个来自例行回访');
    await churnZh.scrollIntoViewIfNeeded();
    await screenshot(page, 'dashboard-churn-satisfaction-chinese');
    await page.context().close();
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
