import { describe, expect, it } from 'vitest';
import { as, beijing, CaseRun, HOUR, loadProcess, MINUTE } from './harness.js';

const warning = loadProcess('escalation-warning');
const T0 = beijing('2026-03-02 09:00');
const teamLead = as('team-lead', 'lead-li');
const centerManager = as('center-manager', 'manager-zhao');
const csDirector = as('cs-director', 'director-sun');
const generalManager = as('general-manager', 'gm-zhou');
const inspector = as('quality-inspector', 'qa-chen');

function raise(level = 'blue'): CaseRun {
  return new CaseRun(warning, {
    data: { source: 'batch-complaints', level, title: '城东片区宽带批量投诉', unit: 'east-district', category: 'network' },
    actor: as('agent', 'agent-wang'),
    now: T0,
    caseId: 'W-7',
  });
}

describe('escalation-warning: climbing the levels', () => {
  it('gives a new blue warning to the team lead with its deadlines', () => {
    const run = raise();
    expect(run.state).toBe('raised');
    const [notice] = run.sent('warning-raised');
    expect(notice.to).toEqual(['team-lead']);
    expect(notice.body).toContain('【投诉预警】蓝色预警：城东片区宽带批量投诉');
    expect(notice.body).toContain('请在 4小时 内响应，1天 内处理完毕');
  });

  it('escalates an unanswered blue warning to yellow after 4 hours, notifying the center manager', () => {
    const run = raise();
    run.advance(4 * HOUR - MINUTE);
    expect(run.data.level).toBe('blue');
    run.advance(MINUTE);
    expect(run.state).toBe('raised');
    expect(run.data).toMatchObject({ level: 'yellow', climbs: 1 });
    const notice = run.sent('warning-raised').at(-1);
    expect(notice?.to).toEqual(['center-manager']);
    expect(notice?.at).toBe(T0 + 4 * HOUR);
    expect(notice?.body).toContain('【预警升级】黄色预警：');
    expect(notice?.body).toContain('请在 2小时 内响应，12小时 内处理完毕');
    expect(run.snapshot.clocks.raised).toMatchObject({ status: 'running', withinMs: 2 * HOUR, dueAt: T0 + 6 * HOUR });
  });

  it('climbs blue → yellow → orange → red on the table’s acknowledge times', () => {
    const run = raise();
    run.advance(4 * HOUR + 2 * HOUR + HOUR);
    expect(run.data.level).toBe('red');
    expect(run.sent('warning-raised').map((m) => m.to[0])).toEqual(['team-lead', 'center-manager', 'cs-director', 'general-manager']);
    expect(run.sent('warning-raised').map((m) => m.at - T0)).toEqual([0, 4 * HOUR, 6 * HOUR, 7 * HOUR]);
  });

  it('climbs when acknowledged but not resolved in time, and the new responder must acknowledge anew', () => {
    const run = raise('yellow');
    run.advance(30 * MINUTE);
    run.send('acknowledge', centerManager, { note: '已安排网络部排查' });
    expect(run.state).toBe('responding');
    run.advance(12 * HOUR);
    expect(run.state).toBe('raised');
    expect(run.data.level).toBe('orange');
    expect(run.sent('warning-raised').at(-1)?.to).toEqual(['cs-director']);
    expect(run.refusal('resolve', csDirector, { resolution: 'x' }).code).toBe('event-not-allowed');
    run.send('acknowledge', csDirector);
    run.send('resolve', csDirector, { resolution: '光缆已修复，逐户回访' });
    expect(run.state).toBe('resolved');
  });

  it('keeps a red warning red and reminds every 30 minutes for as long as nobody acknowledges it', () => {
    const run = raise('red');
    run.advance(30 * MINUTE);
    expect(run.state).toBe('red-overdue');
    expect(run.data.level).toBe('red');
    const first = run.sent('red-reminder');
    expect(first).toHaveLength(1);
    expect(first[0].to).toEqual(['general-manager', 'cs-director']);
    expect(first[0].body).toContain('【红色预警督办】城东片区宽带批量投诉（预警单 W-7）已超过红色预警时限仍未响应');

    run.advance(24 * HOUR);
    const reminders = run.sent('red-reminder');
    expect(reminders).toHaveLength(49);
    expect(reminders.map((m) => m.at - reminders[0].at)).toEqual(reminders.map((_, n) => n * 30 * MINUTE));
    expect(reminders.at(-1)?.body).toContain('仍未响应');
    expect(run.data).toMatchObject({ level: 'red', redReminders: 48 });
    expect(run.timer('red-reminder').dueAt).toBe(reminders[0].at + 49 * 30 * MINUTE);
  });

  it('stops reminding once acknowledged and reminds again, until resolved, when the resolve time passes', () => {
    const run = raise('red');
    run.advance(30 * MINUTE);
    run.advance(2 * HOUR);
    expect(run.sent('red-reminder')).toHaveLength(5);
    run.send('acknowledge', generalManager);
    run.advance(4 * HOUR - MINUTE);
    expect(run.sent('red-reminder')).toHaveLength(5);
    run.advance(MINUTE);
    expect(run.state).toBe('red-overdue');
    run.advance(10 * HOUR);
    const late = run.sent('red-reminder').slice(5);
    expect(late).toHaveLength(21);
    expect(late.every((m) => m.body.includes('仍未处理完毕'))).toBe(true);
    run.send('resolve', generalManager, { resolution: '总经理督办完成' });
    expect(run.state).toBe('resolved');
    run.advance(10 * HOUR);
    expect(run.sent('red-reminder')).toHaveLength(26);
  });

  it('lets the general manager take an overdue red warning on and resolve it', () => {
    const run = raise('red');
    run.advance(45 * MINUTE);
    run.send('acknowledge', generalManager);
    expect(run.state).toBe('responding');
    run.advance(4 * HOUR);
    expect(run.state).toBe('red-overdue');
    expect(run.sent('red-reminder').at(-1)?.body).toContain('仍未处理完毕');
    run.send('resolve', generalManager, { resolution: '总经理督办完成' });
    expect(run.state).toBe('resolved');
  });
});

