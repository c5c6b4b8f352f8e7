/**
 * People's work in a real browser against the real server: an agent claims a case from the
 * queue; another bulk-claims three (a fourth, held by the first, is refused and says why); a
 * team lead reassigns one to the first agent from the workload view; that agent finds it under
 * "assigned to me" with a notification, notes and proposes it; the other agent sees a case held;
 * the team lead releases and gives out a case from its page, sends one action to two cases, and
 * finds the approval waiting on them with its amount and approves it.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { addUser } from '../../server/auth/users.js';
import { ensureUiBuilt, launchBrowser, overflowsSideways, pageErrors, screenshot, signedInPage } from './browser.js';
import { PASSWORD, USERS, startServer, type TestServer } from './server.js';

/** A small process that queues its cases for agents and waits on a team lead's approval. */
const SERVICE_REQUEST = `
id: service-request
name: 服务请求 Service request
title: "{{data.customer}}"
roles: [agent, team-lead]
unit: data.unit
assigners: [team-lead]
data:
  type: object
  required: [customer, unit, amount]
  properties:
    customer: { type: string, title: 客户 Customer }
    unit: { type: string, title: 业务单元 Business unit }
    amount: { type: number, title: 补偿金额 Compensation }
initial: waiting
states:
  waiting:
    label: 待处理 Waiting
    assign: { queue: agent }
    on:
      propose:
        label: 提交审批 Propose compensation
        roles: [agent, team-lead]
        to: approving
  approving:
    label: 待审批 Awaiting approval
    approval: { roles: [team-lead], figure: data.amount, label: 补偿金额 Compensation }
    on:
      approve:
        label: 批准 Approve
        roles: [team-lead]
        to: done
  done:
    label: 已完成 Done
    final: true
`;

const CUSTOMERS = ['Zhang Wei', 'Liu Yang', 'Chen Jing', 'Huang Min', 'Zhou Tao'];
const OTHER_AGENT = { username: 'chen.hui', roles: ['agent'] };
const AGENT = USERS.agent.username;
const LEAD = USERS.lead.username;
const UNIT = 'east-district';

let server: TestServer;
let browser: Browser;
/** Case ids by customer. */
const ids = new Map<string, string>();

function idOf(customer: string): string {
  const id = ids.get(customer);
  if (!id) throw new Error(`no case for ${customer}`);
  return id;
}

/** Signs in and, should the test fail, keeps a screenshot of where it was. */
async function open(username: string): Promise<Page> {
  const page = await signedInPage(browser, server.url, username);
  const test = (expect.getState().currentTestName ?? username).replace(/^.*> /, '').replace(/\W+/g, '-').slice(0, 40);
  onTestFailed(async () => { await screenshot(page, `failed-${test}`); });
  return page;
}

/** The row of a case in the table shown. */
function row(page: Page, customer: string) {
  return page.locator(`table.cases tr[data-case="${idOf(customer)}"]`);
}

