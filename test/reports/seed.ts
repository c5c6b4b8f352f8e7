/**
 * A seeded set of cases for the report tests. The right answers are worked out by hand in
 * the tests, from the comments here.
 */
import type { ClockState } from '../../engine/compile/types.js';
import { defaultReportSettings, subscriberCountsFrom, type ReportCase, type ReportEvent, type ReportSettings } from '../../engine/reports/index.js';

/** Epoch ms of an ISO time. */
export const at = (iso: string): number => Date.parse(iso);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** March 2025, the period of most tests; reports are drawn up on 2 April 00:00 UTC. */
export const march = { from: at('2025-03-01T00:00:00Z'), to: at('2025-04-01T00:00:00Z'), now: at('2025-04-02T00:00:00Z') };

/**
 * Users per unit: east 500, west 5,000, north 10,000. Subscriber counts for 离网率: east February and
 * March, west March; north's March lacks its net new billed users, so it does not count.
 */
export const settings: ReportSettings = {
  ...defaultReportSettings,
  complaints: { ...defaultReportSettings.complaints, usersByUnit: { east: 500, west: 5_000, north: 10_000 } },
  retention: {
    ...defaultReportSettings.retention,
    subscribers: subscriberCountsFrom({
      netNewDevelopedUsers: { 'east/2025-02': 1_000, 'east/2025-03': 1_200, 'west/2025-03': 800, 'north/2025-03': 500 },
      netNewBilledUsers: { 'east/2025-02': 990, 'east/2025-03': 1_100, 'west/2025-03': 700 },
      billedUsers: { 'east/2025-02': 49_000, 'east/2025-03': 50_000, 'west/2025-03': 20_000, 'north/2025-03': 30_000 },
    }),
  },
};

function clock(status: ClockState['status'], withinMs: number, elapsedMs: number, extra: Partial<ClockState> = {}): ClockState {
  return { status, withinMs, elapsedMs, resumedAt: 0, pauses: 0, fired: [], ...extra };
}
const met = (within: number) => clock('stopped', within, within / 2);
const breached = (within: number) => clock('stopped', within, within + HOUR, { fired: ['warn', 'breach'] });
const running = (within: number, dueAt: number) => clock('running', within, 0, { dueAt });

let counter = 0;
function kase(processId: string, createdIso: string, fields: Partial<ReportCase>): ReportCase {
  counter += 1;
  const createdAt = at(createdIso);
  return { id: `${processId}-${counter}`, processId, state: 'x', status: 'active', data: {}, clocks: {}, createdAt, updatedAt: createdAt, ...fields };
}

const complaint = (id: string, created: string, fields: Partial<ReportCase>) => ({ ...kase('complaint-handling', created, fields), id });

function events(...steps: Array<[string, string]>): ReportEvent[] {
  return steps.map(([to, iso], index) => ({ seq: index + 1, type: index === 0 ? '$start' : to, at: at(iso), from: index === 0 ? null : steps[index - 1][0], to }));
}

/**
 * Complaints (the first-reply clock is the `received` state's): c1–c4 east, c5–c6 west, c7 north
 * (February), c8 without a unit. Close on time is judged from registration to the last entry to
 * `closed`, by the complaint's own `closeWithin` (72 h unless it says otherwise), less the time
 * spent waiting for the customer.
 */
