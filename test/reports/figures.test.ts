import { describe, expect, it } from 'vitest';
import {
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

  it('counts a running close deadline past its due time as missed and a paused one in time as open', () => {
    const figure = closedInTimeRate(allCases, scope, settings);
    // east: c1 met, c2 met, c3 overdue since 13 March; west: c5 met, c6 paused with 2 days left
    expect(figure.units).toEqual([
      { unit: '(none)', met: 1, missed: 0, open: 0, rate: 100 },
      { unit: 'east', met: 2, missed: 1, open: 0, rate: 66.7 },
      { unit: 'west', met: 1, missed: 0, open: 1, rate: 100 },
    ]);
    expect(figure.total).toEqual({ unit: 'all', met: 4, missed: 1, open: 1, rate: 80 });
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
  it('scores satisfied callbacks as 100 and dissatisfied as 0, per unit, against the line of 80', () => {
    const figure = satisfaction(allCases, scope, settings);
    // east c1 satisfied, c2 dissatisfied: 50; west c5 satisfied: 100; no unit c8 dissatisfied: 0
    expect(figure.line).toBe(80);
    expect(figure.units).toEqual([
      { unit: '(none)', responses: 1, satisfied: 0, score: 0, belowLine: true },
      { unit: 'east', responses: 2, satisfied: 1, score: 50, belowLine: true },
      { unit: 'west', responses: 1, satisfied: 1, score: 100, belowLine: false },
    ]);
    expect(figure.total).toEqual({ unit: 'all', responses: 4, satisfied: 2, score: 50, belowLine: true });
  });

  it('takes numeric survey scores as they are', () => {
    expect([satisfactionScore(87), satisfactionScore('satisfied'), satisfactionScore('dissatisfied'), satisfactionScore('maybe')]).toEqual([87, 100, 0, undefined]);
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

describe('retention', () => {
  it('counts retained and lost customers, churn, and the penalties recorded for lost members', () => {
    const figure = retentionFigures(allCases, scope, settings);
    // east: r1 retained; r2 lost member (10 + 10); r3 lost, not a member. west: r4 lost member; r5 pending; r6, r7 retained
    expect(figure.units).toEqual([
      { unit: 'east', retained: 1, lost: 2, pending: 0, churn: 66.7, lostMembers: 1, penalty: 20 },
      { unit: 'west', retained: 2, lost: 1, pending: 1, churn: 33.3, lostMembers: 1, penalty: 20 },
    ]);
    expect(figure.total).toEqual({ unit: 'all', retained: 3, lost: 3, pending: 1, churn: 50, lostMembers: 2, penalty: 40 });
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

  it('sets the reported spend against the budget by unit', () => {
    const figure = feeFigures(allCases, scope, settings);
    expect(figure.spend).toEqual([
      { unit: 'east', requests: 1, budget: 10_000, spend: 9_000, used: 90, overBudget: 0 },
      { unit: 'west', requests: 1, budget: 5_000, spend: 6_000, used: 120, overBudget: 1 },
    ]);
    expect(figure.total).toEqual({ unit: 'all', requests: 2, budget: 15_000, spend: 15_000, used: 100, overBudget: 1 });
  });

  it('narrows fee figures to one unit', () => {
    const figure = feeFigures(allCases, { ...scope, unit: 'west' }, settings);
    expect(figure.byState.map((row) => row.state)).toEqual(['cs-review', 'draft', 'reimbursement-review']);
    expect(figure.leadTime).toEqual({ approved: 1, meanHours: 12, medianHours: 12, maxHours: 12 });
  });
});
