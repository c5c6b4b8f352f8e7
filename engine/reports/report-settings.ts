/**
 * Where the reports find their figures in the shipped processes: process ids, state names,
 * data fields, deadline clocks, and the lines to compare against. The numbers come from the
 * processes' YAML `settings` (see `reportSettingsFrom`), so a process owner tunes them there.
 */

/** Names and lines of the complaint figures. */
export interface ComplaintReportSettings {
  process: string;
  /** Clock of the first reply: a state deadline's clock is named after its state. */
  firstReplyClock: string;
  closeClock: string;
  /** A score 0–100, or `satisfied` / `dissatisfied` (counted as 100 / 0). */
  satisfactionField: string;
  /** States whose cases leave the deadline rates (a withdrawn complaint is neither met nor missed). */
  excludedStates: string[];
  /** Users of each business unit, for the rate per 10,000 users. */
  usersByUnit: Record<string, number>;
  /** Complaints per 10,000 users a unit should stay under (万名用户投诉率控制指标). */
  controlLine: number;
  /** Satisfaction score a unit should reach (满意度标准值). */
  satisfactionLine: number;
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
  /** Customers who stayed (the 30-day check may still turn them into lost). */
  retainedStates: string[];
  lostStates: string[];
  /** Penalty amounts the process records on a lost member (CNY), one field per person charged. */
  penaltyFields: string[];
  memberField: string;
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
  complaints: ComplaintReportSettings;
  warnings: WarningReportSettings;
  retention: RetentionReportSettings;
  fees: FeeReportSettings;
  quality: QualityReportSettings;
  customers: CustomerReportSettings;
}

/** Settings matching the shipped processes. */
export const defaultReportSettings: ReportSettings = {
  unitField: 'unit',
  complaints: {
    process: 'complaint-handling',
    firstReplyClock: 'received',
    closeClock: 'close',
    satisfactionField: 'satisfaction',
    excludedStates: ['withdrawn'],
    usersByUnit: {},
    controlLine: 40,
    satisfactionLine: 80,
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
    retainedStates: ['retained', 'retention-check', 'closed-retained'],
    lostStates: ['lost', 'deactivated', 'released-for-resale'],
    penaltyFields: ['penaltyGeneralManager', 'penaltyCenterDirector'],
    memberField: 'customer.member',
  },
  fees: {
    process: 'fee-approval',
    budgetField: 'budget',
    spendField: 'actualSpend',
    feeTypeField: 'feeType',
    reviewStates: ['city-review', 'cs-review'],
    approvedState: 'approved',
    spentStates: ['reimbursement-review', 're-approval', 'reimbursed'],
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

/**
 * Report settings with the values the published complaint-handling process declares in its
 * `settings`: `usersByUnit` (a map `{east: 52000}`, or text `"east=52000, west=38000"`), `complaintRateLine` (40) and
 * `satisfactionLine` (80).
 */
export function reportSettingsFrom(definitions: ProcessSettings[], base: ReportSettings = defaultReportSettings): ReportSettings {
  const complaint = definitions.find((definition) => definition.id === base.complaints.process)?.settings ?? {};
  const numberOr = (value: unknown, fallback: number) => (typeof value === 'number' ? value : fallback);
  const users = complaint.usersByUnit;
  const quality = definitions.find((definition) => definition.id === base.quality.process)?.settings ?? {};
  return {
    ...base,
    quality: { ...base.quality, target: numberOr(quality.averageTarget, base.quality.target), passMark: numberOr(quality.passMark, base.quality.passMark) },
    complaints: {
      ...base.complaints,
      usersByUnit: { ...base.complaints.usersByUnit, ...usersByUnitFrom(users) },
      controlLine: numberOr(complaint.complaintRateLine, base.complaints.controlLine),
      satisfactionLine: numberOr(complaint.satisfactionLine, base.complaints.satisfactionLine),
    },
  };
}
