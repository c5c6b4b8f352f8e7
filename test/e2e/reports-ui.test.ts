/**
 * The dashboard, outbox and weekly digest in a real browser against the real server started as
 * `npm start -- --demo` starts it (demo users and cases, a manual clock, a temp database): a
 * centre manager sees figures that match the demo cases and exports one as CSV; an administrator
 * sees the demo's messages, watches the digest fail on a webhook that is down and sends it again
 * once the receiver is up; an agent has no outbox; the digest page agrees with its API.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIRequestContext, Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed, vi } from 'vitest';
import { verifyWebhook } from '../../docs/examples/verify-webhook.mjs';
import { addUser } from '../../server/auth/users.js';
import { UNITS } from '../../server/demo-people.js';
import { ensureUiBuilt, launchBrowser, overflowsSideways, pageErrors, screenshot, signedInPage } from './browser.js';
import { PASSWORD, USERS, startServer, type TestServer } from './server.js';

/** A centre manager of the demo's three districts. */
const MANAGER = { username: 'deng.chao', roles: ['center-manager'], units: ['east-district', 'west-district', 'development-zone'] };
const ADMIN = 'admin';
const WEBHOOK_SECRET = 'digest-webhook-secret';

let server: TestServer;
let browser: Browser;
let logDir = '';
let webhookPort = 0;
let receiver: Server | undefined;
const received: Array<{ body: string; signature: string | undefined }> = [];

/** A port nothing listens on (bound for a moment, then released). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Starts the webhook receiver on `webhookPort`, keeping what it is sent. */
async function startReceiver(): Promise<void> {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const signature = request.headers['x-caseflow-signature'];
      received.push({ body: Buffer.concat(chunks).toString('utf8'), signature: typeof signature === 'string' ? signature : undefined });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver?.listen(webhookPort, '127.0.0.1', resolve));
}

beforeAll(async () => {
  ensureUiBuilt();
  logDir = mkdtempSync(join(tmpdir(), 'caseflow-e2e-outbox-'));
  webhookPort = await freePort();
  // The weekly digest goes out through a webhook whose receiver is down at first.
  vi.stubEnv('CASEFLOW_OUTBOX_LOG', join(logDir, 'outbox.log'));
  vi.stubEnv('CASEFLOW_WEBHOOK_URL', `http://127.0.0.1:${webhookPort}/caseflow`);
  vi.stubEnv('CASEFLOW_WEBHOOK_SECRET', WEBHOOK_SECRET);
  vi.stubEnv('CASEFLOW_DIGEST_CHANNEL', 'webhook');
  server = await startServer({ demo: true });
  await addUser(server.caseflow.accounts, { username: MANAGER.username, password: PASSWORD, roles: [...MANAGER.roles], units: [...MANAGER.units] });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
  vi.unstubAllEnvs();
  rmSync(logDir, { recursive: true, force: true });
});

/** Signs in and, should the test fail, keeps a screenshot of where it was. */
async function open(username: string, width?: number): Promise<Page> {
  const page = await signedInPage(browser, server.url, username, width);
  const test = (expect.getState().currentTestName ?? username).replace(/^.*> /, '').replace(/\W+/g, '-').slice(0, 40);
  onTestFailed(async () => { await screenshot(page, `failed-${test}`); });
  return page;
}

/** GET of an API path as the page's signed-in user. */
async function getJson<T>(request: APIRequestContext, path: string): Promise<T> {
  const response = await request.get(path);
  if (!response.ok()) throw new Error(`${path}: ${response.status()} ${await response.text()}`);
  const body: T = await response.json();
  return body;
}

/** A case as GET /api/cases lists it (the parts these tests read). */
interface ListedCase {
  id: string;
  state: string;
  createdAt: number;
  parentId?: string;
  snapshot: { data: Record<string, unknown> };
}

/** Every case of a process, through GET /api/cases. */
async function casesOf(request: APIRequestContext, processId: string): Promise<ListedCase[]> {
  const page = await getJson<{ items: ListedCase[]; nextCursor: string | null }>(request, `/api/cases?process=${processId}&limit=200`);
  expect(page.nextCursor).toBeNull();
  return page.items;
}

/** Start of a Beijing day (`2025-02-17` → its 00:00 in Asia/Shanghai, as epoch ms). */
const beijingDay = (date: string) => Date.parse(`${date}T00:00:00+08:00`);

