import { describe, expect, it } from 'vitest';
import { as, compile, HOUR, MINUTE, MONDAY, process, scheduled, TimerBench } from './helpers.js';

const warning = process({
  initial: 'raised',
  roles: ['team-lead', 'center-manager', 'cs-director', 'general-manager'],
  tiers: {
    level: {
      field: 'level',
      rows: {
        blue: { responder: 'team-lead', acknowledge: '4h' },
        yellow: { responder: 'center-manager', acknowledge: '2h' },
        orange: { responder: 'cs-director', acknowledge: '1h' },
        red: { responder: 'general-manager', acknowledge: '30m' },
      },
    },
  },
  data: { type: 'object', required: ['level'], properties: { level: { enum: ['blue', 'yellow', 'orange', 'red'] }, climbs: { type: 'integer' } } },
  templates: { raised: '{{tiers.level.id}} warning for {{tiers.level.responder}}' },
  states: {
    raised: {
      entry: [{ notify: 'raised', to: { expr: '[tiers.level.responder]' } }],
      deadline: { within: { expr: 'tiers.level.acknowledge' }, breach: { send: 'climb' } },
      on: {
        acknowledge: { roles: { expr: '[tiers.level.responder]' }, to: 'responding' },
        climb: {
          roles: [],
          to: [
            { if: '!tiers.level.top', to: 'raised', set: { level: 'tiers.level.next', climbs: 'has(data.climbs) ? data.climbs + 1 : 1' } },
            { to: 'redOverdue' },
          ],
        },
      },
    },
    responding: { on: { resolve: { roles: { expr: '[tiers.level.responder]' }, to: 'closed' } } },
    redOverdue: { on: { resolve: { roles: ['general-manager'], to: 'closed' } } },
    closed: { final: true },
  },
});

describe('tiers', () => {
  const compiled = compile(warning);
  const open = () => compiled.start({ data: { level: 'blue' }, actor: as('team-lead'), now: MONDAY, caseId: 'w1' });

  it('takes the deadline of the current tier row', () => {
    expect(scheduled(open().effects, 'deadline:raised:breach')?.dueAt).toBe(MONDAY + 4 * HOUR);
  });

  it('escalates an unanswered blue warning to yellow after 4 hours', () => {
    const bench = new TimerBench(compiled, open(), 'w1');
    bench.runUntil(MONDAY + 4 * HOUR);
    expect(bench.snapshot.data).toEqual({ level: 'yellow', climbs: 1 });
    expect(bench.snapshot.value).toBe('raised');
    expect(bench.snapshot.clocks.raised).toMatchObject({ status: 'running', withinMs: 2 * HOUR, dueAt: MONDAY + 6 * HOUR, fired: [] });
    expect(bench.pending.get('deadline:raised:breach')?.dueAt).toBe(MONDAY + 6 * HOUR);
    expect(bench.log.filter((e) => e.kind === 'notify')).toEqual([
      { kind: 'notify', template: 'raised', to: ['team-lead'], body: 'blue warning for team-lead' },
      { kind: 'notify', template: 'raised', to: ['center-manager'], body: 'yellow warning for center-manager' },
    ]);
  });

  it('climbs to red and then stays red as overdue', () => {
    const bench = new TimerBench(compiled, open(), 'w1');
    bench.runUntil(MONDAY + 7 * HOUR + 30 * MINUTE);
    expect(bench.snapshot.data.level).toBe('red');
    bench.runUntil(MONDAY + 8 * HOUR);
    expect(bench.snapshot.value).toBe('redOverdue');
    expect(bench.snapshot.data).toEqual({ level: 'red', climbs: 3 });
  });

  it('lets only the responder of the current level acknowledge', () => {
    const bench = new TimerBench(compiled, open(), 'w1');
    bench.runUntil(MONDAY + 4 * HOUR);
    expect(compiled.availableEvents(bench.snapshot, as('team-lead'), MONDAY + 5 * HOUR, 'w1')).toEqual([]);
    expect(() => bench.send('acknowledge', as('team-lead'), MONDAY + 5 * HOUR)).toThrow(expect.objectContaining({ code: 'role-not-allowed' }));
    expect(bench.send('acknowledge', as('center-manager'), MONDAY + 5 * HOUR).state).toBe('responding');
  });
});
