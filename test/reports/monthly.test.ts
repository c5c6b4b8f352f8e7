import { describe, expect, it } from 'vitest';
import type { ClockState } from '../../engine/compile/types.js';
import { defaultReportSettings, monthlyReport, previousMonth, renderMonthlyReport, sendMonthlyReport, type ReportCase } from '../../engine/reports/index.js';
import type { CaseRecord } from '../../engine/runtime/store.js';

const HOUR = 3_600_000;
const ZONE = 'Asia/Shanghai';
const at = (local: string) => Date.parse(`${local.replace(' ', 'T')}:00+08:00`);
const MARCH = previousMonth(at('2026-04-01 10:00'), ZONE);
const settings = { ...defaultReportSettings, complaints: { ...defaultReportSettings.complaints, usersByUnit: { east: 50_000, west: 20_000 } } };

const stopped = (elapsedHours: number): ClockState => ({ status: 'stopped', elapsedMs: elapsedHours * HOUR, resumedAt: 0, withinMs: 72 * HOUR, pauses: 0, fired: elapsedHours > 72 ? ['breach'] : [] });
const running = (dueAt: number): ClockState => ({ status: 'running', elapsedMs: 0, resumedAt: dueAt - 72 * HOUR, withinMs: 72 * HOUR, pauses: 0, fired: [], dueAt });

/** A complaint; a closed one was archived when its close clock stopped (its events say when). */
function complaint(id: string, unit: string, opened: string, close: ClockState, state = 'closed', extra: Record<string, unknown> = {}): ReportCase {
  const createdAt = at(opened);
  const events = state === 'closed' ? [{ seq: 2, type: 'callback', at: createdAt + close.elapsedMs, from: 'resolved', to: 'closed' }] : [];
  return {
    id, processId: 'complaint-handling', state, status: state === 'closed' ? 'done' : 'active',
    data: { unit, customer: { name: `客户${id}` }, category: 'network', ...extra },
    clocks: { close, received: stopped(2) }, createdAt, updatedAt: createdAt, events,
  };
}

const complaints = [
  complaint('C1', 'east', '2026-03-02 09:00', stopped(30), 'closed', { satisfactionScore: 90 }),
  complaint('C2', 'east', '2026-03-05 09:00', stopped(80), 'closed', { satisfactionScore: 70 }),
  complaint('C3', 'west', '2026-03-10 09:00', stopped(20), 'closed', { satisfactionScore: 100 }),
  complaint('C4', 'west', '2026-03-12 09:00', stopped(40), 'closed', { satisfactionScore: 95 }),
  complaint('C5', 'west', '2026-03-28 09:00', running(at('2026-03-31 09:00')), 'investigating'),
  complaint('C0', 'west', '2026-02-27 09:00', stopped(90)),
];
const inspections: ReportCase[] = [
  { id: 'Q1', processId: 'quality-inspection', state: 'passed', status: 'done', data: { unit: 'east', agent: 'a', score: 96 }, clocks: {}, createdAt: at('2026-03-04 09:00'), updatedAt: 0 },
];

