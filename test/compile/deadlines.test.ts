import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { as, cancels, compile, DAY, fire, HOUR, MONDAY, process, scheduled, TimerBench } from './helpers.js';

const complaint = process({
  initial: 'received',
  roles: ['agent', 'lead', 'director'],
  data: { type: 'object', properties: { escalated: { type: 'boolean' }, reminders: { type: 'integer' } } },
  templates: {
    warn: 'Complaint {{case.id}} has used {{elapsed}} of {{deadline.within}} in {{state}}',
    breach: 'Complaint {{case.id}} breached {{deadline.label}}',
    rung: 'Rung {{deadline.mark}}',
  },
  deadlines: {
    close: {
      label: 'Close within 3 days',
      within: '3d',
      pausedIn: ['awaitingCustomer'],
      warn: { at: '2d', actions: [{ notify: 'warn', to: ['lead'] }] },
      escalate: [
        { at: '60h', actions: [{ notify: 'rung', to: ['lead'] }] },
        { at: '66h', actions: [{ notify: 'rung', to: ['director'] }, { set: { escalated: 'true' } }] },
      ],
      breach: { actions: [{ notify: 'breach', to: ['director'] }], send: 'overdue' },
    },
  },
  states: {
    received: {
      label: '已受理 Received',
      deadline: { within: '24h', breach: { actions: [{ notify: 'breach', to: ['lead'] }] } },
      on: { reply: { roles: ['agent'], to: 'investigating' } },
    },
    investigating: {
      on: {
        askCustomer: { roles: ['agent'], to: 'awaitingCustomer' },
        resolve: { roles: ['agent'], to: 'resolved' },
        overdue: { roles: [], to: 'cityLevel' },
      },
    },
    awaitingCustomer: { on: { customerAnswered: { roles: ['agent'], to: 'investigating' } } },
    cityLevel: { on: { resolve: { roles: ['director'], to: 'resolved' } } },
    resolved: { final: true },
  },
});

