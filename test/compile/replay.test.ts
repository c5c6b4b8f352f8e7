import { describe, expect, it } from 'vitest';
import type { CaseEvent, CaseSnapshot, StepOptions, StepResult } from '../../engine/compile/types.js';
import { as, compile, DAY, HOUR, MONDAY, process, SYSTEM } from './helpers.js';

const definition = process({
  initial: 'open',
  roles: ['agent', 'lead'],
  data: { type: 'object', properties: { notes: { type: 'array', items: { type: 'string' } }, touched: { type: 'string' }, n: { type: 'integer' } } },
  templates: { nudge: 'Case {{case.id}} waited {{elapsed}}' },
  deadlines: { overall: { within: '2d', pausedIn: ['parked'], warn: { at: '1d', actions: [{ notify: 'nudge', to: ['lead'] }] } } },
  states: {
    open: {
      timers: [{ id: 'nudge', in: '2h', every: '2h', max: 2, actions: [{ set: { n: 'has(data.n) ? data.n + 1 : 1' } }] }],
      on: {
        note: {
          roles: ['agent'],
          input: { type: 'object', required: ['text'], properties: { text: { type: 'string' } } },
          set: { notes: 'has(data.notes) ? data.notes + [input.text] : [input.text]', touched: 'now' },
          to: 'open',
        },
        park: { roles: ['agent'], to: 'parked' },
        close: { roles: ['lead'], to: 'closed' },
      },
    },
    parked: { on: { unpark: { roles: ['agent'], to: 'open' } } },
    closed: { final: true },
  },
});

type Recorded = { event: CaseEvent; now: number };

function replay(events: Recorded[], options?: StepOptions): StepResult[] {
  const compiled = compile(definition);
  let snapshot: CaseSnapshot = compiled.start({ data: {}, actor: as('agent'), now: MONDAY, caseId: 'r1' }, options).snapshot;
  return events.map(({ event, now }) => {
    const result = compiled.step(snapshot, event, now, 'r1', options);
    snapshot = result.snapshot;
    return result;
  });
}

describe('replay', () => {
  const history: Recorded[] = [
    { event: { type: 'note', actor: as('agent'), input: { text: 'called' } }, now: MONDAY + HOUR },
    { event: { type: '$timer', actor: SYSTEM, timer: { key: 'timer:open:nudge', count: 1 } }, now: MONDAY + 3 * HOUR },
    { event: { type: 'park', actor: as('agent') }, now: MONDAY + 4 * HOUR },
    { event: { type: 'unpark', actor: as('agent') }, now: MONDAY + DAY },
    { event: { type: '$timer', actor: SYSTEM, timer: { key: 'deadline:overall:warn', count: 1 } }, now: MONDAY + 2 * DAY + 4 * HOUR },
    { event: { type: 'close', actor: as('lead') }, now: MONDAY + 2 * DAY + 5 * HOUR },
  ];

  it('gives identical snapshots and effects for the same events at the same times', () => {
    const first = replay(history);
    const second = replay(structuredClone(history));
    expect(second).toEqual(first);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });

  it('keeps snapshots JSON-safe so they survive a round trip through the store', () => {
    const results = replay(history);
    for (const result of results) expect(JSON.parse(JSON.stringify(result.snapshot))).toEqual(result.snapshot);
    const last = results[results.length - 1].snapshot;
    expect(last.status).toBe('done');
    expect(last.data).toEqual({ notes: ['called'], touched: new Date(MONDAY + HOUR).toISOString(), n: 1 });
    expect(last.clocks.overall).toMatchObject({ status: 'stopped', pauses: 1, fired: ['warn'] });
  });

  it('gives the same states and snapshots without effects, and builds none of them', () => {
    const full = replay(history);
    const bare = replay(history, { effects: false });
    expect(full.flatMap((result) => result.effects).map((effect) => effect.kind)).toEqual(expect.arrayContaining(['timer.schedule', 'timer.cancel', 'notify']));
    expect(bare.map(({ snapshot, state }) => ({ snapshot, state }))).toEqual(full.map(({ snapshot, state }) => ({ snapshot, state })));
    expect(bare.flatMap((result) => result.effects)).toEqual([]);
  });

  it('continues identically from a snapshot that went through JSON', () => {
    const compiled = compile(definition);
    const opened = compiled.start({ data: {}, actor: as('agent'), now: MONDAY, caseId: 'r1' }).snapshot;
    const direct = compiled.step(opened, history[0].event, history[0].now, 'r1');
    const viaJson = compiled.step(JSON.parse(JSON.stringify(opened)), history[0].event, history[0].now, 'r1');
    expect(viaJson).toEqual(direct);
  });
});