export const complaints: ReportCase[] = [
  // first reply met; closed 48 h after registration: in time; score 90, satisfied
  complaint('c1', '2025-03-02T10:00:00Z', {
    state: 'closed', status: 'done', data: { unit: 'east', satisfaction: 'satisfied', satisfactionScore: 90 }, clocks: { received: met(DAY), close: met(3 * DAY) },
    events: events(['received', '2025-03-02T10:00:00Z'], ['investigating', '2025-03-02T12:00:00Z'], ['resolved', '2025-03-03T10:00:00Z'], ['closed', '2025-03-04T10:00:00Z']),
  }),
  // first reply 1 h late; resolved in a day, reopened after a dissatisfied callback, finally
  // closed 5 days after registration: 2 days late (its close clock alone says met); last callback satisfied, 70
  complaint('c2', '2025-03-03T10:00:00Z', {
    state: 'closed', status: 'done', data: { unit: 'east', satisfaction: 'satisfied', satisfactionScore: 70 }, clocks: { received: breached(DAY), close: met(3 * DAY) },
    events: events(['received', '2025-03-03T10:00:00Z'], ['investigating', '2025-03-04T11:00:00Z'], ['resolved', '2025-03-04T12:00:00Z'],
      ['investigating', '2025-03-05T10:00:00Z'], ['resolved', '2025-03-07T10:00:00Z'], ['closed', '2025-03-08T10:00:00Z']),
  }),
  // first reply met; still investigating, due 13 March 10:00: 470 h late on 2 April
  complaint('c3', '2025-03-10T10:00:00Z', {
    state: 'investigating', data: { unit: 'east' }, clocks: { received: met(DAY), close: running(3 * DAY, at('2025-03-13T10:00:00Z')) },
    events: events(['received', '2025-03-10T10:00:00Z'], ['investigating', '2025-03-10T12:00:00Z']),
  }),
  // withdrawn: a complaint for the rate, but neither met nor missed
  complaint('c4', '2025-03-15T10:00:00Z', { state: 'withdrawn', status: 'done', data: { unit: 'east' }, clocks: { received: breached(DAY), close: clock('stopped', 3 * DAY, DAY) } }),
  // met; waited 48 h for the customer, closed 96 h after registration: 48 h counted, in time; score 95
  complaint('c5', '2025-03-05T10:00:00Z', {
    state: 'closed', status: 'done', data: { unit: 'west', satisfaction: 'satisfied', satisfactionScore: 95 }, clocks: { received: met(DAY), close: met(3 * DAY) },
    events: events(['received', '2025-03-05T10:00:00Z'], ['investigating', '2025-03-05T12:00:00Z'], ['waiting-for-customer', '2025-03-06T10:00:00Z'],
      ['investigating', '2025-03-08T10:00:00Z'], ['resolved', '2025-03-08T20:00:00Z'], ['closed', '2025-03-09T10:00:00Z']),
  }),
  // first reply met; waiting for the customer since 31 March 10:00 (24 h used): open
  complaint('c6', '2025-03-30T10:00:00Z', {
    state: 'waiting-for-customer', data: { unit: 'west' }, clocks: { received: met(DAY), close: clock('paused', 3 * DAY, DAY, { pauses: 1 }) },
    events: events(['received', '2025-03-30T10:00:00Z'], ['investigating', '2025-03-30T12:00:00Z'], ['waiting-for-customer', '2025-03-31T10:00:00Z']),
  }),
  // February: outside the period
  complaint('c7', '2025-02-27T10:00:00Z', { state: 'closed', status: 'done', data: { unit: 'north', satisfaction: 'dissatisfied', satisfactionScore: 30 }, clocks: { received: breached(DAY), close: breached(3 * DAY) } }),
  // no unit; a five-star-diamond customer's own close deadline is 36 h: closed at 48 h, 12 h late; dissatisfied, no score
  complaint('c8', '2025-03-20T10:00:00Z', {
    state: 'closed', status: 'done', data: { satisfaction: 'dissatisfied', closeWithin: '2160m' }, clocks: { received: met(DAY), close: met(3 * DAY) },
    events: events(['received', '2025-03-20T10:00:00Z'], ['investigating', '2025-03-20T11:00:00Z'], ['resolved', '2025-03-21T10:00:00Z'], ['closed', '2025-03-22T10:00:00Z']),
  }),
];

const warning = (id: string, created: string, fields: Partial<ReportCase>) => ({ ...kase('escalation-warning', created, fields), id });

/** Warnings: w1–w4, w6, w7 raised in March, w5 in February. Overdue on 2 April: w5, w2, w7, w4. */
export const warnings: ReportCase[] = [
  warning('w1', '2025-03-03T00:00:00Z', { state: 'closed', status: 'done', data: { level: 'blue', source: 'overdue-complaint', unit: 'east' } }),
  // yellow, acknowledgement due 10 March 02:00, never acknowledged
  warning('w2', '2025-03-10T00:00:00Z', { state: 'raised', data: { level: 'yellow', source: 'batch', unit: 'west', climbs: 1 }, clocks: { acknowledge: running(2 * HOUR, at('2025-03-10T02:00:00Z')) } }),
  // red, due an hour after the report is drawn up: not overdue
  warning('w3', '2025-03-20T00:00:00Z', { state: 'responding', data: { level: 'red', source: 'public-opinion' }, nextDueAt: at('2025-04-02T01:00:00Z') }),
  // red, due 1 April 12:00: 12 hours overdue
  warning('w4', '2025-03-28T00:00:00Z', { state: 'responding', data: { level: 'red', source: 'overdue-complaint', category: 'billing', unit: 'east' }, clocks: { resolve: running(4 * HOUR, at('2025-04-01T12:00:00Z')) } }),
  // February, orange, due 21 February: overdue, though not raised in March
  warning('w5', '2025-02-20T00:00:00Z', { state: 'raised', data: { level: 'orange', source: 'manual' }, nextDueAt: at('2025-02-21T00:00:00Z') }),
  warning('w6', '2025-03-30T00:00:00Z', { state: 'closed', status: 'done', data: { level: 'blue', source: 'public-opinion' } }),
  // climbed blue → red, then missed red's 4 h resolve deadline (due 29 March 14:00): stays red and reminds
  warning('w7', '2025-03-29T00:00:00Z', {
    state: 'red-overdue',
    data: { level: 'red', source: 'overdue-complaint', climbs: 3 },
    clocks: { responding: clock('stopped', 4 * HOUR, 4 * HOUR, { resumedAt: at('2025-03-29T10:00:00Z'), fired: ['breach'] }) },
    updatedAt: at('2025-04-01T23:30:00Z'),
  }),
];

