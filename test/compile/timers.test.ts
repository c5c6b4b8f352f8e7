import { describe, expect, it } from 'vitest';
import { as, cancels, compile, DAY, fire, HOUR, MINUTE, MONDAY, process, scheduled, TimerBench } from './helpers.js';

const appointment = process({
  initial: 'booked',
  roles: ['agent', 'advisor'],
  data: { type: 'object', required: ['slot'], properties: { slot: { type: 'string' }, calls: { type: 'integer' }, flagged: { type: 'boolean' } } },
  templates: { 'call-customer': 'Call {{data.slot}} (try {{timer.count}})' },
  states: {
    booked: {
      timers: [{ id: 'confirm', at: 'timestamp(data.slot) - duration("48h")', send: 'confirmationDue' }],
      on: {
        confirmationDue: { roles: [], to: 'awaitingConfirmation' },
        reschedule: { roles: ['agent'], input: { type: 'object', required: ['slot'], properties: { slot: { type: 'string' } } }, set: { slot: 'input.slot' }, to: 'booked' },
      },
    },
    awaitingConfirmation: {
      timers: [
        {
          id: 'retry',
          in: '4h',
          every: '4h',
          max: 3,
          actions: [{ set: { calls: 'has(data.calls) ? data.calls + 1 : 1' } }, { notify: 'call-customer', to: ['agent'] }],
        },
        { id: 'giveUp', in: '13h', send: 'noAnswer' },
      ],
      on: {
        confirm: { roles: ['agent'], to: 'confirmed' },
        noAnswer: { roles: [], set: { flagged: 'true' }, to: 'unconfirmed' },
      },
    },
    confirmed: { timers: [{ id: 'late', in: '30m', send: 'noShow' }], on: { checkIn: { roles: ['advisor'], to: 'done' } } },
    unconfirmed: { final: true },
    done: { final: true },
  },
});

const slot = '2024-06-10T09:00:00.000Z';
const slotMs = Date.parse(slot);

