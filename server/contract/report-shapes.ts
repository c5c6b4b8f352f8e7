/**
 * The numbers of each report figure, of the monthly report and of the weekly warning digest, as
 * `engine/reports` computes them: one schema per figure, so clients read them without guessing.
 */
import { Type as T, type Static, type TSchema } from '@sinclair/typebox';
import type { ChurnRateFigure } from '../../engine/reports/churn-rate.js';
import type { CloseOnTimeFigure } from '../../engine/reports/close-on-time.js';
import type { ComplaintRateFigure, DeadlineRateFigure } from '../../engine/reports/complaint-figures.js';
import type { DissatisfiedCustomersFigure } from '../../engine/reports/dissatisfied-customers.js';
import type { FeeFigure } from '../../engine/reports/fee-figures.js';
import type { LateComplaintsFigure } from '../../engine/reports/late-complaints.js';
import type { QualityFigure } from '../../engine/reports/quality-figures.js';
import type { RetentionFigure } from '../../engine/reports/retention-figures.js';
import type { SatisfactionFigure } from '../../engine/reports/satisfaction-figures.js';
import type { WarningFigure } from '../../engine/reports/warning-figures.js';
import type { FigureName } from '../../engine/reports/catalog.js';
import { EpochMs, Int, Obj, Opt, Str, Strings, TextMap } from './shapes.js';

/** A number, or null where there is nothing to count it from. */
const NumOrNull = (description?: string) => T.Union([T.Number(), T.Null()], description ? { description } : {});
/** A yes/no, or null where it cannot be said. */
const BoolOrNull = () => T.Union([T.Boolean(), T.Null()]);
/** A text, or null where the case does not say it. */
const StrOrNull = () => T.Union([T.String(), T.Null()]);
const Period = Obj({ from: EpochMs(), to: EpochMs() });

const complaintRateRow = {
  unit: Str(), complaints: Int(), users: T.Union([Int(), T.Null()]),
  ratePer10k: NumOrNull('complaints per 10,000 users'), overLine: BoolOrNull(),
};
/** 投诉率: complaints per 10,000 users by unit, against the control line. */
export const ComplaintRateFigureShape = Obj({
  controlLine: T.Number(),
  period: Obj({ from: EpochMs(), to: EpochMs(), months: T.Number() }),
  units: T.Array(Obj(complaintRateRow)),
  total: Obj({ ...complaintRateRow, uncounted: Int({ description: 'complaints of units without a user count' }) }),
}, { $id: 'ComplaintRateFigure' });

/** A case past a deadline. */
const LateCaseShape = Obj({ id: Str(), unit: Opt(Str()), dueAt: EpochMs(), lateMs: Int(), stillOpen: T.Boolean() }, { $id: 'LateCase' });
const deadlineRateRow = { unit: Str(), met: Int(), missed: Int(), open: Int(), rate: NumOrNull() };
const deadlineRate = { units: T.Array(Obj(deadlineRateRow)), total: Obj(deadlineRateRow), late: T.Array(LateCaseShape) };
/** A deadline met or missed, by unit (first reply). */
export const DeadlineRateFigureShape = Obj(deadlineRate, { $id: 'DeadlineRateFigure' });
/** Complaints archived within their deadline, by unit. */
export const CloseOnTimeFigureShape = Obj({ ...deadlineRate, closeWithinMs: Int() }, { $id: 'CloseOnTimeFigure' });

const satisfactionRow = {
  unit: Str(), scored: Int(), routineScored: Int(), score: NumOrNull(), belowLine: BoolOrNull(),
  responses: Int(), satisfied: Int(), satisfiedShare: NumOrNull(),
};
/** 满意度 by unit, against the line. */
export const SatisfactionFigureShape = Obj({
  line: T.Number(), period: Period, units: T.Array(Obj(satisfactionRow)), total: Obj(satisfactionRow),
}, { $id: 'SatisfactionFigure' });

/** Warnings of one level. */
const WarningLevelRowShape = Obj({ level: Str(), raised: Int(), open: Int(), done: Int(), overdue: Int(), climbed: Int() }, { $id: 'WarningLevelRow' });
/** A warning past its deadline. */
const OverdueWarningShape = Obj({
  id: Str(), level: Str(), state: Str(), source: Opt(Str()), category: Opt(Str()), unit: Opt(Str()), dueAt: EpochMs(), overdueMs: Int(),
}, { $id: 'OverdueWarning' });
const BySource = T.Array(Obj({ source: Str(), raised: Int() }));
/** Warnings by level and source, and those overdue. */
export const WarningFigureShape = Obj({ levels: T.Array(WarningLevelRowShape), bySource: BySource, overdue: T.Array(OverdueWarningShape) }, { $id: 'WarningFigure' });

const churnRow = {
  unit: Str(), month: Str(), netNewDeveloped: T.Number(), netNewBilled: T.Number(), billed: T.Number(), rate: NumOrNull(), rank: Int(),
};
/** 离网率 by month and unit, ranked. */
export const ChurnRateFigureShape = Obj({
  period: Period,
  months: T.Array(Obj({
    month: Str(), units: T.Array(Obj(churnRow)),
    total: Obj({ netNewDeveloped: T.Number(), netNewBilled: T.Number(), billed: T.Number(), rate: NumOrNull() }),
  })),
  missingMonths: Strings(),
}, { $id: 'ChurnRateFigure' });