const retention = (id: string, state: string, data: Record<string, unknown>) => ({ ...kase('deactivation-retention', '2025-03-12T00:00:00Z', { state, data }), id });

const penalised = { penaltyGeneralManager: 10, penaltyCenterDirector: 10 };

/**
 * Retention: east r1 awaiting its 30-day check, r2 lost member, r3 lost non-member; west r4 lost
 * member, r5 pending, r6 retained (checked), r7 at its 30-day check.
 */
export const retentions: ReportCase[] = [
  // kept, the 30-day check still ahead: neither retained nor lost
  retention('r1', 'retained', { unit: 'east', customer: { tier: 'star-2', member: true } }),
  retention('r2', 'lost', { unit: 'east', customer: { tier: 'star-3', member: true }, ...penalised }),
  retention('r3', 'released-for-resale', { unit: 'east', customer: { tier: 'normal', member: false }, penaltyGeneralManager: 0, penaltyCenterDirector: 0 }),
  retention('r4', 'deactivated', { unit: 'west', customer: { tier: 'five-star-gold', member: true }, ...penalised }),
  retention('r5', 'specialist-retention', { unit: 'west', customer: { tier: 'star-1' } }),
  retention('r6', 'closed-retained', { unit: 'west', customer: { tier: 'normal' } }),
  retention('r7', 'retention-check', { unit: 'west', customer: { tier: 'normal' } }),
];

const fee = (id: string, state: string, data: Record<string, unknown>, steps: Array<[string, string]>) => ({
  ...kase('fee-approval', steps[0][1], { state, data, events: events(...steps) }),
  id,
});

/**
 * Fee requests: approval took 36 h (f1), 24 h (f2), 12 h (f3); f1 and f3 report their spend: f1 5 %
 * over its budget (within the 10 % tolerance, reimbursed), f3 20 % over.
 */
export const fees: ReportCase[] = [
  fee('f1', 'reimbursed', { unit: 'east', feeType: 'gift', budget: 10_000, actualSpend: 10_500 }, [
    ['draft', '2025-03-01T08:00:00Z'], ['city-review', '2025-03-02T09:00:00Z'], ['approved', '2025-03-03T21:00:00Z'],
    ['in-execution', '2025-03-04T09:00:00Z'], ['reimbursement-review', '2025-03-20T09:00:00Z'], ['reimbursed', '2025-03-21T09:00:00Z'],
  ]),
  fee('f2', 'in-execution', { unit: 'east', feeType: 'activity', budget: 60_000 }, [
    ['draft', '2025-03-05T08:00:00Z'], ['city-review', '2025-03-05T10:00:00Z'], ['gm-review', '2025-03-05T20:00:00Z'],
    ['approved', '2025-03-06T10:00:00Z'], ['in-execution', '2025-03-07T10:00:00Z'],
  ]),
  fee('f3', 'reimbursement-review', { unit: 'west', feeType: 'after-sales', budget: 5_000, actualSpend: 6_000 }, [
    ['draft', '2025-03-09T08:00:00Z'], ['cs-review', '2025-03-10T00:00:00Z'], ['approved', '2025-03-10T12:00:00Z'],
    ['in-execution', '2025-03-11T00:00:00Z'], ['reimbursement-review', '2025-03-25T00:00:00Z'],
  ]),
  fee('f4', 'cs-review', { unit: 'west', feeType: 'other', budget: 2_000 }, [['draft', '2025-03-19T08:00:00Z'], ['cs-review', '2025-03-20T08:00:00Z']]),
  fee('f5', 'draft', { unit: 'west', feeType: 'other' }, [['draft', '2025-03-22T08:00:00Z']]),
];

/** Every seeded case. */
export const allCases: ReportCase[] = [...complaints, ...warnings, ...retentions, ...fees];
