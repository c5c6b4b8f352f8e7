/**
 * Durations in words for Chinese text: `1天2小时`, `30分钟`, `3个工作日`. Pure and
 * dependency-free, so messages, reports and the admin UI say a span the same way.
 */
import { parseDuration } from './duration.js';

const CHINESE_UNITS = { days: '天', hours: '小时', minutes: '分钟' } as const;

/** A span in Chinese words, whole minutes: `1天2小时30分钟`; under a minute, `0分钟`. */
export function spanInChinese(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const parts: string[] = [];
  if (days > 0) parts.push(`${days}${CHINESE_UNITS.days}`);
  if (hours > 0) parts.push(`${hours}${CHINESE_UNITS.hours}`);
  if (minutes % 60 > 0 || parts.length === 0) parts.push(`${minutes % 60}${CHINESE_UNITS.minutes}`);
  return parts.join('');
}

const BUSINESS_WORDS = { minutes: '个工作分钟', hours: '个工作小时', days: '个工作日' } as const;

/**
 * A duration literal in Chinese words (`72h` → `3天`, `3 business days` → `3个工作日`), or
 * undefined when `text` is not one. A business duration keeps its amount: its length depends on
 * the calendar.
 */
export function durationInChinese(text: string): string | undefined {
  const parsed = parseDuration(text);
  if (parsed === undefined) return undefined;
  if (parsed.business && (parsed.unit === 'minutes' || parsed.unit === 'hours' || parsed.unit === 'days')) {
    return `${parsed.amount}${BUSINESS_WORDS[parsed.unit]}`;
  }
  return spanInChinese(parsed.ms);
}
