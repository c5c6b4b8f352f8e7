/**
 * Where the reports find their figures in the shipped processes: process ids, state names,
 * data fields, deadline clocks, and the lines to compare against. The numbers come from the
 * processes' YAML `settings` (see `reportSettingsFrom`), so a process owner tunes them there.
 */
import { parseDuration } from '../dsl/duration.js';

/** Names and lines of the complaint figures. */
export interface ComplaintReportSettings {
  process: string;
  /** Clock of the first reply: a state deadline's clock is named after its state. */
  firstReplyClock: string;
  closeClock: string;
  /** State a complaint is archived in (结案): the close-on-time figure ends there, not at `resolved`. */
  closedState: string;
  /** States the close deadline pauses in (the process's close clock does not run while we wait for the customer). */
  closePausedStates: string[];
  /** Data field with the case's own close deadline (`4320m`, shorter for high tiers). */
  closeWithinField: string;
  /** Close deadline of a complaint that does not carry its own (the process's `closeWithin`), ms. */
  closeWithinMs: number;
  /** The callback's answer, `satisfied` / `dissatisfied`: the share of satisfied callbacks. */
  satisfactionField: string;
  /** The callback's 百分制 score 0–100: the mean against the line. */
  satisfactionScoreField: string;
  /** States whose cases leave the deadline rates (a withdrawn complaint is neither met nor missed). */
  excludedStates: string[];
  /** Users of each business unit, for the rate per 10,000 users. */
  usersByUnit: Record<string, number>;
  /** Complaints per 10,000 users a unit should stay under (万名用户投诉率控制指标). */
  controlLine: number;
  /** Satisfaction score a unit should reach (满意度标准值). */
  satisfactionLine: number;
}

/** Where the routine callbacks (回访) keep their score: it counts toward 用户满意度 by the day of the call. */
export interface CallbackReportSettings {
  process: string;
  /** The 0–100 score given at the call. */
  scoreField: string;
  /** The call's outcome; `satisfiedValue` counts as a satisfied answer, any other reached outcome as not. */
  outcomeField: string;
  satisfiedValue: string;
  /** Outcomes that are no answer (the customer was not reached). */
  unansweredValues: string[];
  /** When the call was made (an ISO time): the period a callback counts in. */
  calledAtField: string;
}

/** Names of the warning figures. */
export interface WarningReportSettings {
  process: string;
  levelField: string;
  sourceField: string;
  categoryField: string;
  /** Times the warning climbed a level (each climb is a missed deadline). */
  climbsField: string;
  /** Levels lowest first. */
  levels: string[];
  /** States that mean "past the deadline and cannot climb further" (red, overdue). */
  overdueStates: string[];
}

/** Names of the retention figures. */
export interface RetentionReportSettings {
  process: string;
  /** Customers confirmed still active at the 30-day check. */
  retainedStates: string[];
  /** Customers kept for now, waiting for the 30-day check: neither retained nor lost yet. */
  awaitingCheckStates: string[];
  lostStates: string[];
  /** Penalty amounts the process records on a lost member (CNY), one field per person charged. */
  penaltyFields: string[];
  memberField: string;
  /** Subscriber counts per unit and month for 离网率, from the process's settings. */
  subscribers: SubscriberCounts[];
}

/** The subscriber counts of one unit in one month, as 离网率 (000) needs them. */
export interface SubscriberCounts {
  unit: string;
  /** `2025-03`. */
  month: string;
  /** 净增发展用户数. */
  netNewDeveloped: number;
  /** 净增开账用户数. */
  netNewBilled: number;
  /** 本月开账用户数. */
  billed: number;
}

/** Names of the fee figures. */
export interface FeeReportSettings {
  process: string;
  budgetField: string;
  spendField: string;
  feeTypeField: string;
  /** States a request waits for review in; the approval lead time starts on entering one. */
  reviewStates: string[];
  approvedState: string;
  /** States whose spend counts against the budget. */
  spentStates: string[];
  /** Share the actual spend may exceed the budget and still be reimbursed (0.1 = 10 %). */
  overspendTolerance: number;
}

