import { describe, expect, it } from 'vitest';
import type { OpenedCase } from '../../engine/compile/index.js';
import { as, beijing, CaseRun, DAY, HOUR, loadProcess } from './harness.js';

const inspection = loadProcess('quality-inspection');
const complaint = loadProcess('complaint-handling');
const T0 = beijing('2026-03-02 09:00');
const inspector = as('quality-inspector', 'qa-chen');
const agent = as('agent', 'agent-wang');
const lead = as('team-lead', 'lead-li');

/** Closed complaints screened one after another, each tallied against the earlier ones. */
class Screening {
  readonly opened: OpenedCase[] = [];

  open(at: number, extra: Record<string, unknown> = {}): CaseRun {
    const caseId = `Q-${this.opened.length + 1}`;
    const run = new CaseRun(inspection, {
      data: { complaint: `C-${this.opened.length + 1}`, agent: 'agent-wang', unit: 'east-district', dissatisfied: false, ...extra },
      actor: { id: 'system', roles: ['system'] },
      now: at,
      caseId,
      earlier: this.opened,
    });
    this.opened.push({ id: caseId, createdAt: at, data: run.data });
    return run;
  }
}

const GOOD = { accuracy: 100, problemSolving: 95, emotion: 95, courtesy: 100 };
const POOR = { accuracy: 90, problemSolving: 70, emotion: 60, courtesy: 90, comment: '未主动提出补偿方案，语气生硬' };

function sampled(): CaseRun {
  return new Screening().open(T0, { dissatisfied: true });
}

describe('quality-inspection: screening (初筛) and the sample', () => {
  it('samples the first of each agent’s closed complaints in a month and then one in five', () => {
    const screening = new Screening();
    const states = Array.from({ length: 11 }, (_, n) => screening.open(T0 + n * HOUR).state);
    expect(states.map((s) => s === 'awaiting-inspection')).toEqual([true, false, false, false, false, true, false, false, false, false, true]);
    expect(states[1]).toBe('not-sampled');
  });

  it('counts each agent apart, and inspects every complaint whose customer was dissatisfied', () => {
    const screening = new Screening();
    expect(screening.open(T0).state).toBe('awaiting-inspection');
    expect(screening.open(T0 + HOUR, { agent: 'agent-liu' }).state).toBe('awaiting-inspection');
    expect(screening.open(T0 + 2 * HOUR).state).toBe('not-sampled');
    expect(screening.open(T0 + 3 * HOUR, { dissatisfied: true }).state).toBe('awaiting-inspection');
  });

  it('puts a sampled complaint in the inspectors’ queue and reminds them when it is not scored in 3 days', () => {
    const run = sampled();
    expect(inspection.staffing.queueRoles(run.snapshot, run.now, run.caseId)).toEqual(['quality-inspector']);
    expect(run.sent('inspection-due')[0].body).toBe('【待质检】投诉 C-1（坐席 王芳，客户曾不满意）已抽中质检，请在 3天 内评分。');
    run.advance(3 * DAY);
    expect(run.sent('inspection-overdue')[0]).toMatchObject({ to: ['quality-inspector', 'center-manager'], body: '【质检超时】投诉 C-1（坐席 王芳）的质检已超过时限仍未评分。' });
  });
});

