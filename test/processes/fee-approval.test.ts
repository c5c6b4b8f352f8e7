import { describe, expect, it } from 'vitest';
import type { StateDefinition } from '../../engine/dsl/index.js';
import { as, beijing, CaseRun, DAY, loadProcess, loadTuned } from './harness.js';
import { explore, type ExploredCase } from './explore.js';

const fee = loadProcess('fee-approval');
const T0 = beijing('2026-03-02 10:00');
const unit = as('business-unit', 'unit-east');
const cityReviewer = as('city-reviewer', 'reviewer-he');
const csDirector = as('cs-director', 'director-sun');
const generalManager = as('general-manager', 'gm-zhou');
const finance = as('finance', 'finance-qian');

function draft(feeType = 'activity', now = T0): CaseRun {
  return new CaseRun(fee, { data: { unit: 'east-district', feeType, title: '春节客户答谢活动' }, actor: unit, now, caseId: 'F-3' });
}

function submitted(feeType = 'activity', budget = 10_000, now = T0): CaseRun {
  const run = draft(feeType, now);
  run.send('submit', unit, { plan: '营业厅答谢活动方案：礼品 200 份', budget });
  return run;
}

function executing(budget = 10_000): CaseRun {
  const run = submitted('activity', budget);
  run.send('approve', cityReviewer, { comment: '同意' });
  if (run.state === 'gm-review') run.send('approve', generalManager);
  run.send('execute', unit);
  return run;
}

describe('fee-approval: submitting and routing', () => {
  it('refuses to submit without a plan or a budget, naming each missing field', () => {
    const run = draft();
    const nothing = run.refusal('submit', unit, {});
    expect(nothing.code).toBe('invalid-input');
    expect(nothing.details).toEqual([
      { field: 'plan', message: 'is required' },
      { field: 'budget', message: 'is required' },
    ]);
    expect(run.refusal('submit', unit, { plan: '   ', budget: 1000 }).details).toEqual([{ field: 'plan', message: 'must match pattern "\\S"' }]);
    expect(run.refusal('submit', unit, { plan: '方案', budget: 0 }).details).toEqual([{ field: 'budget', message: 'must be > 0' }]);
    expect(run.refusal('submit', cityReviewer, { plan: '方案', budget: 1000 }).code).toBe('role-not-allowed');
    expect(run.refusal('approve', cityReviewer).code).toBe('event-not-allowed');
  });

  it('sends activity and gift fees to the city company, and other fees to the customer-service department', () => {
    expect(submitted('activity').state).toBe('city-review');
    expect(submitted('gift').state).toBe('city-review');
    const afterSales = submitted('after-sales');
    expect(afterSales.state).toBe('cs-review');
    expect(afterSales.refusal('approve', cityReviewer).code).toBe('role-not-allowed');
    afterSales.send('approve', csDirector);
    expect(afterSales.state).toBe('approved');
    expect(afterSales.sent('approved')[0].to).toEqual(['business-unit']);
  });

  it('needs the general manager as well above 50,000 CNY', () => {
    const large = submitted('activity', 60_000);
    large.send('approve', cityReviewer);
    expect(large.state).toBe('gm-review');
    expect(large.refusal('approve', cityReviewer).code).toBe('role-not-allowed');
    large.send('approve', generalManager);
    expect(large.state).toBe('approved');

    const atThreshold = submitted('activity', 50_000);
    atThreshold.send('approve', cityReviewer);
    expect(atThreshold.state).toBe('approved');
  });

  it('goes back to draft with comments when returned, and ends when rejected with a reason', () => {
    const run = submitted();
    expect(run.refusal('return', cityReviewer, {}).details).toEqual([{ field: 'comment', message: 'is required' }]);
    run.send('return', cityReviewer, { comment: '请补充礼品明细' });
    expect(run.state).toBe('draft');
    expect(run.data.reviewComment).toBe('请补充礼品明细');
    run.send('submit', unit, { plan: '方案（含礼品明细）', budget: 9_000 });
    run.send('reject', cityReviewer, { reason: '本季度礼品已统一采购' });
    expect(run.state).toBe('rejected');
    expect(run.snapshot.status).toBe('done');
  });
});

