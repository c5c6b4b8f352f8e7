/**
 * Reports end to end: complaints and the warnings they raise are driven through the real
 * engine with a manual clock, then the figures are read over HTTP and compared with answers
 * worked out by hand from the timeline below.
 *
 * T0 = Monday 3 March 2025 09:00 Shanghai. Users: east 500, west 5,000.
 * - A (east): replied at T0+1h, resolved, callback satisfied with a score of 85, closed.
 * - B (east): unanswered; first-reply warn T0+20h, breach T0+24h raises warning W1 (blue).
 *   Replied T0+25h. Close deadline breached T0+72h raises warning W2 (yellow).
 *   W1 is never acknowledged: yellow at T0+28h, orange T0+30h, red T0+31h, and at T0+31.5h it
 *   misses red's 30 minutes and stays red, overdue (3 climbs).
 * - C (west): replied at T0+1h, then waits for the customer (close clock paused).
 * - R (east): a routine callback (回访) of a customer, called at T0+1h: satisfied, score 65.
 * The reports are drawn up at T0+73h.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { sendWeeklyDigest } from '../../engine/reports/index.js';
import { createNotifications } from '../../server/notifications.js';
import { silentLogger } from '../../server/log.js';
import { CLOCK_START, createHarness, type Harness, type Session } from '../server/harness.js';

const HOUR = 3_600_000;
const T0 = CLOCK_START;
const march = 'from=2025-03-01&to=2025-03-31';

let h: Harness;
let manager: Session;
const ids: Record<string, string> = {};

/** Moves the clock to `until`, firing every timer at its own due time, as a running scheduler would. */
async function advanceTo(until: number): Promise<void> {
  for (;;) {
    const due = await h.store.nextTimerDue();
    if (due === undefined || due > until) break;
    h.clock.set(Math.max(due, h.clock.now()));
    await h.engine.fireDueTimers();
  }
  h.clock.set(until);
}

async function send(id: string, as: Session, type: string, input: Record<string, unknown> = {}): Promise<void> {
  const response = await h.call('POST', `/api/cases/${id}/events`, { as, json: { type, input } });
  expect(response.status, await response.clone().text()).toBe(200);
}

async function get(path: string, as: Session = manager): Promise<Response> {
  return h.call('GET', path, { as });
}

/** The process text with its users-per-unit setting replaced, whatever the file's layout. */
function withUsersByUnit(yaml: string, users: Record<string, number>): string {
  const doc = parseDocument(yaml);
  doc.setIn(['settings', 'usersByUnit'], users);
  return doc.toString();
}

beforeAll(async () => {
  h = await createHarness({ users: { admin: ['admin'], wang: ['agent'], li: ['team-lead'], zhou: ['center-manager'] } });
  const current = await h.engine.getProcess('complaint-handling');
  await h.engine.publish({
    yaml: withUsersByUnit(current.yaml, { east: 500, west: 5000 }),
    files: current.files,
    publishedBy: 'admin',
    message: 'users per business unit',
  });
  const agent = await h.login('wang');
  const lead = await h.login('li');
  manager = await h.login('zhou');
  const open = async (name: string, unit: string) => {
    const response = await h.call('POST', '/api/cases', {
      as: agent,
      json: { process: 'complaint-handling', data: { customer: { name: `客户${name}`, phone: '13800000000' }, channel: 'phone', category: 'billing', severity: 'normal', unit, description: '流量费用多扣' } },
    });
    expect(response.status).toBe(201);
    ids[name] = (await response.json()).id;
  };
  await open('A', 'east');
  await open('B', 'east');
  await open('C', 'west');

  await advanceTo(T0 + HOUR);
  await send(ids.A, agent, 'reply', { message: '已核实' });
  await send(ids.A, agent, 'propose', { type: 'explain', amount: 0 });
  await send(ids.A, agent, 'resolve');
  await send(ids.A, agent, 'callback', { satisfaction: 'satisfied', score: 85 });
  await send(ids.C, agent, 'reply', { message: '已核实' });
  await send(ids.C, agent, 'wait-for-customer', { reason: '等客户提供账单' });
  const routine = await h.call('POST', '/api/cases', {
    as: lead,
    json: { process: 'customer-callback', data: { customer: { name: '客户R', phone: '13900000000', tier: 'star-3' }, unit: 'east' } },
  });
  expect(routine.status, await routine.clone().text()).toBe(201);
  ids.R = (await routine.json()).id;
  await send(ids.R, agent, 'call-now');
  await send(ids.R, agent, 'call', { outcome: 'satisfied', satisfaction: 65 });

  await advanceTo(T0 + 25 * HOUR);
  await send(ids.B, lead, 'reply', { message: '抱歉久等' });
  await advanceTo(T0 + 73 * HOUR);
});

