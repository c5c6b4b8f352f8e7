/** Report figures over case records, their CSV export, and the weekly warning digest. */
export { reportCase, type ReportCase, type ReportEvent, type ReportScope } from './report-case.js';
export { deadlineOutcome, type DeadlineOutcome } from './deadline-outcome.js';
export { defaultReportSettings, reportSettingsFrom, type ReportSettings, type ProcessSettings } from './report-settings.js';
export { complaintRate, firstReplyRate, closedInTimeRate, satisfaction, satisfactionScore } from './complaint-figures.js';
export type { ComplaintRateFigure, DeadlineRateFigure, SatisfactionFigure } from './complaint-figures.js';
export { warningFigures, overdueWarnings, type WarningFigure, type OverdueWarning } from './warning-figures.js';
export { retentionFigures, type RetentionFigure } from './retention-figures.js';
export { qualityFigures, type QualityFigure, type QualityRow } from './quality-figures.js';
export { feeFigures, approvalHours, type FeeFigure } from './fee-figures.js';
export { warningDigest, renderDigest, weekContaining, previousWeek, type WarningDigest, type DigestWeek } from './warning-digest.js';
export { toCsv, type FigureTable, type Cell } from './csv.js';
export { FIGURE_NAMES, isFigureName, computeFigure, figureSource, type FigureName, type FigureReport } from './catalog.js';
export { loadReportCases, type ReportStore, type LoadOptions } from './load-cases.js';
export { createReports, type Reports, type ReportsOptions, type RenderedDigest } from './report-service.js';
export { sendWeeklyDigest, startDigestSchedule, digestKey, DIGEST_TEMPLATE, type DigestScheduleOptions } from './digest-schedule.js';
export { lateComplaints, type LateComplaint, type LateComplaintsFigure } from './late-complaints.js';
export { monthlyReport, renderMonthlyReport, monthContaining, previousMonth, type MonthlyReport, type MonthlyUnitRow, type ReportMonth } from './monthly-report.js';
export { renderedMonthlyReport, sendMonthlyReport, startMonthlySchedule, MONTHLY_TEMPLATE, type RenderedMonthlyReport, type MonthlyReportOptions, type MonthlyScheduleOptions } from './monthly-service.js';