describe('fee-approval: the review is due in 3 business days (Asia/Shanghai, 09:00–18:00)', () => {
  it('reminds the reviewer at 2 business days and escalates at 3, skipping the weekend', () => {
    const friday = beijing('2026-03-06 15:00');
    const run = submitted('activity', 10_000, friday);
    expect(run.snapshot.clocks['city-review'].dueAt).toBe(beijing('2026-03-11 15:00'));
    run.advanceTo(beijing('2026-03-10 14:59'));
    expect(run.sent('review-reminder')).toHaveLength(0);
    run.advanceTo(beijing('2026-03-10 15:00'));
    const [reminder] = run.sent('review-reminder');
    expect(reminder.to).toEqual(['city-reviewer']);
    expect(reminder.body).toContain('【审批提醒】费用申报 F-3「春节客户答谢活动」待您审批');
    run.advanceTo(beijing('2026-03-11 15:00'));
    const [escalation] = run.sent('review-escalation');
    expect(escalation).toMatchObject({ to: ['general-manager'], at: beijing('2026-03-11 15:00') });
    expect(escalation.body).toContain('已超过 3个工作日 未审批');
    expect(reminder.body).toContain('审批时限为 3个工作日');
  });

  it('takes the review and draft times from the settings, in the deadlines and in their messages', () => {
    const tuned = loadTuned('fee-approval', [
      ['reviewWithin: 3 business days', 'reviewWithin: 4 business days'],
      ['draftWithin: 5 business days', 'draftWithin: 2 business days'],
    ]);
    const friday = beijing('2026-03-06 15:00');
    const opened = (caseId: string) => new CaseRun(tuned, { data: { unit: 'east-district', feeType: 'activity', title: '春节客户答谢活动' }, actor: unit, now: friday, caseId });
    const idle = opened('F-4');
    idle.advanceTo(beijing('2026-03-10 15:00'));
    expect(idle.sent('draft-reminder').map((m) => [m.at, m.body])).toEqual([[beijing('2026-03-10 15:00'), '费用申报 F-4「春节客户答谢活动」草稿已2个工作日未提交。']]);

    const run = opened('F-5');
    run.send('submit', unit, { plan: '营业厅答谢活动方案：礼品 200 份', budget: 10_000 });
    expect(run.snapshot.clocks['city-review'].dueAt).toBe(beijing('2026-03-12 15:00'));
    run.advanceTo(beijing('2026-03-12 15:00'));
    expect(run.sent('review-reminder')[0].body).toContain('审批时限为 4个工作日');
    expect(run.sent('review-escalation')[0]).toMatchObject({ at: beijing('2026-03-12 15:00'), body: expect.stringContaining('已超过 4个工作日 未审批') });
  });

  it('skips the National Day holiday and counts its 调休 Saturday as a working day', () => {
    const run = submitted('complaint-handling', 10_000, beijing('2026-09-30 10:00'));
    expect(run.state).toBe('cs-review');
    run.advanceTo(beijing('2026-10-10 10:00'));
    expect(run.sent('review-reminder').map((m) => m.at)).toEqual([beijing('2026-10-09 10:00'), beijing('2026-10-10 10:00')]);
    expect(run.sent('review-reminder')[0].to).toEqual(['cs-director']);
    expect(run.sent('review-escalation')[0].at).toBe(beijing('2026-10-10 10:00'));
  });

  it('works the Saturday before the Spring Festival and resumes after it', () => {
    const run = submitted('gift', 10_000, beijing('2026-02-13 10:00'));
    expect(run.snapshot.clocks['city-review'].dueAt).toBe(beijing('2026-02-25 10:00'));
    run.advanceTo(beijing('2026-02-25 10:00'));
    expect(run.sent('review-reminder')[0].at).toBe(beijing('2026-02-24 10:00'));
  });
});

describe('fee-approval: execution and reimbursement', () => {
  it('reminds the business unit when no summary comes 30 days after execution', () => {
    const run = executing();
    expect(run.state).toBe('in-execution');
    run.advance(30 * DAY);
    const [reminder] = run.sent('summary-reminder');
    expect(reminder.to).toEqual(['business-unit']);
    expect(reminder.body).toContain('有方案、有预算、有总结才能报账');
  });

  it('needs a summary and the actual spend before reimbursement review', () => {
    const run = executing();
    const missing = run.refusal('submit-summary', unit, { summary: '活动已完成' });
    expect(missing.code).toBe('invalid-input');
    expect(missing.details).toEqual([{ field: 'actualSpend', message: 'is required' }]);
    expect(run.refusal('reimburse', finance).code).toBe('event-not-allowed');
  });

  it('reimburses a spend within the budget plus 10 %', () => {
    const run = executing(10_000);
    run.send('submit-summary', unit, { summary: '活动覆盖客户 420 人', actualSpend: 11_000, receipts: ['INV-1'] });
    expect(run.state).toBe('reimbursement-review');
    expect(run.refusal('reimburse', unit).code).toBe('role-not-allowed');
    run.send('reimburse', finance);
    expect(run.state).toBe('reimbursed');
    expect(run.snapshot.status).toBe('done');
  });

  it('sends a spend over the tolerance back for re-approval by the fee type’s reviewer', () => {
    const run = executing(10_000);
    run.send('submit-summary', unit, { summary: '活动覆盖客户 420 人', actualSpend: 11_001 });
    run.send('reimburse', finance);
    expect(run.state).toBe('re-approval');
    expect(run.sent('overspend')[0].to).toEqual(['city-reviewer', 'business-unit']);
    expect(run.sent('overspend')[0].body).toContain('实际支出 ¥11,001.00，超出预算 ¥10,000.00 的允许范围');

    expect(run.refusal('approve-overspend', csDirector, { budget: 12_000 }).code).toBe('guard-refused');
    expect(run.refusal('approve-overspend', cityReviewer, { budget: 10_500 }).code).toBe('guard-refused');
    run.send('approve-overspend', cityReviewer, { budget: 12_000, comment: '同意追加' });
    expect(run.state).toBe('reimbursement-review');
    run.send('reimburse', finance);
    expect(run.state).toBe('reimbursed');
  });
});

