import { describe, expect, it } from 'vitest';
import { as, beijing, CaseRun, DAY, HOUR, loadProcess } from './harness.js';

const callback = loadProcess('customer-callback');
const T0 = beijing('2026-03-02 09:00');
const agent = as('agent', 'agent-wang');
const lead = as('team-lead', 'lead-li');

function plan(customer: Record<string, unknown>, dueAt?: number): CaseRun {
  return new CaseRun(callback, {
    data: { customer: { name: '周杰', phone: '13900001111', ...customer }, unit: 'east-district', ...(dueAt === undefined ? {} : { dueAt: new Date(dueAt).toISOString() }) },
    actor: lead,
    now: T0,
    caseId: 'R-1',
  });
}

const nextDue = (run: CaseRun) => {
  const [next] = run.started.filter((s) => s.process === 'customer-callback');
  return Date.parse(String(next.data.dueAt));
};

describe('customer-callback: routine callbacks by tier (回访)', () => {
  it('calls a key customer weekly, a five-star one every 10 days and the others monthly', () => {
    expect(plan({ tier: 'star-3', key: true }).timer('due').dueAt).toBe(T0 + 7 * DAY);
    expect(plan({ tier: 'five-star-gold' }).timer('due').dueAt).toBe(T0 + 10 * DAY);
    expect(plan({ tier: 'normal' }).timer('due').dueAt).toBe(T0 + 30 * DAY);
  });

  it('puts a due callback in the agents’ queue with its notice, and tells the team lead when it is 2 days late', () => {
    const run = plan({ tier: 'five-star-diamond' }, T0 + DAY);
    run.advance(DAY);
    expect(run.state).toBe('due');
    expect(callback.staffing.queueRoles(run.snapshot, run.now, run.caseId)).toEqual(['agent']);
    expect(run.sent('callback-due')[0]).toMatchObject({ to: ['agent'], body: '【待回访】五星钻卡客户 周杰（13900001111）今日应回访，请在 2天 内完成。' });
    run.advance(2 * DAY);
    expect(run.sent('callback-late')[0].body).toBe('【回访超时】客户 周杰（13900001111）的回访已超过 2天 未完成，请班组长跟进。');
  });

  it('records the satisfaction score and schedules the next callback one interval later', () => {
    const run = plan({ tier: 'normal', key: true }, T0);
    run.advance(0);
    run.advance(3 * HOUR);
    run.send('call', agent, { outcome: 'satisfied', satisfaction: 92, note: '对新套餐满意' });
    expect(run.state).toBe('done');
    expect(run.data).toMatchObject({ satisfaction: 92, calledBy: 'agent-wang', attempts: 1 });
    expect(nextDue(run)).toBe(T0 + 3 * HOUR + 7 * DAY);
  });

  it('opens a linked complaint when the call finds an issue', () => {
    const run = plan({ tier: 'star-2' }, T0);
    run.advance(0);
    run.send('call', agent, { outcome: 'issue-found', satisfaction: 40, category: 'network', note: '家中信号弱' });
    const [complaint] = run.started.filter((s) => s.process === 'complaint-handling');
    expect(complaint.data).toEqual({
      customer: { name: '周杰', phone: '13900001111', tier: 'star-2' },
      channel: 'callback', category: 'network', severity: 'normal', unit: 'east-district',
      description: '回访发现问题 Found in a callback: 家中信号弱', linkedCase: 'R-1',
    });
    expect(run.data.satisfaction).toBe(40);
  });

  it('calls an unreachable customer again every 4 hours, three calls in all, then moves on to the next callback', () => {
    const run = plan({ tier: 'normal' }, T0);
    run.advance(0);
    run.send('call', agent, { outcome: 'unreachable' });
    expect(run.state).toBe('retry-wait');
    run.advance(4 * HOUR);
    expect(run.state).toBe('due');
    run.send('call', agent, { outcome: 'unreachable' });
    run.advance(4 * HOUR);
    run.send('call', agent, { outcome: 'unreachable' });
    expect(run.state).toBe('done');
    expect(run.data).toMatchObject({ attempts: 3, outcome: 'unreachable' });
    expect(run.data.satisfaction).toBeUndefined();
    expect(run.sent('callback-due')).toHaveLength(1);
    expect(nextDue(run)).toBe(T0 + 8 * HOUR + 30 * DAY);
  });

  it('refuses a satisfied call without a score, and an issue without its category', () => {
    const run = plan({ tier: 'normal' }, T0);
    run.advance(0);
    expect(run.refusal('call', agent, { outcome: 'satisfied' }).code).toBe('guard-refused');
    expect(run.refusal('call', agent, { outcome: 'issue-found' }).code).toBe('guard-refused');
  });
});

