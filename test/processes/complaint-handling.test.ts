import { describe, expect, it } from 'vitest';
import { CaseflowError } from '../../engine/errors.js';
import { as, beijing, CaseRun, DAY, HOUR, loadProcess, loadTuned, MINUTE } from './harness.js';

const complaint = loadProcess('complaint-handling');
const T0 = beijing('2026-03-02 09:00');
const owner = as('agent', 'agent-wang');
const lead = as('team-lead', 'lead-li');

function register(extra: Record<string, unknown> = {}): CaseRun {
  return new CaseRun(complaint, {
    data: {
      customer: { name: '张伟', phone: '13800000000', tier: 'star-3' },
      channel: 'phone',
      category: 'billing',
      severity: 'normal',
      unit: 'east-district',
      description: '流量费用多扣 30 元',
      ...extra,
    },
    actor: owner,
    now: T0,
    caseId: 'C-1001',
  });
}

function replied(): CaseRun {
  const run = register();
  run.advance(HOUR);
  run.send('reply', owner, { message: '已核实，正在处理' });
  return run;
}

function propose(run: CaseRun, amount: number): void {
  run.send('propose', owner, { type: amount > 0 ? 'compensate' : 'explain', amount, note: '退还多扣流量费' });
}

describe('complaint-handling: registration and first reply', () => {
  it('makes the registering agent the owner at county level and tells only the team lead', () => {
    const run = register();
    expect(run.state).toBe('received');
    expect(run.data).toMatchObject({ level: 'county', supervised: false });
    expect(run.snapshot.assignee).toBe('agent-wang');
    const [notice] = run.sent('complaint-registered');
    expect(notice.to).toEqual(['team-lead']);
    expect(notice.body).toContain('【新投诉】投诉单 C-1001');
    expect(notice.body).toContain('张伟');
    expect(notice.body).toContain('处理人：王芳');
    expect(run.sent('major-complaint')).toEqual([]);
  });

  it('sends a major complaint to city level, to a CS director, and to the general manager at once', () => {
    const run = register({ severity: 'major' });
    expect(run.data).toMatchObject({ level: 'city', supervised: true, unitFlagged: false });
    expect(run.snapshot.assignee).toBeUndefined();
    expect(complaint.staffing.queueRoles(run.snapshot, run.now, run.caseId)).toEqual(['cs-director']);
    const [notice] = run.sent('complaint-registered');
    expect(notice.to).toEqual(['team-lead']);
    expect(notice.body).toContain('【重大投诉督办】');
    const [supervision] = run.sent('major-complaint');
    expect(supervision.to).toEqual(['general-manager', 'cs-director']);
    expect(supervision.body).toContain('【重大投诉督办】投诉单 C-1001 为重大投诉，由市级处理，请总经理督办。');
    expect(supervision.body).not.toContain('升级');
    expect(supervision.body).toContain('处理人：王芳');
  });

  it('warns the owner at 20 hours and raises its first-reply breach when unanswered for 24 hours', () => {
    const run = register();
    run.advance(20 * HOUR - MINUTE);
    expect(run.sent('first-reply-due-soon')).toHaveLength(0);
    run.advance(MINUTE);
    expect(run.sent('first-reply-due-soon')[0].to).toEqual(['agent-wang']);

    run.advance(4 * HOUR - MINUTE);
    expect(run.sent('first-reply-overdue')).toHaveLength(0);
    run.advance(MINUTE);
    const [breach] = run.sent('first-reply-overdue');
    expect(breach.at).toBe(T0 + 24 * HOUR);
    expect(breach.to).toEqual(['agent-wang', 'team-lead']);
    expect(breach.body).toContain('投诉单 C-1001 已超过 1天 未回复客户');
    expect(run.data.firstReplyBreached).toBe(true);
    expect(run.started).toEqual([
      {
        kind: 'start-case',
        process: 'escalation-warning',
        data: {
          source: 'overdue-complaint',
          level: 'blue',
          category: 'billing',
          unit: 'east-district',
          complaint: 'C-1001',
          title: '投诉超时未回复 First reply late: 张伟',
        },
      },
    ]);
  });

  it('takes the first-reply time from the complaint’s category, as the process owner tunes it', () => {
    const tuned = loadTuned('complaint-handling', [['firstReply: 24h, firstReplyWarn: 20h }', 'firstReply: 12h, firstReplyWarn: 8h }']]);
    const data = { customer: { name: '张伟', phone: '13800000000' }, channel: 'phone', severity: 'normal', unit: 'east-district', description: '多扣费' };
    const billing = new CaseRun(tuned, { data: { ...data, category: 'billing' }, actor: owner, now: T0 });
    const network = new CaseRun(tuned, { data: { ...data, category: 'network' }, actor: owner, now: T0 });
    billing.advance(24 * HOUR);
    network.advance(24 * HOUR);
    expect(billing.sent('first-reply-overdue')[0].at).toBe(T0 + 12 * HOUR);
    expect(billing.sent('first-reply-overdue')[0].body).toContain('已超过 12小时 未回复客户');
    expect(network.sent('first-reply-overdue')[0].at).toBe(T0 + 24 * HOUR);
  });

  it('raises a warning that the escalation-warning process accepts and gives to the team lead', () => {
    const run = register();
    run.advance(24 * HOUR);
    const [raised] = run.started;
    const warning = loadProcess('escalation-warning');
    expect(warning.validateData(raised.data)).toEqual([]);
    const linked = new CaseRun(warning, { data: raised.data, actor: { id: 'system', roles: ['system'] }, now: run.now, caseId: 'W-1' });
    expect(linked.state).toBe('raised');
    expect(linked.sent('warning-raised')[0].to).toEqual(['team-lead']);
    expect(linked.sent('warning-raised')[0].body).toContain('投诉超时未回复 First reply late: 张伟');
  });

  it('stops the first-reply clock when the owner replies in time', () => {
    const run = replied();
    expect(run.state).toBe('investigating');
    expect(run.data.firstRepliedAt).toBe(new Date(T0 + HOUR).toISOString());
    run.advance(DAY);
    expect(run.sent('first-reply-overdue')).toHaveLength(0);
    expect(run.snapshot.clocks.received.status).toBe('stopped');
  });
});

