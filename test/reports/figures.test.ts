import { describe, expect, it } from 'vitest';
import {
  churnRate,
  closedInTimeRate,
  complaintRate,
  deadlineOutcome,
  feeFigures,
  firstReplyRate,
  retentionFigures,
  satisfaction,
  satisfactionScore,
  warningFigures,
} from '../../engine/reports/index.js';
import { allCases, at, march, settings } from './seed.js';

const scope = march;
const HOUR = 3_600_000;

describe('complaint rate per 10,000 users', () => {
  it('divides the complaints opened in the period by the users of each unit and flags the ones over 40', () => {
    const figure = complaintRate(allCases, scope, settings);
    // east 4 complaints / 500 users = 80; west 2 / 5,000 = 4; north 0 (its complaint is from February)
    expect(figure.controlLine).toBe(40);
    expect(figure.units).toEqual([
      { unit: '(none)', complaints: 1, users: null, ratePer10k: null, overLine: null },
      { unit: 'east', complaints: 4, users: 500, ratePer10k: 80, overLine: true },
      { unit: 'north', complaints: 0, users: 10_000, ratePer10k: 0, overLine: false },
      { unit: 'west', complaints: 2, users: 5_000, ratePer10k: 4, overLine: false },
    ]);
    // all 7 complaints; the rate over units with a user count: 6 / 15,500 users = 3.87
    expect(figure.total).toEqual({ unit: 'all', complaints: 7, users: 15_500, ratePer10k: 3.87, overLine: false, uncounted: 1 });
  });

  it('narrows to one business unit', () => {
    const figure = complaintRate(allCases, { ...scope, unit: 'east' }, settings);
    expect(figure.units).toEqual([{ unit: 'east', complaints: 4, users: 500, ratePer10k: 80, overLine: true }]);
    expect(figure.total).toEqual({ unit: 'east', complaints: 4, users: 500, ratePer10k: 80, overLine: true, uncounted: 0 });
  });

  it('counts by the period: February has only the north complaint', () => {
    const figure = complaintRate(allCases, { from: at('2025-02-01T00:00:00Z'), to: at('2025-03-01T00:00:00Z'), now: scope.now }, settings);
    expect(figure.total).toEqual({ unit: 'all', complaints: 1, users: 15_500, ratePer10k: 0.65, overLine: false, uncounted: 0 });
  });

  it('is a monthly rate: over February and March each unit\'s complaints count per month', () => {
    const figure = complaintRate(allCases, { from: at('2025-02-01T00:00:00Z'), to: at('2025-04-01T00:00:00Z'), now: scope.now }, settings);
    // two months: east 4 / 500 / 2 = 40 (on the line, not over); north 1 / 10,000 / 2 = 0.5; west 2 / 5,000 / 2 = 2
    expect(figure.period.months).toBe(2);
    expect(figure.units.filter((row) => row.users !== null).map((row) => [row.unit, row.ratePer10k, row.overLine])).toEqual([
      ['east', 40, false], ['north', 0.5, false], ['west', 2, false],
    ]);
    // 7 counted complaints / 15,500 users / 2 months = 2.26
    expect(figure.total.ratePer10k).toBe(2.26);
  });

  it('counts the month of the report day in the centre\'s time zone when no period is given', () => {
    const figure = complaintRate(allCases, { now: at('2025-03-20T00:00:00Z') }, settings);
    // March in Shanghai: 28 February 16:00 UTC to 31 March 16:00 UTC; c7 (27 February) is out
    expect(figure.period).toEqual({ from: at('2025-02-28T16:00:00Z'), to: at('2025-03-31T16:00:00Z'), months: 1 });
    expect(figure.units.find((row) => row.unit === 'east')).toEqual({ unit: 'east', complaints: 4, users: 500, ratePer10k: 80, overLine: true });
  });
});

