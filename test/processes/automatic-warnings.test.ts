import { describe, expect, it } from 'vitest';
import type { OpenedCase } from '../../engine/compile/index.js';
import { as, beijing, CaseRun, DAY, HOUR, loadProcess, loadTuned } from './harness.js';

const complaint = loadProcess('complaint-handling');
const warning = loadProcess('escalation-warning');
const T0 = beijing('2026-03-02 09:00');
const agent = as('agent', 'agent-wang');

/** Complaints registered one after another, each tallied against those before it. */
class ComplaintDesk {
  readonly opened: OpenedCase[] = [];
  private next = 1;

  constructor(private readonly process = complaint) {}

  register(at: number, extra: Record<string, unknown> = {}): CaseRun {
    const caseId = `C-${3000 + this.next++}`;
    const run = new CaseRun(this.process, {
      data: {
        customer: { name: `客户${this.next}`, phone: '13700000000' },
        channel: 'phone',
        category: 'network',
        severity: 'normal',
        unit: 'east-district',
        description: '宽带无法上网',
        ...extra,
      },
      actor: agent,
      now: at,
      caseId,
      earlier: this.opened,
    });
    this.opened.push({ id: caseId, createdAt: at, data: run.data });
    return run;
  }
}

function warningsOf(run: CaseRun) {
  return run.started.filter((start) => start.process === 'escalation-warning');
}

describe('complaint-handling: automatic warnings', () => {
  it('stamps each complaint with how many like it came before, in its unit and category', () => {
    const desk = new ComplaintDesk();
    desk.register(T0);
    desk.register(T0 + HOUR, { category: 'billing' });
    desk.register(T0 + 2 * HOUR, { unit: 'west-district' });
    const third = desk.register(T0 + 3 * HOUR);
    expect(third.data.sameCategory).toEqual({ count: 2, cases: ['C-3001', 'C-3004'] });
    expect(third.data.unitMonth).toEqual({ count: 3, cases: ['C-3001', 'C-3002', 'C-3004'] });
  });

  it('raises one orange warning on the fifth complaint of one category in one unit within 24 hours, linked to all five', () => {
    const desk = new ComplaintDesk();
    const runs = [0, 1, 2, 3, 4, 5].map((n) => desk.register(T0 + n * 2 * HOUR));
    expect(runs.slice(0, 4).flatMap(warningsOf)).toEqual([]);
    expect(runs[5].started).toEqual([]);
    const [raised] = warningsOf(runs[4]);
    expect(raised.data).toEqual({
      source: 'batch-complaints',
      level: 'orange',
      category: 'network',
      unit: 'east-district',
      complaint: 'C-3005',
      complaints: ['C-3001', 'C-3002', 'C-3003', 'C-3004', 'C-3005'],
      title: '批量投诉：网络质量 Network 5 件',
    });

    const opened = new CaseRun(warning, { data: raised.data, actor: agent, now: runs[4].now, caseId: 'W-31' });
    const [notice] = opened.sent('warning-raised');
    expect(notice.to).toEqual(['cs-director']);
    expect(notice.body).toContain('【投诉预警】橙色预警：批量投诉：网络质量 Network 5 件\n预警单：W-31\n来源：批量投诉　业务单元：城东分公司');
    expect(notice.body).toContain('关联投诉： C-3001 C-3002 C-3003 C-3004 C-3005');
  });

  it('does not count complaints older than the window', () => {
    const desk = new ComplaintDesk();
    for (const n of [0, 1, 2, 3]) desk.register(T0 + n * HOUR);
    const late = desk.register(T0 + DAY + HOUR);
    expect(late.data.sameCategory).toMatchObject({ count: 4 });
    expect(warningsOf(late)).toEqual([]);
  });

  it('takes the batch size and window from the settings', () => {
    const tuned = loadTuned('complaint-handling', [['batchComplaints: 5', 'batchComplaints: 2'], ['batchWindow: 24h', 'batchWindow: 1h']]);
    const desk = new ComplaintDesk(tuned);
    desk.register(T0);
    expect(warningsOf(desk.register(T0 + 2 * HOUR))).toEqual([]);
    expect(warningsOf(desk.register(T0 + 2 * HOUR + 30 * 60_000))).toHaveLength(1);
  });

  it('raises a yellow warning when a unit’s complaints this month pass 40 per 10,000 users', () => {
    // development-zone serves 21,000 users: the line is 84 complaints a month.
    const desk = new ComplaintDesk();
    const categories = ['billing', 'network', 'service-attitude', 'product-quality', 'other'];
    const runs: CaseRun[] = [];
    for (let n = 0; n < 86; n++) {
      runs.push(desk.register(T0 + n * 5 * HOUR, { unit: 'development-zone', category: categories[n % 5] }));
    }
    const rated = runs.map((run, n) => ({ n: n + 1, warnings: warningsOf(run).filter((w) => w.data.source === 'complaint-rate') }));
    expect(rated.filter((r) => r.warnings.length > 0).map((r) => r.n)).toEqual([85]);
    const [raised] = rated[84].warnings;
    expect(raised.data).toMatchObject({ level: 'yellow', unit: 'development-zone', complaintRate: 40.4, complaintCount: 85, title: '投诉率超控制线：本月第 85 件投诉' });
    // All 85 are counted; the newest 50 are named, the month's others are the unit's complaints in the inbox.
    expect(raised.data.complaints).toEqual(runs.slice(35, 85).map((run) => run.caseId));

    const opened = new CaseRun(warning, { data: raised.data, actor: agent, now: runs[84].now, caseId: 'W-32' });
    const [notice] = opened.sent('warning-raised');
    expect(notice.body).toContain('来源：投诉率超标　业务单元：开发区分公司\n');
    expect(notice.body).toContain('本月万名用户投诉率：40.4 人次/万人');
    expect(notice.body).toContain(`关联投诉：本单元本月共 85 件，最近 50 件： ${runs[35].caseId} `);
    expect(notice.body.trimEnd().endsWith(` ${runs[84].caseId}`)).toBe(true);
  });

  it('counts the month afresh from its first day, Beijing time', () => {
    const desk = new ComplaintDesk();
    desk.register(beijing('2026-03-31 23:30'));
    const april = desk.register(beijing('2026-04-01 00:10'));
    expect(april.data.unitMonth).toMatchObject({ count: 1 });
    expect(april.data.sameCategory).toMatchObject({ count: 2 });
  });
});