describe('complaint-handling: 首问负责 through transfers', () => {
  it('keeps the owner while the case goes to a department and back', () => {
    const run = replied();
    run.send('transfer', lead, { department: '计费中心', note: '核查计费' });
    expect(run.state).toBe('awaiting-department');
    run.advance(2 * HOUR);
    run.send('department-replied', lead, { reply: '确认多扣，已冲正' });
    expect(run.state).toBe('investigating');
    expect(run.data).toMatchObject({ department: '计费中心' });
    expect(run.snapshot.assignee).toBe('agent-wang');
  });

  it('chases the department after its own 24-hour reply deadline', () => {
    const run = replied();
    run.send('transfer', owner, { department: '网络部' });
    run.advance(16 * HOUR);
    expect(run.sent('department-reply-due-soon')[0].to).toEqual(['agent-wang']);
    run.advance(8 * HOUR);
    const [overdue] = run.sent('department-reply-overdue');
    expect(overdue.to).toEqual(['agent-wang', 'team-lead']);
    expect(overdue.body).toContain('已转 网络部 处理');
    expect(run.data.departmentOverdue).toBe(true);
  });
});

describe('complaint-handling: the 3-day close clock', () => {
  it('warns at 2 days and escalates to city level with the business unit flagged at 3 days', () => {
    const run = replied();
    run.advanceTo(T0 + 2 * DAY);
    const [warning] = run.sent('close-due-soon');
    expect(warning.at).toBe(T0 + 2 * DAY);
    expect(warning.to).toEqual(['agent-wang', 'team-lead']);
    expect(run.data.level).toBe('county');

    run.advanceTo(T0 + 3 * DAY);
    const [overdue] = run.sent('close-overdue');
    expect(overdue.to).toEqual(['agent-wang', 'team-lead', 'cs-director']);
    expect(overdue.body).toContain('【投诉超时升级】投诉单 C-1001 未在闭环时限 3天 内关闭，已由县/区级升级至市级处理，业务单元「城东分公司」纳入考核。');
    expect(run.data).toMatchObject({ level: 'city', unitFlagged: true, closeBreached: true });
    expect(run.snapshot.assignee).toBeUndefined();
    expect(complaint.staffing.queueRoles(run.snapshot, run.now, run.caseId)).toEqual(['cs-director']);
    expect(run.started.at(-1)?.data).toMatchObject({ source: 'overdue-complaint', level: 'yellow', complaint: 'C-1001' });
  });

  it('pauses while waiting for the customer and resumes with the time it had left', () => {
    const run = replied();
    run.advanceTo(T0 + DAY);
    run.send('wait-for-customer', owner, { reason: '等客户提供话单截图' });
    expect(run.snapshot.clocks.close).toMatchObject({ status: 'paused', elapsedMs: DAY, pauses: 1 });

    run.advance(3 * DAY);
    expect(run.sent('customer-silent')[0].to).toEqual(['agent-wang', 'team-lead']);
    run.advance(2 * DAY);
    expect(run.sent('close-due-soon')).toHaveLength(0);
    expect(run.sent('close-overdue')).toHaveLength(0);

    const resumedAt = T0 + 6 * DAY;
    run.send('customer-responded', owner);
    expect(run.snapshot.clocks.close).toMatchObject({ status: 'running', dueAt: resumedAt + 2 * DAY, pauses: 1 });
    run.advance(2 * DAY);
    expect(run.sent('close-due-soon')[0].at).toBe(resumedAt + DAY);
    expect(run.sent('close-overdue')[0].at).toBe(resumedAt + 2 * DAY);
  });

  it('stops once the complaint is resolved', () => {
    const run = replied();
    propose(run, 30);
    run.send('resolve', owner, { handlingOrder: 'CL-778' });
    run.advanceTo(T0 + 3 * DAY);
    expect(run.sent('close-overdue')).toHaveLength(0);
    expect(run.snapshot.clocks.close.status).toBe('stopped');
  });
});

