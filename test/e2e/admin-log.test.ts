/**
 * The administrative log in a real browser: an auditor finds the clock move an administrator
 * made, filters the log down to it, exports it, sees the log verified, and reads it in Chinese.
 */
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureUiBuilt, launchBrowser, pageErrors, screenshot, signedInPage } from './browser.js';
import { USERS, startServer, type TestServer } from './server.js';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  ensureUiBuilt();
  server = await startServer();
  browser = await launchBrowser();
  await server.advanceClock('2h');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the administrative log page', () => {
  it('lets an auditor filter the log, export it and see it verified, in both languages', async () => {
    const page = await signedInPage(browser, server.url, USERS.auditor.username);
    await page.getByRole('link', { name: 'Administrative log' }).click();
    await page.getByRole('heading', { name: 'Administrative log' }).waitFor();
    await page.locator('tr', { hasText: 'Process published' }).first().waitFor();
    await page.locator('tr', { hasText: 'Clock moved' }).getByText(USERS.admin.username).waitFor();

    await page.getByLabel('Action').selectOption('clock.advance');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.locator('table.admin-log tbody tr').count()).toBe(1);
    await screenshot(page, 'admin-log-filtered');

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
    const lines = readFileSync(await csv.path(), 'utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe('\ufeffseq,at,actorId,actorName,action,target,details,prevHash,hash');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`,${USERS.admin.username},clock.advance,clock,`);

    await page.getByRole('link', { name: 'Back' }).click();
    await page.getByRole('button', { name: 'Verify all hash chains' }).click();
    await page.getByText(/Administrative log intact: \d+ entries\./).waitFor();

    await page.getByRole('button', { name: 'Switch language to Chinese' }).click();
    await page.getByRole('link', { name: '管理操作日志' }).click();
    await page.getByRole('heading', { name: '管理操作日志' }).waitFor();
    await page.locator('tr', { hasText: '推进时钟' }).waitFor();
    await screenshot(page, 'admin-log-chinese');
    await page.context().close();
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
