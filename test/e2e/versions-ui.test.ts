/**
 * Versions in production, in a real browser against the real server: a process owner changes a
 * process that needs a second owner's approval and submits the draft; another process owner
 * reviews what it changes, approves it (told how many running cases stay behind), and moves the
 * running cases onto the new version after a dry run. Screenshots in English and Chinese.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { addUser } from '../../server/auth/users.js';
import { ensureUiBuilt, launchBrowser, overflowsSideways, pageErrors, screenshot, signedInPage } from './browser.js';
import { PASSWORD, USERS, startServer, type TestServer } from './server.js';

/** A levy whose versions go live only with a second process owner's approval. */
const LEVY = `id: levy
name: 收费复核 Levy review
roles: [agent]
publishing: { approval: required }
settings: { gmThreshold: 50000 }
data:
  type: object
  properties:
    amount: { type: integer }
    late: { type: boolean }
initial: checking
states:
  checking:
    deadline: { label: 复核时限 Review time, within: 2d, breach: { actions: [{ set: { late: "true" } }] } }
    on:
      finish: { roles: [agent], to: done }
  done: { final: true }
`;

/** The change the first owner types: a lower threshold, and checking renamed reviewing. */
const CHANGED = LEVY.replace('gmThreshold: 50000', 'gmThreshold: 30000').replace('within: 2d', 'within: 1d').replace(/checking/g, 'reviewing');

const SECOND_OWNER = 'sun.li';

let server: TestServer;
let browser: Browser;

async function open(username: string): Promise<Page> {
  const page = await signedInPage(browser, server.url, username);
  const test = (expect.getState().currentTestName ?? username).replace(/^.*> /, '').replace(/\W+/g, '-').slice(0, 40);
  onTestFailed(async () => { await screenshot(page, `failed-${test}`); });
  return page;
}

/** Answers the next confirmation (yes unless `accept` is false) and keeps its question. */
function acceptNextDialog(page: Page, accept = true): string[] {
  const asked: string[] = [];
  page.once('dialog', (dialog) => { asked.push(dialog.message()); void (accept ? dialog.accept() : dialog.dismiss()); });
  return asked;
}