describe('deadline rates of complaints', () => {
  it('counts first replies within 24 h, leaving withdrawn complaints out', () => {
    const figure = firstReplyRate(allCases, scope, settings);
    // east: c1 met, c2 breached, c3 met (c4 withdrawn); west: c5, c6 met; no unit: c8 met
    expect(figure.units).toEqual([
      { unit: '(none)', met: 1, missed: 0, open: 0, rate: 100 },
      { unit: 'east', met: 2, missed: 1, open: 0, rate: 66.7 },
      { unit: 'west', met: 2, missed: 0, open: 0, rate: 100 },
    ]);
    expect(figure.total).toEqual({ unit: 'all', met: 5, missed: 1, open: 0, rate: 83.3 });
  });

  it('lists the late first replies with their unit and how late', () => {
    // c2 replied an hour after its 24 h; c4 too, but it was withdrawn
    expect(firstReplyRate(allCases, scope, settings).late).toEqual([
      { id: 'c2', unit: 'east', dueAt: at('2025-03-04T10:00:00Z'), lateMs: HOUR, stillOpen: false },
    ]);
  });

  it('ends the close deadline at archiving, counts a reopened complaint by its final close and lists the late ones', () => {
    const figure = closedInTimeRate(allCases, scope, settings);
    // east: c1 met; c2 resolved in a day but archived after 5 days, late; c3 still open past 13 March, late.
    // west: c5 met (48 h waiting for the customer not counted); c6 open. No unit: c8 late by its own 36 h.
    expect(figure.units).toEqual([
      { unit: '(none)', met: 0, missed: 1, open: 0, rate: 0 },
      { unit: 'east', met: 1, missed: 2, open: 0, rate: 33.3 },
      { unit: 'west', met: 1, missed: 0, open: 1, rate: 100 },
    ]);
    expect(figure.total).toEqual({ unit: 'all', met: 2, missed: 3, open: 1, rate: 40 });
    expect(figure.late).toEqual([
      { id: 'c3', unit: 'east', dueAt: at('2025-03-13T10:00:00Z'), lateMs: 470 * HOUR, stillOpen: true },
      { id: 'c2', unit: 'east', dueAt: at('2025-03-06T10:00:00Z'), lateMs: 48 * HOUR, stillOpen: false },
      { id: 'c8', dueAt: at('2025-03-21T22:00:00Z'), lateMs: 12 * HOUR, stillOpen: false },
    ]);
    expect(figure.closeWithinMs).toBe(72 * HOUR);
  });

  it('judges a single clock: breach mark, overdue while running, stopped within, stopped late', () => {
    const base = { withinMs: 10, elapsedMs: 5, resumedAt: 0, pauses: 0, fired: [] };
    expect(deadlineOutcome({ ...base, status: 'stopped' }, 100)).toBe('met');
    expect(deadlineOutcome({ ...base, status: 'stopped', elapsedMs: 11 }, 100)).toBe('missed');
    expect(deadlineOutcome({ ...base, status: 'stopped', fired: ['breach'] }, 100)).toBe('missed');
    expect(deadlineOutcome({ ...base, status: 'running', dueAt: 50 }, 49)).toBe('open');
    expect(deadlineOutcome({ ...base, status: 'running', dueAt: 50 }, 51)).toBe('missed');
    expect(deadlineOutcome(undefined, 0)).toBe('open');
  });
});