describe('deadline clocks', () => {
  const compiled = compile(complaint);
  const open = () => compiled.start({ data: {}, actor: as('agent'), now: MONDAY, caseId: 'k1' });

  it('starts the process clock when the case opens and the state clock on entry, with every mark as a timer', () => {
    const { snapshot, effects } = open();
    expect(snapshot.clocks.close).toEqual({ status: 'running', elapsedMs: 0, resumedAt: MONDAY, withinMs: 3 * DAY, dueAt: MONDAY + 3 * DAY, pauses: 0, fired: [] });
    expect(snapshot.clocks.received.dueAt).toBe(MONDAY + DAY);
    expect(scheduled(effects, 'deadline:close:warn')?.dueAt).toBe(MONDAY + 2 * DAY);
    expect(scheduled(effects, 'deadline:close:escalate.0')?.dueAt).toBe(MONDAY + 60 * HOUR);
    expect(scheduled(effects, 'deadline:close:escalate.1')?.dueAt).toBe(MONDAY + 66 * HOUR);
    expect(scheduled(effects, 'deadline:close:breach')?.dueAt).toBe(MONDAY + 3 * DAY);
    expect(scheduled(effects, 'deadline:received:breach')?.dueAt).toBe(MONDAY + DAY);
  });

  it('raises the first-reply breach of an unanswered complaint after 24 hours', () => {
    const bench = new TimerBench(compiled, open(), 'k1');
    expect(bench.runUntil(MONDAY + DAY)).toEqual(['deadline:received:breach#1']);
    expect(bench.snapshot.clocks.received.fired).toEqual(['breach']);
    expect(bench.notices()).toEqual(['Complaint k1 breached received']);
  });

  it('stops the state clock when its state is left and cancels its marks', () => {
    const replied = compiled.step(open().snapshot, { type: 'reply', actor: as('agent') }, MONDAY + HOUR, 'k1');
    expect(replied.snapshot.clocks.received).toEqual({ status: 'stopped', elapsedMs: HOUR, resumedAt: MONDAY, withinMs: DAY, pauses: 0, fired: [] });
    expect(cancels(replied.effects)).toEqual(['deadline:received:breach']);
  });

  it('fires warn, each escalation rung and the breach once each, in order', () => {
    const bench = new TimerBench(compiled, open(), 'k1');
    bench.send('reply', as('agent'), MONDAY + HOUR);
    const fired = bench.runUntil(MONDAY + 10 * DAY);
    expect(fired).toEqual(['deadline:close:warn#1', 'deadline:close:escalate.0#1', 'deadline:close:escalate.1#1', 'deadline:close:breach#1']);
    expect(bench.snapshot.clocks.close.fired).toEqual(['warn', 'escalate.0', 'escalate.1', 'breach']);
    expect(bench.notices()).toEqual([
      'Complaint k1 has used 2天 of 3天 in investigating',
      'Rung escalate.0',
      'Rung escalate.1',
      'Complaint k1 breached Close within 3 days',
    ]);
    expect(bench.snapshot.data.escalated).toBe(true);
    expect(bench.snapshot.value).toBe('cityLevel');
  });

  it('does not fire a mark twice when its timer is delivered again', () => {
    const bench = new TimerBench(compiled, open(), 'k1');
    bench.runUntil(MONDAY + 2 * DAY);
    const again = fire(compiled, bench.snapshot, { key: 'deadline:close:warn', count: 1 }, MONDAY + 2 * DAY + 1, 'k1');
    expect(again.effects).toEqual([]);
    expect(again.snapshot).toBe(bench.snapshot);
  });

  it('pauses while waiting for the customer, counting pauses and keeping the time left', () => {
    const bench = new TimerBench(compiled, open(), 'k1');
    bench.send('reply', as('agent'), MONDAY + 2 * HOUR);
    const paused = bench.send('askCustomer', as('agent'), MONDAY + 10 * HOUR);
    expect(bench.snapshot.clocks.close).toMatchObject({ status: 'paused', elapsedMs: 10 * HOUR, pauses: 1 });
    expect(bench.snapshot.clocks.close.dueAt).toBeUndefined();
    expect(cancels(paused.effects).sort()).toEqual(['deadline:close:breach', 'deadline:close:escalate.0', 'deadline:close:escalate.1', 'deadline:close:warn']);

    expect(bench.runUntil(MONDAY + 5 * DAY)).toEqual([]);
    const resumed = bench.send('customerAnswered', as('agent'), MONDAY + 5 * DAY);
    expect(bench.snapshot.clocks.close).toMatchObject({ status: 'running', elapsedMs: 10 * HOUR, resumedAt: MONDAY + 5 * DAY, dueAt: MONDAY + 5 * DAY + 62 * HOUR });
    expect(scheduled(resumed.effects, 'deadline:close:warn')?.dueAt).toBe(MONDAY + 5 * DAY + 38 * HOUR);

    bench.send('askCustomer', as('agent'), MONDAY + 6 * DAY);
    bench.send('customerAnswered', as('agent'), MONDAY + 7 * DAY);
    expect(bench.snapshot.clocks.close).toMatchObject({ pauses: 2, elapsedMs: 34 * HOUR, dueAt: MONDAY + 7 * DAY + 38 * HOUR });
  });

  it('stops the process clock when the case is resolved', () => {
    const bench = new TimerBench(compiled, open(), 'k1');
    bench.send('reply', as('agent'), MONDAY + HOUR);
    const done = bench.send('resolve', as('agent'), MONDAY + 5 * HOUR);
    expect(bench.snapshot.clocks.close).toMatchObject({ status: 'stopped', elapsedMs: 5 * HOUR });
    expect(cancels(done.effects)).toContain('deadline:close:breach');
    expect(bench.snapshot.status).toBe('done');
  });

  it('shows each deadline live: time used, due time, pauses, overdue', () => {
    const bench = new TimerBench(compiled, open(), 'k1');
    expect(compiled.deadlines(bench.snapshot, MONDAY + 30 * HOUR, 'k1')).toEqual([
      { id: 'close', label: 'Close within 3 days', status: 'running', dueAt: MONDAY + 3 * DAY, elapsedMs: 30 * HOUR, withinMs: 3 * DAY, pauses: 0, overdue: false },
      { id: 'received', label: '已受理 Received', status: 'running', dueAt: MONDAY + DAY, elapsedMs: 30 * HOUR, withinMs: DAY, pauses: 0, overdue: true },
    ]);
    bench.send('reply', as('agent'), MONDAY + HOUR);
    bench.send('askCustomer', as('agent'), MONDAY + 2 * HOUR);
    const [close] = compiled.deadlines(bench.snapshot, MONDAY + 10 * DAY, 'k1');
    expect(close).toMatchObject({ status: 'paused', elapsedMs: 2 * HOUR, pauses: 1, overdue: false });
  });

  it('ignores a mark timer while its clock is paused', () => {
    const bench = new TimerBench(compiled, open(), 'k1');
    bench.send('reply', as('agent'), MONDAY + HOUR);
    bench.send('askCustomer', as('agent'), MONDAY + 2 * HOUR);
    const stale = fire(compiled, bench.snapshot, { key: 'deadline:close:warn', count: 1 }, MONDAY + 2 * DAY, 'k1');
    expect(stale.snapshot).toBe(bench.snapshot);
    expect(stale.effects).toEqual([]);
  });
});