beforeAll(async () => {
  ensureUiBuilt();
  server = await startServer();
  browser = await launchBrowser();
  const { engine, accounts } = server.caseflow;
  await addUser(accounts, { username: SECOND_OWNER, password: PASSWORD, roles: ['process-owner'] });
  await engine.publish({ yaml: LEVY, publishedBy: USERS.owner.username });
  for (const amount of [42000, 61000]) await engine.createCase({ process: 'levy', data: { amount }, actor: { id: USERS.agent.username, roles: ['agent'] } });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('versions in production', () => {
  it('takes a draft through review by a second process owner to publishing, then moves the running cases after a dry run', async () => {
    const author = await open(USERS.owner.username);
    await author.getByRole('link', { name: 'Levy review' }).first().click();
    await author.locator('.cm-content').waitFor();
    await author.getByText('This process goes live only with a second process owner\'s approval.').waitFor();
    await author.locator('.cm-content').click();
    await author.keyboard.press('Control+A');
    await author.keyboard.insertText(CHANGED);
    await author.getByLabel('What changed').fill('Lower GM threshold; checking is now reviewing');
    await expect.poll(() => author.locator('.problem-error').count(), { timeout: 15_000 }).toBe(0);
    const leaving = acceptNextDialog(author, false);
    await author.getByRole('link', { name: 'Dashboard' }).click();
    expect(leaving).toEqual(['The YAML has changes that are not published or saved as a draft. Leave and lose them?']);
    expect(new URL(author.url()).pathname).toBe('/processes/levy');
    await author.getByRole('button', { name: 'Submit for review' }).click();
    await author.getByText('Saved as a draft for review.').waitFor();
    await author.locator('.pending-drafts').getByRole('link').waitFor();
    await screenshot(author, 'versions-01-draft-submitted-en');
    await author.locator('.pending-drafts').getByRole('link').click();
    await author.getByText('You drafted this version: another process owner must review it.').waitFor();
    expect(await author.getByRole('button', { name: 'Approve and publish' }).count()).toBe(0);
    await author.context().close();

    const reviewer = await open(SECOND_OWNER);
    await reviewer.getByRole('heading', { name: 'Drafts awaiting review' }).waitFor();
    await reviewer.locator('.pending-drafts').getByRole('link', { name: 'Levy review' }).click();
    const changes = reviewer.locator('.review-changes');
    await changes.getByText('settings.gmThreshold: 50000 → 30000').waitFor();
    await changes.getByText('state reviewing added').waitFor();
    await changes.getByText('state checking removed').waitFor();
    await reviewer.getByText(`Drafted by ${USERS.owner.username}`).waitFor();
    expect(await overflowsSideways(reviewer)).toBe(false);
    await screenshot(reviewer, 'versions-02-review-en');

    await reviewer.getByRole('button', { name: 'Switch language to Chinese' }).click();
    await reviewer.getByRole('heading', { name: '改动内容' }).waitFor();
    await changes.getByText('新增状态 reviewing').waitFor();
    await reviewer.getByLabel('审核意见').fill('同意，下调阈值');
    await screenshot(reviewer, 'versions-03-review-zh');
    const asked = acceptNextDialog(reviewer);
    await reviewer.getByRole('button', { name: '批准并发布' }).click();
    await reviewer.getByText('已批准：第 2 版已生效。').waitFor();
    expect(asked).toEqual(['确定把此草稿发布为第 2 版吗？2 件运行中的工单仍留在第 1 版，直到您迁移它们。']);
    const published = await server.caseflow.engine.getProcess('levy', 2);
    expect([published.publishedBy, published.approvedBy]).toEqual([USERS.owner.username, SECOND_OWNER]);

    await reviewer.goto('/processes/levy');
    await reviewer.getByRole('tab', { name: '迁移运行中的工单' }).click();
    await reviewer.getByText('运行中的工单：第 1 版 2 件').waitFor();
    await reviewer.getByRole('button', { name: '试迁移' }).click();
    await reviewer.getByText('试迁移：0 件可以迁移，2 件不能迁移。未写入任何数据。').waitFor();
    expect(await reviewer.locator('.migrate-results').innerText()).toContain('状态 checking 在新版本中无对应');
    await reviewer.locator('#map-checking').selectOption('reviewing');
    await reviewer.locator('#timer-checking').selectOption('recompute');
    await reviewer.getByRole('button', { name: '试迁移' }).click();
    await reviewer.getByText('试迁移：2 件可以迁移，0 件不能迁移。未写入任何数据。').waitFor();
    const results = await reviewer.locator('.migrate-results').innerText();
    expect(results).toContain('checking → reviewing');
    expect(results).toContain('复核时限已超时');
    expect(results).not.toContain('deadline:');
    await screenshot(reviewer, 'versions-04-dry-run-zh');
    const confirmed = acceptNextDialog(reviewer);
    await reviewer.getByRole('button', { name: '正式迁移' }).click();
    await reviewer.getByText('已迁移 2 件，0 件留在第 1 版。').waitFor();
    expect(confirmed[0]).toContain('确定把 2 件工单从第 1 版迁移到第 2 版吗');
    await reviewer.getByText('运行中的工单：第 2 版 2 件').waitFor();

    await reviewer.getByRole('button', { name: '切换为英文界面' }).click();
    await reviewer.getByText('2 case(s) moved, 0 stay on version 1.').waitFor();
    expect(await reviewer.locator('.migrate-results').innerText()).toContain('Review time: overdue');
    await screenshot(reviewer, 'versions-05-migrated-en');
    const moved = await server.caseflow.engine.listCases({ processId: 'levy', limit: 10 }, { id: 'system', roles: ['system'] });
    expect(moved.items.map((item) => [item.version, item.state])).toEqual([[2, 'reviewing'], [2, 'reviewing']]);
    expect(pageErrors).toEqual([]);
    await reviewer.context().close();
  }, 180_000);

  it('asks before the back button leaves unsaved changes: declined, the page and its text stay; confirmed, it leaves', async () => {
    const author = await open(USERS.owner.username);
    const home = new URL(author.url()).pathname;
    await author.getByRole('link', { name: 'Levy review' }).first().click();
    await author.locator('.cm-content').waitFor();
    await author.locator('.cm-content').click();
    await author.keyboard.press('Control+End');
    await author.keyboard.insertText('# 未保存的修改\n');
    const declined = acceptNextDialog(author, false);
    await author.evaluate(() => window.history.back());
    await expect.poll(() => declined).toEqual(['The YAML has changes that are not published or saved as a draft. Leave and lose them?']);
    await expect.poll(() => new URL(author.url()).pathname).toBe('/processes/levy');
    expect(await author.locator('.cm-content').innerText()).toContain('# 未保存的修改');
    await screenshot(author, 'versions-06-stayed-after-back-en');

    await author.getByRole('button', { name: 'Switch language to Chinese' }).click();
    const confirmed = acceptNextDialog(author);
    await author.evaluate(() => window.history.back());
    await expect.poll(() => confirmed).toEqual(['YAML 有尚未发布或保存为草稿的修改。确定离开并放弃这些修改吗？']);
    await expect.poll(() => new URL(author.url()).pathname).toBe(home);
    await author.locator('.cm-content').waitFor({ state: 'detached' });
    await screenshot(author, 'versions-07-left-after-back-zh');
    expect(pageErrors).toEqual([]);
    await author.context().close();
  }, 120_000);
});
