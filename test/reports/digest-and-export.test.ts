import { describe, expect, it } from 'vitest';
import type { CaseRecord, EventRecord } from '../../engine/runtime/store.js';
import {
  computeFigure,
  createReports,
  loadReportCases,
  previousWeek,
  renderDigest,
  reportSettingsFrom,
  toCsv,
  warningDigest,
  weekContaining,
  type ReportStore,
} from '../../engine/reports/index.js';
import { allCases, at, march, settings } from './seed.js';

describe('digest weeks', () => {
  it('runs from Monday 00:00 to Monday 00:00 in the centre’s time zone', () => {
    // Wednesday 2 April 08:00 in Shanghai
    const week = weekContaining(at('2025-04-02T00:00:00Z'), 'Asia/Shanghai');
    expect(week).toEqual({ label: '2025-W14', from: at('2025-03-30T16:00:00Z'), to: at('2025-04-06T16:00:00Z') });
    expect(previousWeek(at('2025-04-02T00:00:00Z'), 'Asia/Shanghai')).toEqual({
      label: '2025-W13',
      from: at('2025-03-23T16:00:00Z'),
      to: at('2025-03-30T16:00:00Z'),
    });
  });
});

describe('the weekly warning digest', () => {
  const week = previousWeek(march.now, 'Asia/Shanghai');

  it('lists the week’s warnings by level, the open ones, and all those past their deadlines', () => {
    const digest = warningDigest(allCases, week, march.now, settings);
    // raised 24–30 March (Shanghai): w4 and w7 red (both overdue, w7 climbed), w6 blue (closed, Sunday 08:00 local)
    expect(digest.raised.filter((row) => row.raised > 0)).toEqual([
      { level: 'blue', raised: 1, open: 0, done: 1, overdue: 0, climbed: 0 },
      { level: 'red', raised: 2, open: 2, done: 0, overdue: 2, climbed: 1 },
    ]);
    // open now: w2 yellow, w5 orange, w3, w4 and w7 red
    expect(digest.openByLevel).toEqual([
      { level: 'blue', open: 0 },
      { level: 'yellow', open: 1 },
      { level: 'orange', open: 1 },
      { level: 'red', open: 3 },
    ]);
    expect(digest.overdue.map((warning) => warning.id)).toEqual(['w5', 'w2', 'w7', 'w4']);
  });

  it('renders as a message in Chinese with English beside it', () => {
    const { subject, body } = renderDigest(warningDigest(allCases, week, march.now, settings), 'Asia/Shanghai');
    expect(subject).toBe('预警分析通报 2025-W13: 3 raised, 4 overdue');
    expect(body).toContain('预警分析通报 Warning digest 2025-W13 (2025-03-24 – 2025-03-30)');
    expect(body).toContain('  红色 red: 2 (open 2, overdue 2, climbed 1)');
    expect(body).toContain('  w4 红色 red responding east: overdue 12 h');
  });

  it('names the units of overdue warnings by the labels it is given', () => {
    const { body } = renderDigest(warningDigest(allCases, week, march.now, settings), 'Asia/Shanghai', new Map([['east', '东区 East']]));
    expect(body).toContain('  w4 红色 red responding 东区 East: overdue 12 h');
    expect(body).not.toContain(' east:');
  });
});