/** Names and lines of the quality inspection figure. */
export interface QualityReportSettings {
  process: string;
  agentField: string;
  scoreField: string;
  /** The score of the first inspection, kept when a re-check scores again. */
  firstScoreField: string;
  /** 质检平均分 target (95), from the process's `averageTarget`. */
  target: number;
  /** From the process's `passMark`. */
  passMark: number;
}

/** Where the complaint process keeps its customer and the dissatisfied-customer file (不满意客户档案). */
export interface CustomerReportSettings {
  phoneField: string;
  nameField: string;
  /** True once a callback found the customer dissatisfied. */
  dissatisfiedField: string;
  reopenedField: string;
}

/** Everything the reports need to know about the processes. */
export interface ReportSettings {
  /** Data field holding the business unit, in every process. */
  unitField: string;
  /** IANA time zone of the centre: monthly figures count calendar months there. */
  timezone: string;
  complaints: ComplaintReportSettings;
  callbacks: CallbackReportSettings;
  warnings: WarningReportSettings;
  retention: RetentionReportSettings;
  fees: FeeReportSettings;
  quality: QualityReportSettings;
  customers: CustomerReportSettings;
}

/** Settings matching the shipped processes. */
export const defaultReportSettings: ReportSettings = {
  unitField: 'unit',
  timezone: 'Asia/Shanghai',
  complaints: {
    process: 'complaint-handling',
    firstReplyClock: 'received',
    closeClock: 'close',
    closedState: 'closed',
    closePausedStates: ['waiting-for-customer'],
    closeWithinField: 'closeWithin',
    closeWithinMs: 72 * 3_600_000,
    satisfactionField: 'satisfaction',
    satisfactionScoreField: 'satisfactionScore',
    excludedStates: ['withdrawn'],
    usersByUnit: {},
    controlLine: 40,
    satisfactionLine: 80,
  },
  callbacks: {
    process: 'customer-callback',
    scoreField: 'satisfaction',
    outcomeField: 'outcome',
    satisfiedValue: 'satisfied',
    unansweredValues: ['unreachable'],
    calledAtField: 'calledAt',
  },
  warnings: {
    process: 'escalation-warning',
    levelField: 'level',
    sourceField: 'source',
    categoryField: 'category',
    climbsField: 'climbs',
    levels: ['blue', 'yellow', 'orange', 'red'],
    overdueStates: ['red-overdue'],
  },
  retention: {
    process: 'deactivation-retention',
    retainedStates: ['closed-retained'],
    awaitingCheckStates: ['retained', 'retention-check'],
    lostStates: ['lost', 'deactivated', 'released-for-resale'],
    penaltyFields: ['penaltyGeneralManager', 'penaltyCenterDirector'],
    memberField: 'customer.member',
    subscribers: [],
  },
  fees: {
    process: 'fee-approval',
    budgetField: 'budget',
    spendField: 'actualSpend',
    feeTypeField: 'feeType',
    reviewStates: ['city-review', 'cs-review'],
    approvedState: 'approved',
    spentStates: ['reimbursement-review', 're-approval', 'reimbursed'],
    overspendTolerance: 0.1,
  },
  quality: {
    process: 'quality-inspection',
    agentField: 'agent',
    scoreField: 'score',
    firstScoreField: 'firstScore',
    target: 95,
    passMark: 90,
  },
  customers: {
    phoneField: 'customer.phone',
    nameField: 'customer.name',
    dissatisfiedField: 'dissatisfied',
    reopenedField: 'reopenCount',
  },
};

/** The part of a process definition the reports read. */
export interface ProcessSettings {
  id: string;
  settings?: Record<string, unknown>;
}

/**
 * Parses users per unit as a process setting can hold them (setting values are scalars):
 * `"east-district=52000, west-district=38000"`.
 */
function parseUsersByUnit(text: string): Record<string, number> {
  const users: Record<string, number> = {};
  for (const entry of text.split(/[,;，；\n]/)) {
    const match = /^(.+?)\s*[=:：]\s*([0-9_]+)$/.exec(entry.trim());
    if (match) users[match[1].trim()] = Number(match[2].replaceAll('_', ''));
  }
  return users;
}

