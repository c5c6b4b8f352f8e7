import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { addBusinessMs, businessMsBetween, compileCalendar, isWorkday, workdayMs } from '../../engine/compile/calendar.js';

const HOUR = 3_600_000;
const shanghai = (iso: string) => DateTime.fromISO(iso, { zone: 'Asia/Shanghai' }).toMillis();
const local = (ms: number) => DateTime.fromMillis(ms, { zone: 'Asia/Shanghai' }).toFormat("yyyy-MM-dd'T'HH:mm");

/** 2024 National Day: Oct 1–7 off, Sunday Sep 29 and Saturday Oct 12 worked (调休). */
const china = compileCalendar('cn', {
  timezone: 'Asia/Shanghai',
  workHours: { start: '09:00', end: '18:00' },
  holidays: ['2024-10-01', '2024-10-02', '2024-10-03', '2024-10-04', '2024-10-07'],
  makeupWorkdays: ['2024-09-29', '2024-10-12'],
});

describe('business calendar', () => {
  it('measures a working day by its work hours', () => {
    expect(workdayMs(china)).toBe(9 * HOUR);
  });

  it('adds working time within one day', () => {
    expect(local(addBusinessMs(china, shanghai('2024-06-03T10:00'), 3 * HOUR))).toBe('2024-06-03T13:00');
  });

  it('starts counting at the opening hour when started before it', () => {
    expect(local(addBusinessMs(china, shanghai('2024-06-03T07:30'), HOUR))).toBe('2024-06-03T10:00');
  });

  it('ends at closing time rather than at the next opening when the time fits exactly', () => {
    expect(local(addBusinessMs(china, shanghai('2024-06-03T09:00'), 9 * HOUR))).toBe('2024-06-03T18:00');
  });

  it('skips the weekend', () => {
    expect(local(addBusinessMs(china, shanghai('2024-06-07T17:00'), 2 * HOUR))).toBe('2024-06-10T10:00');
  });

  it('makes 3 business days three working days later at the same hour', () => {
    expect(local(addBusinessMs(china, shanghai('2024-06-05T10:00'), 3 * workdayMs(china)))).toBe('2024-06-10T10:00');
  });

  it('skips the National Day holidays', () => {
    expect(local(addBusinessMs(china, shanghai('2024-09-30T17:00'), 3 * HOUR))).toBe('2024-10-08T11:00');
  });

  it('works on the 调休 make-up Saturday and Sunday', () => {
    expect(isWorkday(china, DateTime.fromISO('2024-10-12', { zone: 'Asia/Shanghai' }))).toBe(true);
    expect(isWorkday(china, DateTime.fromISO('2024-10-05', { zone: 'Asia/Shanghai' }))).toBe(false);
    expect(local(addBusinessMs(china, shanghai('2024-10-11T17:00'), 2 * HOUR))).toBe('2024-10-12T10:00');
    expect(local(addBusinessMs(china, shanghai('2024-09-27T17:00'), 2 * HOUR))).toBe('2024-09-29T10:00');
  });

  it('counts only working time between two instants', () => {
    expect(businessMsBetween(china, shanghai('2024-09-30T17:00'), shanghai('2024-10-08T11:00'))).toBe(3 * HOUR);
    expect(businessMsBetween(china, shanghai('2024-10-05T00:00'), shanghai('2024-10-06T23:00'))).toBe(0);
    expect(businessMsBetween(china, shanghai('2024-06-03T12:00'), shanghai('2024-06-03T10:00'))).toBe(0);
  });

  it('agrees with itself: the working time up to t + d is d', () => {
    const start = shanghai('2024-09-26T15:20');
    for (const ms of [HOUR, 7 * HOUR, 20 * HOUR, 40 * HOUR]) {
      expect(businessMsBetween(china, start, addBusinessMs(china, start, ms))).toBe(ms);
    }
  });

  it('honours the time zone across a daylight-saving change', () => {
    const berlin = compileCalendar('de', { timezone: 'Europe/Berlin', workHours: { start: '09:00', end: '17:00' } });
    const friday = DateTime.fromISO('2024-03-29T16:00', { zone: 'Europe/Berlin' }).toMillis();
    const due = addBusinessMs(berlin, friday, 2 * HOUR);
    expect(DateTime.fromMillis(due, { zone: 'Europe/Berlin' }).toFormat('yyyy-MM-dd HH:mm')).toBe('2024-04-01 10:00');
  });

  it('refuses work hours that end before they start', () => {
    expect(() => compileCalendar('bad', { timezone: 'UTC', workHours: { start: '18:00', end: '09:00' } })).toThrow(/work hours/);
  });

  it('refuses an unknown time zone', () => {
    expect(() => compileCalendar('bad', { timezone: 'Mars/Olympus', workHours: { start: '09:00', end: '18:00' } })).toThrow(/time zone/);
  });
});
