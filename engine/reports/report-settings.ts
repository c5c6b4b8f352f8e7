/**
 * Where the reports find their figures in the shipped processes: process ids, state names,
 * data fields, deadline clocks, and the lines to compare against. The numbers come from the
 * processes' YAML `settings` (see `reportSettingsFrom`), so a process owner tunes them there.
 */

/** Names and lines of the complaint figures. */
export interface ComplaintReportSettings {
  process: string;
  firstReplyClock: string;
  closeClock: string;
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
  /** Levels lowest first. */
  levels: string[];
}

/** Names and amounts of the retention figures. */
export interface RetentionReportSettings {
  process: string;
  retainedStates: string[];
  lostStates: string[];
  /** Penalty of one lost member for each person it is charged to (CNY). */
  penaltyPerLost: number;
  /** Who pays it: the unit's general manager and the centre director. */
  penaltyPayees: string[];
  tierField: string;
  /** Tiers that are not members (their loss carries no penalty). */
  nonMemberTiers: string[];
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

/** Everything the reports need to know about the processes. */
export interface ReportSettings {
  /** Data field holding the business unit, in every process. */
  unitField: string;
  complaints: ComplaintReportSettings;
  warnings: WarningReportSettings;
  retention: RetentionReportSettings;
  fees: FeeReportSettings;
}

/** Settings matching the shipped processes. */
export const defaultReportSettings: ReportSettings = {
  unitField: 'unit',
  complaints: {
    process: 'complaint-handling',
    firstReplyClock: 'first-reply',
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
    levels: ['blue', 'yellow', 'orange', 'red'],
  },
  retention: {
    process: 'deactivation-retention',
    retainedStates: ['retained', 'closed-retained'],
    lostStates: ['lost', 'deactivated', 'released-for-resale'],
    penaltyPerLost: 10,
    penaltyPayees: ['general-manager', 'center-manager'],
    tierField: 'tier',
    nonMemberTiers: ['normal'],
  },
  fees: {
    process: 'fee-approval',
    budgetField: 'budget',
    spendField: 'actualSpend',
    feeTypeField: 'feeType',
    reviewStates: ['city-review', 'cs-review'],
    approvedState: 'approved',
    spentStates: ['reimbursement-review', 'reimbursed'],
  },
};

const USERS_PREFIX = 'usersByUnit.';

/** The part of a process definition the reports read. */
export interface ProcessSettings {
  id: string;
  settings?: Record<string, unknown>;
}

/**
 * Report settings with the values the published processes declare in their `settings`:
 * `usersByUnit.<unit>`, `complaintRateLine` and `satisfactionLine` (complaint-handling),
 * `lostMemberPenalty` (deactivation-retention).
 */
export function reportSettingsFrom(definitions: ProcessSettings[], base: ReportSettings = defaultReportSettings): ReportSettings {
  const settingsOf = (id: string) => definitions.find((definition) => definition.id === id)?.settings ?? {};
  const complaint = settingsOf(base.complaints.process);
  const retention = settingsOf(base.retention.process);
  const usersByUnit: Record<string, number> = { ...base.complaints.usersByUnit };
  for (const [key, value] of Object.entries(complaint)) {
    if (key.startsWith(USERS_PREFIX) && typeof value === 'number') usersByUnit[key.slice(USERS_PREFIX.length)] = value;
  }
  const numberOr = (value: unknown, fallback: number) => (typeof value === 'number' ? value : fallback);
  return {
    ...base,
    complaints: {
      ...base.complaints,
      usersByUnit,
      controlLine: numberOr(complaint.complaintRateLine, base.complaints.controlLine),
      satisfactionLine: numberOr(complaint.satisfactionLine, base.complaints.satisfactionLine),
    },
    retention: { ...base.retention, penaltyPerLost: numberOr(retention.lostMemberPenalty, base.retention.penaltyPerLost) },
  };
}
