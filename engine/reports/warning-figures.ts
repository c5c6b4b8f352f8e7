/** Warning figures: warnings by level, and the ones past their deadlines. */
import { casesInScope, numberField, textField, type ReportCase, type ReportScope } from './report-case.js';
import type { ReportSettings } from './report-settings.js';

/** Warnings at one level. */
export interface WarningLevelRow {
  level: string;
  /** Opened in the period and now at this level. */
  raised: number;
  open: number;
  done: number;
  /** Open and past a deadline now. */
  overdue: number;
  /** Climbed at least once to get here (a deadline was missed on the way). */
  climbed: number;
}

/** An open warning past its deadline. */
export interface OverdueWarning {
  id: string;
  level: string;
  state: string;
  source?: string;
  category?: string;
  unit?: string;
  /** When the missed deadline fell due (estimated from the clock for a red warning that stopped climbing). */
  dueAt: number;
  overdueMs: number;
}

/** Warnings by level and source, with the overdue ones. */
export interface WarningFigure {
  levels: WarningLevelRow[];
  bySource: Array<{ source: string; raised: number }>;
  overdue: OverdueWarning[];
}

/**
 * The earliest passed deadline of an open warning, if any: a running clock or the case's next
 * due time before `now`; or, in an overdue state (red that cannot climb), the breached clock.
 */
function missedDeadline(item: ReportCase, now: number, overdueStates: string[] = []): number | undefined {
  if (item.status !== 'active') return undefined;
  const clocks = Object.values(item.clocks);
  const dues = clocks.flatMap((clock) => (clock.status === 'running' && clock.dueAt !== undefined ? [clock.dueAt] : []));
  if (item.nextDueAt !== undefined) dues.push(item.nextDueAt);
  if (overdueStates.includes(item.state)) {
    // A clock that breached without pauses fell due `withinMs` after it started.
    const breached = clocks.filter((clock) => clock.fired.includes('breach') && clock.pauses === 0).map((clock) => clock.resumedAt + clock.withinMs);
    dues.push(breached.length > 0 ? Math.max(...breached) : item.updatedAt);
  }
  const passed = dues.filter((due) => due < now);
  return passed.length === 0 ? undefined : Math.min(...passed);
}

/** Open warnings past a deadline as of `now`, most overdue first (whenever they were raised). */
export function overdueWarnings(cases: ReportCase[], scope: ReportScope, settings: ReportSettings): OverdueWarning[] {
  const names = settings.warnings;
  return casesInScope(cases, names.process, { now: scope.now, unit: scope.unit }, settings.unitField)
    .flatMap((item): OverdueWarning[] => {
      const dueAt = missedDeadline(item, scope.now, names.overdueStates);
      if (dueAt === undefined) return [];
      const warning: OverdueWarning = { id: item.id, level: textField(item.data, names.levelField) ?? 'unknown', state: item.state, dueAt, overdueMs: scope.now - dueAt };
      const source = textField(item.data, names.sourceField);
      const category = textField(item.data, names.categoryField);
      const unit = textField(item.data, settings.unitField);
      if (source !== undefined) warning.source = source;
      if (category !== undefined) warning.category = category;
      if (unit !== undefined) warning.unit = unit;
      return [warning];
    })
    .sort((a, b) => b.overdueMs - a.overdueMs || a.id.localeCompare(b.id));
}

/** Warnings raised in the period by their current level and by source, and all overdue ones. */
export function warningFigures(cases: ReportCase[], scope: ReportScope, settings: ReportSettings): WarningFigure {
  const names = settings.warnings;
  const warnings = casesInScope(cases, names.process, scope, settings.unitField);
  const levelOf = (item: ReportCase) => textField(item.data, names.levelField) ?? 'unknown';
  const seen = [...new Set(warnings.map(levelOf))].filter((level) => !names.levels.includes(level));
  const levels = [...names.levels, ...seen].map((level): WarningLevelRow => {
    const atLevel = warnings.filter((item) => levelOf(item) === level);
    return {
      level,
      raised: atLevel.length,
      open: atLevel.filter((item) => item.status === 'active').length,
      done: atLevel.filter((item) => item.status === 'done').length,
      overdue: atLevel.filter((item) => missedDeadline(item, scope.now, names.overdueStates) !== undefined).length,
      climbed: atLevel.filter((item) => (numberField(item.data, names.climbsField) ?? 0) > 0).length,
    };
  });
  const sources = new Map<string, number>();
  for (const item of warnings) {
    const source = textField(item.data, names.sourceField) ?? 'unknown';
    sources.set(source, (sources.get(source) ?? 0) + 1);
  }
  return {
    levels,
    bySource: [...sources].map(([source, raised]) => ({ source, raised })).sort((a, b) => b.raised - a.raised || a.source.localeCompare(b.source)),
    overdue: overdueWarnings(cases, scope, settings),
  };
}
