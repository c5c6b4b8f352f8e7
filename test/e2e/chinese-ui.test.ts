/**
 * The admin UI in Chinese, in a real browser: an agent registers a complaint and sees Chinese
 * labels (never `billing`, `phone`, `normal`), Chinese field errors at their fields before
 * anything is sent (手机号码格式不正确, 此项必填), no field the process sets, and the case's data
 * and history in Chinese words.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { ensureUiBuilt, launchBrowser, pageErrors, screenshot } from './browser.js';
import { PASSWORD, USERS, startServer, type TestServer } from './server.js';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  ensureUiBuilt();
  server = await startServer();
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A page in a Chinese browser, signed in with the Chinese sign-in form. */
async function chinesePage(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', baseURL: server.url });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  page.on('pageerror', (error) => { pageErrors.push(`${username}: ${error.message}`); });
  await page.goto('/');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('.app-header').waitFor();
  return page;
}

/** Enum values and ids of the complaint process that staff must never see as such. */
const CODES = /\b(billing|network|service-attitude|phone|online|normal|major|county|city|star-\d|explain|compensate|satisfied|\$start|\$timer|deadline:\S+)\b/;

describe('the admin UI in Chinese', () => {
  it('registers a complaint with Chinese labels and Chinese field errors, and shows it in Chinese words', async () => {
    const page = await chinesePage(USERS.agent.username);
    onTestFailed(() => screenshot(page, 'chinese-ui-failed'));
    await page.goto('/new?process=complaint-handling');
    const form = page.locator('form.form');
    await form.locator('[name="customer.name"]').waitFor();

    // Only what a person enters: nothing the process sets.
    for (const field of ['closedAt', 'approvedBy', 'reopenCount', 'closeBreached', 'satisfactionScore']) {
      expect(await form.locator(`[name="${field}"]`).count(), field).toBe(0);
    }
    // Choices by their Chinese labels.
    expect(await form.locator('select[name="category"] option').allInnerTexts()).toEqual(
      ['请选择……', '流量费用', '网络质量', '服务态度', '产品质量', '其他', '维修质量', '配件', '维修收费', '维修延误'],
    );
    expect(await form.locator('select[name="channel"] option').allInnerTexts()).toEqual(['请选择……', '电话', '网上', '营业厅', '社交媒体', '回访']);

    // A wrong phone and missing fields: Chinese messages at their fields, and no request sent.
    let posted = 0;
    page.on('request', (request) => { if (request.method() === 'POST' && request.url().endsWith('/api/cases')) posted += 1; });
    await form.locator('[name="customer.name"]').fill('张伟');
    await form.locator('[name="customer.phone"]').fill('abc');
    await page.getByRole('button', { name: '创建工单' }).click();
    const phoneField = form.locator('.field', { has: page.locator('[name="customer.phone"]') });
    await expect.poll(() => phoneField.locator('.field-error').innerText()).toBe('手机号码格式不正确');
    const categoryField = form.locator('.field', { has: page.locator('[name="category"]') });
    expect(await categoryField.locator('.field-error').innerText()).toBe('此项必填');
    expect(await form.innerText()).not.toMatch(/must|pattern|required/i);
    expect(posted).toBe(0);
    await screenshot(page, 'chinese-ui-field-errors');

    // Corrected, it is registered; the case reads in Chinese.
    await form.locator('[name="customer.phone"]').fill('13800000000');
    await form.locator('select[name="channel"]').selectOption({ label: '电话' });
    await form.locator('select[name="category"]').selectOption({ label: '流量费用' });
    await form.locator('select[name="severity"]').selectOption({ label: '一般' });
    await form.locator('[name="unit"]').fill('east-district');
    await form.locator('[name="description"]').fill('本月流量费用多扣');
    await page.getByRole('button', { name: '创建工单' }).click();
    await expect.poll(() => page.getByTestId('case-state').innerText()).toBe('已受理');
    const data = page.locator('.data-list');
    await expect.poll(() => data.innerText()).toContain('流量费用');
    const shown = await data.innerText();
    expect(shown).toContain('电话');
    expect(shown).toContain('县/区级');
    expect(shown).not.toMatch(CODES);
    // Every field is named in Chinese (the unit id and the phone are data, not labels).
    const names = await data.locator('dt').allInnerTexts();
    expect(names.filter((name) => /[A-Za-z]/.test(name))).toEqual([]);
    expect(await page.locator('.case-history').innerText()).not.toMatch(CODES);
    await screenshot(page, 'chinese-ui-case');
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('shows a problem only the server finds in Chinese, at its field', async () => {
    const page = await chinesePage(USERS.agent.username);
    onTestFailed(() => screenshot(page, 'chinese-ui-server-problem-failed'));
    await page.goto('/new?process=complaint-handling');
    const form = page.locator('form.form');
    await form.locator('[name="unit"]').waitFor();
    // The directory gains its units after the form was drawn: a unit typed in it is checked only by the server.
    await server.caseflow.accounts.createUnit({ id: 'east-district', label: '城东分公司 East district' });
    await form.locator('[name="customer.name"]').fill('张伟');
    await form.locator('[name="customer.phone"]').fill('13800000000');
    await form.locator('select[name="channel"]').selectOption({ label: '电话' });
    await form.locator('select[name="category"]').selectOption({ label: '流量费用' });
    await form.locator('select[name="severity"]').selectOption({ label: '一般' });
    await form.locator('[name="unit"]').fill('nowhere');
    await form.locator('[name="description"]').fill('本月流量费用多扣');
    await page.getByRole('button', { name: '创建工单' }).click();
    const unitField = form.locator('.field', { has: page.locator('[name="unit"]') });
    await expect.poll(() => unitField.locator('.field-error').innerText()).toBe('不是组织目录中的业务单元');
    expect(await form.locator('.notice').innerText()).toContain('提交的内容有误：业务单元：不是组织目录中的业务单元');
    expect(await form.innerText()).not.toMatch(/not a unit|is not valid|organisation directory/i);
    await screenshot(page, 'chinese-ui-server-problem');

    // Corrected (and the agent placed in the unit), the case page names the unit, the roles and the spans in words, and draws the diagram.
    const agent = await server.caseflow.accounts.findUserByUsername(USERS.agent.username);
    if (agent === undefined) throw new Error('the agent is missing');
    await server.caseflow.accounts.updateUser(agent.id, { units: ['east-district'] });
    await form.locator('[name="unit"]').fill('east-district');
    await page.getByRole('button', { name: '创建工单' }).click();
    await expect.poll(() => page.getByTestId('case-state').innerText()).toBe('已受理');
    await page.goto(new URL(page.url()).pathname);
    await expect.poll(() => page.locator('.case-holder').innerText()).toContain('业务单元：城东分公司');
    const data = page.locator('.data-list');
    await expect.poll(() => data.innerText()).toContain('城东分公司');
    const row = (title: string) => data.locator('.data-row', { has: page.locator('dt', { hasText: new RegExp(`^${title}$`) }) }).locator('dd');
    expect(await row('首次回复时限').innerText()).toBe('1天');
    expect(await row('闭环时限').innerText()).toBe('3天');
    expect(await row('闭环提醒时点').innerText()).toBe('2天');
    expect(await data.innerText()).not.toMatch(/\b\d+m\b|east-district/);
    await page.locator('.case-diagram svg.diagram .state-active[data-state="received"]').waitFor();
    const history = page.locator('.case-history');
    await expect.poll(() => history.innerText()).toMatch(/业务单元[:：\s]*城东分公司/);
    expect(await history.innerText()).not.toMatch(/east-district/);
    // The customer's other complaint (registered in the first test) by its process and state labels.
    await expect.poll(() => page.getByTestId('customer-history').innerText()).toContain('投诉处理 · 已受理');
    expect(await page.getByTestId('customer-history').innerText()).not.toMatch(/complaint-handling|received/);
    await screenshot(page, 'chinese-ui-case-page');

    // The same page in English.
    await page.locator('.lang-switch').click();
    await expect.poll(() => page.locator('.case-holder').innerText()).toContain('East district');
    expect(await data.innerText()).toContain('1 day');
    expect(await data.innerText()).not.toMatch(/\b\d+m\b|east-district/);
    await expect.poll(() => history.innerText()).toMatch(/Business unit[:\s]*East district/);
    await page.locator('.case-diagram svg.diagram .state-active').first().waitFor();
    await screenshot(page, 'english-ui-case-page');
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