describe('complaint-handling: resolution and compensation', () => {
  it('lets the agent grant compensation up to 200 CNY alone', () => {
    const run = replied();
    propose(run, 200);
    expect(run.state).toBe('resolution-proposed');
    expect(run.sent('compensation-approval')).toHaveLength(0);
    run.send('resolve', owner);
    expect(run.state).toBe('resolved');
  });

  it('needs a team lead to approve compensation above 200 CNY', () => {
    const run = replied();
    propose(run, 500);
    const [request] = run.sent('compensation-approval');
    expect(request.to).toEqual(['team-lead']);
    expect(request.body).toContain('拟补偿 ¥500.00，超过一线权限 ¥200.00');

    expect(run.refusal('resolve', owner).code).toBe('guard-refused');
    expect(run.refusal('approve-compensation', owner).code).toBe('role-not-allowed');
    run.send('approve-compensation', lead);
    expect(run.data).toMatchObject({ compensationApproved: true, approvedBy: 'lead-li' });
    run.send('resolve', owner);
    expect(run.state).toBe('resolved');
  });
});

describe('complaint-handling: callback', () => {
  function resolved(): CaseRun {
    const run = replied();
    propose(run, 0);
    run.send('resolve', owner);
    return run;
  }

  it('closes and archives the complaint when the customer is satisfied', () => {
    const run = resolved();
    run.advance(HOUR);
    run.send('callback', owner, { satisfaction: 'satisfied', note: '客户满意' });
    expect(run.state).toBe('closed');
    expect(run.snapshot.status).toBe('done');
    expect(run.data.closedAt).toBe(new Date(run.now).toISOString());
  });

  it('chases the callback when it is not made within 2 days', () => {
    const run = resolved();
    run.advance(2 * DAY - MINUTE);
    expect(run.sent('callback-overdue')).toHaveLength(0);
    run.advance(MINUTE);
    expect(run.sent('callback-overdue')[0].body).toContain('满意度回访未按时完成');
  });

  it('reopens a dissatisfied complaint one level higher with a care callback by a supervisor within 7 days', () => {
    const run = resolved();
    run.send('callback', owner, { satisfaction: 'dissatisfied', note: '仍有疑问' });
    expect(run.state).toBe('investigating');
    expect(run.data).toMatchObject({ level: 'city', dissatisfied: true, reopenCount: 1, unitFlagged: true });
    expect(run.snapshot.assignee).toBeUndefined();
    expect(complaint.staffing.queueRoles(run.snapshot, run.now, run.caseId)).toEqual(['cs-director']);
    const [reopened] = run.sent('complaint-reopened');
    expect(reopened.to).toEqual(['agent-wang', 'team-lead', 'cs-director']);
    expect(reopened.body).toContain('对投诉单 C-1001 的处理不满意，已由县/区级升级至市级重新处理，业务单元「城东分公司」纳入考核，并列入不满意客户档案。');

    propose(run, 50);
    run.send('resolve', owner);
    expect(run.snapshot.clocks.resolved.withinMs).toBe(7 * DAY);
    expect(run.refusal('callback', owner, { satisfaction: 'satisfied' }).code).toBe('role-not-allowed');
    run.advance(7 * DAY);
    expect(run.sent('callback-overdue')[0].body).toContain('关怀回访未按时完成');
    run.send('callback', lead, { satisfaction: 'satisfied' });
    expect(run.state).toBe('closed');
  });
});