describe('satisfaction', () => {
  it('averages the 百分制 scores per unit against the line of 80, and keeps the satisfied share apart', () => {
    const figure = satisfaction(allCases, scope, settings);
    // east c1 90 and c2 70: 80, on the line; west c5 95; no unit: c8 answered dissatisfied without a score
    expect(figure.line).toBe(80);
    expect(figure.units).toEqual([
      { unit: '(none)', scored: 0, routineScored: 0, score: null, belowLine: null, responses: 1, satisfied: 0, satisfiedShare: 0 },
      { unit: 'east', scored: 2, routineScored: 0, score: 80, belowLine: false, responses: 2, satisfied: 2, satisfiedShare: 100 },
      { unit: 'west', scored: 1, routineScored: 0, score: 95, belowLine: false, responses: 1, satisfied: 1, satisfiedShare: 100 },
    ]);
    // (90 + 70 + 95) / 3 = 85; 3 of 4 answers satisfied
    expect(figure.total).toEqual({ unit: 'all', scored: 3, routineScored: 0, score: 85, belowLine: false, responses: 4, satisfied: 3, satisfiedShare: 75 });
  });

  it('counts routine callbacks (回访) by the day of the call, their scores in the mean and a reached customer as an answer', () => {
    const routine = (id: string, created: string, data: Record<string, unknown>) => ({
      id, processId: 'customer-callback', state: 'done', status: 'done' as const, data, clocks: {}, createdAt: at(created), updatedAt: at(created),
    });
    const callbacks = [
      // scheduled in February, called in March: counts in March
      routine('r1', '2025-02-20T00:00:00Z', { unit: 'east', outcome: 'satisfied', satisfaction: 60, calledAt: '2025-03-05T02:00:00.000Z' }),
      routine('r2', '2025-03-01T00:00:00Z', { unit: 'west', outcome: 'issue-found', satisfaction: 35, calledAt: '2025-03-06T02:00:00.000Z' }),
      // not reached: no answer, no score
      routine('r3', '2025-03-01T00:00:00Z', { unit: 'west', outcome: 'unreachable', calledAt: '2025-03-07T02:00:00.000Z' }),
      // called in April: not March's
      routine('r4', '2025-03-10T00:00:00Z', { unit: 'east', outcome: 'satisfied', satisfaction: 100, calledAt: '2025-04-01T02:00:00.000Z' }),
      // not called yet
      routine('r5', '2025-03-10T00:00:00Z', { unit: 'east' }),
    ];
    const figure = satisfaction([...allCases, ...callbacks], scope, settings);
    // east: c1 90, c2 70, r1 60 = 73.3, under the line; 3 answers all satisfied
    expect(figure.units.find((row) => row.unit === 'east')).toEqual({ unit: 'east', scored: 3, routineScored: 1, score: 73.3, belowLine: true, responses: 3, satisfied: 3, satisfiedShare: 100 });
    // west: c5 95, r2 35 = 65; c5 satisfied, r2 found an issue: 1 of 2
    expect(figure.units.find((row) => row.unit === 'west')).toEqual({ unit: 'west', scored: 2, routineScored: 1, score: 65, belowLine: true, responses: 2, satisfied: 1, satisfiedShare: 50 });
    // (90 + 70 + 95 + 60 + 35) / 5 = 70; 4 of 6 answers satisfied
    expect(figure.total).toEqual({ unit: 'all', scored: 5, routineScored: 2, score: 70, belowLine: true, responses: 6, satisfied: 4, satisfiedShare: 66.7 });
    expect(satisfaction([...allCases, ...callbacks], { ...scope, unit: 'east' }, settings).total.routineScored).toBe(1);
  });

  it('takes only scores from 0 to 100, never a satisfied answer as 100', () => {
    expect([satisfactionScore(87), satisfactionScore(0), satisfactionScore(101), satisfactionScore('satisfied')]).toEqual([87, 0, undefined, undefined]);
  });
});

describe('warnings', () => {
  it('counts the warnings raised in the period by level, open, done, overdue and climbed', () => {
    const figure = warningFigures(allCases, scope, settings);
    expect(figure.levels).toEqual([
      { level: 'blue', raised: 2, open: 0, done: 2, overdue: 0, climbed: 0 },
      { level: 'yellow', raised: 1, open: 1, done: 0, overdue: 1, climbed: 1 },
      { level: 'orange', raised: 0, open: 0, done: 0, overdue: 0, climbed: 0 },
      { level: 'red', raised: 3, open: 3, done: 0, overdue: 2, climbed: 1 },
    ]);
    expect(figure.bySource).toEqual([
      { source: 'overdue-complaint', raised: 3 },
      { source: 'public-opinion', raised: 2 },
      { source: 'batch', raised: 1 },
    ]);
  });

  it('lists every open warning past its deadline, most overdue first, whenever it was raised', () => {
    const { overdue } = warningFigures(allCases, scope, settings);
    expect(overdue.map((warning) => [warning.id, warning.level, warning.overdueMs / HOUR])).toEqual([
      ['w5', 'orange', 40 * 24],
      ['w2', 'yellow', 23 * 24 - 2], // 10 March 02:00 to 2 April 00:00
      ['w7', 'red', 3 * 24 + 10], // red since 29 March 14:00
      ['w4', 'red', 12],
    ]);
    expect(overdue[3]).toMatchObject({ state: 'responding', source: 'overdue-complaint', category: 'billing', unit: 'east' });
  });
});