/** Users per unit from a map setting, or from the older `"east=52000, west=38000"` text. */
function usersByUnitFrom(value: unknown): Record<string, number> {
  if (typeof value === 'string') return parseUsersByUnit(value);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, number] => typeof entry[1] === 'number'));
}

const MONTH_KEY = /^(.+)\/(\d{4}-\d{2})$/;

/** Numbers of a map setting keyed `unit/2025-03`, by that key. */
function monthlyCounts(value: unknown): Map<string, number> {
  const counts = new Map<string, number>();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return counts;
  for (const [key, count] of Object.entries(value)) if (typeof count === 'number' && MONTH_KEY.test(key)) counts.set(key, count);
  return counts;
}

/**
 * The subscriber counts of 离网率 from the retention process's three map settings keyed
 * `unit/month` (`east-district/2025-03: 1200`): `netNewDevelopedUsers` (净增发展用户数),
 * `netNewBilledUsers` (净增开账用户数) and `billedUsers` (本月开账用户数). A unit and month
 * counts only when all three are given.
 */
export function subscriberCountsFrom(settings: Record<string, unknown>): SubscriberCounts[] {
  const developed = monthlyCounts(settings.netNewDevelopedUsers);
  const netBilled = monthlyCounts(settings.netNewBilledUsers);
  const billed = monthlyCounts(settings.billedUsers);
  return [...billed].flatMap(([key, count]): SubscriberCounts[] => {
    const match = MONTH_KEY.exec(key);
    const netNewDeveloped = developed.get(key);
    const netNewBilled = netBilled.get(key);
    if (match === null || netNewDeveloped === undefined || netNewBilled === undefined) return [];
    return [{ unit: match[1], month: match[2], netNewDeveloped, netNewBilled, billed: count }];
  }).sort((a, b) => a.month.localeCompare(b.month) || a.unit.localeCompare(b.unit));
}

/**
 * Report settings with the values the published processes declare in their `settings`:
 * complaint-handling's `usersByUnit` (a map `{east: 52000}`, or text `"east=52000, west=38000"`),
 * `complaintRateLine` (40), `satisfactionLine` (80) and `closeWithin` (72h); the retention
 * process's subscriber counts (see `subscriberCountsFrom`); fee-approval's `overspendTolerance`.
 */
export function reportSettingsFrom(definitions: ProcessSettings[], base: ReportSettings = defaultReportSettings): ReportSettings {
  const settingsOf = (id: string) => definitions.find((definition) => definition.id === id)?.settings ?? {};
  const complaint = settingsOf(base.complaints.process);
  const retention = settingsOf(base.retention.process);
  const fees = settingsOf(base.fees.process);
  const numberOr = (value: unknown, fallback: number) => (typeof value === 'number' ? value : fallback);
  const closeWithin = typeof complaint.closeWithin === 'string' ? parseDuration(complaint.closeWithin) : undefined;
  const subscribers = subscriberCountsFrom(retention);
  const quality = definitions.find((definition) => definition.id === base.quality.process)?.settings ?? {};
  return {
    ...base,
    quality: { ...base.quality, target: numberOr(quality.averageTarget, base.quality.target), passMark: numberOr(quality.passMark, base.quality.passMark) },
    complaints: {
      ...base.complaints,
      usersByUnit: { ...base.complaints.usersByUnit, ...usersByUnitFrom(complaint.usersByUnit) },
      controlLine: numberOr(complaint.complaintRateLine, base.complaints.controlLine),
      satisfactionLine: numberOr(complaint.satisfactionLine, base.complaints.satisfactionLine),
      closeWithinMs: closeWithin?.ms ?? base.complaints.closeWithinMs,
    },
    retention: { ...base.retention, subscribers: subscribers.length > 0 ? subscribers : base.retention.subscribers },
    fees: { ...base.fees, overspendTolerance: numberOr(fees.overspendTolerance, base.fees.overspendTolerance) },
  };
}
