import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { formatDuration, formatMoney, formatTime, processTimeZone, templateEnvironment } from '../../engine/compile/template-helpers.js';
import { compilePlainText } from '../../engine/compile/templates.js';
import type { ProcessDefinition } from '../../engine/dsl/types.js';
import { as, compile, DAY, HOUR, MINUTE, process, TimerBench } from './helpers.js';

/** 2025-03-06 10:00 in Beijing. */
const SLOT = '2025-03-06T02:00:00.000Z';
const render = (source: string, context: Record<string, unknown>, zone = 'Asia/Shanghai'): string => compilePlainText('test', source, zone)(context);

describe('the time and date helpers', () => {
  it('show a UTC timestamp in Beijing time by default format YYYY-MM-DD HH:mm', () => {
    expect(render('{{time data.slot}}', { data: { slot: SLOT } })).toBe('2025-03-06 10:00');
  });

  it('read epoch milliseconds as well as ISO text, and keep an ISO offset', () => {
    expect(formatTime(Date.parse(SLOT), 'Asia/Shanghai')).toBe('2025-03-06 10:00');
    expect(formatTime('2025-03-06T10:00:00+08:00', 'Europe/Berlin')).toBe('2025-03-06 03:00');
  });

  it('read a time without an offset as local time in the zone', () => {
    expect(formatTime('2025-03-06T10:00', 'Asia/Shanghai')).toBe('2025-03-06 10:00');
  });

  it('show only the date or only the time when asked', () => {
    const context = { data: { slot: SLOT } };
    expect(render('{{time data.slot format="date"}} | {{time data.slot format="time"}} | {{time data.slot format="datetime"}}', context)).toBe('2025-03-06 | 10:00 | 2025-03-06 10:00');
    expect(render('{{date data.slot}}', context)).toBe('2025-03-06');
  });

  it('take the date of the zone, not of UTC, near midnight', () => {
    expect(render('{{date data.slot}}', { data: { slot: '2025-03-06T17:30:00Z' } })).toBe('2025-03-07');
    expect(render('{{date data.slot}}', { data: { slot: '2025-03-06T17:30:00Z' } }, 'America/New_York')).toBe('2025-03-06');
  });

  it('show text that is not a time as it is, and nothing for a missing value', () => {
    expect(render('[{{time data.slot}}] [{{time data.none}}]', { data: { slot: '下周一上午' } })).toBe('[下周一上午] []');
  });
});

describe('the duration helper', () => {
  it('writes milliseconds in Chinese, the way elapsed is written', () => {
    expect(formatDuration(DAY + 2 * HOUR)).toBe('1天2小时');
    expect(formatDuration(2 * DAY + 4 * HOUR + 30 * MINUTE)).toBe('2天4小时30分钟');
    expect(formatDuration(0)).toBe('0分钟');
  });

  it('normalises duration literals and elapsed text to the same form', () => {
    expect(render('{{duration a}} · {{duration b}} · {{duration c}} · {{duration d}}', { a: '24h', b: '2d 4h 30m', c: '90m', d: '30m' })).toBe('1天 · 2天4小时30分钟 · 1小时30分钟 · 30分钟');
  });

  it('keeps the amount of a business duration, whose length depends on the calendar', () => {
    expect(formatDuration('3 business days')).toBe('3个工作日');
  });

  it('shows what it cannot read as it is', () => {
    expect(formatDuration('soon')).toBe('soon');
    expect(formatDuration(undefined)).toBe('');
  });
});

describe('the money helper', () => {
  it('writes yuan with a sign, thousands separators and two decimals', () => {
    expect(render('{{money a}} {{money b}} {{money c}} {{money d}}', { a: 1234.5, b: 0, c: -12, d: 1_000_000 })).toBe('¥1,234.50 ¥0.00 -¥12.00 ¥1,000,000.00');
  });

  it('reads numeric text and shows other text as it is, escaped in a notification', () => {
    expect(formatMoney('88.8')).toBe('¥88.80');
    const compiled = compile(process({
      initial: 'open',
      templates: { hello: 'Budget {{money data.budget}}' },
      states: { open: { entry: [{ notify: 'hello', to: ['agent'] }], on: { close: { roles: ['agent'], to: 'done' } } }, done: { final: true } },
    }));
    const result = compiled.start({ data: { budget: '<b>lots</b>' }, actor: as('agent'), now: 0, caseId: 'c-1' });
    expect(result.effects).toContainEqual(expect.objectContaining({ kind: 'notify', body: 'Budget &lt;b&gt;lots&lt;/b&gt;' }));
  });
});