describe('escalation-warning: lowering the level', () => {
  it('lets the responder lower the level with a reason, handing it to the lower responder', () => {
    const run = raise('orange');
    run.send('lower', csDirector, { reason: '影响范围仅一个小区' });
    expect(run.state).toBe('raised');
    expect(run.data).toMatchObject({ level: 'yellow', lowerReason: '影响范围仅一个小区' });
    const notice = run.sent('warning-raised').at(-1);
    expect(notice?.to).toEqual(['center-manager']);
    expect(notice?.body).toContain('降级原因：影响范围仅一个小区');
  });

  it('needs a reason, the responder’s role, and a level to lower to', () => {
    const run = raise('yellow');
    const missing = run.refusal('lower', centerManager, {});
    expect(missing.code).toBe('invalid-input');
    expect(missing.details).toEqual([{ field: 'reason', message: 'is required' }]);
    expect(run.refusal('lower', teamLead, { reason: 'x' }).code).toBe('role-not-allowed');
    run.send('lower', centerManager, { reason: '误报' });
    expect(run.data.level).toBe('blue');
    expect(run.refusal('lower', teamLead, { reason: '再降' }).code).toBe('guard-refused');
  });
});

describe('escalation-warning: quality review', () => {
  function resolved(): CaseRun {
    const run = raise();
    run.send('acknowledge', teamLead);
    run.send('resolve', teamLead, { resolution: '已处理' });
    return run;
  }

  it('only lets the current responder acknowledge', () => {
    const run = raise();
    expect(run.refusal('acknowledge', centerManager).code).toBe('role-not-allowed');
  });

  it('closes after the quality inspector passes it', () => {
    const run = resolved();
    expect(run.refusal('pass-review', teamLead, { score: 90 }).code).toBe('role-not-allowed');
    run.send('pass-review', inspector, { score: 92, comment: '响应及时' });
    expect(run.state).toBe('closed');
    expect(run.snapshot.status).toBe('done');
  });

  it('goes back to the responder when the inspector sends it back, and reminds the inspector after 2 days', () => {
    const run = resolved();
    run.advance(2 * 24 * HOUR);
    expect(run.sent('review-overdue')[0].to).toEqual(['quality-inspector']);
    run.send('send-back', inspector, { comment: '未回访客户' });
    expect(run.state).toBe('responding');
    expect(run.data.level).toBe('blue');
  });
});