describe('CSV export', () => {
  it('writes a header and one line per row, quoting commas and defusing formulas', () => {
    const csv = toCsv({
      columns: ['unit', 'rate', 'note'],
      rows: [
        { unit: '东区, east', rate: 80, note: '=HYPERLINK("x")' },
        { unit: 'west', rate: null, note: 'say "hi"' },
      ],
    });
    expect(csv).toBe('\uFEFFunit,rate,note\r\n"东区, east",80,"\'=HYPERLINK(""x"")"\r\nwest,,"say ""hi"""\r\n');
  });

  it('exports the complaint rate table with the control line on each row', () => {
    const report = computeFigure('complaint-rate', allCases, march, settings);
    const csv = toCsv(report.tables.units);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('unit,complaints,users,months,ratePer10k,controlLine,overLine,uncounted');
    expect(lines).toContain('east,4,500,1,80,40,true,');
    expect(lines.at(-1)).toBe('all,7,15500,1,3.87,40,false,1');
  });

  it('shows unit labels in the CSV tables, keeps the ids in the data, and gives the labels beside them', () => {
    const labels = new Map([['east', '东区 East'], ['west', '西区 West']]);
    const report = computeFigure('complaint-rate', allCases, march, settings, labels);
    const lines = toCsv(report.tables.units).slice(1).trimEnd().split('\r\n');
    expect(lines).toContain('东区 East,4,500,1,80,40,true,');
    expect(lines.some((line) => line.startsWith('north,'))).toBe(true);
    expect(lines.at(-1)).toBe('all,7,15500,1,3.87,40,false,1');
    expect(report.data).toMatchObject({ units: expect.arrayContaining([expect.objectContaining({ unit: 'east', complaints: 4 })]) });
    expect(report.unitLabels).toEqual({ east: '东区 East', west: '西区 West' });
  });
});

describe('report settings from the published processes', () => {
  it('reads users per unit and the lines from the complaint process’s settings', () => {
    const read = reportSettingsFrom([
      { id: 'complaint-handling', settings: { usersByUnit: '东城分公司=52000, west = 38_000；north:1000', complaintRateLine: 35, satisfactionLine: 85, compensationLimit: 200 } },
    ]);
    expect(read.complaints.usersByUnit).toEqual({ 东城分公司: 52_000, west: 38_000, north: 1_000 });
    expect(read.complaints.controlLine).toBe(35);
    expect(read.complaints.satisfactionLine).toBe(85);
  });

  it('reads users per unit from a map setting, as the shipped complaint process declares them', () => {
    const read = reportSettingsFrom([{ id: 'complaint-handling', settings: { usersByUnit: { 城东分公司: 52_000, west: 38_000 } } }]);
    expect(read.complaints.usersByUnit).toEqual({ 城东分公司: 52_000, west: 38_000 });
  });

  it('reads the close deadline, the subscriber counts of 离网率 and the overspend tolerance from their processes', () => {
    const read = reportSettingsFrom([
      { id: 'complaint-handling', settings: { closeWithin: '96h' } },
      {
        id: 'deactivation-retention',
        settings: {
          netNewDevelopedUsers: { 'east/2025-03': 1_200, 'west/2025-03': 800, 'not-a-month': 5 },
          netNewBilledUsers: { 'east/2025-03': 1_100, 'west/2025-03': 700 },
          billedUsers: { 'east/2025-03': 50_000 },
        },
      },
      { id: 'fee-approval', settings: { overspendTolerance: 0.05 } },
    ]);
    expect(read.complaints.closeWithinMs).toBe(96 * 3_600_000);
    // west has no billed users for March: left out rather than divided by nothing
    expect(read.retention.subscribers).toEqual([{ unit: 'east', month: '2025-03', netNewDeveloped: 1_200, netNewBilled: 1_100, billed: 50_000 }]);
    expect(read.fees.overspendTolerance).toBe(0.05);
  });

  it('computes 离网率 as a report of its own, with its month and rank in the CSV', () => {
    const report = computeFigure('churn-rate', [], { now: Date.parse('2025-03-20T00:00:00Z') }, settings);
    expect(report.title).toBe('离网率（每月） Subscriber churn a month');
    const lines = toCsv(report.tables.units).slice(1).trimEnd().split('\r\n');
    expect(lines).toEqual([
      'month,rank,unit,netNewDeveloped,netNewBilled,billed,rate',
      '2025-03,1,west,800,700,20000,0.5',
      '2025-03,2,east,1200,1100,50000,0.2',
      '2025-03,,all,2000,1800,70000,0.29',
    ]);
  });

  it('titles the close-on-time figure by the close deadline it measures', () => {
    const report = computeFigure('closed-in-time', allCases, march, settings);
    expect(report.title).toBe('3天结案率（登记至归档） Archived within 72 h of registration');
    expect(toCsv(report.tables.late).slice(1).split('\r\n')[1]).toBe('c3,east,2025-03-13T10:00:00.000Z,470,true');
  });

  it('keeps the lines of the sources (40 and 80) when a process declares none', () => {
    const read = reportSettingsFrom([{ id: 'complaint-handling', settings: { compensationLimit: 200 } }]);
    expect([read.complaints.controlLine, read.complaints.satisfactionLine, read.complaints.usersByUnit]).toEqual([40, 80, {}]);
  });
});