/** The cases opened from the Beijing day `from` up to and including the day `to`. */
function openedIn<T extends { createdAt: number }>(items: T[], from: string, to: string): T[] {
  return items.filter((item) => item.createdAt >= beijingDay(from) && item.createdAt < beijingDay(to) + 86_400_000);
}

/** The demo tells two weeks before the server's clock (Monday 3 March 2025): from Monday 17 February. */
const STORY_FROM = '2025-02-17';

/** Counts items by a key. */
function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

/** The English half of a bilingual label (`城东分公司 East district` → `East district`). */
const english = (label: string) => label.replace(/^[^A-Za-z]*\s+/, '');

/** Users of each unit, as the complaint-handling process declares them (settings.usersByUnit). */
const USERS_BY_UNIT: Record<string, number> = { 'east-district': 52000, 'west-district': 38000, 'development-zone': 21000 };

/** The labels of the demo's units in its organisation directory. */
const LABELS: Record<string, string> = Object.fromEntries(Object.values(UNITS).map((unit) => [unit.id, unit.label]));

/** Answers of the report routes, the parts these tests read. */
interface RateAnswer { data: { period: { months: number }; units: Array<{ unit: string; complaints: number; users: number | null; ratePer10k: number | null }>; total: { complaints: number; ratePer10k: number | null } } }
interface RetentionAnswer { data: { total: { retained: number; awaitingCheck: number; lost: number; pending: number; penalty: number } } }
interface FeeAnswer { data: { byState: Array<{ state: string; requests: number }>; total: { requests: number; budget: number; spend: number } } }
interface DigestAnswer {
  week: { label: string };
  raised: Array<{ level: string; raised: number; open: number; overdue: number; climbed: number }>;
  bySource: Array<{ source: string; raised: number }>;
  openByLevel: Array<{ level: string; open: number }>;
  overdue: unknown[];
  subject: string;
  text: string;
}
interface OutboxAnswer { items: Array<{ id: number; caseId: string; template: string; channel: string; status: string; body: string }> }

/** Headings of the cards whose table is wider than the card (scrolls inside it, hiding columns). */
function clippedTables(page: Page): Promise<string[]> {
  return page.locator('.dash-card').evaluateAll((cards) => cards
    .filter((card) => [...card.querySelectorAll('.table-scroll')].some((box) => box.scrollWidth > box.clientWidth + 1))
    .map((card) => card.querySelector('h2')?.textContent ?? '?'));
}

/** The dashboard card headed `title`. */
function card(page: Page, title: string): Locator {
  return page.locator('section.dash-card', { has: page.getByRole('heading', { name: title, exact: true }) });
}

/** The cells of the table row headed `name` in a card. */
async function rowCells(within: Locator, name: string): Promise<string[]> {
  return within.locator('tr', { has: within.page().getByRole('rowheader', { name, exact: true }) }).locator('td').allInnerTexts();
}

const LEVELS: Record<string, string> = { blue: 'Blue', yellow: 'Yellow', orange: 'Orange', red: 'Red' };
const SOURCES: Record<string, string> = {
  'overdue-complaint': 'Overdue complaint', 'batch-complaints': 'Batch complaints', 'public-opinion': 'Public opinion',
  'complaint-rate': 'Complaint rate over the line', manual: 'Raised by hand',
};

/** The digest page shows the numbers and the text of `digest`. */
async function expectDigestShown(page: Page, digest: DigestAnswer): Promise<void> {
  const raised = card(page, 'Raised this week');
  for (const row of digest.raised) {
    expect(await rowCells(raised, LEVELS[row.level])).toEqual([row.raised, row.open, row.overdue, row.climbed].map(String));
  }
  const sources = await raised.locator('.dash-levels:not(.dash-open-now) li').allInnerTexts();
  expect(sources).toHaveLength(digest.bySource.length);
  for (const row of digest.bySource) expect(sources).toContain(`${SOURCES[row.source]}: ${row.raised}`);
  const openNow = await raised.locator('.dash-open-now li').allInnerTexts();
  expect(openNow).toEqual(digest.openByLevel.map((row) => `${LEVELS[row.level]}: ${row.open}`));
  await page.getByRole('heading', { name: `Warnings past their deadline (${digest.overdue.length})` }).waitFor();
  expect(await page.locator('.digest-text').innerText()).toBe(digest.text);
  expect(await page.getByText(digest.subject, { exact: true }).count()).toBe(1);
}

