import { describe, expect, it } from 'vitest';
import { DURATION_PATTERN, parseDuration } from '../../engine/dsl/duration.js';

describe('parseDuration', () => {
  it.each([
    ['30m', 30 * 60_000, false],
    ['90m', 90 * 60_000, false],
    ['10 min', 10 * 60_000, false],
    ['45 minutes', 45 * 60_000, false],
    ['1.5h', 90 * 60_000, false],
    ['4 hours', 4 * 3_600_000, false],
    ['2d', 2 * 86_400_000, false],
    ['1 day', 86_400_000, false],
    ['1w', 7 * 86_400_000, false],
    ['2 weeks', 14 * 86_400_000, false],
    ['3 business days', 3 * 86_400_000, true],
    ['4 business hours', 4 * 3_600_000, true],
  ])('reads %s', (text, ms, business) => {
    expect(parseDuration(text)).toMatchObject({ ms, business });
  });

  it('keeps the amount and unit so a calendar can count business days as working days', () => {
    expect(parseDuration('3 business days')).toEqual({ ms: 3 * 86_400_000, business: true, amount: 3, unit: 'days' });
  });

  it.each(['', 'abc', '5', '-1h', '1.5.h', '3 bizness days', '2 business weeks', 'h4', '4 parsecs'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it('accepts exactly what the schema pattern accepts', () => {
    const pattern = new RegExp(DURATION_PATTERN);
    for (const text of ['30m', '1.5h', '3 business days', '2 weeks', '5', '2 business weeks', '4 parsecs']) {
      expect(pattern.test(text)).toBe(parseDuration(text) !== undefined);
    }
  });
});