describe('a deadline on a business calendar', () => {
  const review = process({
    initial: 'review',
    roles: ['unit', 'reviewer', 'manager'],
    calendar: 'centre',
    calendars: {
      centre: {
        timezone: 'Asia/Shanghai',
        workHours: { start: '09:00', end: '18:00' },
        holidays: ['2024-10-01', '2024-10-02', '2024-10-03', '2024-10-04', '2024-10-07'],
        makeupWorkdays: ['2024-09-29', '2024-10-12'],
      },
    },
    templates: { remind: 'Reminder' },
    states: {
      review: {
        deadline: { within: '3 business days', warn: { at: '2 business days', actions: [{ notify: 'remind', to: ['reviewer'] }] } },
        on: { approve: { roles: ['reviewer'], to: 'approved' } },
      },
      approved: { final: true },
    },
  });
  const compiled = compile(review);
  const at = (iso: string) => DateTime.fromISO(iso, { zone: 'Asia/Shanghai' }).toMillis();
  const local = (ms: number | undefined) => DateTime.fromMillis(ms ?? NaN, { zone: 'Asia/Shanghai' }).toFormat("yyyy-MM-dd'T'HH:mm");

  it('falls due three working days later across a weekend', () => {
    const { snapshot, effects } = compiled.start({ data: {}, actor: as('unit'), now: at('2024-06-06T14:00'), caseId: 'r1' });
    expect(local(snapshot.clocks.review.dueAt)).toBe('2024-06-11T14:00');
    expect(snapshot.clocks.review.withinMs).toBe(27 * HOUR);
    expect(local(scheduled(effects, 'deadline:review:warn')?.dueAt)).toBe('2024-06-10T14:00');
  });

  it('skips the National Day holidays and counts the make-up Saturday', () => {
    const { snapshot } = compiled.start({ data: {}, actor: as('unit'), now: at('2024-09-30T10:00'), caseId: 'r2' });
    expect(local(snapshot.clocks.review.dueAt)).toBe('2024-10-10T10:00');
    const late = compiled.start({ data: {}, actor: as('unit'), now: at('2024-10-09T17:00'), caseId: 'r3' });
    expect(local(late.snapshot.clocks.review.dueAt)).toBe('2024-10-12T17:00');
  });

  it('measures elapsed clock time in working hours when stopped', () => {
    const opened = compiled.start({ data: {}, actor: as('unit'), now: at('2024-06-07T17:00'), caseId: 'r4' });
    const approved = compiled.step(opened.snapshot, { type: 'approve', actor: as('reviewer') }, at('2024-06-10T10:00'), 'r4');
    expect(approved.snapshot.clocks.review.elapsedMs).toBe(2 * HOUR);
  });
});
