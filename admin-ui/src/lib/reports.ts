/** The report figures as the dashboard and the report pages read them, typed by the API document. */
import { client, ok } from '../api.js';
import type { components, operations } from '../api-schema.js';

type Schemas = components['schemas'];
/** One figure's answer, whichever figure. */
type FigureReport = Schemas['FigureReport'];
/** The name of a figure. */
export type FigureName = FigureReport['figure'];
/** The answer of the figure named `N`. */
export type FigureOf<N extends FigureName> = Extract<FigureReport, { figure: N }>;
/** The period and unit of a figure. */
export type FigureQuery = NonNullable<operations['figureReport']['parameters']['query']>;

/** 投诉率 by unit, against the control line. */
export type ComplaintRateFigure = Schemas['ComplaintRateFigure'];
/** A deadline met or missed, by unit. */
export type DeadlineRateFigure = Schemas['DeadlineRateFigure'];
/** 满意度 by unit, against the line. */
export type SatisfactionFigure = Schemas['SatisfactionFigure'];
/** Warnings by level and source, and those overdue. */
export type WarningFigure = Schemas['WarningFigure'];
/** Retention of deactivation requests by unit. */
export type RetentionFigure = Schemas['RetentionFigure'];
/** 离网率 by month and unit, ranked. */
export type ChurnRateFigure = Schemas['ChurnRateFigure'];
/** Fee requests, approval lead time, and spend against budget. */
export type FeeFigure = Schemas['FeeFigure'];
/** Quality inspection by unit and agent. */
export type QualityFigure = Schemas['QualityFigure'];
/** Quality inspection of one unit or agent. */
export type QualityRow = Schemas['QualityRow'];
/** A case past a deadline. */
export type LateCase = Schemas['LateCase'];

/** Whether an answer is that of the figure `name`. */
function isFigure<N extends FigureName>(report: FigureReport, name: N): report is FigureOf<N> {
  return report.figure === name;
}

/** Reads the figure `name` for a period and unit. */
export async function readFigure<N extends FigureName>(name: N, query: FigureQuery, signal?: AbortSignal): Promise<FigureOf<N>> {
  const report = await ok(client.GET('/api/reports/{figure}', { params: { path: { figure: name }, query }, signal }));
  if (!isFigure(report, name)) throw new Error(`Asked for the figure ${name}, the server answered ${report.figure}.`);
  return report;
}
