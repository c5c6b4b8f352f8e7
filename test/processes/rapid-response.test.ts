import { describe, expect, it } from 'vitest';
import { as, beijing, CaseRun, HOUR, loadProcess, MINUTE } from './harness.js';

const complaint = loadProcess('complaint-handling');
const warning = loadProcess('escalation-warning');
const T0 = beijing('2026-03-02 09:00');
const agent = as('agent', 'agent-wang');
const lead = as('team-lead', 'lead-li');
const director = as('cs-director', 'director-sun');

function register(severity: 'normal' | 'major'): CaseRun {
  return new CaseRun(complaint, {
    data: {
      customer: { name: '李娜', phone: '13900000000' },
      channel: 'phone',
      category: 'network',
      severity,
      unit: 'east-district',
      description: '整栋楼宽带中断两天',
    },
    actor: agent,
    now: T0,
    caseId: 'C-2001',
  });
}

function raise(level: string): CaseRun {
  return new CaseRun(warning, {
    data: { source: 'public-opinion', level, title: '微博舆情：城东宽带中断', unit: 'east-district' },
    actor: agent,
    now: T0,
    caseId: 'W-9',
  });
}

describe('complaint-handling: rapid response (快速响应小组)', () => {
  it('asks the rapid-response team for a solution or path within 5 minutes of a major complaint', () => {
    const run = register('major');
    const [needed] = run.sent('rapid-response-needed');
    expect(needed.to).toEqual(['team-lead', 'cs-director']);
    expect(needed.body).toBe('【快速响应】重大投诉 C-2001（李娜，网络质量）需快速响应小组在 5分钟 内给出明确解决方案或路径：整栋楼宽带中断两天');
    expect(run.snapshot.clocks['rapid-response']).toMatchObject({ status: 'running', dueAt: T0 + 5 * MINUTE });
  });

  it('tells the general manager when nobody answers in 5 minutes, and marks the complaint late', () => {
    const run = register('major');
    run.advance(5 * MINUTE - 1);
    expect(run.sent('rapid-response-overdue')).toHaveLength(0);
    run.advance(1);
    const [overdue] = run.sent('rapid-response-overdue');
    expect(overdue.at).toBe(T0 + 5 * MINUTE);
    expect(overdue.to).toEqual(['team-lead', 'cs-director', 'general-manager']);
    expect(overdue.body).toBe('【快速响应超时】重大投诉 C-2001（李娜）已超过 5分钟 仍无解决方案或路径，请总经理督办。');
    expect(run.data.rapidResponseBreached).toBe(true);
    expect(run.snapshot.clocks['rapid-response']?.status).toBe('stopped');
    expect(run.available(director)).toContain('rapid-response');
  });

  it('stops the clock when the team gives a plan, tells the handler, and allows it only once', () => {
    const run = register('major');
    run.advance(3 * MINUTE);
    run.send('rapid-response', lead, { plan: '网络部已派抢修，2小时内恢复，先赠送流量包' });
    expect(run.state).toBe('received');
    expect(run.data).toMatchObject({ rapidResponse: '网络部已派抢修，2小时内恢复，先赠送流量包', rapidRespondedBy: 'lead-li' });
    expect(run.snapshot.clocks['rapid-response']?.status).toBe('stopped');
    expect(run.sent('rapid-response-given')[0].body).toBe('投诉 C-2001（李娜）快速响应小组已给出方案：网络部已派抢修，2小时内恢复，先赠送流量包');
    run.advance(HOUR);
    expect(run.sent('rapid-response-overdue')).toHaveLength(0);
    expect(run.refusal('rapid-response', director, { plan: '再来一次' }).code).toBe('guard-refused');
  });

  it('runs no rapid-response clock for a normal complaint until it is declared major', () => {
    const run = register('normal');
    expect(run.snapshot.clocks['rapid-response']).toBeUndefined();
    expect(run.available(lead)).not.toContain('rapid-response');
    expect(run.sent('rapid-response-needed')).toHaveLength(0);
    run.advance(HOUR);
    run.send('reply', agent, { message: '已登记，正在排查' });
    run.send('declare-major', lead, { reason: '整栋楼用户受影响' });
    expect(run.sent('rapid-response-needed')).toHaveLength(1);
    expect(run.snapshot.clocks['rapid-response']).toMatchObject({ status: 'running', dueAt: T0 + HOUR + 5 * MINUTE });
    expect(run.refusal('rapid-response', agent, { plan: 'x' }).code).toBe('role-not-allowed');
    run.advance(5 * MINUTE);
    expect(run.sent('rapid-response-overdue')).toHaveLength(1);
  });
});

describe('escalation-warning: rapid response to a red warning', () => {
  it('gives a red warning a 5-minute rapid-response clock besides its 30-minute acknowledge time', () => {
    const run = raise('red');
    const [needed] = run.sent('rapid-response-needed');
    expect(needed.to).toEqual(['team-lead', 'cs-director']);
    expect(needed.body).toBe('【快速响应】红色预警 W-9（微博舆情：城东宽带中断）需快速响应小组在 5分钟 内给出明确解决方案或路径。');
    run.advance(5 * MINUTE);
    const [overdue] = run.sent('rapid-response-overdue');
    expect(overdue.to).toEqual(['general-manager']);
    expect(overdue.body).toBe('【快速响应超时】红色预警 W-9（微博舆情：城东宽带中断）已超过 5分钟 仍无解决方案或路径，请总经理督办。');
    expect(run.state).toBe('raised');
  });

  it('starts the clock when a warning climbs to red, and a plan from the team stops it', () => {
    const run = raise('orange');
    expect(run.snapshot.clocks['rapid-response']).toBeUndefined();
    run.advance(HOUR);
    expect(run.data.level).toBe('red');
    expect(run.snapshot.clocks['rapid-response']).toMatchObject({ status: 'running', dueAt: T0 + HOUR + 5 * MINUTE });
    run.advance(2 * MINUTE);
    run.send('rapid-response', director, { plan: '启动应急预案，逐户回访' });
    expect(run.snapshot.clocks['rapid-response']?.status).toBe('stopped');
    run.advance(10 * MINUTE);
    expect(run.sent('rapid-response-overdue')).toHaveLength(0);
  });
});
