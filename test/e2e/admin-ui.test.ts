/**
 * The admin UI in a real browser against the real server: a process owner fixes a broken
 * process guided by its inline diagnostic and publishes it; an agent takes a complaint from
 * received to closed; an auditor replays it and exports its history.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { ensureUiBuilt, launchBrowser, overflowsSideways, pageErrors, screenshot, signedInPage } from './browser.js';
import { PASSWORD, ROOT, USERS, startServer, type TestServer } from './server.js';

let server: TestServer;
let browser: Browser;
let caseUrl = '';
let waitingCaseUrl = '';

/** Signs in and, should the test fail, keeps a screenshot of where it was. */
async function open(username: string, width?: number): Promise<Page> {
  const page = await signedInPage(browser, server.url, username, width);
  const test = (expect.getState().currentTestName ?? username).replace(/^.*> /, '').replace(/\W+/g, '-').slice(0, 40);
  onTestFailed(async () => { await screenshot(page, `failed-${test}`); });
  return page;
}

beforeAll(async () => {
  ensureUiBuilt();
  server = await startServer();
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Replaces the whole text of the CodeMirror editor. */
async function setEditorText(page: Page, text: string): Promise<void> {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
}

/** Opens an action's form on the case page, fills it, and sends it. */
async function act(page: Page, action: string, fill: (form: ReturnType<Page['locator']>) => Promise<void> = async () => {}) {
  await page.getByRole('button', { name: action, exact: true }).click();
  const form = page.locator('form.action-form');
  await fill(form);
  await form.getByRole('button', { name: action, exact: true }).click();
}

describe('the admin UI', () => {
  it('lets a process owner fix a broken definition from its inline diagnostic and publish it', async () => {
    const page = await open(USERS.owner.username);
    await expect.poll(() => page.url()).toContain('/processes');
    await page.getByRole('heading', { name: 'Complaint handling' }).waitFor();
    await screenshot(page, '01-process-list');

    await page.getByRole('link', { name: 'Complaint handling' }).first().click();
    await page.locator('.cm-content').waitFor();
    await page.locator('svg.diagram [data-state="received"]').waitFor();
    const shipped = readFileSync(join(ROOT, 'processes/complaint-handling.yaml'), 'utf8');
    // A raised compensation limit (the change to publish) and a typo in a transition target.
    const edited = shipped.replace(/compensationLimit: 200/, 'compensationLimit: 300');
    const broken = edited.replace(/(\breply: \{[\s\S]*?\bto: )investigating/, '$1investigatng');
    expect(broken).not.toBe(edited);
    await setEditorText(page, broken);

    const problem = page.locator('.problem-error').filter({ hasText: 'investigatng' });
    await problem.waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByRole('button', { name: 'Publish new version' }).isDisabled()).toBe(true);
    await screenshot(page, '02-editor-with-diagnostic');

    // Choosing the problem puts the cursor on the bad word; replace it there.
    await problem.getByRole('button').click();
    await expect.poll(() => page.locator('.cm-lintRange-error').innerText()).toBe('investigatng');
    for (const _letter of 'investigatng') await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.insertText('investigating');
    await expect.poll(() => page.locator('.problem-error').count(), { timeout: 15_000 }).toBe(0);
    await page.getByLabel('What changed').fill('Agents may grant up to 300 CNY without a team lead');
    const asked: string[] = [];
    page.once('dialog', (dialog) => { asked.push(dialog.message()); void dialog.accept(); });
    await page.getByRole('button', { name: 'Publish new version' }).click();
    await page.getByText('Published version 2.').waitFor();
    expect(asked).toEqual(['Publish version 2? No case is running on an older version.']);
    await screenshot(page, '03-editor-published');

    await page.getByRole('tab', { name: 'Compare versions' }).click();
    await page.getByLabel('From', { exact: true }).selectOption('1');
    await page.getByLabel('To', { exact: true }).selectOption('2');
    await page.getByText('Lines added: 1, removed: 1').waitFor();
    expect(await page.locator('.diff-added').innerText()).toContain('compensationLimit: 300');
    await screenshot(page, '04-version-diff');
    await page.context().close();
  }, 120_000);

  it('lets an agent take a complaint from received to closed', async () => {
    const page = await open(USERS.agent.username);
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    await page.getByRole('link', { name: 'New case' }).first().click();
    await page.getByLabel('Process').selectOption('complaint-handling');
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('张伟');
    await page.getByRole('textbox', { name: 'Phone', exact: true }).fill('13800138000');
    await page.getByRole('combobox', { name: 'Channel', exact: true }).selectOption('phone');
    await page.getByRole('combobox', { name: 'Category', exact: true }).selectOption('billing');
    await page.getByRole('combobox', { name: 'Severity', exact: true }).selectOption('normal');
    await page.getByRole('textbox', { name: 'Business unit', exact: true }).fill('城东营业部');
    await page.getByRole('textbox', { name: 'Description', exact: true }).fill('本月流量费用异常，客户要求核实并退还多收的费用。');
    await screenshot(page, '05-new-case');
    await page.getByRole('button', { name: 'Create case' }).click();

    await page.locator('#case-title').waitFor();
    caseUrl = new URL(page.url()).pathname;
    await expect.poll(() => page.getByTestId('case-state').innerText()).toBe('Received');
    await expect.poll(() => page.locator('svg.diagram .state-active').getAttribute('data-state')).toBe('received');
    await screenshot(page, '06-case-received');

    // The server's 422 lands at the field.
    await act(page, 'Reply to the customer');
    await page.locator('.field-invalid .field-error').waitFor();
    await screenshot(page, '07-case-field-error');
    await page.locator('form.action-form').getByRole('textbox', { name: 'Reply', exact: true }).fill('您好，已为您登记，正在核实流量费用。');
    await page.locator('form.action-form').getByRole('button', { name: 'Reply to the customer' }).click();
    await expect.poll(() => page.getByTestId('case-state').innerText()).toBe('Investigating');

    // Someone else moves the case meanwhile: this page is now stale and gets a 409/412.
    const other = await page.context().newPage();
    await other.goto(caseUrl);
    await act(other, 'Propose a resolution', async (form) => {
      await form.getByRole('combobox', { name: 'Kind', exact: true }).selectOption('refund');
      await form.getByRole('spinbutton', { name: 'Amount (CNY)', exact: true }).fill('50');
    });
    await expect.poll(() => other.getByTestId('case-state').innerText()).toBe('Resolution proposed');
    await other.close();
    await act(page, 'Propose a resolution', async (form) => {
      await form.getByRole('combobox', { name: 'Kind', exact: true }).selectOption('refund');
      await form.getByRole('spinbutton', { name: 'Amount (CNY)', exact: true }).fill('50');
    });
    await page.locator('.notice-warning').filter({ hasText: 'Resolution proposed' }).waitFor();
    await expect.poll(() => page.getByTestId('case-state').innerText()).toBe('Resolution proposed');
    await screenshot(page, '08-case-conflict');

    await act(page, 'Resolved');
    await expect.poll(() => page.getByTestId('case-state').innerText()).toBe('Resolved, callback due');
    await act(page, 'Callback', async (form) => { await form.getByRole('combobox', { name: 'Satisfaction', exact: true }).selectOption('satisfied'); });
    await expect.poll(() => page.getByTestId('case-state').innerText()).toBe('Closed');
    await expect.poll(() => page.locator('.timeline-item').count()).toBe(5);
    await screenshot(page, '09-case-closed');

    await page.getByRole('link', { name: 'Inbox' }).click();
    await page.getByRole('tab', { name: 'All I can see' }).click();
    await page.getByLabel('Status').selectOption('any');
    // Its quality-inspection screening names it in its title too: the link is the one to the case itself.
    await page.locator(`a.case-name[href$="/cases/${caseUrl.split('/').pop() ?? ''}"]`).waitFor();
    await screenshot(page, '10-inbox');
    await page.context().close();
  }, 120_000);

  it('shows a waiting complaint counting down, then overdue once its first reply is late', async () => {
    const page = await open(USERS.agent.username);
    await page.getByRole('link', { name: 'New case' }).first().click();
    await page.getByLabel('Process').selectOption('complaint-handling');
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Li Na');
    await page.getByRole('textbox', { name: 'Phone', exact: true }).fill('13900139000');
    await page.getByRole('combobox', { name: 'Channel', exact: true }).selectOption('online');
    await page.getByRole('combobox', { name: 'Category', exact: true }).selectOption('network');
    await page.getByRole('combobox', { name: 'Severity', exact: true }).selectOption('normal');
    await page.getByRole('textbox', { name: 'Business unit', exact: true }).fill('West branch');
    await page.getByRole('textbox', { name: 'Description', exact: true }).fill('No signal at home since Monday.');
    await page.getByRole('button', { name: 'Create case' }).click();
    await page.locator('#case-title').waitFor();
    waitingCaseUrl = new URL(page.url()).pathname;
    await expect.poll(() => page.getByTestId('case-headline').innerText()).toBe('Li Na 13900139000 · 网络质量 Network');

    await page.getByRole('link', { name: 'Inbox' }).click();
    // The case column names the case by its title, over its id; there is no raw customer text.
    const row = page.locator('tr', { hasText: 'Li Na 13900139000 · 网络质量 Network' });
    await row.getByRole('link', { name: waitingCaseUrl.split('/').pop() ?? '' }).waitFor();
    expect(await page.locator('table.cases th').allInnerTexts()).toEqual(['', 'Case', 'Process', 'State', 'Assignee', 'Next deadline', 'Updated']);
    expect(await row.innerText()).not.toContain('No signal at home');
    await row.locator('.due').filter({ hasText: 'Due in' }).waitFor();
    await server.advanceClock('25h');
    await page.reload();
    await row.locator('.due-overdue').waitFor();
    await page.getByLabel('Overdue only').check();
    await row.waitFor();
    await screenshot(page, '11-inbox-overdue');
    await page.context().close();
  }, 120_000);

  it('lets an auditor replay the closed complaint, verify the chains and export the history', async () => {
    const page = await open(USERS.auditor.username);
    await page.getByRole('heading', { name: 'Audit' }).waitFor();
    await page.getByRole('button', { name: 'Verify all hash chains' }).click();
    await page.getByText(/All chains intact/).waitFor();
    await screenshot(page, '12-audit');

    const caseId = caseUrl.split('/').pop() ?? '';
    // Its quality-inspection screening names it too: the row is the one whose Replay link is the case's.
    await page.locator(`a[href$="/audit/cases/${caseId}"]`).click();
    await page.getByText('Replay reaches the recorded state at every step.').waitFor();
    await page.getByText('Hash chain intact.').waitFor();
    expect(await page.locator('.replay-step.step-ok').count()).toBe(5);
    await screenshot(page, '13-replay');

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export history (CSV)' }).click()]);
    const csvText = readFileSync(await csv.path(), 'utf8');
    expect(csvText.split('\r\n')[0]).toBe('\ufeffNo.,Event,By,Roles,Time,From state,To state,Input,Timer,Event id,Previous hash,Hash');
    expect(csvText.trim().split('\r\n')).toHaveLength(6);
    // Events and states by their labels, input by field title and value label, never raw JSON.
    expect(csvText).toContain('Opened');
    expect(csvText).not.toContain('{"');
    const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export history (JSON)' }).click()]);
    const exported: unknown = JSON.parse(readFileSync(await json.path(), 'utf8'));
    expect(exported).toMatchObject({ caseId, replay: { consistent: true } });

    await page.getByRole('button', { name: 'Switch language to Chinese' }).click();
    await page.getByText('重放结果与记录逐步一致。').waitFor();
    await screenshot(page, '14-replay-chinese');
    await page.context().close();
  }, 120_000);

  it('fits a tablet, in Chinese, without sideways scrolling', async () => {
    const page = await open(USERS.agent.username, 768);
    await page.getByRole('button', { name: 'Switch language to Chinese' }).click();
    await page.goto(caseUrl);
    await page.getByText('处理记录').waitFor();
    expect(await overflowsSideways(page)).toBe(false);
    await screenshot(page, '15-case-tablet-chinese');
    await page.goto('/inbox?scope=all&status=any');
    await page.locator('table.cases').waitFor();
    expect(await overflowsSideways(page)).toBe(false);
    await screenshot(page, '16-inbox-tablet-chinese');
    await page.context().close();
  }, 120_000);

  it('can be used with the keyboard alone, from sign-in to an action form', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: server.url, locale: 'en-GB' });
    const page = await context.newPage();
    onTestFailed(async () => { await screenshot(page, 'failed-keyboard'); });
    await page.goto(waitingCaseUrl);
    await page.getByLabel('Username').waitFor();
    await page.keyboard.type(USERS.lead.username);
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.locator('#case-title').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    // Tab through the page until the first action button has focus, then open its form with Enter.
    for (let i = 0; i < 10 && (await page.evaluate(() => document.activeElement?.closest('.action-buttons') === null)); i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('form.action-form') !== null)).toBe(true);
    await context.close();
  }, 60_000);

  it('raised no uncaught script error on any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