describe('customer-callback: the first callback of a customer', () => {
  const complaint = loadProcess('complaint-handling');
  const owner = as('agent', 'agent-wang');
  const customer = { name: '陈静', phone: '13500135005', tier: 'five-star-gold' };

  /** A complaint registered at `at` after `earlier`, replied, resolved and closed with a satisfied callback a day later. */
  function closedComplaint(at: number, extra: Record<string, unknown> = {}, earlier: Array<{ id: string; createdAt: number; data: Record<string, unknown> }> = []): CaseRun {
    const run = new CaseRun(complaint, {
      data: { customer, channel: 'phone', category: 'network', severity: 'normal', unit: 'east-district', description: '信号差', ...extra },
      actor: owner, now: at, caseId: `C-${at}`, earlier,
    });
    run.send('reply', owner, { message: '已核实' });
    run.send('propose', owner, { type: 'explain', amount: 0, note: '基站已优化' });
    run.send('resolve', owner);
    run.advance(DAY);
    run.send('callback', owner, { satisfaction: 'satisfied', score: 90 });
    expect(run.state).toBe('closed');
    return run;
  }

  const callbacksOf = (run: CaseRun) => run.started.filter((s) => s.process === 'customer-callback');

  it('is opened when the customer’s first complaint closes, due one interval of their tier later', () => {
    const first = closedComplaint(T0);
    const [opened] = callbacksOf(first);
    expect(opened.data).toEqual({ customer, unit: 'east-district', firstAfter: `C-${T0}` });
    const scheduled = new CaseRun(callback, { data: opened.data, actor: owner, now: first.now, caseId: 'R-9' });
    expect(scheduled.state).toBe('scheduled');
    expect(scheduled.timer('due').dueAt).toBe(first.now + 10 * DAY);
  });

  it('is not opened again by a later complaint of the customer, whose callbacks already run', () => {
    const earlier = [{ id: 'C-1', createdAt: T0 - 40 * DAY, data: { customer, unit: 'east-district' } }];
    expect(callbacksOf(closedComplaint(T0, {}, earlier))).toEqual([]);
  });

  it('is not opened by a complaint raised in a callback, and gives a customer without a tier the monthly round', () => {
    expect(callbacksOf(closedComplaint(T0, { channel: 'callback' }))).toEqual([]);
    const untiered = new CaseRun(complaint, {
      data: { customer: { name: '田甜', phone: '18800188015' }, channel: 'phone', category: 'billing', severity: 'normal', unit: 'east-district', description: '月租未降' },
      actor: owner, now: T0, caseId: 'C-2',
    });
    untiered.send('reply', owner, { message: '已核实' });
    untiered.send('propose', owner, { type: 'explain', amount: 0, note: '已调整' });
    untiered.send('resolve', owner);
    untiered.send('callback', owner, { satisfaction: 'satisfied', score: 80 });
    const [opened] = callbacksOf(untiered);
    expect(opened.data.customer).toEqual({ name: '田甜', phone: '18800188015', tier: 'normal' });
    expect(new CaseRun(callback, { data: opened.data, actor: owner, now: untiered.now, caseId: 'R-10' }).timer('due').dueAt).toBe(untiered.now + 30 * DAY);
  });
});

describe('customer-callback: a customer is called on one round only', () => {
  const customer = { name: '张伟', phone: '13800138001', tier: 'star-3' };
  const earlier = [{ id: 'R-1', createdAt: T0 - 5 * DAY, data: { customer: { ...customer, key: true }, unit: 'east-district' } }];

  it('ends a first callback a complaint opened when the customer’s callbacks already run, and keeps the round’s own next one', () => {
    const first = new CaseRun(callback, { data: { customer, unit: 'east-district', firstAfter: 'C-7' }, actor: agent, now: T0, caseId: 'R-2', earlier });
    expect(first.state).toBe('already-running');
    expect(first.pending()).toEqual([]);
    const next = new CaseRun(callback, { data: { customer, unit: 'east-district', dueAt: new Date(T0 + 30 * DAY).toISOString() }, actor: agent, now: T0, caseId: 'R-3', earlier });
    expect(next.state).toBe('scheduled');
    const alone = new CaseRun(callback, { data: { customer, unit: 'east-district', firstAfter: 'C-7' }, actor: agent, now: T0, caseId: 'R-4' });
    expect(alone.state).toBe('scheduled');
  });
});