describe('quality-inspection: 质检-反馈-辅导-复查', () => {
  it('weighs the form’s dimensions and closes a passing inspection', () => {
    const run = sampled();
    run.send('score', inspector, GOOD);
    expect(run.state).toBe('passed');
    expect(run.data.score).toBe(97.5);
    expect(run.sent('inspection-passed')[0]).toMatchObject({ to: ['agent-wang'], body: '【质检通过】投诉 C-1 质检得分 97.5 分。' });
  });

  it('sends a failing score to the agent as feedback, then to the team lead to coach, then to a re-check', () => {
    const run = sampled();
    run.send('score', inspector, POOR);
    expect(run.state).toBe('feedback');
    expect(run.data.score).toBe(78);
    expect(run.snapshot.assignee).toBe('agent-wang');
    const [feedback] = run.sent('inspection-feedback');
    expect(feedback.to).toEqual(['agent-wang', 'team-lead']);
    expect(feedback.body).toBe([
      '【质检反馈】投诉 C-1 质检得分 78 分，低于合格线 90 分。',
      '业务准确 90，主动解决问题 70，客户情感体验 60，服务规范 90。',
      '质检意见：未主动提出补偿方案，语气生硬',
      '请坐席 王芳 在 2天 内阅读并确认，随后由班组长辅导。',
    ].join('\n'));
    expect(run.refusal('acknowledge', lead).code).toBe('role-not-allowed');

    run.send('acknowledge', agent, { note: '已理解，今后先提补偿方案' });
    expect(run.state).toBe('coaching');
    expect(run.sent('coaching-due')[0].body).toBe('【待辅导】坐席 王芳 投诉 C-1 质检 78 分，请班组长在 7天 内辅导。坐席说明：已理解，今后先提补偿方案');
    run.send('coached', lead, { coaching: '情绪安抚话术演练' });
    expect(run.state).toBe('recheck');
    expect(run.sent('recheck-due')[0].body).toBe('【待复查】坐席 王芳 已由 李静 辅导（情绪安抚话术演练），请质检员复查投诉 C-1。');

    run.send('score', inspector, POOR);
    expect(run.state).toBe('feedback');
    expect(run.data).toMatchObject({ rechecks: 1, firstScore: 78 });
    run.send('acknowledge', agent);
    run.send('coached', lead, { coaching: '陪听十通电话' });
    run.send('score', inspector, GOOD);
    expect(run.state).toBe('passed');
    expect(run.data).toMatchObject({ score: 97.5, firstScore: 78, rechecks: 2 });
    expect(run.sent('inspection-passed')[0].body).toBe('【质检通过】投诉 C-1 质检得分 97.5 分（复查 2 次后通过）。');
  });

  it('tells the team lead when the agent leaves the feedback unread for 2 days', () => {
    const run = sampled();
    run.send('score', inspector, POOR);
    run.advance(2 * DAY);
    expect(run.sent('feedback-overdue')[0]).toMatchObject({ to: ['team-lead'], body: '【质检反馈未确认】坐席 王芳 未在时限内确认投诉 C-1 的质检反馈，请班组长跟进。' });
  });

  it('gives the emotional-experience dimension at least 15 % of the score, and the weights add up to 100', () => {
    const weights = inspection.definition.settings?.weights;
    expect(weights).toEqual({ accuracy: 35, problemSolving: 30, emotion: 20, courtesy: 15 });
    const values = Object.values(weights ?? {}).map(Number);
    expect(values.reduce((a, b) => a + b, 0)).toBe(100);
    expect(Number((weights as Record<string, number>).emotion)).toBeGreaterThanOrEqual(15);
  });
});

describe('complaint-handling: a closed complaint is screened for quality inspection', () => {
  it('opens a screening case naming the registering agent when the customer is satisfied at the callback', () => {
    const run = new CaseRun(complaint, {
      data: { customer: { name: '赵磊', phone: '13500000000' }, channel: 'phone', category: 'billing', severity: 'normal', unit: 'east-district', description: '套餐费用不符' },
      actor: agent,
      now: T0,
      caseId: 'C-4001',
    });
    run.send('reply', agent, { message: '已核实' });
    run.send('propose', agent, { type: 'explain', amount: 0 });
    run.send('resolve', agent);
    run.send('callback', agent, { satisfaction: 'satisfied' });
    expect(run.state).toBe('closed');
    expect(run.started.filter((s) => s.process === 'quality-inspection')).toEqual([{
      kind: 'start-case',
      process: 'quality-inspection',
      data: { complaint: 'C-4001', agent: 'agent-wang', unit: 'east-district', customer: { name: '赵磊', phone: '13500000000' }, category: 'billing', dissatisfied: false },
    }]);
  });
});