describe('complaint-handling: withdrawal and refusals', () => {
  it('ends the case when the customer withdraws, after which nothing more is accepted', () => {
    const run = replied();
    run.send('withdraw', owner, { reason: '客户已自行解决' });
    expect(run.state).toBe('withdrawn');
    expect(run.snapshot.status).toBe('done');
    expect(run.refusal('transfer', owner, { department: '计费中心' }).code).toBe('event-not-allowed');
  });

  it('refuses a wrong role, a wrong event and a missing field, each with its own code', () => {
    const run = register();
    expect(run.refusal('transfer', as('front-desk'), { department: 'x' }).code).toBe('role-not-allowed');
    const wrongEvent = run.refusal('callback', owner, { satisfaction: 'satisfied' });
    expect(wrongEvent.code).toBe('event-not-allowed');
    expect(wrongEvent.message).toContain('received');
    const missing = run.refusal('reply', owner, {});
    expect(missing).toBeInstanceOf(CaseflowError);
    expect(missing.code).toBe('invalid-input');
    expect(missing.details).toEqual([{ field: 'message', message: 'is required' }]);
  });

  it('lets only a supervisor declare a complaint major, once', () => {
    const run = replied();
    expect(run.refusal('declare-major', owner, { reason: '媒体关注' }).code).toBe('role-not-allowed');
    run.send('declare-major', lead, { reason: '媒体关注' });
    expect(run.data).toMatchObject({ severity: 'major', level: 'city', supervised: true });
    expect(run.sent('major-complaint')[0].to).toEqual(['general-manager', 'cs-director']);
    expect(run.refusal('declare-major', lead, { reason: '再次' }).code).toBe('guard-refused');
  });
});

