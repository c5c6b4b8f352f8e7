/**
 * The editor's Simulate and Template preview tabs in a real browser against the real server: a
 * process owner opens a trial complaint from the draft, acts on it, moves the trial clock 25 hours
 * and sees the first-reply breach, roles and timers by their labels; then previews a template
 * with the trial's data. Nothing is saved.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { ensureUiBuilt, launchBrowser, pageErrors, screenshot, signedInPage } from './browser.js';
import { USERS, startServer, type TestServer } from './server.js';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  ensureUiBuilt();
  server = await startServer();
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Number of complaint cases on the server, as the process owner sees them. */
async function complaintCount(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const response = await fetch('/api/cases?process=complaint-handling&limit=100', { credentials: 'same-origin' });
    const body: unknown = await response.json();
    return typeof body === 'object' && body !== null && 'items' in body && Array.isArray(body.items) ? body.items.length : -1;
  });
}

describe('simulating a draft in the editor', () => {
  it('runs a trial complaint: an event, 25 hours on the trial clock, the first-reply breach; nothing saved', async () => {
    const page = await signedInPage(browser, server.url, USERS.owner.username);
    onTestFailed(async () => { await screenshot(page, 'failed-simulate'); });
    await page.getByRole('link', { name: 'Complaint handling' }).first().click();
    await page.locator('.cm-content').waitFor();
    const casesBefore = await complaintCount(page);

    await page.getByRole('tab', { name: 'Simulate' }).click();
    const panel = page.getByRole('tabpanel');
    await expect.poll(() => panel.getByLabel('Act as').inputValue()).toBe('agent');
    expect(await panel.getByLabel('Act as').locator('option').allInnerTexts()).toEqual(expect.arrayContaining(['Agent', 'Team lead']));
    await panel.getByRole('textbox', { name: 'Name', exact: true }).fill('张伟');
    await panel.getByRole('textbox', { name: 'Phone', exact: true }).fill('13800138000');
    await panel.getByRole('combobox', { name: 'Channel', exact: true }).selectOption('phone');
    await panel.getByRole('combobox', { name: 'Category', exact: true }).selectOption('billing');
    await panel.getByRole('combobox', { name: 'Severity', exact: true }).selectOption('normal');
    await panel.getByRole('textbox', { name: 'Business unit', exact: true }).fill('城东营业部');
    await panel.getByRole('textbox', { name: 'Description', exact: true }).fill('本月流量费用异常');
    await screenshot(page, '19-simulate-setup');
    await panel.getByRole('button', { name: 'Start trial case' }).click();

    await expect.poll(() => panel.getByTestId('sim-state').innerText()).toBe('Received');
    await expect.poll(() => panel.locator('svg.diagram .state-active').getAttribute('data-state')).toBe('received');
    await panel.locator('.sim-message[data-template="complaint-registered"]').waitFor();

    // As a team lead, declare it major: it stays in received, so the first-reply clock keeps running.
    await panel.getByLabel('Act as').selectOption('team-lead');
    await expect.poll(() => panel.locator('#sim-actions-title').innerText()).toBe('Actions for Team lead');
    await panel.getByRole('button', { name: 'Declare major', exact: true }).click();
    const form = panel.locator('form.action-form');
    await form.getByRole('button', { name: 'Declare major', exact: true }).click();
    await form.locator('.field-invalid .field-error').waitFor();
    await form.getByRole('textbox', { name: 'Reason', exact: true }).fill('媒体关注');
    await form.getByRole('button', { name: 'Declare major', exact: true }).click();
    await panel.locator('.sim-message[data-template="major-complaint"]').waitFor();
    expect(await panel.getByRole('button', { name: 'Declare major', exact: true }).count()).toBe(0);

    await panel.getByLabel('Move the clock by', { exact: true }).fill('25h');
    await panel.getByRole('button', { name: 'Move', exact: true }).click();
    const breach = panel.locator('.sim-message[data-template="first-reply-overdue"]');
    await breach.waitFor();
    expect(await breach.innerText()).toContain('【首次回复超时】投诉单 TRIAL-1');
    // Named by its heading and its recipients by label, never by the template's or the roles' ids.
    expect(await breach.locator('div').first().innerText()).toMatch(/^✉ Message “首次回复超时” to .*Team lead/);
    expect(await panel.locator('.sim-message > div').allInnerTexts()).not.toContainEqual(expect.stringMatching(/first-reply-overdue|team-lead/));
    expect(await panel.locator('.sim-fired').allInnerTexts()).toEqual([
      expect.stringContaining('Timer fired: Rapid response: overdue'),
      expect.stringContaining('Timer fired: First reply: due soon'),
      expect.stringContaining('Timer fired: First reply: overdue'),
    ]);
    expect(await panel.locator('.sim-now').innerText()).toContain('1d 01:00:00 after opening');
    expect(await panel.locator('.deadline-overdue').count()).toBeGreaterThan(0);
    await panel.locator('.sim-status').scrollIntoViewIfNeeded();
    await screenshot(page, '20-simulate-panel');

    await page.getByRole('tab', { name: 'Template preview' }).click();
    await page.getByLabel('Template', { exact: true }).selectOption('first-reply-overdue');
    const preview = page.getByTestId('template-preview');
    await expect.poll(() => preview.innerText()).toContain('客户：张伟（13800138000）');
    await screenshot(page, '21-template-preview');

    await page.getByRole('tab', { name: 'Simulate' }).click();
    await expect.poll(() => panel.getByTestId('sim-state').innerText()).toBe('Received');
    await panel.getByRole('button', { name: 'Reset' }).click();
    await panel.getByRole('button', { name: 'Start trial case' }).waitFor();
    expect(await complaintCount(page)).toBe(casesBefore);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  }, 120_000);
});