describe('the template environment', () => {
  it('registers the helpers on its own Handlebars, never on the global one', () => {
    const environment = templateEnvironment('Asia/Shanghai');
    expect(Object.keys(environment.helpers)).toEqual(expect.arrayContaining(['time', 'date', 'duration', 'money', 'if', 'each', 'lookup']));
    expect(Object.keys(environment.helpers)).not.toContain('log');
    expect(Object.keys(Handlebars.helpers)).not.toContain('time');
    expect(Object.keys(Handlebars.helpers)).toContain('log');
  });

  it('refuses a helper it does not know instead of looking it up in the data', () => {
    expect(() => render('{{tiem data.slot}}', { data: { slot: SLOT }, tiem: () => 'called' })).toThrow(/unknown helper tiem/);
    expect(() => render('{{log data.slot}}', { data: { slot: SLOT } })).toThrow(/unknown helper log/);
  });

  it('keeps Handlebars from reading prototypes, inside helpers too', () => {
    expect(render('[{{time data.constructor}}][{{data.constructor.name}}][{{money data.__proto__}}]', { data: { slot: SLOT } })).toBe('[][][]');
  });
});

describe('the zone templates show times in', () => {
  const base = process({ initial: 'open', states: { open: {} } });
  const calendar = { workHours: { start: '09:00', end: '18:00' } };

  it('is Asia/Shanghai for a process that names none', () => {
    expect(processTimeZone(base)).toBe('Asia/Shanghai');
  });

  it("is the process's timezone when it has no calendars", () => {
    expect(processTimeZone({ ...base, timezone: 'Europe/Berlin' })).toBe('Europe/Berlin');
  });

  it("is the default calendar's zone, or the first calendar's, when it has calendars", () => {
    const calendars: ProcessDefinition['calendars'] = { east: { timezone: 'Asia/Tokyo', ...calendar }, west: { timezone: 'Asia/Urumqi', ...calendar } };
    expect(processTimeZone({ ...base, timezone: 'Europe/Berlin', calendars })).toBe('Asia/Tokyo');
    expect(processTimeZone({ ...base, calendars, calendar: 'west' })).toBe('Asia/Urumqi');
  });

  it('is used by notifications and by the title', () => {
    const compiled = compile(process({
      initial: 'open',
      timezone: 'Europe/London',
      title: 'Visit {{time data.slot}}',
      data: { type: 'object', properties: { slot: { type: 'string' } } },
      templates: { hello: 'See you {{time data.slot format="time"}} on {{date data.slot}}' },
      states: { open: { entry: [{ notify: 'hello', to: ['agent'] }], on: { close: { roles: ['agent'], to: 'done' } } }, done: { final: true } },
    }));
    const result = compiled.start({ data: { slot: '2025-07-01T09:00:00Z' }, actor: as('agent'), now: 0, caseId: 'c-1' });
    expect(result.effects).toContainEqual(expect.objectContaining({ kind: 'notify', body: 'See you 10:00 on 2025-07-01' }));
    expect(compiled.title({ slot: '2025-07-01T09:00:00Z' })).toBe('Visit 2025-07-01 10:00');
  });
});

describe('helpers in a deadline message', () => {
  it('show the elapsed clock time and the due time of a firing mark', () => {
    const MONDAY_BEIJING = Date.parse('2025-03-03T09:00:00+08:00');
    const compiled = compile(process({
      initial: 'open',
      templates: { late: 'Used {{duration elapsed}} of {{duration deadline.within}}, due {{time deadline.dueAt}}, now {{time now format="time"}}' },
      states: {
        open: { deadline: { within: '30h', warn: { at: '26h', actions: [{ notify: 'late', to: ['lead'] }] } }, on: { close: { roles: ['agent'], to: 'done' } } },
        done: { final: true },
      },
    }));
    const bench = new TimerBench(compiled, compiled.start({ data: {}, actor: as('agent'), now: MONDAY_BEIJING, caseId: 'c-1' }));
    bench.runUntil(MONDAY_BEIJING + 26 * HOUR);
    expect(bench.notices()).toEqual(['Used 1天2小时 of 1天6小时, due 2025-03-04 15:00, now 11:00']);
  });
});