/** A store holding stored records of the seeded fee cases, three to a page. */
function pagedStore(records: CaseRecord[], events: Record<string, EventRecord[]>): ReportStore & { pages: number } {
  const store = {
    pages: 0,
    async queryCases(query: { processId?: string; createdFrom?: number; createdBefore?: number; limit: number; cursor?: string }) {
      store.pages += 1;
      const matching = records.filter((record) => record.processId === query.processId &&
        record.createdAt >= (query.createdFrom ?? -Infinity) && record.createdAt < (query.createdBefore ?? Infinity));
      const start = query.cursor ? Number(query.cursor) : 0;
      const items = matching.slice(start, start + query.limit);
      return { items, nextCursor: start + query.limit < matching.length ? String(start + query.limit) : undefined };
    },
    async getEvents(caseId: string) {
      return events[caseId] ?? [];
    },
  };
  return store;
}

function storedRecord(id: string, processId: string, createdIso: string, data: Record<string, unknown>, state = 'draft'): CaseRecord {
  const createdAt = at(createdIso);
  return {
    id, processId, version: 1, state, status: 'active', snapshot: { value: state, data, clocks: {}, status: 'active' },
    revision: 1, actionableRoles: [], searchText: '', createdAt, updatedAt: createdAt, createdBy: 'u', lastHash: 'h',
  };
}

function event(caseId: string, seq: number, to: string, iso: string): EventRecord {
  return { caseId, seq, type: to, actor: 'u', actorRoles: [], at: at(iso), from: null, to, input: null, prevHash: '', hash: '' };
}

describe('reading cases from the store', () => {
  const records = [
    storedRecord('f-feb', 'fee-approval', '2025-02-10T00:00:00Z', { unit: 'east', budget: 1 }),
    ...['01', '02', '03', '04', '05'].map((day) => storedRecord(`f-${day}`, 'fee-approval', `2025-03-${day}T00:00:00Z`, { unit: 'east', budget: 100 })),
    storedRecord('c-1', 'complaint-handling', '2025-03-02T00:00:00Z', { unit: 'east' }),
  ];
  const events = { 'f-01': [event('f-01', 1, 'draft', '2025-03-01T00:00:00Z'), event('f-01', 2, 'cs-review', '2025-03-01T01:00:00Z'), event('f-01', 3, 'approved', '2025-03-01T04:00:00Z')] };

  it('pages through one process’s cases, keeping those opened in the window, with events when asked', async () => {
    const store = pagedStore(records, events);
    const cases = await loadReportCases(store, 'fee-approval', { withEvents: true, openedFrom: march.from, openedBefore: march.to, pageSize: 3 });
    expect(cases.map((item) => item.id)).toEqual(['f-01', 'f-02', 'f-03', 'f-04', 'f-05']);
    expect(store.pages).toBe(2);
    expect(cases[0].events?.map((item) => item.to)).toEqual(['draft', 'cs-review', 'approved']);
  });

  it('computes a figure end to end from the store with the settings of the published processes', async () => {
    const store = {
      ...pagedStore(records, events),
      async listProcesses() {
        return [{ processId: 'complaint-handling', version: 2, name: '投诉处理', yaml: 'id: complaint-handling\nsettings:\n  usersByUnit: "east=2500"\n', files: {}, publishedBy: 'a', publishedAt: 0 }];
      },
    };
    const reports = createReports({ store, clock: { now: () => march.now } });
    const rate = await reports.figure('complaint-rate', { from: march.from, to: march.to });
    expect(rate.data).toMatchObject({ total: { unit: 'all', complaints: 1, users: 2_500, ratePer10k: 4 } });
    const fees = await reports.figure('fees', { from: march.from, to: march.to });
    expect(fees.data).toMatchObject({ leadTime: { approved: 1, meanHours: 3 }, byState: [{ state: 'draft', requests: 5, budget: 500 }] });
  });
});