const retentionRow = {
  unit: Str(), retained: Int(), awaitingCheck: Int(), lost: Int(), pending: Int(), lostShare: NumOrNull(), lostMembers: T.Number(), penalty: T.Number(),
};
/** Retention of deactivation requests by unit. */
export const RetentionFigureShape = Obj({ units: T.Array(Obj(retentionRow)), total: Obj(retentionRow) }, { $id: 'RetentionFigure' });

const feeSpendRow = { unit: Str(), requests: Int(), budget: T.Number(), spend: T.Number(), used: NumOrNull(), overBudget: Int() };
/** Fee requests by state, approval lead time, and spend against budget by unit. */
export const FeeFigureShape = Obj({
  tolerancePercent: T.Number(),
  byState: T.Array(Obj({ state: Str(), requests: Int(), budget: T.Number() })),
  leadTime: Obj({ approved: Int(), meanHours: NumOrNull(), medianHours: NumOrNull(), maxHours: NumOrNull() }),
  spend: T.Array(Obj(feeSpendRow)),
  total: Obj(feeSpendRow),
}, { $id: 'FeeFigure' });

/** Quality inspection of one unit or agent. */
const QualityRowShape = Obj({
  key: Str(), screened: Int(), inspected: Int(), average: NumOrNull(), belowPass: Int(), meetsTarget: BoolOrNull(),
}, { $id: 'QualityRow' });
/** Quality inspection by unit and agent, against the target. */
export const QualityFigureShape = Obj({
  target: T.Number(), passMark: T.Number(), units: T.Array(QualityRowShape), agents: T.Array(QualityRowShape), total: QualityRowShape,
}, { $id: 'QualityFigure' });

/** A complaint past its close deadline. */
const LateComplaintShape = Obj({
  id: Str(), unit: StrOrNull(), customer: StrOrNull(), category: StrOrNull(), state: Str(), openedAt: EpochMs(), closed: T.Boolean(), lateHours: T.Number(),
}, { $id: 'LateComplaint' });
/** Complaints past their close deadline. */
export const LateComplaintsFigureShape = Obj({ complaints: T.Array(LateComplaintShape) }, { $id: 'LateComplaintsFigure' });

/** Customers who said they were dissatisfied. */
export const DissatisfiedCustomersFigureShape = Obj({
  customers: T.Array(Obj({ phone: Str(), name: StrOrNull(), unit: StrOrNull(), cases: Strings(), reopened: Int(), open: T.Boolean() })),
}, { $id: 'DissatisfiedCustomersFigure' });

/** The numbers of each figure. */
export const FIGURE_DATA: Record<FigureName, TSchema> = {
  'complaint-rate': ComplaintRateFigureShape,
  'first-reply': DeadlineRateFigureShape,
  'closed-in-time': CloseOnTimeFigureShape,
  satisfaction: SatisfactionFigureShape,
  warnings: WarningFigureShape,
  'churn-rate': ChurnRateFigureShape,
  retention: RetentionFigureShape,
  fees: FeeFigureShape,
  quality: QualityFigureShape,
  'late-complaints': LateComplaintsFigureShape,
  'dissatisfied-customers': DissatisfiedCustomersFigureShape,
};

const monthlyRow = {
  complaints: Int(), ratePer10k: NumOrNull(), overLine: BoolOrNull(), firstReplyRate: NumOrNull(), closedInTimeRate: NumOrNull(),
  satisfaction: NumOrNull(), qualityAverage: NumOrNull(),
};
/** 客服月报: figures by unit, ranked, and the complaints past their close deadline. */
export const MonthlyReportShape = Obj({
  month: Obj({ label: Str({ description: '2026-03' }), from: EpochMs(), to: EpochMs() }),
  controlLine: T.Number(), satisfactionLine: T.Number(), qualityTarget: T.Number(),
  units: T.Array(Obj({ rank: Int(), unit: Str(), ...monthlyRow })),
  total: Obj({ unit: Str(), ...monthlyRow }),
  late: T.Array(LateComplaintShape),
  subject: Str(), text: Str({ description: 'the message as sent' }),
  unitLabels: TextMap('labels of the directory units by id'),
}, { $id: 'MonthlyReport' });

/** The rows of the weekly warning digest. */
export const digestRows = { raised: T.Array(WarningLevelRowShape), overdue: T.Array(OverdueWarningShape), bySource: BySource };


/**
 * The engine's figure types and the shapes above describe one answer: each figure as the engine
 * computes it must fit its declared shape, or this stops compiling (the contract test then checks
 * the answers themselves).
 */
type Fits<Engine, Shape extends TSchema> = [Engine] extends [Static<Shape>] ? true : never;
export const FIGURES_FIT_THEIR_SHAPES: [
  Fits<ComplaintRateFigure, typeof ComplaintRateFigureShape>,
  Fits<DeadlineRateFigure, typeof DeadlineRateFigureShape>,
  Fits<CloseOnTimeFigure, typeof CloseOnTimeFigureShape>,
  Fits<SatisfactionFigure, typeof SatisfactionFigureShape>,
  Fits<WarningFigure, typeof WarningFigureShape>,
  Fits<ChurnRateFigure, typeof ChurnRateFigureShape>,
  Fits<RetentionFigure, typeof RetentionFigureShape>,
  Fits<FeeFigure, typeof FeeFigureShape>,
  Fits<QualityFigure, typeof QualityFigureShape>,
  Fits<LateComplaintsFigure, typeof LateComplaintsFigureShape>,
  Fits<DissatisfiedCustomersFigure, typeof DissatisfiedCustomersFigureShape>,
] = [true, true, true, true, true, true, true, true, true, true, true];