describe('retention cases', () => {
  it('counts as retained only the customers confirmed at the 30-day check, and the share of decided cases lost', () => {
    const figure = retentionFigures(allCases, scope, settings);
    // east: r1 awaiting the check; r2 lost member (10 + 10); r3 lost, not a member.
    // west: r4 lost member; r5 pending; r6 retained; r7 at its check.
    expect(figure.units).toEqual([
      { unit: 'east', retained: 0, awaitingCheck: 1, lost: 2, pending: 0, lostShare: 100, lostMembers: 1, penalty: 20 },
      { unit: 'west', retained: 1, awaitingCheck: 1, lost: 1, pending: 1, lostShare: 50, lostMembers: 1, penalty: 20 },
    ]);
    expect(figure.total).toEqual({ unit: 'all', retained: 1, awaitingCheck: 2, lost: 3, pending: 1, lostShare: 75, lostMembers: 2, penalty: 40 });
  });
});

describe('离网率', () => {
  it('is (net new developed − net new billed) / billed users of the month, units ranked worst first', () => {
    // Without a period: the month of the report day.
    const figure = churnRate({ now: at('2025-03-20T00:00:00Z') }, settings);
    // March: west (800 − 700) / 20,000 = 0.5 %; east (1,200 − 1,100) / 50,000 = 0.2 %; north lacks a count.
    // All: 200 / 70,000 = 0.29 %
    expect(figure.months).toEqual([{
      month: '2025-03',
      units: [
        { unit: 'west', month: '2025-03', netNewDeveloped: 800, netNewBilled: 700, billed: 20_000, rate: 0.5, rank: 1 },
        { unit: 'east', month: '2025-03', netNewDeveloped: 1_200, netNewBilled: 1_100, billed: 50_000, rate: 0.2, rank: 2 },
      ],
      total: { netNewDeveloped: 2_000, netNewBilled: 1_800, billed: 70_000, rate: 0.29 },
    }]);
    expect(figure.missingMonths).toEqual([]);
  });

  it('shows each month of a longer period, one unit when asked, and names the months without counts', () => {
    const figure = churnRate({ from: at('2025-02-01T00:00:00Z'), to: at('2025-04-30T00:00:00Z'), now: scope.now, unit: 'east' }, settings);
    // February (1,000 − 990) / 49,000 = 0.02 %
    expect(figure.months.map((month) => [month.month, month.units.map((row) => [row.unit, row.rate])])).toEqual([
      ['2025-02', [['east', 0.02]]],
      ['2025-03', [['east', 0.2]]],
    ]);
    expect(figure.missingMonths).toEqual(['2025-04']);
  });

  it('keeps a unit-limited reader to their units', () => {
    const figure = churnRate({ now: at('2025-03-20T00:00:00Z'), units: ['east'] }, settings);
    expect(figure.months[0].units.map((row) => row.unit)).toEqual(['east']);
  });
});

describe('fee requests', () => {
  it('groups requests by state with their budgets', () => {
    expect(feeFigures(allCases, scope, settings).byState).toEqual([
      { state: 'cs-review', requests: 1, budget: 2_000 },
      { state: 'draft', requests: 1, budget: 0 },
      { state: 'in-execution', requests: 1, budget: 60_000 },
      { state: 'reimbursed', requests: 1, budget: 10_000 },
      { state: 'reimbursement-review', requests: 1, budget: 5_000 },
    ]);
  });

  it('measures approval lead time from entering review to approval', () => {
    // f1 36 h, f2 24 h (through the general manager), f3 12 h
    expect(feeFigures(allCases, scope, settings).leadTime).toEqual({ approved: 3, meanHours: 24, medianHours: 24, maxHours: 36 });
  });

  it('sets the reported spend against the budget by unit, over budget only beyond the tolerance', () => {
    const figure = feeFigures(allCases, scope, settings);
    expect(figure.spend).toEqual([
      { unit: 'east', requests: 1, budget: 10_000, spend: 10_500, used: 105, overBudget: 0 },
      { unit: 'west', requests: 1, budget: 5_000, spend: 6_000, used: 120, overBudget: 1 },
    ]);
    // f1 is 5 % over, within the 10 % the process reimburses; f3 is 20 % over
    expect(figure.tolerancePercent).toBe(10);
    expect(figure.total).toEqual({ unit: 'all', requests: 2, budget: 15_000, spend: 16_500, used: 110, overBudget: 1 });
  });

  it('narrows fee figures to one unit', () => {
    const figure = feeFigures(allCases, { ...scope, unit: 'west' }, settings);
    expect(figure.byState.map((row) => row.state)).toEqual(['cs-review', 'draft', 'reimbursement-review']);
    expect(figure.leadTime).toEqual({ approved: 1, meanHours: 12, medianHours: 12, maxHours: 12 });
  });
});
