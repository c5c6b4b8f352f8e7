/**
 * The weekly warning digest (预警分析通报): the warnings raised last week by level and source,
 * those still open, and those past their deadlines, as data and as the text of a message.
 */
import { DateTime } from 'luxon';
import type { ReportCase } from './report-case.js';
import type { ReportSettings } from './report-settings.js';
import { overdueWarnings, warningFigures, type OverdueWarning, type WarningLevelRow } from './warning-figures.js';

/** One ISO week, Monday 00:00 to the next Monday 00:00 in the centre's time zone. */
export interface DigestWeek {
  /** `2025-W03`. */
  label: string;
  from: number;
  to: number;
}

/** The digest of one week. */
export interface WarningDigest {
  week: DigestWeek;
  generatedAt: number;
  /** Warnings raised during the week, by their current level. */
  raised: WarningLevelRow[];
  bySource: Array<{ source: string; raised: number }>;
  /** All warnings open now, by level. */
  openByLevel: Array<{ level: string; open: number }>;
  overdue: OverdueWarning[];
}

/** The ISO week containing `time` in `timezone`. */
export function weekContaining(time: number, timezone: string): DigestWeek {
  const start = DateTime.fromMillis(time, { zone: timezone }).startOf('week');
  return { label: `${start.weekYear}-W${String(start.weekNumber).padStart(2, '0')}`, from: start.toMillis(), to: start.plus({ weeks: 1 }).toMillis() };
}

/** The last full week before the one containing `time`. */
export function previousWeek(time: number, timezone: string): DigestWeek {
  return weekContaining(weekContaining(time, timezone).from - 1, timezone);
}

/** The digest of `week` as of `now`. */
export function warningDigest(cases: ReportCase[], week: DigestWeek, now: number, settings: ReportSettings): WarningDigest {
  const raised = warningFigures(cases, { from: week.from, to: week.to, now }, settings);
  const open = warningFigures(cases, { now }, settings);
  return {
    week,
    generatedAt: now,
    raised: raised.levels,
    bySource: raised.bySource,
    openByLevel: open.levels.map(({ level, open: count }) => ({ level, open: count })),
    overdue: overdueWarnings(cases, { now }, settings),
  };
}

const LEVEL_NAMES: Record<string, string> = { blue: '蓝色 blue', yellow: '黄色 yellow', orange: '橙色 orange', red: '红色 red' };
const SOURCE_NAMES: Record<string, string> = {
  'overdue-complaint': '投诉超时 overdue complaint',
  'batch-complaints': '批量投诉 batch complaints',
  'public-opinion': '舆情 public opinion',
  'complaint-rate': '投诉率超标 complaint rate over the line',
  manual: '人工发起 raised by hand',
};

function hours(ms: number): string {
  return `${Math.round(ms / 360_000) / 10} h`;
}

/** The digest as a message: subject and plain-text body, Chinese with English beside it. */
export function renderDigest(digest: WarningDigest, timezone: string, unitLabels: ReadonlyMap<string, string> = new Map()): { subject: string; body: string } {
  const day = (time: number) => DateTime.fromMillis(time, { zone: timezone }).toFormat('yyyy-LL-dd');
  const lastDay = day(digest.week.to - 1);
  const lines = [
    `预警分析通报 Warning digest ${digest.week.label} (${day(digest.week.from)} – ${lastDay})`,
    '',
    '本周新增预警 Raised this week:',
    ...digest.raised.map((row) => `  ${LEVEL_NAMES[row.level] ?? row.level}: ${row.raised} (open ${row.open}, overdue ${row.overdue}, climbed ${row.climbed})`),
    '',
    '按来源 By source:',
    ...(digest.bySource.length === 0 ? ['  —'] : digest.bySource.map((row) => `  ${SOURCE_NAMES[row.source] ?? row.source}: ${row.raised}`)),
    '',
    '当前未结预警 Open now:',
    ...digest.openByLevel.map((row) => `  ${LEVEL_NAMES[row.level] ?? row.level}: ${row.open}`),
    '',
    `超时预警 Past their deadline: ${digest.overdue.length}`,
    ...digest.overdue.map(
      (warning) => `  ${warning.id} ${LEVEL_NAMES[warning.level] ?? warning.level} ${warning.state}${warning.unit ? ` ${unitLabels.get(warning.unit) ?? warning.unit}` : ''}: overdue ${hours(warning.overdueMs)}`,
    ),
  ];
  const total = digest.raised.reduce((sum, row) => sum + row.raised, 0);
  return {
    subject: `预警分析通报 ${digest.week.label}: ${total} raised, ${digest.overdue.length} overdue`,
    body: lines.join('\n'),
  };
}