beforeAll(async () => {
  ensureUiBuilt();
  server = await startServer();
  const { engine, accounts } = server.caseflow;
  // Everyone here works in the east district, the unit of the cases.
  await accounts.createUnit({ id: UNIT, label: '东城区分公司 East district' });
  for (const username of [AGENT, LEAD]) {
    const user = await accounts.findUserByUsername(username);
    if (!user) throw new Error(`no user ${username}`);
    await accounts.updateUser(user.id, { units: [UNIT] });
  }
  await addUser(accounts, { username: OTHER_AGENT.username, password: PASSWORD, roles: [...OTHER_AGENT.roles], units: [UNIT] });
  await engine.publish({ yaml: SERVICE_REQUEST, publishedBy: USERS.owner.username });
  for (const [n, customer] of CUSTOMERS.entries()) {
    const view = await engine.createCase({ process: 'service-request', data: { customer, unit: UNIT, amount: 1280 + n }, actor: { id: LEAD, roles: [...USERS.lead.roles] } });
    ids.set(customer, view.id);
  }
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('people at work in the admin UI', () => {
  it('lets an agent claim a case from their queue', async () => {
    const page = await open(AGENT);
    await page.getByRole('tab', { name: 'Assigned to me', selected: true }).waitFor();
    await page.getByText('No cases match these filters.').waitFor();
    await page.getByRole('tab', { name: 'My queues' }).click();
    await row(page, 'Zhang Wei').waitFor();
    expect(await page.locator('table.cases tbody tr').count()).toBe(CUSTOMERS.length);
    expect(await page.locator('table.cases th').allInnerTexts()).toEqual(['', 'Case', 'Process', 'State', 'Assignee', 'Next deadline', 'Updated']);
    expect(await row(page, 'Zhang Wei').locator('.assignee-cell').innerText()).toContain('—');
    await screenshot(page, 'work-01-queue');

    await row(page, 'Zhang Wei').getByRole('button', { name: 'Claim' }).click();
    await page.getByText(`You now hold case ${idOf('Zhang Wei')}.`).waitFor();
    await expect.poll(() => row(page, 'Zhang Wei').count()).toBe(0);
    await page.getByRole('tab', { name: 'Assigned to me' }).click();
    await expect.poll(() => row(page, 'Zhang Wei').locator('.assignee-cell').innerText()).toBe(AGENT);
    await page.getByRole('button', { name: 'Switch language to Chinese' }).click();
    await page.getByRole('tab', { name: '我的队列' }).click();
    await row(page, 'Liu Yang').getByRole('button', { name: '认领' }).waitFor();
    await screenshot(page, 'work-02-queue-chinese');
    await page.context().close();
  }, 120_000);

  it('offers the case unit as a choice of the directory on the new case form, labelled in the UI language', async () => {
    const page = await open(AGENT);
    await page.goto('/new?process=service-request');
    const unit = page.getByLabel(/Business unit/);
    await unit.waitFor();
    expect(await unit.evaluate((element) => element.tagName)).toBe('SELECT');
    expect(await unit.locator('option').allInnerTexts()).toEqual(['Choose…', 'East district']);
    await page.getByRole('button', { name: 'Switch language to Chinese' }).click();
    await expect.poll(() => page.getByLabel(/业务单元/).locator('option').allInnerTexts()).toContain('东城区分公司');
    await screenshot(page, 'work-00-new-case-unit-chinese');
    await page.context().close();
  }, 120_000);

  it('keeps a saved filter and opens the inbox with it', async () => {
    const page = await open(AGENT);
    await page.getByRole('tab', { name: 'All I can see' }).click();
    await page.getByLabel('Sort by').selectOption('created');
    await page.getByRole('button', { name: 'Save this filter' }).click();
    await page.getByLabel('Name of the filter').fill('Newest everywhere');
    await page.getByRole('button', { name: 'Save this filter' }).click();
    const saved = page.getByRole('region', { name: 'Saved filters' }).getByRole('link', { name: 'Newest everywhere' });
    await saved.waitFor();
    await page.getByRole('tab', { name: 'Assigned to me' }).click();
    await saved.click();
    await page.getByRole('tab', { name: 'All I can see', selected: true }).waitFor();
    expect(await page.getByLabel('Sort by').inputValue()).toBe('created');
    await page.getByRole('button', { name: 'Delete filter Newest everywhere' }).click();
    await expect.poll(() => saved.count()).toBe(0);
    await page.context().close();
  }, 120_000);

  it('lets an agent bulk-claim three cases and says why a fourth was refused', async () => {
    const page = await open(OTHER_AGENT.username);
    await page.getByRole('tab', { name: 'All I can see' }).click();
    for (const customer of ['Zhang Wei', 'Liu Yang', 'Chen Jing', 'Huang Min']) {
      await row(page, customer).getByRole('checkbox').check();
    }
    const bar = page.getByRole('region', { name: 'Bulk actions' });
    await bar.getByText('4 selected').waitFor();
    await screenshot(page, 'work-03-bulk-selected');
    await bar.getByRole('button', { name: 'Claim' }).click();

    const outcome = page.locator('.bulk-outcome');
    await outcome.getByText('3 succeeded, 1 refused.').waitFor();
    for (const customer of ['Liu Yang', 'Chen Jing', 'Huang Min']) {
      expect(await outcome.locator(`li[data-case="${idOf(customer)}"]`).innerText()).toContain('Done');
    }
    const refused = await outcome.locator(`li[data-case="${idOf('Zhang Wei')}"]`).innerText();
    expect(refused).toContain('Refused');
    expect(refused).toContain(`held by ${AGENT}`);
    // The refused case stays selected, to try something else on it.
    await bar.getByText('1 selected').waitFor();
    await expect.poll(() => row(page, 'Liu Yang').locator('.assignee-cell').innerText()).toBe(OTHER_AGENT.username);
    await screenshot(page, 'work-04-bulk-outcome');
    await page.getByRole('button', { name: 'Switch language to Chinese' }).click();
    await page.getByText('成功 3 个，被拒绝 1 个。').waitFor();
    await screenshot(page, 'work-05-bulk-outcome-chinese');
    await page.context().close();
  }, 120_000);

  it('lets a team lead reassign a case to an agent from the workload view', async () => {
    const page = await open(LEAD);
    // The queue is the agents'; a team lead assigns from it but does not claim.
    await page.getByRole('tab', { name: 'All I can see' }).click();
    await row(page, 'Zhou Tao').waitFor();
    await expect.poll(() => row(page, 'Zhou Tao').getByRole('button', { name: /Claim/ }).count()).toBe(0);

    await page.getByRole('link', { name: 'Workload' }).click();
    const other = page.locator(`tr[data-person="${OTHER_AGENT.username}"]`);
    await expect.poll(() => other.locator('td').allInnerTexts()).toEqual(['3', '0', '0']);
    await expect.poll(() => page.locator(`tr[data-person="${AGENT}"] td`).first().innerText()).toBe('1');
    await other.getByRole('link', { name: OTHER_AGENT.username }).click();
    await page.getByRole('heading', { name: `Cases held by ${OTHER_AGENT.username}` }).waitFor();
    await row(page, 'Liu Yang').getByRole('checkbox').check();
    const bar = page.getByRole('region', { name: 'Bulk actions' });
    await bar.getByRole('button', { name: 'Assign to…' }).click();
    await bar.getByLabel('Person (username)').fill(AGENT);
    await bar.getByLabel('Reason (optional)').fill('Covering the morning shift');
    await screenshot(page, 'work-06-workload-assign');
    await bar.getByRole('button', { name: 'Apply to the 1 selected' }).click();
    await page.locator('.bulk-outcome').getByText('1 succeeded, 0 refused.').waitFor();
    await expect.poll(() => row(page, 'Liu Yang').count()).toBe(0);
    await expect.poll(() => page.locator(`tr[data-person="${AGENT}"] td`).first().innerText()).toBe('2');
    await expect.poll(() => other.locator('td').first().innerText()).toBe('2');

    // An assignment the server refuses shows its reason.
    await row(page, 'Chen Jing').getByRole('checkbox').check();
    await bar.getByRole('button', { name: 'Assign to…' }).click();
    await bar.getByLabel('Person (username)').fill(OTHER_AGENT.username);
    await bar.getByRole('button', { name: 'Apply to the 1 selected' }).click();
    await page.locator('.bulk-outcome .outcome-refused').getByText(/already holds/).waitFor();

    await page.getByRole('button', { name: 'Switch language to Chinese' }).click();
    await page.getByRole('heading', { name: `${OTHER_AGENT.username} 处理中的工单` }).waitFor();
    await screenshot(page, 'work-07-workload-chinese');
    expect(await overflowsSideways(page)).toBe(false);
    await page.context().close();
  }, 120_000);

  it('shows the agent the reassigned case under "assigned to me", its history in words, and takes a note', async () => {
    const page = await open(AGENT);
    await row(page, 'Liu Yang').getByRole('link').first().click();
    await page.locator('#case-title').waitFor();
    await expect.poll(() => page.getByTestId('case-holder').innerText()).toBe('You hold this case');
    const history = page.locator('.timeline');
    await history.getByText(`Assigned to ${AGENT} by ${LEAD}: Covering the morning shift`).waitFor();
    await history.getByText(`${OTHER_AGENT.username} claimed this case`).waitFor();
    expect(await history.innerText()).not.toContain('$');

    await page.getByLabel('Note', { exact: true }).fill('Customer prefers a call after 6 pm.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByText('Note added.').waitFor();
    await history.getByText(`Note by ${AGENT}`).waitFor();
    await history.getByText('Customer prefers a call after 6 pm.').waitFor();

    await page.getByRole('button', { name: 'Propose compensation', exact: true }).click();
    await page.locator('form.action-form').getByRole('button', { name: 'Propose compensation', exact: true }).click();
    await expect.poll(() => page.getByTestId('case-state').innerText()).toBe('Awaiting approval');
    await screenshot(page, 'work-08-case-agent');
    await page.getByRole('button', { name: 'Switch language to Chinese' }).click();
    await history.getByText(`${LEAD} 将工单分配给 ${AGENT}：Covering the morning shift`).waitFor();
    await screenshot(page, 'work-09-case-agent-chinese');
    await page.context().close();
  }, 120_000);

  it('tells another agent who holds a case and offers them nothing to do on it', async () => {
    const page = await open(OTHER_AGENT.username);
    await page.goto(`/cases/${idOf('Zhang Wei')}`);
    await page.getByTestId('held-by-other').getByText(`Held by ${AGENT}`).waitFor();
    expect(await page.getByRole('button', { name: 'Propose compensation' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Claim', exact: true }).count()).toBe(0);
    await page.getByRole('button', { name: 'Switch language to Chinese' }).click();
    await page.getByTestId('held-by-other').getByText(`由 ${AGENT} 处理中`).waitFor();
    await screenshot(page, 'work-10-held-by-other-chinese');
    await page.context().close();
  }, 120_000);

  it('lets a team lead put a case back in the queue and give it out again from its page', async () => {
    const page = await open(LEAD);
    await page.goto(`/cases/${idOf('Chen Jing')}`);
    const holder = page.getByTestId('case-holder');
    await expect.poll(() => holder.innerText()).toBe(`Held by ${OTHER_AGENT.username}`);
    expect(await page.getByTestId('held-by-other').count()).toBe(0);
    const card = page.locator('.case-holder');
    expect(await card.getByRole('button', { name: 'Claim', exact: true }).count()).toBe(0);
    await card.getByRole('button', { name: 'Release' }).click();
    await page.getByText(`Case ${idOf('Chen Jing')} is back in its queue.`).waitFor();
    await expect.poll(() => holder.innerText()).toBe('In the queue of agent');
    await page.locator('.timeline').getByText(`${LEAD} released this case to the queue`).waitFor();

    await card.getByRole('button', { name: 'Assign to…' }).click();
    await card.getByLabel('Person (username)').fill(AGENT);
    await card.getByLabel('Reason (optional)').fill('Knows this customer');
    await card.getByRole('button', { name: 'Assign', exact: true }).click();
    await page.getByText(`Case ${idOf('Chen Jing')} is assigned to ${AGENT}.`).waitFor();
    await expect.poll(() => holder.innerText()).toBe(`Held by ${AGENT}`);
    await page.locator('.timeline').getByText(`Assigned to ${AGENT} by ${LEAD}: Knows this customer`).waitFor();
    await screenshot(page, 'work-11-case-lead');
    await page.context().close();
  }, 120_000);

  it('lets a team lead send one action to several cases at once', async () => {
    const page = await open(LEAD);
    await page.getByRole('tab', { name: 'All I can see' }).click();
    await row(page, 'Huang Min').getByRole('checkbox').check();
    await row(page, 'Liu Yang').getByRole('checkbox').check();
    const bar = page.getByRole('region', { name: 'Bulk actions' });
    // A case waiting on approval has no "propose" in common with one still waiting to be worked.
    await bar.getByRole('button', { name: 'Send an action…' }).click();
    await bar.getByText('The selected cases have no action in common for your roles.').waitFor();
    await row(page, 'Liu Yang').getByRole('checkbox').uncheck();
    await row(page, 'Zhou Tao').getByRole('checkbox').check();
    await bar.getByLabel('Action').selectOption({ label: 'Propose compensation' });
    await screenshot(page, 'work-12-bulk-action');
    await bar.locator('form.action-form').getByRole('button', { name: /Apply to the 2 selected/ }).click();
    await page.locator('.bulk-outcome').getByText('2 succeeded, 0 refused.').waitFor();
    await expect.poll(() => row(page, 'Huang Min').locator('.state-pill').innerText()).toBe('Awaiting approval');
    await expect.poll(() => row(page, 'Zhou Tao').locator('.state-pill').innerText()).toBe('Awaiting approval');
    await page.context().close();
  }, 120_000);

  it('lets the team lead find the approval waiting on them with its amount and approve it', async () => {
    const page = await open(LEAD);
    await page.getByRole('button', { name: /^Notifications, \d+ unread$/ }).click();
    await page.getByRole('region', { name: 'Notifications' }).getByRole('link', { name: /Waiting on your decision\s*Liu Yang/ }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('tab', { name: 'Waiting on me' }).click();
    await row(page, 'Liu Yang').waitFor();
    expect(await page.locator('table.cases tbody tr').count()).toBe(3);
    await row(page, 'Liu Yang').getByRole('link').first().click();
    const approval = page.getByTestId('approval');
    await expect.poll(() => approval.innerText()).toContain('Compensation');
    expect(await approval.innerText()).toContain('1,281');
    await screenshot(page, 'work-13-approval');
    await page.getByRole('button', { name: 'Switch language to Chinese' }).click();
    await expect.poll(() => approval.innerText()).toContain('补偿金额');
    await screenshot(page, 'work-14-approval-chinese');
    await page.getByRole('button', { name: '切换为英文界面' }).click();
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await page.locator('form.action-form').getByRole('button', { name: 'Approve', exact: true }).click();
    await expect.poll(() => page.getByTestId('case-state').innerText()).toBe('Done');
    await page.getByRole('link', { name: 'Inbox' }).click();
    await page.getByRole('tab', { name: 'Waiting on me' }).click();
    await row(page, 'Zhou Tao').waitFor();
    expect(await row(page, 'Liu Yang').count()).toBe(0);
    await page.context().close();
  }, 120_000);

  it('rings the bell for the agent cases were assigned to, leads to a case, and marks them read', async () => {
    const page = await open(AGENT);
    await expect.poll(() => page.getByTestId('bell-count').innerText()).toBe('2');
    await page.getByRole('button', { name: 'Notifications, 2 unread' }).click();
    const panel = page.getByRole('region', { name: 'Notifications' });
    await expect.poll(() => panel.getByText('Assigned to you').count()).toBe(2);
    await screenshot(page, 'work-15-notification');
    await panel.getByRole('link', { name: /Liu Yang/ }).click();
    await page.locator('#case-title').waitFor();
    expect(page.url()).toContain(`/cases/${idOf('Liu Yang')}`);
    await expect.poll(() => page.getByTestId('bell-count').innerText()).toBe('1');

    await page.getByRole('button', { name: 'Switch language to Chinese' }).click();
    await page.getByRole('button', { name: '通知，1 条未读' }).click();
    await page.getByRole('region', { name: '通知' }).getByText('分配给您').first().waitFor();
    await screenshot(page, 'work-16-notification-chinese');
    await page.getByRole('button', { name: '全部标为已读' }).click();
    await expect.poll(() => page.getByTestId('bell-count').count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  }, 120_000);
});