describe('客服月报: the monthly service report', () => {
  it('ranks the units by complaint rate, with each unit’s figures, and lists the late complaints', () => {
    const report = monthlyReport(complaints, inspections, MARCH, at('2026-04-01 10:00'), settings);
    expect(report.month).toEqual({ label: '2026-03', from: at('2026-03-01 00:00'), to: at('2026-04-01 00:00') });
    expect(report.units).toEqual([
      { rank: 1, unit: 'east', complaints: 2, ratePer10k: 0.4, overLine: false, firstReplyRate: 100, closedInTimeRate: 50, satisfaction: 80, qualityAverage: 96 },
      { rank: 2, unit: 'west', complaints: 3, ratePer10k: 1.5, overLine: false, firstReplyRate: 100, closedInTimeRate: 66.7, satisfaction: 97.5, qualityAverage: null },
    ]);
    expect(report.total).toMatchObject({ unit: 'all', complaints: 5, closedInTimeRate: 60 });
    expect(report.late).toEqual([
      { id: 'C5', unit: 'west', customer: '客户C5', category: 'network', state: 'investigating', openedAt: at('2026-03-28 09:00'), closed: false, lateHours: 25 },
      { id: 'C2', unit: 'east', customer: '客户C2', category: 'network', state: 'closed', openedAt: at('2026-03-05 09:00'), closed: true, lateHours: 8 },
    ]);
  });

  it('takes the routine callbacks called in the month into each unit’s satisfaction', () => {
    const routine = (id: string, unit: string, score: number, calledAt: string): ReportCase => ({
      id, processId: 'customer-callback', state: 'done', status: 'done', clocks: {}, createdAt: at('2026-02-20 09:00'), updatedAt: 0,
      data: { unit, outcome: 'satisfied', satisfaction: score, calledAt: new Date(at(calledAt)).toISOString() },
    });
    const callbacks = [routine('R1', 'east', 50, '2026-03-03 10:00'), routine('R2', 'east', 100, '2026-04-02 10:00')];
    const report = monthlyReport(complaints, inspections, MARCH, at('2026-04-01 10:00'), settings, callbacks);
    // east: C1 90, C2 70 and R1 50 = 70 (R2 is April's); west unchanged
    expect(report.units.map((row) => [row.unit, row.satisfaction])).toEqual([['east', 70], ['west', 97.5]]);
  });

  it('writes it as a Chinese message naming units by their labels and the last one criticised', () => {
    const report = monthlyReport(complaints, inspections, MARCH, at('2026-04-01 10:00'), settings);
    const { subject, body } = renderMonthlyReport(report, new Map([['east', '城东分公司'], ['west', '城西分公司']]));
    expect(subject).toBe('客服月报 2026-03：投诉 5 件，超时 2 件');
    expect(body.split('\n')).toEqual([
      '客服月报 2026-03',
      '',
      '一、各单元排名（按万名用户投诉率由低到高；控制线 40，满意度标准 80 分，质检目标 95 分）',
      '1. 城东分公司：投诉 2 件，万名投诉率 0.4，24小时回复率 100%，3天结案率 50%，满意度 80，质检平均分 96',
      '2. 城西分公司：投诉 3 件，万名投诉率 1.5，24小时回复率 100%，3天结案率 66.7%，满意度 97.5，质检平均分 —',
      '合计：投诉 5 件，万名投诉率 0.71，3天结案率 60%，满意度 88.8，质检平均分 96',
      '通报批评：城西分公司（万名用户投诉率排名末位）',
      '',
      '二、超时未结案投诉（2 件）',
      '- C5 城西分公司 客户C5 超时 25 小时（未结案）',
      '- C2 城东分公司 客户C2 超时 8 小时（已结案）',
    ]);
  });

  it('writes last month’s report to the outbox once, on the 1st from 09:00', async () => {
    const records = [...complaints, ...inspections].map((item): CaseRecord => ({
      id: item.id, processId: item.processId, version: 1, state: item.state, status: item.status, revision: 1,
      snapshot: { value: item.state, data: item.data, clocks: item.clocks, status: item.status }, actionableRoles: [], searchText: '',
      createdAt: item.createdAt, updatedAt: item.updatedAt, createdBy: 'x', lastHash: '', unit: String(item.data.unit),
    }));
    let reads = 0;
    const store = {
      queryCases: async (query: { processId?: string; createdFrom?: number; createdBefore?: number }) => {
        reads += 1;
        const items = records.filter((r) => r.processId === query.processId && r.createdAt >= (query.createdFrom ?? -Infinity) && r.createdAt < (query.createdBefore ?? Infinity));
        return { items: items.sort((a, b) => b.createdAt - a.createdAt) };
      },
      getEvents: async () => [],
    };
    type Written = { key: string; subject?: string; body: string; to: string[]; channel: string; template: string };
    const notices: Written[] = [];
    const outboxRow = (notice: Written, id: number, now: number) => ({
      id, caseId: notice.key, eventSeq: 0, channel: notice.channel, template: notice.template, to: notice.to, body: notice.body,
      status: 'pending' as const, attempts: 0, nextAttemptAt: now, createdAt: now,
    });
    const outbox = {
      addNotice: async (notice: Written, now: number) => {
        if (notices.some((n) => n.key === notice.key)) return undefined;
        notices.push(notice);
        return outboxRow(notice, notices.length, now);
      },
      page: async (query: { caseId?: string; limit: number }) => ({
        items: notices.filter((n) => n.key === query.caseId).slice(0, query.limit).map((n) => outboxRow(n, notices.indexOf(n) + 1, 0)),
      }),
    };
    let now = at('2026-04-01 08:59');
    const options = { store, outbox, clock: { now: () => now }, reports: { timezone: ZONE, settings: async () => settings } };
    expect(await sendMonthlyReport(options, now)).toBeUndefined();
    now = at('2026-04-01 09:00');
    const row = await sendMonthlyReport(options, now);
    expect(row).toMatchObject({ caseId: 'monthly-report:2026-03', template: 'monthly-report', to: ['team-lead', 'center-manager', 'cs-director', 'general-manager'] });
    expect(notices[0].subject).toBe('客服月报 2026-03：投诉 5 件，超时 2 件');
    expect(notices[0].body).toContain('1. east：投诉 2 件');
    const readsForTheReport = reads;
    expect(await sendMonthlyReport(options, at('2026-04-02 09:00'))).toBeUndefined();
    expect(reads, 'a report written before is not computed again').toBe(readsForTheReport);
    expect(notices).toHaveLength(1);
  });
});