describe('complaint-handling: a reopened complaint’s close deadline', () => {
  const director = as('cs-director', 'director-sun');

  function reopened(): CaseRun {
    const run = replied();
    propose(run, 0);
    run.send('resolve', owner);
    run.advance(HOUR);
    run.send('callback', owner, { satisfaction: 'dissatisfied', note: '仍有疑问' });
    return run;
  }

  it('gives the reopened complaint a new close deadline of reopenCloseWithin and tells everyone', () => {
    const run = reopened();
    const reopenedAt = run.now;
    expect(run.data.reopenCloseDueAt).toBe(new Date(reopenedAt + 3 * DAY).toISOString());
    expect(run.data.reopenCloseBreached).toBe(false);
    expect(run.sent('complaint-reopened')[0].body).toContain('重新处理须于 2026-03-05 11:00 前关闭；问题解决后 7天 内由主管进行关怀回访。');
  });

  it('counts a reopened complaint closed late, flags the unit and raises a warning once, past its new deadline', () => {
    const run = reopened();
    const due = run.now + 3 * DAY;
    run.advanceTo(due - MINUTE);
    expect(run.sent('reopened-close-overdue')).toHaveLength(0);
    run.advance(MINUTE);
    const [late] = run.sent('reopened-close-overdue');
    expect(late.at).toBe(due);
    expect(late.to).toEqual(['team-lead', 'cs-director']);
    expect(late.body).toContain('【重新处理超时】投诉单 C-1001 因客户不满意重新处理，未在 2026-03-05 11:00 前关闭，计为超时闭环，业务单元「城东分公司」纳入考核。');
    expect(run.data).toMatchObject({ reopenCloseBreached: true, closeBreached: true, unitFlagged: true });
    expect(run.started.at(-1)?.data).toMatchObject({ source: 'overdue-complaint', level: 'yellow', complaint: 'C-1001' });

    run.send('transfer', director, { department: '计费中心' });
    run.advance(HOUR);
    run.send('department-replied', director, { reply: '已冲正' });
    propose(run, 0);
    expect(run.sent('reopened-close-overdue')).toHaveLength(1);
    expect(run.started).toHaveLength(1);
  });

  it('does not count a reopened complaint closed within its new deadline as late', () => {
    const run = reopened();
    run.advance(DAY);
    propose(run, 0);
    run.send('resolve', director);
    run.send('callback', lead, { satisfaction: 'satisfied' });
    expect(run.state).toBe('closed');
    expect(run.sent('reopened-close-overdue')).toHaveLength(0);
    expect(run.data).toMatchObject({ reopenCloseBreached: false, closeBreached: false });
  });

  it('stops the reopened close time while waiting for the customer', () => {
    const run = reopened();
    const due = run.now + 3 * DAY;
    run.advance(DAY);
    run.send('wait-for-customer', director, { reason: '等客户提供维修单' });
    run.advance(2 * DAY);
    run.send('customer-responded', director);
    expect(run.data.reopenCloseDueAt).toBe(new Date(due + 2 * DAY).toISOString());
    run.advanceTo(due + 2 * DAY - MINUTE);
    expect(run.sent('reopened-close-overdue')).toHaveLength(0);
    run.advance(MINUTE);
    expect(run.sent('reopened-close-overdue')[0].at).toBe(due + 2 * DAY);
  });
});

describe('complaint-handling: county and city level', () => {
  const director = as('cs-director', 'director-sun');

  it('hands a complaint declared major at county level to a CS director and assesses the unit', () => {
    const run = replied();
    expect(run.data).toMatchObject({ level: 'county', unitFlagged: false });
    run.send('declare-major', lead, { reason: '媒体关注' });
    expect(run.data).toMatchObject({ level: 'city', severity: 'major', unitFlagged: true });
    expect(run.snapshot.assignee).toBeUndefined();
    expect(complaint.staffing.queueRoles(run.snapshot, run.now, run.caseId)).toEqual(['cs-director']);
    expect(run.sent('major-complaint')[0].body).toContain('【重大投诉督办】投诉单 C-1001 升级为重大投诉，已由县/区级升级至市级处理，业务单元「城东分公司」纳入考核，请总经理督办。');
  });

  it('lets the CS director who holds a city-level complaint keep it from state to state', () => {
    const run = replied();
    run.send('declare-major', lead, { reason: '媒体关注' });
    run.snapshot = { ...run.snapshot, assignee: 'director-sun' };
    run.send('transfer', director, { department: '网络部' });
    run.send('department-replied', director, { reply: '已修复' });
    run.send('propose', director, { type: 'explain', amount: 0 });
    expect(run.state).toBe('resolution-proposed');
    expect(run.snapshot.assignee).toBe('director-sun');
  });

  it('says nothing climbs when a complaint that started major is late or reopened, and does not assess the unit for starting there', () => {
    const run = register({ severity: 'major' });
    run.send('reply', director, { message: '已受理' });
    run.advanceTo(T0 + 3 * DAY);
    const [late] = run.sent('close-overdue');
    expect(late.body).toContain('【投诉超时】投诉单 C-1001 未在闭环时限 3天 内关闭，已在市级处理，业务单元「城东分公司」纳入考核。');
    expect(late.body).not.toContain('县/区级');
    expect(run.data).toMatchObject({ level: 'city', closeBreached: true, unitFlagged: true });

    const fresh = register({ severity: 'major' });
    fresh.send('reply', director, { message: '已受理' });
    propose(fresh, 0);
    fresh.send('resolve', director);
    fresh.send('callback', director, { satisfaction: 'dissatisfied' });
    const [reopened] = fresh.sent('complaint-reopened');
    expect(reopened.body).toContain('的处理不满意，由市级重新处理，并列入不满意客户档案。');
    expect(reopened.body).not.toContain('升级');
    expect(fresh.data).toMatchObject({ level: 'city', unitFlagged: false });
  });
});