describe('fee-approval: 有方案、有预算、有总结才能获得报账', () => {
  /** Every (state, event, target) of the definition, branches included. */
  function transitions(states: Record<string, StateDefinition>): Array<{ state: string; event: string; to: string; guards: string[]; required: string[] }> {
    const out: Array<{ state: string; event: string; to: string; guards: string[]; required: string[] }> = [];
    for (const [state, definition] of Object.entries(states)) {
      for (const [event, on] of Object.entries(definition.on ?? {})) {
        const required = Array.isArray(on.input?.required) ? on.input.required.map(String) : [];
        const eventGuards = on.if === undefined ? [] : [on.if];
        if (typeof on.to === 'string') out.push({ state, event, to: on.to, guards: eventGuards, required });
        for (const branch of Array.isArray(on.to) ? on.to : []) {
          out.push({ state, event, to: branch.to, guards: [...eventGuards, ...(branch.if === undefined ? [] : [branch.if])], required });
        }
      }
      if (definition.states) out.push(...transitions(definition.states));
    }
    return out;
  }

  it('has one way into reimbursed, guarded on plan, budget and summary, and one way into review, requiring the summary', () => {
    const all = transitions(fee.definition.states);
    const intoReimbursed = all.filter((t) => t.to === 'reimbursed');
    expect(intoReimbursed.map((t) => `${t.state}.${t.event}`)).toEqual(['reimbursement-review.reimburse']);
    for (const field of ['data.plan', 'data.budget', 'data.summary', 'data.actualSpend']) {
      expect(intoReimbursed[0].guards.join(' ')).toContain(field);
    }
    const intoReview = all.filter((t) => t.to === 'reimbursement-review');
    expect(intoReview.map((t) => `${t.state}.${t.event}`)).toEqual(['in-execution.submit-summary', 're-approval.approve-overspend']);
    expect(intoReview[0].required).toEqual(['summary', 'actualSpend']);
    expect(all.filter((t) => t.to === 're-approval').map((t) => t.state)).toEqual(['reimbursement-review']);
    const outOfDraft = all.filter((t) => t.state === 'draft');
    expect(outOfDraft.every((t) => t.required.includes('plan') && t.required.includes('budget'))).toBe(true);
  });

  it('never reaches reimbursed without plan, budget and summary, over every event sequence of up to 9 moves', () => {
    const reimbursed: ExploredCase[] = [];
    const summary = explore({
      process: fee,
      openings: [
        { data: { unit: 'U', feeType: 'activity', title: 'T' }, actor: unit, now: T0 },
        { data: { unit: 'U', feeType: 'other', title: 'T' }, actor: unit, now: T0 },
        // A case opened with a summary already in its data must still go through every step.
        { data: { unit: 'U', feeType: 'gift', title: 'T', summary: '预先填写的总结', actualSpend: 1 }, actor: unit, now: T0 },
      ],
      depth: 9,
      samples: { budget: [0, 1_000, 60_000], actualSpend: [1_000, 1_100, 1_101] },
      visit: (node) => {
        if (node.snapshot.value !== 'reimbursed') return;
        reimbursed.push(node);
        const { plan, budget, summary: written } = node.snapshot.data;
        expect(typeof plan === 'string' && plan.trim().length > 0, node.path.join(' → ')).toBe(true);
        expect(typeof budget === 'number' && budget > 0, node.path.join(' → ')).toBe(true);
        expect(typeof written === 'string' && written.trim().length > 0, node.path.join(' → ')).toBe(true);
        const submit = node.events.indexOf('submit');
        const summaryStep = node.events.lastIndexOf('submit-summary');
        expect(submit, node.path.join(' → ')).toBeGreaterThanOrEqual(0);
        expect(summaryStep, node.path.join(' → ')).toBeGreaterThan(submit);
      },
    });
    expect(reimbursed.length).toBeGreaterThan(0);
    expect(summary.states.get('re-approval')).toBeGreaterThan(0);
    expect(reimbursed.some((node) => node.events.includes('approve-overspend'))).toBe(true);
  });
});