describe('timers', () => {
  const compiled = compile(appointment);
  const open = () => compiled.start({ data: { slot }, actor: as('agent'), now: MONDAY, caseId: 'a1' });

  it('schedules a timer at a time computed from the data: two days before the slot', () => {
    expect(scheduled(open().effects, 'timer:booked:confirm')).toEqual({ kind: 'timer.schedule', key: 'timer:booked:confirm', dueAt: slotMs - 2 * DAY, count: 1 });
  });

  it('sends its event when it fires and schedules the next state’s timers relative to now', () => {
    const due = slotMs - 2 * DAY;
    const result = fire(compiled, open().snapshot, { key: 'timer:booked:confirm', count: 1 }, due, 'a1');
    expect(result.state).toBe('awaitingConfirmation');
    expect(scheduled(result.effects, 'timer:awaitingConfirmation:retry')?.dueAt).toBe(due + 4 * HOUR);
    expect(scheduled(result.effects, 'timer:awaitingConfirmation:giveUp')?.dueAt).toBe(due + 13 * HOUR);
    expect(cancels(result.effects)).toContain('timer:booked:confirm');
  });

  it('cancels a state’s timers when the state is left', () => {
    const due = slotMs - 2 * DAY;
    const waiting = fire(compiled, open().snapshot, { key: 'timer:booked:confirm', count: 1 }, due, 'a1').snapshot;
    const confirmed = compiled.step(waiting, { type: 'confirm', actor: as('agent') }, due + HOUR, 'a1');
    expect(cancels(confirmed.effects).sort()).toEqual(['timer:awaitingConfirmation:giveUp', 'timer:awaitingConfirmation:retry']);
    expect(scheduled(confirmed.effects, 'timer:confirmed:late')?.dueAt).toBe(due + HOUR + 30 * MINUTE);
  });

  it('re-entering a state reschedules its timer from the new data', () => {
    const moved = compiled.step(open().snapshot, { type: 'reschedule', actor: as('agent'), input: { slot: '2024-06-20T09:00:00.000Z' } }, MONDAY + HOUR, 'a1');
    expect(moved.effects.filter((e) => 'key' in e && e.key === 'timer:booked:confirm')).toEqual([
      { kind: 'timer.schedule', key: 'timer:booked:confirm', dueAt: Date.parse('2024-06-18T09:00:00.000Z'), count: 1 },
    ]);
  });

  it('repeats a reminder every 4 hours up to its maximum, running its actions each time', () => {
    const bench = new TimerBench(compiled, open(), 'a1');
    bench.runUntil(slotMs - 2 * DAY);
    expect(bench.snapshot.value).toBe('awaitingConfirmation');
    const fired = bench.runUntil(slotMs - 2 * DAY + 12 * HOUR);
    expect(fired).toEqual(['timer:awaitingConfirmation:retry#1', 'timer:awaitingConfirmation:retry#2', 'timer:awaitingConfirmation:retry#3']);
    expect(bench.snapshot.data.calls).toBe(3);
    expect(bench.notices()).toEqual([`Call ${slot} (try 1)`, `Call ${slot} (try 2)`, `Call ${slot} (try 3)`]);
    expect(bench.pending.has('timer:awaitingConfirmation:retry')).toBe(false);
    bench.runUntil(slotMs);
    expect(bench.snapshot.value).toBe('unconfirmed');
    expect(bench.snapshot.data.flagged).toBe(true);
  });

  it('ignores a timer whose state is no longer active, changing nothing', () => {
    const snapshot = open().snapshot;
    const stale = fire(compiled, snapshot, { key: 'timer:awaitingConfirmation:retry', count: 1 }, MONDAY + DAY, 'a1');
    expect(stale).toEqual({ snapshot, effects: [], state: 'booked' });
    expect(fire(compiled, snapshot, { key: 'timer:nowhere:x', count: 1 }, MONDAY, 'a1').effects).toEqual([]);
  });

  it('runs the timer’s actions but stays put when its event is not accepted now', () => {
    const confirmed = compiled.step(
      fire(compiled, open().snapshot, { key: 'timer:booked:confirm', count: 1 }, slotMs - 2 * DAY, 'a1').snapshot,
      { type: 'confirm', actor: as('agent') },
      slotMs - DAY,
      'a1',
    ).snapshot;
    const late = fire(compiled, confirmed, { key: 'timer:confirmed:late', count: 1 }, slotMs - DAY + 30 * MINUTE, 'a1');
    expect(late.state).toBe('confirmed');
    expect(late.snapshot).toEqual(confirmed);
  });

  it('refuses a $timer event from anyone but the system', () => {
    expect(() => compiled.step(open().snapshot, { type: '$timer', actor: as('agent'), timer: { key: 'timer:booked:confirm', count: 1 } }, MONDAY, 'a1')).toThrow(
      expect.objectContaining({ code: 'role-not-allowed' }),
    );
  });
});

describe('a timer whose actions name missing data', () => {
  const definition = process({
    initial: 'waiting',
    data: { type: 'object', properties: { owner: { type: 'string' }, reminded: { type: 'boolean' } } },
    templates: { nudge: 'Nudge for {{data.owner}}' },
    states: {
      waiting: {
        timers: [
          {
            id: 'nudge',
            in: '1h',
            actions: [{ notify: 'nudge', to: { expr: '[data.owner]' } }, { notify: 'nudge', to: ['lead'] }, { set: { reminded: 'true' } }],
            send: 'giveUp',
          },
        ],
        on: { giveUp: { roles: [], to: 'abandoned' } },
      },
      abandoned: { final: true },
    },
  });
  const compiled = compile(definition);

  it('skips only the action that cannot be computed, so the timer still fires and sends its event', () => {
    const opened = compiled.start({ data: {}, actor: as('agent'), now: MONDAY, caseId: 'm1' });
    const fired = fire(compiled, opened.snapshot, { key: 'timer:waiting:nudge', count: 1 }, MONDAY + HOUR, 'm1');
    expect(fired.effects.filter((e) => e.kind === 'notify')).toEqual([{ kind: 'notify', template: 'nudge', to: ['lead'], body: 'Nudge for ' }]);
    expect(fired.snapshot.data).toEqual({ reminded: true });
    expect(fired.state).toBe('abandoned');
  });
});
