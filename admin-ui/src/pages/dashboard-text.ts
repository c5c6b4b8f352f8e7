/**
 * Words of the dashboard and digest pages that are not catalog labels: the names of warning
 * sources (bilingual, as the process names them) and spans in the page's language.
 */
import { spanInChinese } from '../../../engine/dsl/duration-text.js';

/** Sources of an escalation warning (the process's `source` values), Chinese and English. */
export const WARNING_SOURCE_NAMES: Record<string, string> = {
  'overdue-complaint': '投诉超时 Overdue complaint',
  'batch-complaints': '批量投诉 Batch complaints',
  'public-opinion': '舆情 Public opinion',
  'complaint-rate': '投诉率超标 Complaint rate over the line',
  manual: '人工发起 Raised by hand',
};

/** A span in the page's language: `1天2小时` in Chinese, `1d 2h` in English. */
export function spanText(ms: number, language: 'en' | 'zh'): string {
  if (language === 'zh') return spanInChinese(ms);
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  const parts = [[Math.floor(minutes / 1440), 'd'], [Math.floor((minutes % 1440) / 60), 'h'], [minutes % 60, 'm']] as const;
  const shown = parts.filter(([amount]) => amount > 0).map(([amount, unit]) => `${amount}${unit}`);
  return shown.length === 0 ? '0m' : shown.join(' ');
}