afterAll(() => h.close());

describe('report figures over HTTP, from cases run through the engine', () => {
  it('puts east exactly on the control line: 2 complaints for 500 users is 40 per 10,000', async () => {
    const response = await get(`/api/reports/complaint-rate?${march}`);
    expect(response.status).toBe(200);
    const { data } = await response.json();
    expect(data.units).toEqual([
      { unit: 'east', complaints: 2, users: 500, ratePer10k: 40, overLine: false },
      { unit: 'west', complaints: 1, users: 5_000, ratePer10k: 2, overLine: false },
    ]);
    expect(data.total).toEqual({ unit: 'all', complaints: 3, users: 5_500, ratePer10k: 5.45, overLine: false, uncounted: 0 });
  });

  it('counts B’s unanswered first day as the one missed first reply', async () => {
    const { data } = await (await get(`/api/reports/first-reply?${march}`)).json();
    expect(data.units).toEqual([
      { unit: 'east', met: 1, missed: 1, open: 0, rate: 50 },
      { unit: 'west', met: 1, missed: 0, open: 0, rate: 100 },
    ]);
    expect(data.total).toEqual({ unit: 'all', met: 2, missed: 1, open: 0, rate: 66.7 });
  });

  it('counts A archived in time, B not archived an hour past its 3 days, and C (paused) still open', async () => {
    const { data } = await (await get(`/api/reports/closed-in-time?${march}`)).json();
    expect(data.total).toEqual({ unit: 'all', met: 1, missed: 1, open: 1, rate: 50 });
    expect(data.late).toEqual([{ id: ids.B, unit: 'east', dueAt: T0 + 72 * HOUR, lateMs: HOUR, stillOpen: true }]);
  });

  it('averages the complaint callback (85) with the routine callback (65) against 80, and gives the satisfied share beside it', async () => {
    const { data } = await (await get(`/api/reports/satisfaction?${march}&unit=east`)).json();
    // (85 + 65) / 2 = 75, under the line; both answers satisfied
    expect(data.total).toEqual({ unit: 'east', scored: 2, routineScored: 1, score: 75, belowLine: true, responses: 2, satisfied: 2, satisfiedShare: 100 });
  });

  it('counts a routine callback in the month of the call, not of its scheduling', async () => {
    const { data } = await (await get('/api/reports/satisfaction?from=2025-04-01&to=2025-04-30&unit=east')).json();
    expect(data.total).toMatchObject({ scored: 0, routineScored: 0, score: null, responses: 0 });
  });

  it('shows W1 climbed to red and overdue, and W2 yellow still in time', async () => {
    const { data } = await (await get(`/api/reports/warnings?${march}`)).json();
    expect(data.levels).toEqual([
      { level: 'blue', raised: 0, open: 0, done: 0, overdue: 0, climbed: 0 },
      { level: 'yellow', raised: 1, open: 1, done: 0, overdue: 0, climbed: 0 },
      { level: 'orange', raised: 0, open: 0, done: 0, overdue: 0, climbed: 0 },
      { level: 'red', raised: 1, open: 1, done: 0, overdue: 1, climbed: 1 },
    ]);
    expect(data.bySource).toEqual([{ source: 'overdue-complaint', raised: 2 }]);
    expect(data.overdue).toHaveLength(1);
    expect(data.overdue[0]).toMatchObject({ level: 'red', state: 'red-overdue', unit: 'east', dueAt: T0 + 31.5 * HOUR, overdueMs: 41.5 * HOUR });
  });

  it('exports a figure as CSV for a spreadsheet', async () => {
    const response = await get(`/api/reports/complaint-rate?${march}&format=csv`);
    expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('Content-Disposition')).toBe('attachment; filename="complaint-rate-20250301-20250331.csv"');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM, so spreadsheets read UTF-8
    const lines = new TextDecoder().decode(bytes).trimEnd().split('\r\n');
    expect(lines).toEqual([
      'unit,complaints,users,months,ratePer10k,controlLine,overLine,uncounted',
      'east,2,500,1,40,40,false,',
      'west,1,5000,1,2,40,false,',
      'all,3,5500,1,5.45,40,false,0',
    ]);
    const overdue = await get(`/api/reports/warnings?${march}&format=csv&table=overdue`);
    // Levels, states and sources by their labels, as the process declares them.
    expect((await overdue.text()).split('\r\n')[1]).toMatch(/^\S+,红色 Red,"红色预警超时督办 Red, overdue",投诉超时 Overdue complaint,billing,east,2025-03-04T08:30:00.000Z,41.5$/);
  });

  it('leaves out what happened before the period', async () => {
    const { data } = await (await get('/api/reports/complaint-rate?from=2025-02-01&to=2025-02-28')).json();
    expect(data.total).toMatchObject({ complaints: 0 });
  });

  it('writes the week’s digest (预警分析通报) as a page and as text', async () => {
    const json = await (await get('/api/reports/warning-digest?week=2025-03-03')).json();
    expect(json.week.label).toBe('2025-W10');
    expect([json.firstDay, json.lastDay]).toEqual(['2025-03-03', '2025-03-09']);
    expect(json.raised.filter((row: { raised: number }) => row.raised > 0).map((row: { level: string }) => row.level)).toEqual(['yellow', 'red']);
    expect(json.subject).toBe('预警分析通报 2025-W10: 2 raised, 1 overdue');
    const text = await (await get('/api/reports/warning-digest?week=2025-03-03&format=text')).text();
    expect(text).toContain('超时预警 Past their deadline: 1');
    expect(text).toContain('红色 red red-overdue east: overdue 41.5 h');
  });

  it('writes the digest to the outbox once, on the Monday after the week', async () => {
    const notifications = createNotifications({ store: h.store, outbox: h.outbox, clock: h.clock, logger: silentLogger });
    let computed = 0;
    const reports = {
      timezone: notifications.reports.timezone,
      digest: (weekOf?: number) => {
        computed += 1;
        return notifications.reports.digest(weekOf);
      },
    };
    const options = { reports, outbox: notifications.outbox, clock: h.clock };
    const monday9 = Date.parse('2025-03-10T01:00:00Z');
    expect(await sendWeeklyDigest(options, monday9 - 60_000)).toBeUndefined();
    const row = await sendWeeklyDigest(options, monday9);
    expect(row).toMatchObject({ caseId: 'warning-digest:2025-W10', template: 'warning-digest', status: 'pending', to: ['team-lead', 'center-manager', 'cs-director', 'general-manager'] });
    expect(row?.subject).toBe('预警分析通报 2025-W10: 2 raised, 1 overdue');
    expect(await sendWeeklyDigest(options, monday9 + HOUR)).toBeUndefined();
    expect(computed, 'a digest written before is not computed again').toBe(1);
    const listed = await (await get('/api/outbox?case=warning-digest:2025-W10', await h.login('admin'))).json();
    expect(listed.items).toHaveLength(1);
  });

  it('refuses agents, unknown figures and bad periods', async () => {
    expect((await get('/api/reports/complaint-rate', await h.login('wang'))).status).toBe(403);
    const unknown = await get('/api/reports/happiness');
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).detail).toContain('complaint-rate');
    const bad = await get('/api/reports/fees?from=yesterday&to=2025-01-01&format=pdf');
    expect(bad.status).toBe(422);
    expect((await bad.json()).errors.map((e: { field: string }) => e.field)).toEqual(['from', 'format']);
  });
});