describe('reports and notifications of the demo', () => {
  it('shows a centre manager dashboard figures that match the demo cases, and exports them as CSV', async () => {
    const page = await open(MANAGER.username);
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    // The server's clock stands at Monday 3 March 2025 (09:00 in Beijing): the period is this month so far.
    await expect.poll(() => page.getByLabel('From').inputValue()).toBe('2025-03-01');
    expect(await page.getByLabel('To (inclusive)').inputValue()).toBe('2025-03-03');
    // The demo's two weeks began in February: the manager widens the period to them.
    await page.getByLabel('From').fill(STORY_FROM);
    await page.getByRole('button', { name: 'Show' }).click();
    const period = `from=${STORY_FROM}&to=2025-03-03`;
    const inPeriod = <T extends { createdAt: number }>(items: T[]) => openedIn(items, STORY_FROM, '2025-03-03');

    // Complaints per unit: counted here from the case list, shown on the dashboard, answered by the API.
    const complaints = inPeriod(await casesOf(page.request, 'complaint-handling')).filter((item) => item.parentId === undefined);
    const perUnit = countBy(complaints, (item) => String(item.snapshot.data.unit));
    expect([...perUnit.keys()].sort()).toEqual(Object.keys(USERS_BY_UNIT).sort());
    const rate = await getJson<RateAnswer>(page.request, `/api/reports/complaint-rate?${period}`);
    // The rate is per month: over these two weeks, the complaints per 10,000 users divided by the period's months.
    const { months } = rate.data.period;
    expect(months).toBeGreaterThan(0.4);
    expect(months).toBeLessThan(0.6);
    const perMonth = (count: number, users: number) => Math.round((count / users / months) * 1_000_000) / 100;
    const rateCard = card(page, 'Complaints per 10,000 users');
    await rateCard.locator('table').waitFor();
    // The page says the rate is monthly, as its control line is.
    expect(await rateCard.locator('p.muted').first().innerText()).toContain(`Counted per month (the control line is monthly); this period is ${months} month(s).`);
    await expect.poll(() => rowCells(rateCard, 'All').then((cells) => cells[0])).toBe(String(complaints.length));
    for (const [unit, count] of perUnit) {
      const users = USERS_BY_UNIT[unit];
      const ratePer10k = perMonth(count, users);
      expect(rate.data.units.find((row) => row.unit === unit)).toMatchObject({ complaints: count, users, ratePer10k });
      expect(await rowCells(rateCard, english(LABELS[unit]))).toEqual([String(count), String(users), String(ratePer10k)]);
    }
    expect(rate.data.total.complaints).toBe(complaints.length);
    expect((await rowCells(rateCard, 'All'))[0]).toBe(String(complaints.length));

    // Retention: retained (checked at 30 days), awaiting that check, lost and in progress, from the retention cases' states.
    const retentionCases = inPeriod(await casesOf(page.request, 'deactivation-retention'));
    const retained = retentionCases.filter((item) => item.state === 'closed-retained').length;
    const awaiting = retentionCases.filter((item) => ['retained', 'retention-check'].includes(item.state)).length;
    const lost = retentionCases.filter((item) => ['lost', 'deactivated', 'released-for-resale'].includes(item.state)).length;
    const retention = await getJson<RetentionAnswer>(page.request, `/api/reports/retention?${period}`);
    expect(retention.data.total).toMatchObject({ retained, awaitingCheck: awaiting, lost, pending: retentionCases.length - retained - awaiting - lost });
    expect(awaiting).toBeGreaterThan(0);
    expect(lost).toBeGreaterThan(0);
    expect(retention.data.total.penalty).toBeGreaterThan(0);
    const retentionCard = card(page, 'Retention cases');
    expect((await rowCells(retentionCard, 'All')).slice(0, 4)).toEqual([String(retained), String(awaiting), String(lost), String(retentionCases.length - retained - awaiting - lost)]);
    expect(await retentionCard.innerText()).toContain(`Penalties for lost members: ${retention.data.total.penalty} CNY`);

    // Fees: requests by state, and the spend reported against its budget.
    const feeCases = inPeriod(await casesOf(page.request, 'fee-approval'));
    const fees = await getJson<FeeAnswer>(page.request, `/api/reports/fees?${period}`);
    const byState = countBy(feeCases, (item) => item.state);
    expect(new Map(fees.data.byState.map((row) => [row.state, row.requests]))).toEqual(byState);
    const spent = feeCases.filter((item) => typeof item.snapshot.data.actualSpend === 'number');
    const spend = spent.reduce((sum, item) => sum + Number(item.snapshot.data.actualSpend), 0);
    const budget = spent.reduce((sum, item) => sum + Number(item.snapshot.data.budget), 0);
    expect(spend).toBeGreaterThan(0);
    expect(fees.data.total).toMatchObject({ requests: spent.length, budget, spend });
    const feesCard = card(page, 'Service fees');
    expect((await rowCells(feesCard, 'All')).slice(0, 3)).toEqual([String(spent.length), String(budget), String(spend)]);
    const stateCounts = (await feesCard.locator('.dash-states li').allInnerTexts()).map((text) => Number(/(\d+)$/.exec(text)?.[1]));
    expect(stateCounts.sort()).toEqual([...byState.values()].sort());

    // The charts are drawn (not empty canvases) and nothing scrolls sideways.
    expect(await page.locator('.dash-chart canvas').count()).toBeGreaterThanOrEqual(6);
    expect(await overflowsSideways(page)).toBe(false);
    expect(await clippedTables(page)).toEqual([]);
    await screenshot(page, '30-dashboard');

    // The CSV export of the complaint rate: its header and the East district row.
    const [download] = await Promise.all([page.waitForEvent('download'), rateCard.getByRole('link', { name: 'CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('complaint-rate-20250217-20250303.csv');
    const csv = readFileSync(await download.path(), 'utf8').split('\r\n');
    expect(csv[0]).toBe('\ufeffunit,complaints,users,months,ratePer10k,controlLine,overLine,uncounted');
    const east = '城东分公司 East district';
    const eastCount = perUnit.get('east-district') ?? 0;
    expect(csv).toContain(`${east},${eastCount},52000,${months},${perMonth(eastCount, 52000)},40,false,`);
    expect(csv).toContain(`all,${complaints.length},111000,${months},${rate.data.total.ratePer10k},40,false,0`);
    await page.context().close();
  }, 120_000);

  it('shows an administrator the demo messages, a digest the webhook could not take, and sends it again', async () => {
    const page = await open(ADMIN);
    await page.getByRole('link', { name: 'Outbox' }).click();
    await page.getByRole('heading', { name: 'Outbox', level: 1 }).waitFor();

    // A message of a demo fee request, rendered from its template with the case's data.
    const outbox = await getJson<OutboxAnswer>(page.request, '/api/outbox?limit=200');
    const approval = outbox.items.find((row) => row.template === 'approved');
    expect(approval).toBeDefined();
    const feeRequest = await getJson<ListedCase>(page.request, `/api/cases/${approval?.caseId}`);
    const approvalRow = page.locator('tbody tr', { has: page.getByRole('link', { name: approval?.caseId ?? '-' }) }).first();
    // Two weeks of messages: the approval may sit on an older page.
    await page.locator('tbody tr').first().waitFor();
    for (let pages = 0; pages < 3 && (await approvalRow.count()) === 0; pages++) {
      const shown = await page.locator('tbody tr').count();
      await page.getByRole('button', { name: 'Older messages' }).click();
      await expect.poll(() => page.locator('tbody tr').count()).toBeGreaterThan(shown);
    }
    await approvalRow.locator('summary').click();
    const approvalText = await approvalRow.locator('pre').innerText();
    expect(approvalText).toContain(String(feeRequest.snapshot.data.title));
    const budget = Number(feeRequest.snapshot.data.budget);
    expect(budget).toBeGreaterThan(0);
    expect(approvalText).toContain(`¥${budget.toLocaleString('en-US', { minimumFractionDigits: 2 })}`);
    expect(approvalText).not.toContain('{{');
    expect(await approvalRow.locator('.outbox-status').innerText()).toBe('Sent');
    // Recipients by name and role label, the message by its heading: no template or role ids.
    const recipients = await page.locator('tbody tr td:nth-child(5)').allInnerTexts();
    expect(recipients.length).toBeGreaterThan(0);
    expect(recipients.filter((text) => /\b[a-z]+(-[a-z]+)+\b|\b[a-z]+\.[a-z]+\b/.test(text))).toEqual([]);
    expect(await page.locator('tbody [data-template]').allInnerTexts()).not.toContainEqual(expect.stringMatching(/^(approved|first-reply-overdue|complaint-registered) /));

    // Every demo message was written and sent by the log channel; the digest went to the webhook, which is down.
    expect(outbox.items.filter((row) => row.channel === 'log').every((row) => row.status === 'sent')).toBe(true);
    const digestRow = page.locator('tbody tr', { hasText: 'warning-digest:2025-W09' });
    await expect.poll(async () => {
      await page.getByRole('button', { name: 'Refresh' }).click();
      return digestRow.locator('.outbox-status').innerText();
    }, { timeout: 15_000 }).toBe('Failed, will retry');
    expect(await digestRow.locator('.outbox-error').innerText()).toMatch(/^Last error: .+/);
    expect(await page.getByRole('button', { name: /^Sent \(\d+\)$/ }).innerText()).toBe(`Sent (${outbox.items.filter((row) => row.status === 'sent').length})`);
    const pageText = await page.locator('main').innerText();
    expect(pageText).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    await screenshot(page, '31-outbox');

    // The receiver comes up; the administrator sends the digest again.
    await startReceiver();
    const digestId = outbox.items.find((row) => row.caseId === 'warning-digest:2025-W09')?.id;
    await digestRow.getByRole('button', { name: `Retry #${digestId}` }).click();
    await page.getByText(`Message ${digestId} will be sent again.`).waitFor();
    await expect.poll(() => digestRow.locator('.outbox-status').innerText(), { timeout: 15_000 }).toBe('Sent');
    expect(received).toHaveLength(1);
    expect(verifyWebhook(WEBHOOK_SECRET, received[0].body, received[0].signature)).toBe(true);
    expect(JSON.parse(received[0].body)).toMatchObject({ id: digestId, template: 'warning-digest', caseId: 'warning-digest:2025-W09' });
    await page.context().close();
  }, 120_000);

  it('gives an agent no outbox', async () => {
    const page = await open(USERS.agent.username);
    await page.getByRole('link', { name: 'Inbox' }).waitFor();
    expect(await page.getByRole('link', { name: 'Outbox' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Dashboard' }).count()).toBe(0);
    expect((await page.request.get('/api/outbox')).status()).toBe(403);
    await page.goto('/outbox');
    await page.getByText('Your roles do not give access to this page.').waitFor();
    await page.context().close();
  }, 60_000);

  it('shows the weekly digest with the numbers of its API, this week and the week the digest was sent for', async () => {
    const page = await open(MANAGER.username);
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('link', { name: 'Weekly warning digest' }).click();
    await page.getByRole('heading', { name: 'Warning digest (预警分析通报)', level: 1 }).waitFor();
    await expect.poll(() => page.getByLabel('Week containing').inputValue()).toBe('2025-03-03');

    // This week holds the demo's warnings raised since Monday; the week before, those raised then.
    const thisWeek = await getJson<DigestAnswer>(page.request, '/api/reports/warning-digest?week=2025-03-03');
    const warnings = openedIn(await casesOf(page.request, 'escalation-warning'), '2025-03-03', '2025-03-09');
    expect(warnings.length).toBeGreaterThan(0);
    expect(thisWeek.raised.reduce((sum, row) => sum + row.raised, 0)).toBe(warnings.length);
    await page.getByRole('heading', { name: `Week ${thisWeek.week.label}: 2025-03-03 – 2025-03-09` }).waitFor();
    await expectDigestShown(page, thisWeek);
    await screenshot(page, '32-digest');

    // The week before is the one the scheduled message covered: the same text as the outbox row.
    await page.getByRole('button', { name: '◀ Week before' }).click();
    const lastWeek = await getJson<DigestAnswer>(page.request, '/api/reports/warning-digest');
    await page.getByRole('heading', { name: `Week ${lastWeek.week.label}: 2025-02-24 – 2025-03-02` }).waitFor();
    await expectDigestShown(page, lastWeek);
    const raisedLastWeek = openedIn(await casesOf(page.request, 'escalation-warning'), '2025-02-24', '2025-03-02');
    expect(lastWeek.raised.reduce((sum, row) => sum + row.raised, 0)).toBe(raisedLastWeek.length);
    expect(raisedLastWeek.length).toBeGreaterThan(0);
    // The digest's outbox row belongs to no unit: the administrator, who sees every unit, reads it.
    const admin = await open(ADMIN);
    const sent = await getJson<OutboxAnswer>(admin.request, `/api/outbox?case=warning-digest:${lastWeek.week.label}`);
    expect(sent.items.map((row) => row.body)).toEqual([lastWeek.text]);
    await admin.context().close();
    await page.context().close();
  }, 120_000);

  it('fits a tablet in Chinese: dashboard, digest and outbox, opened directly', async () => {
    const page = await open(MANAGER.username, 768);
    await page.getByRole('button', { name: 'Switch language to Chinese' }).click();
    await page.goto('/dashboard');
    await page.getByRole('heading', { name: '统计看板', level: 1 }).waitFor();
    // Opened directly, the period still follows the server's clock, not the browser's.
    await expect.poll(() => page.locator('#dash-from').inputValue()).toBe('2025-03-01');
    await card(page, '万名用户投诉率').locator('table').waitFor();
    await card(page, '服务费用').locator('table').waitFor();
    expect(await overflowsSideways(page)).toBe(false);
    expect(await clippedTables(page)).toEqual([]);
    const text = await page.locator('main').innerText();
    for (const english of ['Complaints', 'Retention', 'Satisfaction', 'East district', 'In time', 'Draft']) expect(text).not.toContain(english);
    expect(text).toContain('城东分公司');
    await screenshot(page, '33-dashboard-tablet-chinese');

    await page.goto('/digest');
    await expect.poll(() => page.locator('#digest-week').inputValue()).toBe('2025-03-03');
    await page.locator('.digest-text').waitFor();
    expect(await overflowsSideways(page)).toBe(false);
    expect(await clippedTables(page)).toEqual([]);
    await screenshot(page, '34-digest-tablet-chinese');

    await page.goto('/outbox');
    await page.locator('table.outbox-table').waitFor();
    expect(await overflowsSideways(page)).toBe(false);
    await screenshot(page, '35-outbox-tablet-chinese');
    await page.context().close();
  }, 120_000);

  it('after a day on the clock, shows late first replies and the overdue warnings, in local time', async () => {
    await server.advanceClock('26h');
    const page = await open(MANAGER.username);
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await expect.poll(() => page.getByLabel('To (inclusive)').inputValue()).toBe('2025-03-04');
    const period = 'from=2025-03-01&to=2025-03-04';

    // Complaints still waiting for their first reply are late now, as the API says and the dashboard shows.
    const firstReply = await getJson<{ data: { total: { met: number; missed: number; open: number } } }>(page.request, `/api/reports/first-reply?${period}`);
    const waiting = openedIn(await casesOf(page.request, 'complaint-handling'), '2025-03-01', '2025-03-04').filter((item) => item.state === 'received').length;
    expect(firstReply.data.total.missed).toBe(waiting);
    expect(waiting).toBeGreaterThan(0);
    const firstReplyCard = card(page, 'First reply within 24 h');
    await expect.poll(() => rowCells(firstReplyCard, 'All')).toEqual(
      [firstReply.data.total.met, firstReply.data.total.missed, firstReply.data.total.open].map(String).concat(`${Math.round((firstReply.data.total.met / (firstReply.data.total.met + firstReply.data.total.missed)) * 1000) / 10}%`),
    );

    // The warnings past their deadline: one row each, due times in local time, never raw ISO.
    const warnings = await getJson<{ data: { overdue: Array<{ id: string; dueAt: number }> } }>(page.request, `/api/reports/warnings?${period}`);
    expect(warnings.data.overdue.length).toBeGreaterThan(0);
    const warningsCard = card(page, 'Warnings by level');
    await warningsCard.getByRole('heading', { name: `Warnings past their deadline (${warnings.data.overdue.length})` }).waitFor();
    expect(await warningsCard.locator('tbody tr').count()).toBe(warnings.data.overdue.length);
    expect(await page.locator('main').innerText()).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    expect(await clippedTables(page)).toEqual([]);
    await screenshot(page, '36-dashboard-a-day-later');

    await page.getByRole('link', { name: 'Weekly warning digest' }).click();
    const digest = await getJson<DigestAnswer>(page.request, '/api/reports/warning-digest?week=2025-03-04');
    expect(digest.overdue).toHaveLength(warnings.data.overdue.length);
    await page.getByRole('heading', { name: `Week ${digest.week.label}: 2025-03-03 – 2025-03-09` }).waitFor();
    await expectDigestShown(page, digest);
    await screenshot(page, '37-digest-a-day-later');
    await page.context().close();
  }, 120_000);

  it('raised no uncaught script error on any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