describe('complaint-handling: customer tier', () => {
  it('gives a five-star-diamond customer half the deadlines and a team lead from registration', () => {
    const run = register({ customer: { name: '王芳', phone: '13700000000', tier: 'five-star-diamond' } });
    expect(run.data).toMatchObject({ senior: true, firstReplyWithin: '720m', closeWithin: '2160m' });
    expect(run.snapshot.assignee).toBeUndefined();
    expect(complaint.staffing.queueRoles(run.snapshot, run.now, run.caseId)).toEqual(['team-lead']);
    const [notice] = run.sent('complaint-registered');
    expect(notice.body).toContain('客户：王芳（13700000000）　星级客户，资深客服对接');
    expect(notice.body).toContain('请在 12小时 内首次回复客户，1天12小时 内闭环。');
    expect(run.snapshot.clocks.close).toMatchObject({ withinMs: 36 * HOUR, dueAt: T0 + 36 * HOUR });

    run.advance(10 * HOUR);
    expect(run.sent('first-reply-due-soon')[0].at).toBe(T0 + 10 * HOUR);
    run.advance(2 * HOUR);
    expect(run.sent('first-reply-overdue')[0].body).toContain('投诉单 C-1001 已超过 12小时 未回复客户');
    run.send('reply', lead, { message: '已安排专人处理' });
    run.advanceTo(T0 + 36 * HOUR);
    expect(run.sent('close-due-soon')[0].at).toBe(T0 + 24 * HOUR);
    expect(run.sent('close-overdue')[0].at).toBe(T0 + 36 * HOUR);
    expect(run.sent('close-overdue')[0].body).toContain('未在闭环时限 1天12小时 内关闭');
  });

  it('keeps a normal customer’s 24-hour reply and 3-day close with the registering agent', () => {
    const run = register({ customer: { name: '张伟', phone: '13800000000', tier: 'normal' } });
    expect(run.data).toMatchObject({ senior: false, firstReplyWithin: '1440m', closeWithin: '4320m' });
    expect(run.snapshot.assignee).toBe('agent-wang');
    expect(run.sent('complaint-registered')[0].body).toContain('请在 1天 内首次回复客户，3天 内闭环。');
    expect(run.sent('complaint-registered')[0].body).not.toContain('星级客户');
    expect(run.snapshot.clocks.close).toMatchObject({ withinMs: 3 * DAY });
    run.advance(24 * HOUR);
    expect(run.sent('first-reply-overdue')[0].at).toBe(T0 + 24 * HOUR);
  });

  it('treats a customer registered without a tier as normal', () => {
    const run = register({ customer: { name: '赵六', phone: '13600000000' } });
    expect(run.data).toMatchObject({ senior: false, firstReplyWithin: '1440m', closeWithin: '4320m' });
    expect(run.snapshot.assignee).toBe('agent-wang');
  });
});
