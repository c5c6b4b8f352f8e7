/**
 * The People page in a real browser against the real server: an administrator adds a unit and a
 * person in it and places a team lead there; the team lead marks an agent away with a stand-in;
 * the team lead changes their own password from the user menu. Screenshots in English and Chinese.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { ensureUiBuilt, launchBrowser, overflowsSideways, pageErrors, screenshot, signedInPage } from './browser.js';
import { PASSWORD, USERS, startServer, type TestServer } from './server.js';

let server: TestServer;
let browser: Browser;

/** Signs in and, should the test fail, keeps a screenshot of where it was. */
async function open(username: string): Promise<Page> {
  const page = await signedInPage(browser, server.url, username);
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

const row = (page: Page, username: string) => page.locator(`tr[data-person="${username}"]`);

describe('the People page', () => {
  it('lets an administrator add a unit and a person in it, and place a team lead there', async () => {
    const page = await open('admin');
    await page.getByRole('link', { name: 'People' }).click();
    await page.getByRole('heading', { name: 'People', level: 1 }).waitFor();

    const units = page.getByRole('form', { name: 'Add unit' });
    await units.getByLabel('Id').fill('East District');
    await units.getByLabel('Label').fill('东城区分公司 East district');
    await units.getByRole('button', { name: 'Add unit' }).click();
    await units.locator('.field-invalid .field-error').filter({ hasText: 'kebab-case' }).waitFor();
    await units.getByLabel('Id').fill('east-district');
    await units.getByRole('button', { name: 'Add unit' }).click();
    await page.getByText('Unit east-district was added.').waitFor();
    await page.locator('.units-table').getByText('东城区分公司 East district').waitFor();

    const add = page.getByRole('form', { name: 'Add a person' });
    await add.getByLabel('Username').fill('zhang.wei');
    await add.getByLabel('Display name').fill('张伟');
    await add.getByLabel('Email').fill('zhang.wei@example.com');
    await add.getByLabel('Roles').fill('agent');
    await add.getByLabel('Initial password').fill('password123456');
    await add.getByRole('checkbox', { name: 'East district' }).check();
    await add.getByRole('button', { name: 'Add a person' }).click();
    await add.locator('.field-error').filter({ hasText: 'commonly used' }).waitFor();
    await add.getByLabel('Initial password').fill('plum orchard at dusk 47');
    await add.getByRole('button', { name: 'Add a person' }).click();
    await page.getByText('zhang.wei was added.').waitFor();
    await expect.poll(() => row(page, 'zhang.wei').innerText()).toMatch(/张伟[\s\S]*agent[\s\S]*East district[\s\S]*zhang\.wei@example\.com[\s\S]*Active/);

    for (const username of [USERS.lead.username, USERS.agent.username]) {
      await page.getByRole('button', { name: `Units of ${username}` }).click();
      const form = page.getByRole('form', { name: `Units of ${username}` });
      await form.getByRole('checkbox', { name: 'East district' }).check();
      await form.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => row(page, username).innerText()).toContain('East district');
    }
    expect(await overflowsSideways(page)).toBe(false);
    await screenshot(page, 'people-01-admin-en');
    await page.context().close();
  }, 120_000);

  it('lets a team lead mark an agent of their unit away with a stand-in, in English and Chinese', async () => {
    const page = await open(USERS.lead.username);
    await page.getByRole('link', { name: 'People' }).click();
    await row(page, 'zhang.wei').waitFor();
    expect(await row(page, USERS.owner.username).count()).toBe(0);

    await page.getByRole('button', { name: `Mark ${USERS.agent.username} away` }).click();
    const form = page.getByRole('form', { name: `Mark ${USERS.agent.username} away` });
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByLabel('Stand-in').selectOption('zhang.wei');
    await form.getByLabel('Reason').fill('年假 Annual leave');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    await expect.poll(() => row(page, USERS.agent.username).innerText()).toMatch(/Away until .*张伟 stands in/);
    const agent = await server.caseflow.accounts.findUserByUsername(USERS.agent.username);
    const delegate = await server.caseflow.accounts.findUserByUsername('zhang.wei');
    expect(agent?.absence).toMatchObject({ delegateId: delegate?.id, reason: '年假 Annual leave' });
    await screenshot(page, 'people-02-lead-en');

    await page.getByRole('button', { name: 'Switch language to Chinese' }).click();
    await page.getByRole('heading', { name: '人员', level: 1 }).waitFor();
    await expect.poll(() => row(page, USERS.agent.username).innerText()).toMatch(/外出至 .*由 张伟 代理/);
    expect(await page.locator('.units-table').innerText()).toContain('东城区分公司');
    expect(await overflowsSideways(page)).toBe(false);
    await screenshot(page, 'people-03-lead-zh');
    await page.getByRole('button', { name: '切换为英文界面' }).click();
    await page.context().close();
  }, 120_000);

  it('lets a team lead change their own password from the user menu', async () => {
    const page = await open(USERS.lead.username);
    await page.locator('.user-menu summary').click();
    await page.getByRole('link', { name: 'Change my password' }).click();
    const form = page.getByRole('form', { name: 'Change my password' });
    await form.getByLabel('Current password').fill('not my password');
    await form.getByLabel('New password', { exact: true }).fill('plum orchard at dusk 47');
    await form.getByLabel('New password again').fill('plum orchard at dusk 47');
    await form.getByRole('button', { name: 'Change my password' }).click();
    await form.locator('.field-error').filter({ hasText: 'is not your current password' }).waitFor();
    await form.getByLabel('Current password').fill(PASSWORD);
    await form.getByRole('button', { name: 'Change my password' }).click();
    await page.getByText('Your password is changed.').waitFor();
    await page.getByRole('heading', { name: 'I will be away' }).waitFor();
    await screenshot(page, 'people-04-account-en');
    // The tab goes on in its new session: an unsafe request with the new CSRF token works.
    await page.getByRole('link', { name: 'People' }).click();
    await page.getByRole('button', { name: `Mark ${USERS.agent.username} back` }).click();
    await page.getByText('Saved.').waitFor();
    expect((await server.caseflow.accounts.findUserByUsername(USERS.agent.username))?.absence).toBeUndefined();
    await page.context().close();
  }, 120_000);

  it('raised no errors in the pages', () => {
    expect(pageErrors).toEqual([]);
  });
});
