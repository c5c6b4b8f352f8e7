/**
 * Durations in words for Chinese text: `1天2小时`, `30分钟`, `3个工作日`; and in English
 * (`1 day 2 h`) for the English UI. Pure and dependency-free, so messages, reports and the admin
 * UI say a span the same way.
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

/** A span in English words, whole minutes: `1 day 2 h 30 min`, `36 h` is `1 day 12 h`; under a minute, `0 min`. */
export function spanInEnglish(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const parts: string[] = [];
  if (days > 0) parts.push(`${days} ${days === 1 ? 'day' : 'days'}`);
  if (hours > 0) parts.push(`${hours} h`);
  if (minutes % 60 > 0 || parts.length === 0) parts.push(`${minutes % 60} min`);
  return parts.join(' ');
}

/**
 * A duration literal (`1440m`, `3 business days`) in words of `language`, or undefined when
 * `text` is not one: what people read for a data field of `format: span`.
 */
export function durationInWords(text: string, language: 'zh' | 'en'): string | undefined {
  if (language === 'zh') return durationInChinese(text);
  const parsed = parseDuration(text);
  if (parsed === undefined) return undefined;
  if (parsed.business) return `${parsed.amount} business ${parsed.unit}`;
  return spanInEnglish(parsed.ms);
}
